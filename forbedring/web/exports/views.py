"""Downloads (C7): a measure's series and observations as CSV or Excel, its chart as PNG, SVG
or PDF, a team's data and a learning network's data as one Excel workbook.

Who gets what (through ``web.access``): a team's files go to everyone who may see the team's
pages (its people, its organisation's leaders, site administrators; 404 for anyone else); a
network's workbook to those who run or teach the network and to the people of its enrolled
teams, as the seminar export (404 for anyone else, invited teams too). Every download is a GET
and changes nothing, so read-only roles get them all.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from forbedring.charts.render import render_pdf, render_png, render_svg
from forbedring.web import access
from forbedring.web.exports.cells import filename, name_slug
from forbedring.web.exports.csv_files import csv_bytes
from forbedring.web.exports.network_book import network_workbook
from forbedring.web.exports.rows import OBSERVATION_COLUMNS, SERIES_COLUMNS, series_rows
from forbedring.web.exports.sheets import CONTENT_TYPE as XLSX
from forbedring.web.exports.sheets import workbook_bytes
from forbedring.web.exports.team_book import load_series, series_workbook, team_workbook
from forbedring.web.measures.models import Measure
from forbedring.web.measures.queries import current_lang, series_view
from forbedring.web.networks.models import Enrolment, Network
from forbedring.web.organisations.models import Team

CSV = "text/csv; charset=utf-8"
CHART_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
OBSERVATIONS = "observations"  # the kind of file with who entered each value, when, version


def download(content: bytes | str, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _team_measure(request: HttpRequest, team_id: int, measure_id: int) -> tuple[Team, Measure]:
    team = access.team_for(request.user, team_id)
    return team, access.measure_for(team, measure_id)


def _stem(team: Team, measure: Measure, kind: str) -> list[str]:
    parts = [
        name_slug(team.name, f"team-{team.pk}"),
        name_slug(measure.name, f"measure-{measure.pk}"),
    ]
    return [*parts, OBSERVATIONS] if kind == OBSERVATIONS else parts


@login_required
@require_GET
def measure_csv(request: HttpRequest, team_id: int, measure_id: int, kind: str) -> HttpResponse:
    """The series (or the observations with their audit fields) as CSV in the page's language."""
    team, measure = _team_measure(request, team_id, measure_id)
    lang = current_lang()
    view = load_series(team, measure, lang)
    entries = kind == OBSERVATIONS
    columns = OBSERVATION_COLUMNS if entries else SERIES_COLUMNS
    content = csv_bytes(columns, series_rows(view, entries=entries), lang)
    name = filename(*_stem(team, measure, kind), day=timezone.localdate(), ending=".csv")
    return download(content, CSV, name)


@login_required
@require_GET
def measure_xlsx(request: HttpRequest, team_id: int, measure_id: int, kind: str) -> HttpResponse:
    team, measure = _team_measure(request, team_id, measure_id)
    view = load_series(team, measure, current_lang())
    content = workbook_bytes(series_workbook(view, entries=kind == OBSERVATIONS))
    name = filename(*_stem(team, measure, kind), day=timezone.localdate(), ending=".xlsx")
    return download(content, XLSX, name)


@login_required
@require_GET
def measure_chart(request: HttpRequest, team_id: int, measure_id: int, fmt: str) -> HttpResponse:
    """The measure page's chart (the very same Vega-Lite spec) as a picture or PDF."""
    team, measure = _team_measure(request, team_id, measure_id)
    view = series_view(measure, team, lang=current_lang())
    if view.spec is None:
        raise Http404  # no data, no chart; the page offers no link then
    content: Any
    if fmt == "png":
        content = render_png(view.spec)
    elif fmt == "svg":
        content = render_svg(view.spec)
    else:
        content = render_pdf(view.spec)
    name = filename(*_stem(team, measure, "chart"), day=timezone.localdate(), ending=f".{fmt}")
    return download(content, CHART_TYPES[fmt], name)


@login_required
@require_GET
def team_xlsx(request: HttpRequest, team_id: int) -> HttpResponse:
    """Every measure of the team in one workbook, with an overview sheet."""
    team = access.team_for(request.user, team_id)
    content = workbook_bytes(team_workbook(team, current_lang()))
    name = filename(
        name_slug(team.name, f"team-{team.pk}"), day=timezone.localdate(), ending=".xlsx"
    )
    return download(content, XLSX, name)


def _network(request: HttpRequest, network_id: int) -> Network:
    """The network, for those who run or teach it and the people of an enrolled team."""
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


@login_required
@require_GET
def network_xlsx(request: HttpRequest, network_id: int) -> HttpResponse:
    network = _network(request, network_id)
    content = workbook_bytes(network_workbook(network, request.user, current_lang()))
    stem = name_slug(network.name, f"network-{network.pk}")
    return download(content, XLSX, filename(stem, day=timezone.localdate(), ending=".xlsx"))
