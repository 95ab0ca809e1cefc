"""When a series' data are stale: the rule the leader's overview flags, and explains in words.

A period's data can only come in after the period has ended, and teams enter them in the
following days or weeks. So a series is *stale* when its latest data are for a period that
ended more than a grace time ago: two periods for monthly and weekly measures (the period just
ended may still be being entered; the one before it should be in), a week for daily measures.
A monthly series whose latest data are for January is fresh up to and including 31 March and
stale from 1 April, when both February and March are over and missing.

Measures of the time or the number of cases between rare events (G and T charts) get a value
only when an event happens: a long silence is good news there, not missing data, so they are
never stale.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from forbedring.web.measures.models import Frequency, Measure

# Charts whose data points are events, not periods (DESIGN.md §6: G and T charts).
EVENT_CHARTS = frozenset({Measure.ChartType.G, Measure.ChartType.T})
# The grace after a period's end, in months for monthly measures and in days otherwise.
GRACE_MONTHS = 2
GRACE_DAYS: dict[str, int] = {"week": 14, "day": 7}

FreshnessKind = Literal["fresh", "stale", "events", "no_data"]


@dataclass(frozen=True)
class Freshness:
    """Whether a series' data are up to date.

    ``kind`` is ``fresh``, ``stale``, ``events`` (rare-event measure, no schedule) or
    ``no_data``; ``stale_from`` is the first day on which the latest data count as stale (None
    when the rule does not apply).
    """

    kind: FreshnessKind
    latest: dt.date | None
    stale_from: dt.date | None

    @property
    def stale(self) -> bool:
        return self.kind == "stale"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day where it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def period_end(period: dt.date, frequency: str) -> dt.date:
    """The last day of the period that starts on ``period``."""
    if frequency == Frequency.MONTH:
        return period.replace(day=calendar.monthrange(period.year, period.month)[1])
    if frequency == Frequency.WEEK:
        return period + dt.timedelta(days=6)
    return period


def stale_from(period: dt.date, frequency: str) -> dt.date:
    """The first day on which a series whose latest data are for ``period`` is stale."""
    if frequency == Frequency.MONTH:
        # January's data stay fresh to the end of March: stale from 1 April.
        last_fresh = period_end(_add_months(period, GRACE_MONTHS), frequency)
    else:
        grace = GRACE_DAYS.get(frequency, GRACE_DAYS["day"])
        last_fresh = period_end(period, frequency) + dt.timedelta(days=grace)
    return last_fresh + dt.timedelta(days=1)


def freshness(measure: Measure, latest: dt.date | None, today: dt.date) -> Freshness:
    """The freshness of a series of ``measure`` whose latest data are for ``latest``."""
    if latest is None:
        return Freshness("no_data", None, None)
    if measure.chart_type in EVENT_CHARTS:
        return Freshness("events", latest, None)
    start = stale_from(latest, measure.frequency)
    return Freshness("stale" if today >= start else "fresh", latest, start)
