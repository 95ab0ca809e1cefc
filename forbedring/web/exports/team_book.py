"""A team's data as Excel: one measure's series, or the whole team in one workbook.

The team workbook opens on an overview (every measure with its operational definition, latest
value and status in words, as the team's home page shows them) followed by one sheet per
measure with every observation, the engine's centre line, limits and signals, and who entered
each value when. The team's observations and events are read in one query each, as the team's
home page reads them.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forbedring.charts.model import Lang
from forbedring.web.exports.rows import (
    DATE,
    INTEGER,
    NUMBER,
    OBSERVATION_COLUMNS,
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
from forbedring.web.measures.models import Measure, Observation, SeriesEvent, TeamMeasure
from forbedring.web.measures.queries import SeriesView, series_view
from forbedring.web.measures.views_team import describe_status
from forbedring.web.organisations.models import Team

OVERVIEW_COLUMNS: tuple[Column, ...] = (
    Column("name", gettext_lazy("Measure"), TEXT),
    Column("sheet", gettext_lazy("Sheet"), TEXT),
    Column("points", gettext_lazy("Points"), INTEGER),
    Column("latest_period", gettext_lazy("Latest period"), DATE),
    Column("latest", gettext_lazy("Latest plotted value"), STATISTIC),
    Column("signal", gettext_lazy("Signal"), TEXT),
    Column("target_status", gettext_lazy("Target status"), TEXT),
    Column("kind", gettext_lazy("Kind"), TEXT),
    Column("chart_type", gettext_lazy("Chart type"), TEXT),
    Column("rule_set", gettext_lazy("Rule set"), TEXT),
    Column("unit", gettext_lazy("Unit"), TEXT),
    Column("multiplier", gettext_lazy("Multiplier"), NUMBER),
    Column("direction", gettext_lazy("Improvement direction"), TEXT),
    Column("target", gettext_lazy("Target"), NUMBER),
    Column("target_date", gettext_lazy("Target date"), DATE),
    Column("frequency", gettext_lazy("Reporting frequency"), TEXT),
    Column("description", gettext_lazy("Description"), TEXT),
    Column("numerator", gettext_lazy("Numerator (definition)"), TEXT),
    Column("denominator", gettext_lazy("Denominator (definition)"), TEXT),
    Column("inclusion", gettext_lazy("Inclusion"), TEXT),
    Column("exclusion", gettext_lazy("Exclusion"), TEXT),
    Column("data_source", gettext_lazy("Data source"), TEXT),
    Column("sampling", gettext_lazy("Sampling"), TEXT),
)


def load_series(team: Team, measure: Measure, lang: Lang) -> SeriesView:
    """The series as the measure page shows it, with who entered each value (one query)."""
    observations = list(
        Observation.objects.filter(measure=measure, team=team)
        .select_related("entered_by")
        .order_by("period")
    )
    events = list(SeriesEvent.objects.filter(measure=measure, team=team))
    return series_view(measure, team, lang=lang, observations=observations, events=events)


def series_workbook(view: SeriesView, *, entries: bool) -> Workbook:
    """One sheet: the series with the engine's statistics (and, with ``entries``, who entered
    each value when, and its version)."""
    book = new_workbook()
    sheet = book.create_sheet(sheet_title(view.measure.name, set()))
    columns = OBSERVATION_COLUMNS if entries else SERIES_COLUMNS
    write_table(sheet, columns, series_rows(view, entries=entries))
    return book


def _definition(measure: Measure) -> Row:
    return {
        "name": measure.name,
        "kind": measure.get_kind_display(),
        "chart_type": measure.get_chart_type_display(),
        "rule_set": measure.get_rule_set_display(),
        "unit": measure.unit_label,
        "multiplier": float(measure.multiplier),
        "direction": measure.get_direction_display(),
        "target": measure.target,
        "target_date": measure.target_date,
        "frequency": measure.get_frequency_display(),
        "description": measure.description,
        "numerator": measure.numerator,
        "denominator": measure.denominator if measure.has_denominator else "",
        "inclusion": measure.inclusion,
        "exclusion": measure.exclusion,
        "data_source": measure.data_source,
        "sampling": measure.sampling,
    }


def overview_row(view: SeriesView, sheet: str, lang: Lang) -> Row:
    """A measure's definition, latest value and status (the team home page's words)."""
    status = describe_status(view, lang)
    latest_period = view.observations[-1].period if view.observations else None
    return {
        **_definition(view.measure),
        "sheet": sheet,
        "points": view.status.points,
        "latest_period": latest_period,
        "latest": view.status.latest,
        "signal": status.signal,
        "target_status": status.target,
    }


def team_workbook(team: Team, lang: Lang) -> Workbook:
    links = list(TeamMeasure.objects.filter(team=team).select_related("measure"))
    observations: dict[int, list[Observation]] = defaultdict(list)
    for obs in (
        Observation.objects.filter(team=team).select_related("entered_by").order_by("period")
    ):
        observations[obs.measure_id].append(obs)
    events: dict[int, list[SeriesEvent]] = defaultdict(list)
    for event in SeriesEvent.objects.filter(team=team):
        events[event.measure_id].append(event)
    book = new_workbook()
    taken: set[str] = set()
    overview = book.create_sheet(sheet_title(_("Overview"), taken))
    summary = []
    for link in links:
        measure = link.measure
        view = series_view(
            measure, team, lang=lang,
            observations=observations[measure.pk], events=events[measure.pk],
        )  # fmt: skip
        sheet = book.create_sheet(sheet_title(measure.name, taken))
        write_table(sheet, OBSERVATION_COLUMNS, series_rows(view, entries=True))
        summary.append(overview_row(view, sheet.title, lang))
    today = timezone.localdate()
    first_row = write_title(
        overview,
        [
            f"{team.name} · {team.unit.organisation.name}",
            _("Exported %(date)s") % {"date": today.isoformat()},
        ],
    )
    write_table(overview, OVERVIEW_COLUMNS, summary, first_row=first_row)
    return book
