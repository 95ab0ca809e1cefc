"""A network's calendar in dates: monthly reporting periods with their due dates, and the
action periods (aktionsperioder / arbeidsperioder) between learning sessions.

Pure date arithmetic, so the report pages ("who has reported") and the network page agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from forbedring.web.networks.models import Network


def _next_month(day: dt.date) -> dt.date:
    """The first day of the month after ``day``'s month."""
    return dt.date(day.year + 1, 1, 1) if day.month == 12 else dt.date(day.year, day.month + 1, 1)


def due_date(period: dt.date, due_day: int) -> dt.date:
    """A month's report is due on ``due_day`` of the following month (1–28: every month has it)."""
    return _next_month(period).replace(day=due_day)


def reporting_periods(network: Network, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Every reporting month of the network as (first day of the month, due date), oldest first.

    From the network's start month to its end month, or to the current month when the network
    has no end or ends later; none before the network starts.
    """
    last = today if network.end is None else min(network.end, today)
    month = network.start.replace(day=1)
    periods = []
    while month <= last:
        periods.append((month, due_date(month, network.report_due_day)))
        month = _next_month(month)
    return periods


@dataclass(frozen=True)
class ActionPeriod:
    """The work between two learning sessions (or from the last session to the network's end)."""

    number: int
    start: dt.date
    end: dt.date | None


def action_periods(
    session_dates: Sequence[dt.date], network_end: dt.date | None = None
) -> list[ActionPeriod]:
    """Action period n runs from the day after session n to the day before session n + 1; the
    one after the last session runs to the network's end (if the network has one after it)."""
    dates = sorted(set(session_dates))
    periods: list[ActionPeriod] = []
    for i, day in enumerate(dates):
        start = day + dt.timedelta(days=1)
        if i + 1 < len(dates):
            end: dt.date | None = dates[i + 1] - dt.timedelta(days=1)
        elif network_end is not None and network_end >= start:
            end = network_end
        else:
            continue
        if end is not None and end < start:
            continue  # two sessions on consecutive days leave no action period between them
        periods.append(ActionPeriod(len(periods) + 1, start, end))
    return periods
