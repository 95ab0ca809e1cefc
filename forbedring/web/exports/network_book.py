"""A learning network's data as one Excel workbook.

An overview of the network's measures, then per measure one sheet with the network's own
series and every enrolled team's series: what the network shares (its aggregated and per-team
charts) and nothing more. The network's series is made by the one rule the dashboard and the
seminar export chart it with (:mod:`forbedring.web.networks.aggregate`: summed ratios, counts
per team or mean values; none for intervals between events). A team's observation comments
are the team's own; they are filled in only for teams whose pages the reader may see anyway
(``access.teams_visible_to``). Last, a sheet of submitted monthly reports with their progress
scores, holding the reports the reader may read: every enrolled team's for those who run or
teach the network, otherwise only the reader's own teams' (as the report pages decide).

The reads are the seminar export's: one query for all observations and one for all events.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forbedring.charts.model import Lang
from forbedring.web import access
from forbedring.web.exports.rows import (
    DATE,
    DATETIME,
    INTEGER,
    NUMBER,
    SERIES_COLUMNS,
    STATISTIC,
    TEXT,
    Column,
    Row,
    series_rows,
)
from forbedring.web.exports.sheets import (
    Workbook,
    new_workbook,
    sheet_title,
    write_table,
    write_title,
)
from forbedring.web.measures.views_team import describe_status
from forbedring.web.networks.export import NetworkData, enrolled_teams
from forbedring.web.networks.ihi_scale import level_for
from forbedring.web.networks.models import Network, TeamReport
from forbedring.web.organisations.models import Team

TEAM_COLUMNS: tuple[Column, ...] = (
    Column("team", gettext_lazy("Team"), TEXT),
    Column("organisation", gettext_lazy("Organisation"), TEXT),
    Column("reporting", gettext_lazy("Teams reporting"), INTEGER),
    *SERIES_COLUMNS,
)
OVERVIEW_COLUMNS: tuple[Column, ...] = (
    Column("name", gettext_lazy("Measure"), TEXT),
    Column("sheet", gettext_lazy("Sheet"), TEXT),
    Column("reporting", gettext_lazy("Teams reporting"), INTEGER),
    Column("latest_period", gettext_lazy("Latest period"), DATE),
    Column("latest", gettext_lazy("Latest network value"), STATISTIC),
    Column("signal", gettext_lazy("Network signal"), TEXT),
    Column("unit", gettext_lazy("Unit"), TEXT),
    Column("chart_type", gettext_lazy("Chart type"), TEXT),
    Column("method", gettext_lazy("How the network value is made"), TEXT),
)
REPORT_COLUMNS: tuple[Column, ...] = (
    Column("team", gettext_lazy("Team"), TEXT),
    Column("organisation", gettext_lazy("Organisation"), TEXT),
    Column("month", gettext_lazy("Month"), DATE),
    Column("score", gettext_lazy("Progress score"), NUMBER),
    Column("level", gettext_lazy("Level"), TEXT),
    Column("faculty_score", gettext_lazy("Faculty's score"), NUMBER),
    Column("submitted_at", gettext_lazy("Submitted at"), DATETIME),
)


def report_teams(user: Any, network: Network, teams: list[Team]) -> list[Team]:
    """The enrolled teams whose submitted reports the user may read."""
    if access.can_comment_network(user, network):
        return teams
    own = set(access.teams_editable_by(user).values_list("pk", flat=True))
    return [team for team in teams if team.pk in own]


def _report_rows(network: Network, teams: list[Team]) -> list[Row]:
    reports = (
        TeamReport.objects.filter(
            network=network, team__in=teams, status=TeamReport.Status.SUBMITTED
        )
        .select_related("team__unit__organisation")
        .order_by("team__name", "period")
    )
    rows = []
    for report in reports:
        level = level_for(report.progress_score)
        rows.append({
            "team": report.team.name,
            "organisation": report.team.unit.organisation.name,
            "month": report.period,
            "score": None if report.progress_score is None else float(report.progress_score),
            "level": str(level.short) if level else "",
            "faculty_score": None if report.faculty_score is None
            else float(report.faculty_score),
            "submitted_at": timezone.localtime(report.submitted_at)
            if report.submitted_at else None,
        })  # fmt: skip
    return rows


def network_workbook(network: Network, user: Any, lang: Lang) -> Workbook:
    teams = enrolled_teams(network)
    data = NetworkData(network, teams)
    visible = set(
        access.teams_visible_to(user)
        .filter(pk__in=[team.pk for team in teams])
        .values_list("pk", flat=True)
    )
    book = new_workbook()
    taken: set[str] = set()
    overview = book.create_sheet(sheet_title(_("Overview"), taken))
    summary = []
    for measure in data.measures:
        # The network's series by the dashboard's rule (sums, means or none: .aggregate).
        network_series = data.network_series(measure, network, lang)
        aggregate = network_series.view
        rows = []
        if aggregate is not None:
            rows = [
                {"team": _("All enrolled teams"), "organisation": "", "reporting": count, **row}
                for row, count in zip(
                    series_rows(aggregate, comments=False, annotations=False),
                    network_series.reporting,
                    strict=True,
                )
            ]
        for team in teams:
            view = data.view(measure, team, lang, draw=False)  # rows only: no chart to draw
            own = team.pk in visible
            rows += [
                {"team": team.name, "organisation": team.unit.organisation.name, **row}
                for row in series_rows(view, comments=own, annotations=False)
            ]
        sheet = book.create_sheet(sheet_title(measure.name, taken))
        write_table(sheet, TEAM_COLUMNS, rows)
        summary.append({
            "name": measure.name,
            "sheet": sheet.title,
            "reporting": network_series.teams_with_data,
            "latest_period": network_series.periods[-1] if network_series.periods else None,
            "latest": aggregate.status.latest if aggregate else None,
            "signal": describe_status(aggregate, lang).signal if aggregate else "",
            "unit": network_series.measure.unit_label,
            "chart_type": network_series.measure.get_chart_type_display(),
            "method": network_series.method,
        })  # fmt: skip
    readable = report_teams(user, network, teams)
    if readable:
        reports = book.create_sheet(sheet_title(_("Reports"), taken))
        write_table(reports, REPORT_COLUMNS, _report_rows(network, readable))
    first_row = write_title(
        overview,
        [
            f"{network.name} · {network.organiser.name}",
            _("Exported %(date)s") % {"date": timezone.localdate().isoformat()},
        ],
    )
    write_table(overview, OVERVIEW_COLUMNS, summary, first_row=first_row)
    return book
