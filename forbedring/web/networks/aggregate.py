"""The network's aggregate series of a measure: one rule for the dashboard and the seminar
export, so both draw the same chart of the same numbers.

How the teams' data combine depends on what the measure counts:

- **Numerator and denominator** (proportions and rates, p, u and their Laney forms, run charts
  of a ratio): per period, the sum of the numerators over the sum of the denominators of the
  teams that gave both. Bigger teams weigh more, as they should: it is the network's rate.
- **Counts without a denominator** (c charts): the sum of the counts is the network's count
  only while the same teams report, so a team starting or stopping would show as a shift.
  The network's chart is the count *per reporting team*: summed counts over the number of
  teams that reported, on a u chart (the teams are the area of opportunity).
- **Values** (i charts and run charts of a measurement, e.g. a waiting time or a score): a sum
  of the teams' values has no meaning; the network's value is the mean of the values of the
  teams that reported, each team weighing the same, charted with the measure's chart type.
- **Time or cases between events** (t and g charts): the intervals are counted within each
  team and cannot be added up or averaged across teams (the network's events interleave), so
  there is no network chart; the note says so and points to the teams' charts.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from forbedring.charts.model import Lang
from forbedring.web.measures.models import Measure, Observation
from forbedring.web.measures.queries import SeriesView, series_view
from forbedring.web.organisations.models import Team

# Charts of intervals between events: no network aggregate.
BETWEEN_EVENTS = frozenset({Measure.ChartType.G, Measure.ChartType.T})


@dataclass(frozen=True)
class NetworkSeries:
    """The network's series of one measure and how it was made.

    ``numerators``/``denominators`` are what is charted per period (for counts, the summed
    count and the number of teams that reported; for values, the mean and no denominator).
    ``view`` is None when the measure has no network chart or no team has data.
    """

    measure: Measure
    method: str
    periods: list[dt.date]
    numerators: list[float]
    denominators: list[float] | None
    reporting: list[int]
    teams_with_data: int
    view: SeriesView | None

    @property
    def omitted(self) -> bool:
        """The measure has no network chart by its nature (not for want of data)."""
        return not self.measure.has_denominator and self.measure.chart_type in BETWEEN_EVENTS

    @property
    def spec(self) -> dict[str, Any] | None:
        return self.view.spec if self.view else None

    @property
    def summary(self) -> str:
        return self.view.summary if self.view else ""


def method_text(measure: Measure) -> str:
    """How the network's series of the measure is made, in one or two sentences."""
    if measure.has_denominator:
        return _(
            "The teams' numerators and denominators are summed per period and charted as one "
            "series."
        )
    if measure.chart_type in BETWEEN_EVENTS:
        return _(
            "This measure counts the time or cases between events within each team. Such "
            "intervals cannot be added up or averaged across teams, so the network has no "
            "chart of its own: see each team's chart."
        )
    if measure.chart_type == Measure.ChartType.C:
        return _(
            "The teams' counts are summed per period and divided by the number of teams that "
            "reported, so the network's chart shows the count per team (a u chart) and does "
            "not jump when a team starts or stops reporting."
        )
    return _(
        "This measure has no denominator: the network's value per period is the mean of the "
        "values of the teams that reported it."
    )


def _charted_as(measure: Measure, title: str) -> Measure:
    """The measure as the network's chart draws it (an unsaved copy; the original is kept)."""
    charted = copy.copy(measure)
    charted.name = title
    if not measure.has_denominator and measure.chart_type == Measure.ChartType.C:
        charted.chart_type = Measure.ChartType.U
        charted.has_denominator = True
        charted.multiplier = Decimal(1)
        unit = measure.unit_label
        charted.unit_label = _("%(unit)s per team") % {"unit": unit} if unit else _("per team")
        if charted.rule_set == Measure.RuleSet.IHI:
            charted.rule_set = Measure.RuleSet.ANHOEJ  # the IHI rules read run charts only
    return charted


def network_series(
    measure: Measure,
    teams_rows: Iterable[Sequence[Any]],
    *,
    network_name: str,
    lang: Lang,
) -> NetworkSeries:
    """The network's series of ``measure`` from each team's rows (objects with ``period``,
    ``numerator``, ``denominator`` and ``value``), charted like a team's series."""
    totals: dict[dt.date, list[float]] = {}  # period: [sum of y, sum of n, teams reporting]
    teams_with_data = 0
    for rows in teams_rows:
        teams_with_data += any(_reported(measure, row) for row in rows)
        for row in rows:
            if not _reported(measure, row):
                continue
            total = totals.setdefault(row.period, [0.0, 0.0, 0.0])
            total[0] += row.numerator if measure.has_denominator else row.value
            total[1] += row.denominator if measure.has_denominator else 0.0
            total[2] += 1
    periods = sorted(totals)
    reporting = [int(totals[p][2]) for p in periods]
    method = method_text(measure)
    numerators: list[float]
    denominators: list[float] | None
    if measure.has_denominator:
        numerators = [totals[p][0] for p in periods]
        denominators = [totals[p][1] for p in periods]
    elif measure.chart_type == Measure.ChartType.C:
        numerators = [totals[p][0] for p in periods]
        denominators = [float(k) for k in reporting]
    else:
        numerators = [totals[p][0] / totals[p][2] for p in periods]
        denominators = None
    if measure.chart_type in BETWEEN_EVENTS and not measure.has_denominator:
        return NetworkSeries(measure, method, [], [], None, [], teams_with_data, None)
    charted = _charted_as(measure, _("%(measure)s: the network") % {"measure": measure.name})
    observations = [
        Observation(
            measure=measure, period=period,
            numerator=numerators[i] if denominators is not None else None,
            denominator=denominators[i] if denominators is not None else None,
            value=None if denominators is not None else numerators[i],
        )
        for i, period in enumerate(periods)
    ]  # fmt: skip
    view = None
    if observations:
        # An unsaved team stands for the network: series_view only names it.
        view = series_view(
            charted, Team(name=network_name), lang=lang, observations=observations, events=[],
            annotations=[],
        )  # fmt: skip
    return NetworkSeries(
        charted, method, periods, numerators, denominators, reporting, teams_with_data, view
    )


def _reported(measure: Measure, row: Any) -> bool:
    if measure.has_denominator:
        return row.numerator is not None and row.denominator is not None
    return row.value is not None
