"""Learning networks: setting up from a package, enrolment, calendar, monthly team reports."""

from django.urls import URLPattern

from forbedring.web.networks import views_network, views_reports

urlpatterns: list[URLPattern] = [*views_network.urls, *views_reports.urls]
