"""An organisation's pages: the leader's overview."""

from django.urls import path

from forbedring.web.organisations import views_overview

urlpatterns = [
    path(
        "<int:organisation_id>/overview/",
        views_overview.organisation_overview,
        name="organisation_overview",
    ),
]
