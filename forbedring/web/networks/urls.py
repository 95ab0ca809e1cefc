"""Learning networks: set-up, enrolment, calendar, reports, dashboard, sharing, export."""

from django.urls import URLPattern

from forbedring.web.networks import (
    views_dashboard,
    views_enrolment,
    views_export,
    views_network,
    views_reports,
    views_sharing,
)

urlpatterns: list[URLPattern] = [
    *views_network.urls,
    *views_enrolment.urls,
    *views_reports.urls,
    *views_dashboard.urls,
    *views_sharing.urls,
    *views_export.urls,
]
