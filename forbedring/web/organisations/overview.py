"""The leader's overview of an organisation (C9): every unit's teams × measures at a glance.

For each series a team reports (a ``TeamMeasure``): its latest value, its variation and
assurance verdicts (:mod:`.verdicts`) and whether its data are up to date (:mod:`.freshness`).

Queries are few and fixed in number, whatever the size of the organisation: its units, its
teams, their measures, and all observations and series events (``measures.series_rows.
load_series``). The statuses come from the one status path of the network dashboard
(``networks.statuses.measure_statuses``), the same answer as each series' chart: one
vectorised engine call per measure and set of phase options (one per measure for Making Data
Count series, which also give their assurance icon). No chart is drawn.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.urls import reverse
from django.utils.translation import gettext as _

from forbedring.charts.locales import format_date, format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.web.measures.models import Measure, TeamMeasure
from forbedring.web.measures.queries import Status
from forbedring.web.measures.series_rows import load_series
from forbedring.web.measures.views_team import period_text
from forbedring.web.networks.statuses import measure_statuses
from forbedring.web.organisations import verdicts
from forbedring.web.organisations.freshness import Freshness, freshness
from forbedring.web.organisations.models import Organisation, Team, Unit
from forbedring.web.organisations.verdicts import Verdict

SortKey = Literal["measure", "team", "variation", "assurance", "data"]
SORT_KEYS: tuple[SortKey, ...] = ("measure", "team", "variation", "assurance", "data")
ShowKey = Literal["all", "signals", "worsening", "improving", "stale", "target"]
SHOW_KEYS: tuple[ShowKey, ...] = ("all", "signals", "worsening", "improving", "stale", "target")

SIGNALS = frozenset({"improving", "worsening", "signal"})
TARGET_AT_RISK = frozenset({"not_met", "fail", "hit_and_miss"})
FRESHNESS_ORDER = ("no_data", "stale", "fresh", "events")


@dataclass(frozen=True)
class Row:
    """One team's series of one measure."""

    team: Team
    measure: Measure
    status: Status
    variation: Verdict
    assurance: Verdict
    freshness: Freshness
    data: Verdict
    latest_value: str  # the latest value with its unit, "" without one
    latest_period: str  # the period of the latest value ("okt. 2026"), "" without one
    latest_data: str  # "Latest data: okt. 2026", "" without any
    url: str  # the team's page of the measure

    @property
    def dom_id(self) -> str:
        return f"series-{self.team.pk}-{self.measure.pk}"


@dataclass(frozen=True)
class UnitTable:
    """A unit with the rows shown (after the filter) and how many series it has in all."""

    unit: Unit
    teams: int
    series: int
    rows: list[Row]


@dataclass(frozen=True)
class Counts:
    """How many series of the organisation have each verdict (the filter does not change it)."""

    series: int
    improving: int
    worsening: int
    signal: int  # a signal without a preferred direction
    stable: int
    too_few: int
    stale: int
    no_data: int
    target_at_risk: int  # target not met, consistently failing, or hit and miss


@dataclass(frozen=True)
class Overview:
    organisation: Organisation
    tables: list[UnitTable]
    counts: Counts
    shown: int  # rows after the filter
    today: dt.date


def _latest_data(measure: Measure, rows: Sequence[Any]) -> dt.date | None:
    """The period of the latest row with a value (cleared observations are kept, empty)."""
    row: Any
    for row in reversed(rows):
        if measure.has_denominator:
            if row.numerator is not None and row.denominator is not None:
                return row.period
        elif row.value is not None:
            return row.period
    return None


def _row(
    team: Team,
    measure: Measure,
    status: Status,
    rows: Sequence[Any],
    mdc_assurance: str,
    today: dt.date,
    lang: Lang,
) -> Row:
    latest_data = _latest_data(measure, rows)
    fresh = freshness(measure, latest_data, today)
    stale_from = format_date(fresh.stale_from, lang) if fresh.stale_from else ""
    value = period = ""
    if status.latest is not None:
        value = format_with_unit(format_number(status.latest, lang), measure.unit_label, lang)
        period = period_text(rows[-1].period, measure.frequency, lang)
    return Row(
        team=team,
        measure=measure,
        status=status,
        variation=verdicts.variation(status),
        assurance=verdicts.assurance(measure, status, mdc_assurance),
        freshness=fresh,
        data=verdicts.data_freshness(fresh, stale_from),
        latest_value=value,
        latest_period=period,
        latest_data=_("Latest data: %(period)s")
        % {"period": period_text(latest_data, measure.frequency, lang)}
        if latest_data
        else "",
        url=reverse("measure_detail", args=[team.pk, measure.pk]),
    )


def series_rows(teams: Sequence[Team], today: dt.date, lang: Lang) -> list[Row]:
    """A row for every series the teams report, statuses from the one status path."""
    links = list(
        TeamMeasure.objects.filter(team__in=teams)
        .select_related("measure")
        .order_by("measure__name", "team_id")
    )
    teams_by_id = {team.pk: team for team in teams}
    measures: dict[int, Measure] = {}
    teams_of: dict[int, list[Team]] = defaultdict(list)
    for link in links:
        measures.setdefault(link.measure_id, link.measure)
        teams_of[link.measure_id].append(teams_by_id[link.team_id])
    observations, events = load_series(teams, list(measures.values()))
    result = []
    for measure_id, measure_teams in teams_of.items():
        measure = measures[measure_id]
        mdc_assurance: dict[int, str] = {}
        statuses = measure_statuses(
            measure, measure_teams, observations, events, lang, mdc_assurance=mdc_assurance
        )
        for team in measure_teams:
            rows = observations.get((measure_id, team.pk), [])
            status = statuses[team.pk]
            assurance = mdc_assurance.get(team.pk, "")
            result.append(_row(team, measure, status, rows, assurance, today, lang))
    return result


def count(rows: Sequence[Row]) -> Counts:
    variation = Counter(row.variation.key for row in rows)
    freshness = Counter(row.freshness.kind for row in rows)
    return Counts(
        series=len(rows),
        improving=variation["improving"],
        worsening=variation["worsening"],
        signal=variation["signal"],
        stable=variation["stable"],
        too_few=variation["too_few"],
        stale=freshness["stale"],
        no_data=freshness["no_data"],
        target_at_risk=sum(row.assurance.key in TARGET_AT_RISK for row in rows),
    )


def shown(row: Row, show: ShowKey) -> bool:
    """Whether the filter ``show`` keeps the row."""
    if show == "signals":
        return row.variation.key in SIGNALS
    if show in {"worsening", "improving"}:
        return row.variation.key == show
    if show == "stale":
        return row.freshness.kind in {"stale", "no_data"}
    if show == "target":
        return row.assurance.key in TARGET_AT_RISK
    return True


def _sort_key(sort: SortKey) -> Callable[[Row], tuple[Any, ...]]:
    def names(row: Row) -> tuple[str, str]:
        return row.measure.name.casefold(), row.team.name.casefold()

    if sort == "team":
        return lambda row: (row.team.name.casefold(), row.measure.name.casefold())
    if sort == "variation":
        return lambda row: (verdicts.VARIATION_ORDER.index(row.variation.key), *names(row))
    if sort == "assurance":
        return lambda row: (verdicts.ASSURANCE_ORDER.index(row.assurance.key), *names(row))
    if sort == "data":
        # Missing and stale data first, the oldest first among them.
        return lambda row: (
            FRESHNESS_ORDER.index(row.freshness.kind),
            row.freshness.latest or dt.date.min,
            *names(row),
        )
    return names


def build(
    organisation: Organisation,
    *,
    lang: Lang,
    today: dt.date,
    show: ShowKey = "all",
    sort: SortKey = "measure",
    descending: bool = False,
) -> Overview:
    """The overview of every unit of the organisation; units without a matching row are left
    out when a filter is chosen (without one, every unit shows, with or without series)."""
    units = list(Unit.objects.filter(organisation=organisation).order_by("name"))
    teams = list(Team.objects.filter(unit__organisation=organisation).select_related("unit"))
    rows = series_rows(teams, today, lang)
    key = _sort_key(sort)
    by_unit: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_unit[row.team.unit_id].append(row)
    teams_in: dict[int, int] = defaultdict(int)
    for team in teams:
        teams_in[team.unit_id] += 1
    tables = []
    for unit in units:
        unit_rows = by_unit[unit.pk]
        kept = sorted((r for r in unit_rows if shown(r, show)), key=key, reverse=descending)
        if kept or show == "all":
            tables.append(UnitTable(unit, teams_in[unit.pk], len(unit_rows), kept))
    return Overview(
        organisation=organisation,
        tables=tables,
        counts=count(rows),
        shown=sum(len(table.rows) for table in tables),
        today=today,
    )
