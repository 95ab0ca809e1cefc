"""Seminar export (C5): the network's and each team's PDF for a learning session, their HTML
preview, and a zip of PNG charts for slides.

Who gets what (through ``web.access``): those who run the network and its faculty
(``can_comment_network``) get every export; the people of an enrolled team get their own
team's PDF and the network's PDF (aggregates and every team's charts are shared within the
network), but not another team's PDF nor the zip (404); anyone else gets 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET

from forbedring.web import access
from forbedring.web.core.pdf import template_document
from forbedring.web.measures.queries import current_lang
from forbedring.web.networks import export
from forbedring.web.networks.models import Enrolment, Network
from forbedring.web.organisations.models import Team

NETWORK_TEMPLATE = "networks/export_network.html"
TEAM_TEMPLATE = "networks/export_team.html"


def _network(request: HttpRequest, network_id: int) -> Network:
    """The network, for those who run it, its faculty and the people of an enrolled team."""
    network = access.network_for(request.user, network_id)
    if access.can_comment_network(request.user, network):
        return network
    own = Enrolment.objects.filter(
        network=network,
        status=Enrolment.Status.ENROLLED,
        team__in=access.teams_editable_by(request.user),
    )
    if not own.exists():
        raise Http404
    return network


def _team(request: HttpRequest, network_id: int, team_id: int) -> tuple[Network, Team]:
    """An enrolled team, for its own people and for those who run or teach the network."""
    network = access.network_for(request.user, network_id)
    team = access.enrolled_team(network, team_id)
    if not (
        access.can_edit_team(request.user, team)
        or access.can_comment_network(request.user, network)
    ):
        raise Http404
    return network, team


def pdf_document(request: HttpRequest, template: str, context: dict[str, Any]) -> Any:
    """The page laid out by WeasyPrint (a ``weasyprint.Document``), with the print style sheet
    and nothing fetched over the network (the charts are inline SVG)."""
    return template_document(request, template, context)


def network_document(request: HttpRequest, network: Network) -> Any:
    return pdf_document(request, NETWORK_TEMPLATE, export.network_context(network, current_lang()))


def team_document(request: HttpRequest, network: Network, team: Team) -> Any:
    context = export.team_context(network, team, current_lang())
    return pdf_document(request, TEAM_TEMPLATE, context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _stem(network: Network) -> str:
    return export.slug(network.name, f"network-{network.pk}")


@login_required
@require_GET
def network_export(request: HttpRequest, network_id: int) -> HttpResponse:
    """The network's seminar pages as HTML: the preview of the PDF, printable from the browser."""
    network = _network(request, network_id)
    context = export.network_context(network, current_lang())
    context["for_pdf"] = False
    context["pdf_url"] = reverse("network_export_pdf", args=[network.pk])
    teams = context["team_rows"]
    if access.can_comment_network(request.user, network):
        context["zip_url"] = reverse("network_export_png", args=[network.pk])
    else:
        own = set(access.teams_editable_by(request.user).values_list("pk", flat=True))
        teams = [row for row in teams if row.team.pk in own]
    context["team_pdfs"] = [
        (row.team, reverse("team_export_pdf", args=[network.pk, row.team.pk])) for row in teams
    ]
    return render(request, NETWORK_TEMPLATE, context)


@login_required
@require_GET
def network_export_pdf(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network(request, network_id)
    pdf = network_document(request, network).write_pdf()
    return _download(bytes(pdf), "application/pdf", f"{_stem(network)}.pdf")


@login_required
@require_GET
def network_export_png(request: HttpRequest, network_id: int) -> HttpResponse:
    """Every chart of the network as a PNG, zipped: for the slides of a learning session."""
    network = access.network_for(request.user, network_id)
    if not access.can_comment_network(request.user, network):
        raise Http404
    content = export.charts_zip(network, current_lang())
    return _download(content, "application/zip", f"{_stem(network)}-charts.zip")


@login_required
@require_GET
def team_export(request: HttpRequest, network_id: int, team_id: int) -> HttpResponse:
    """A team's seminar pages as HTML: the preview of its PDF."""
    network, team = _team(request, network_id, team_id)
    context = export.team_context(network, team, current_lang())
    context["for_pdf"] = False
    context["pdf_url"] = reverse("team_export_pdf", args=[network.pk, team.pk])
    return render(request, TEAM_TEMPLATE, context)


@login_required
@require_GET
def team_export_pdf(request: HttpRequest, network_id: int, team_id: int) -> HttpResponse:
    network, team = _team(request, network_id, team_id)
    pdf = team_document(request, network, team).write_pdf()
    filename = f"{_stem(network)}-{export.slug(team.name, f'team-{team.pk}')}.pdf"
    return _download(bytes(pdf), "application/pdf", filename)


urls: list[URLPattern] = [
    path("<int:network_id>/export/", network_export, name="network_export"),
    path("<int:network_id>/export.pdf", network_export_pdf, name="network_export_pdf"),
    path("<int:network_id>/export-charts.zip", network_export_png, name="network_export_png"),
    path("<int:network_id>/teams/<int:team_id>/export/", team_export, name="team_export"),
    path(
        "<int:network_id>/teams/<int:team_id>/export.pdf", team_export_pdf, name="team_export_pdf"
    ),
]
