"""URLs of the web platform. Each app adds its own under a prefix."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from forbedring.web.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("forbedring.web.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("teams/", include("forbedring.web.measures.urls")),
    path("teams/", include("forbedring.web.improvement.urls")),
    path("networks/", include("forbedring.web.networks.urls")),
    path("organisations/", include("forbedring.web.organisations.urls")),
    path("imports/", include("forbedring.web.imports.urls")),
    path("exports/", include("forbedring.web.exports.urls")),
    path("indicators/", include("forbedring.web.indicators.urls")),
    path("goals/", include("forbedring.web.goals.urls")),
    path("reports/", include("forbedring.web.reports.urls")),
    path("api/", include("forbedring.web.api.urls")),
    path("admin/", admin.site.urls),
]
