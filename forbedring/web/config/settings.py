"""The one settings file, driven by the environment (DESIGN.md §5.9; sample in `.env.example`).

Without any environment variable it runs as a local demo on SQLite (``DEBUG`` on, a fixed
development secret). ``FORBEDRING_ENV=production`` demands a real secret and host names, and
turns on the HTTPS and cookie settings that ``manage.py check --deploy`` asks for.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

WEB_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = WEB_DIR.parent
REPOSITORY_DIR = PACKAGE_DIR.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


PRODUCTION = env("FORBEDRING_ENV", "development") == "production"
DEBUG = env_bool("DEBUG", not PRODUCTION)
# Demo mode: demo users with a known password may exist and the login page says so.
DEMO_MODE = env_bool("FORBEDRING_DEMO", not PRODUCTION)

_DEV_SECRET = "development-only-secret-not-for-production-use-" + "x" * 20
SECRET_KEY = env("SECRET_KEY") or ("" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY must be set to a long random value in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    # django-ninja's own templates and static files: the API docs page (/api/docs) is then
    # served from this site, as the content security policy requires, not from a CDN.
    "ninja",
    "axes",
    "django_tasks_db",
    "forbedring.web.accounts",
    "forbedring.web.organisations",
    "forbedring.web.measures",
    "forbedring.web.improvement",
    "forbedring.web.networks",
    "forbedring.web.imports",
    "forbedring.web.exports",
    "forbedring.web.indicators",
    "forbedring.web.goals",
    "forbedring.web.reports",
    "forbedring.web.api",
    "forbedring.web.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it counts failed logins and locks out.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "forbedring.web.config.urls"
WSGI_APPLICATION = "forbedring.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forbedring.web.core.context.site",
            ],
        },
    },
]

# SQLite next to the repository unless DATABASE_URL says otherwise (PostgreSQL in production
# and in CI). Connections are kept open for a minute on PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{REPOSITORY_DIR / 'forbedring.sqlite3'}",
        conn_max_age=60 if env("DATABASE_URL") else 0,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]  # fmt: skip
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login rate limit (django-axes): five failures for a user name from one address lock that
# pair out for fifteen minutes; the page says so, without telling which part was wrong.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or REPOSITORY_DIR / "staticfiles")
# The vendored Vega, Vega-Lite and vega-embed builds (one copy, also inlined by charts.render)
# are served under static/vendor/vega/.
STATICFILES_DIRS = [WEB_DIR / "static", ("vendor/vega", PACKAGE_DIR / "charts" / "vendor")]

# Security headers. Vega compiles chart expressions with Function(), hence 'unsafe-eval' for
# scripts; everything is served from this site, nothing inline runs.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000") or 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# E-mail (report reminders): printed to the console in development and demo; SMTP from the
# environment in production. Django 6.1 configures this in MAILERS (EMAIL_BACKEND, EMAIL_HOST
# and the other EMAIL_* settings are deprecated and warn).
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env("EMAIL_HOST", "localhost"),
            "port": int(env("EMAIL_PORT", "587") or 587),
            "username": env("EMAIL_HOST_USER", ""),
            "password": env("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", True),
        },
    }
    if PRODUCTION
    else {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Forbedring <noreply@localhost>")

# Background work (large imports): Django's tasks framework with the tasks stored in the
# database; `manage.py db_worker` runs them (one or more per server; `make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
