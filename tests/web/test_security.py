"""Production settings and the defences of C10: the deploy check, secrets from the environment,
rate-limited login and security headers."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.web import factories

REPOSITORY = Path(__file__).resolve().parents[2]
SETTINGS = REPOSITORY / "forbedring" / "web" / "config" / "settings.py"
# Variables a developer's shell may carry that would change what production means here.
SETTINGS_VARIABLES = re.findall(
    r'env(?:_bool|_list)?\(\s*"([A-Z_]+)"', SETTINGS.read_text(encoding="utf-8")
)


def _run(code_or_command: list[str], **environment: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter with the given environment on top of a clean one."""
    # Not the test run's own Django switches either (the browser tests allow async-unsafe ORM
    # use in this process; production must not).
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in SETTINGS_VARIABLES
        and not (k.startswith("DJANGO_") and k != "DJANGO_SETTINGS_MODULE")
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, *code_or_command], cwd=REPOSITORY, env=env, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip


def _production(**extra: str) -> dict[str, str]:
    return {
        "FORBEDRING_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "example.org",
        **extra,
    }


def _setting(name: str, **environment: str) -> str:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
        "'forbedring.web.config.settings'); from django.conf import settings; "
        f"print(repr(settings.{name}))"
    )
    result = _run(["-c", code], **environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_deploy_check_clean_with_production_settings() -> None:
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **_production())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "secret",
    ["", "short-secret", "development-only-secret-not-for-production-use-" + "x" * 20],
    ids=["missing", "short", "development"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret: str) -> None:
    result = _run(["manage.py", "check"], **_production(SECRET_KEY=secret))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_read_the_secret_key_from_the_environment() -> None:
    secret = secrets.token_urlsafe(48)
    assert _setting("SECRET_KEY", **_production(SECRET_KEY=secret)) == repr(secret)


def test_production_turns_off_debug_and_demo_and_turns_on_https() -> None:
    environment = _production()
    assert _setting("DEBUG", **environment) == "False"
    assert _setting("DEMO_MODE", **environment) == "False"
    assert _setting("SESSION_COOKIE_SECURE", **environment) == "True"
    assert _setting("CSRF_COOKIE_SECURE", **environment) == "True"
    assert _setting("SECURE_SSL_REDIRECT", **environment) == "True"
    assert int(_setting("SECURE_HSTS_SECONDS", **environment)) >= 31_536_000
    assert _setting("ALLOWED_HOSTS", **environment) == "['example.org']"


def test_no_secret_key_is_written_in_the_repository() -> None:
    """Only the development placeholder (refused in production) appears as a literal."""
    assignment = re.compile(r"""SECRET_KEY\s*[=:]\s*["']([^"'\s]{16,})["']""")
    found = []
    for path in [*REPOSITORY.glob("forbedring/**/*.py"), *REPOSITORY.glob("*.toml"),
                 *REPOSITORY.glob(".env*"), *REPOSITORY.glob("*.md")]:  # fmt: skip
        for match in assignment.finditer(path.read_text(encoding="utf-8", errors="replace")):
            found.append(f"{path.relative_to(REPOSITORY)}: {match.group(0)}")
    assert found == []


def test_env_example_documents_every_setting() -> None:
    sample = (REPOSITORY / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#?\s*([A-Z_]+)=", sample, flags=re.MULTILINE))
    assert SETTINGS_VARIABLES, "no environment variables found in settings.py"
    assert set(SETTINGS_VARIABLES) <= documented


@pytest.mark.django_db
def test_login_locked_out_after_five_failures_even_with_the_right_password(
    client: Client,
) -> None:
    factories.user("mette")
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "mette", "password": "wrong"})
        assert response.status_code in {200, 429}
    response = client.post(
        "/accounts/login/",
        {"username": "mette", "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_works_after_four_failures(client: Client) -> None:
    factories.user("mette")
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "mette", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(
        "/accounts/login/", {"username": "mette", "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_lockout_is_per_user_name(client: Client) -> None:
    factories.user("mette")
    factories.user("lars")
    for _ in range(5):
        client.post("/accounts/login/", {"username": "mette", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "lars", "password": factories.PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_security_headers_on_a_page(client: Client) -> None:
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_session_cookie_is_http_only(client: Client) -> None:
    factories.user("mette")
    client.post("/accounts/login/", {"username": "mette", "password": factories.PASSWORD})
    assert client.cookies["sessionid"]["httponly"]
