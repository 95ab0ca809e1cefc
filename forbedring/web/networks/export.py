"""Seminar export (C5): what a learning session puts on paper and on slides.

A team's PDF shows the team's chart of every network measure with its status in words, the
team's submitted reports of the last three months (progress score with the IHI description,
the four texts) and faculty feedback. The network's PDF shows the next learning session, the
enrolled teams with their latest progress score and, per measure, the network aggregate (the
one rule of :mod:`.aggregate`, which the dashboard uses too) and a grid of every team's chart.
The zip holds the same charts as PNG.

Reads are batched: one query for all observations and one for all series events of the
network's measures and enrolled teams. Charts are static SVG (``render_svg``), so the HTML
preview and WeasyPrint draw the same thing and nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from forbedring.charts.model import Lang
from forbedring.charts.render import render_png, render_svg
from forbedring.web.measures.models import Measure, Observation, SeriesEvent
from forbedring.web.measures.queries import SeriesView, compact_spec, series_view
from forbedring.web.measures.views_team import StatusText, describe_status
from forbedring.web.networks.aggregate import NetworkSeries, network_series
from forbedring.web.networks.ihi_scale import Level, level_for
from forbedring.web.networks.models import Enrolment, LearningSession, Network, TeamReport
from forbedring.web.organisations.models import Team

REPORT_MONTHS = 3  # the team PDF shows reports of this many months before the current one
TEAM_CHART = (300, 120)  # width, height in CSS pixels: two charts side by side on A4
GRID_CHART = (190, 80)  # a small multiple: three per row
AGGREGATE_CHART = (560, 150)  # the network's chart across the page

_NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*>\s*")


def slug(text: str, fallback: str) -> str:
    """A file-name part: "Team Østbyen" → "team-oestbyen"."""
    return slugify(text.lower().translate(_NORDIC)) or fallback


def _spaced_labels(spec: Any) -> Any:
    """The spec with more room between date labels: WeasyPrint draws the SVG's text in a
    system font wider than the one the labels were measured in, so they would run together."""
    if isinstance(spec, dict):
        spaced = {key: _spaced_labels(value) for key, value in spec.items()}
        if "labelOverlap" in spaced:
            spaced["labelSeparation"] = 18
        return spaced
    if isinstance(spec, list):
        return [_spaced_labels(item) for item in spec]
    return spec


def chart_svg(spec: dict[str, Any] | None, size: tuple[int, int]) -> str:
    """A small static chart as inline SVG ('' without data)."""
    if not spec:
        return ""
    small = _spaced_labels(compact_spec(spec, height=size[1]))
    small["width"] = size[0]
    return _XML_DECLARATION.sub("", render_svg(small))


@dataclass(frozen=True)
class Chart:
    """One measure's chart of one team (or of the network), with its status in words."""

    measure: Measure
    view: SeriesView
    status: StatusText
    svg: str


@dataclass(frozen=True)
class ReportItem:
    report: TeamReport
    level: Level | None
    faculty_level: Level | None


@dataclass(frozen=True)
class TeamRow:
    team: Team
    latest: TeamReport | None  # the latest submitted report with a progress score
    level: Level | None


@dataclass(frozen=True)
class MeasureBlock:
    """The network page of a measure: the aggregate (None when the measure has none, see
    ``method``) and every team's small chart."""

    measure: Measure
    aggregate: Chart | None
    charted_as: Measure  # the measure as the aggregate is charted (a count becomes a rate)
    method: str
    teams_reporting: int
    grid: list[tuple[Team, Chart]]


class NetworkData:
    """The network's measures, enrolled teams, and all their observations and events."""

    def __init__(self, network: Network, teams: list[Team]) -> None:
        self.measures = [
            link.measure for link in network.network_measures.select_related("measure")
        ]
        self.teams = teams
        ids = [m.pk for m in self.measures]
        self.observations: dict[tuple[int, int], list[Observation]] = defaultdict(list)
        for obs in Observation.objects.filter(measure_id__in=ids, team__in=teams).order_by(
            "period"
        ):
            self.observations[obs.team_id, obs.measure_id].append(obs)
        self.events: dict[tuple[int, int], list[SeriesEvent]] = defaultdict(list)
        for event in SeriesEvent.objects.filter(measure_id__in=ids, team__in=teams):
            self.events[event.team_id, event.measure_id].append(event)

    def view(
        self,
        measure: Measure,
        team: Team,
        lang: Lang,
        *,
        own_notes: bool = False,
        draw: bool = True,
    ) -> SeriesView:
        """The team's series. The team's project notes (PDSA cycles, changes) appear only on its
        own PDF; charts shown to the whole network leave them out. ``draw=False``: without
        the chart's spec and summary (see ``series_view``)."""
        return series_view(
            measure, team, lang=lang,
            observations=self.observations[team.pk, measure.pk],
            events=self.events[team.pk, measure.pk],
            annotations=None if own_notes else [], draw=draw,
        )  # fmt: skip

    def network_series(self, measure: Measure, network: Network, lang: Lang) -> NetworkSeries:
        """The network's series of the measure over the enrolled teams (:mod:`.aggregate`)."""
        return network_series(
            measure, [self.observations[team.pk, measure.pk] for team in self.teams],
            network_name=network.name, lang=lang,
        )  # fmt: skip


def _chart(view: SeriesView, lang: Lang, size: tuple[int, int]) -> Chart:
    return Chart(view.measure, view, describe_status(view, lang), chart_svg(view.spec, size))


def enrolled_teams(network: Network) -> list[Team]:
    return [
        e.team
        for e in Enrolment.objects.filter(network=network, status=Enrolment.Status.ENROLLED)
        .select_related("team__unit__organisation")
        .order_by("team__name")
    ]


def report_since(today: dt.date) -> dt.date:
    """The first month whose report the team PDF shows."""
    months = today.year * 12 + today.month - 1 - REPORT_MONTHS
    return dt.date(months // 12, months % 12 + 1, 1)


def team_context(network: Network, team: Team, lang: Lang) -> dict[str, Any]:
    today = timezone.localdate()
    data = NetworkData(network, [team])
    charts = [
        _chart(data.view(m, team, lang, own_notes=True), lang, TEAM_CHART) for m in data.measures
    ]
    since = report_since(today)
    reports = (
        TeamReport.objects.filter(
            network=network, team=team, status=TeamReport.Status.SUBMITTED, period__gte=since
        )
        .select_related("faculty_by")
        .order_by("-period")
    )
    return {
        "network": network,
        "team": team,
        "today": today,
        "since": since,
        "charts": charts,
        "reports": [
            ReportItem(r, level_for(r.progress_score), level_for(r.faculty_score)) for r in reports
        ],
        "next_session": next_session(network, today),
    }


def next_session(network: Network, today: dt.date) -> LearningSession | None:
    return network.sessions.filter(date__gte=today).order_by("date").first()


def team_rows(network: Network, teams: list[Team]) -> list[TeamRow]:
    latest: dict[int, TeamReport] = {}
    scored = TeamReport.objects.filter(
        network=network, team__in=teams, status=TeamReport.Status.SUBMITTED
    ).filter(~Q(progress_score=None))
    for report in scored.order_by("period"):
        latest[report.team_id] = report
    rows = []
    for team in teams:
        report = latest.get(team.pk)
        rows.append(TeamRow(team, report, level_for(report.progress_score) if report else None))
    return rows


def network_context(network: Network, lang: Lang) -> dict[str, Any]:
    today = timezone.localdate()
    teams = enrolled_teams(network)
    data = NetworkData(network, teams)
    blocks = []
    for measure in data.measures:
        series = data.network_series(measure, network, lang)
        aggregate = _chart(series.view, lang, AGGREGATE_CHART) if series.view else None
        grid = [(t, _chart(data.view(measure, t, lang), lang, GRID_CHART)) for t in teams]
        blocks.append(
            MeasureBlock(
                measure, aggregate, series.measure, series.method, series.teams_with_data, grid
            )
        )
    return {
        "network": network,
        "today": today,
        "next_session": next_session(network, today),
        "team_rows": team_rows(network, teams),
        "blocks": blocks,
    }


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name}-{n}", n + 1
    taken.add(candidate)
    return candidate


def charts_zip(network: Network, lang: Lang) -> bytes:
    """A zip of full-size PNG charts: ``<team>-<measure>.png`` for every enrolled team and
    network measure with data, and ``network-<measure>.png`` for the network aggregates."""
    teams = enrolled_teams(network)
    data = NetworkData(network, teams)
    measure_slugs: dict[int, str] = {}
    taken: set[str] = set()
    for m in data.measures:
        measure_slugs[m.pk] = _unique(slug(m.name, f"measure-{m.pk}"), taken)
    team_slugs: dict[int, str] = {}
    taken = {"network"}
    for t in teams:
        team_slugs[t.pk] = _unique(slug(t.name, f"team-{t.pk}"), taken)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # PNGs are compressed
        for measure in data.measures:
            series = data.network_series(measure, network, lang)
            if series.spec:
                name = f"network-{measure_slugs[measure.pk]}.png"
                archive.writestr(name, render_png(series.spec))
            for team in teams:
                view = data.view(measure, team, lang)
                if view.spec:
                    name = f"{team_slugs[team.pk]}-{measure_slugs[measure.pk]}.png"
                    archive.writestr(name, render_png(view.spec))
    return buffer.getvalue()
