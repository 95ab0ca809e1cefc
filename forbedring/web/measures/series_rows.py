"""Many teams' series of many measures read at once, for the pages that show a status or a
small chart of each (the network dashboard, the leader's overview): all observations and series
events in two queries, whatever the number of teams."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from forbedring.web.measures.models import Measure, Observation, SeriesEvent
from forbedring.web.organisations.models import Team


class ObservationRow(NamedTuple):
    """What charts and statuses read of an observation, and the series it is in."""

    measure_id: int
    team_id: int
    period: dt.date
    numerator: float | None
    denominator: float | None
    value: float | None


ROW_FIELDS = ObservationRow._fields


class SeriesRows(Mapping[tuple[int, int], list[Any]]):
    """Observations by (measure id, team id), as :class:`ObservationRow`; a series without
    observations has no rows (``[]``, never a KeyError, as with the ``defaultdict`` before).

    The rows are kept as plain tuples and named afresh for each caller. Why: a network's
    15,000 named rows, alive through the whole request, reach the oldest generation of
    Python's cyclic garbage collector and make it walk the whole heap (70-150 ms on the
    benchmark's machine) about every other request. Plain tuples of numbers and dates drop
    out of its sight at its first pass, and the named rows made for one measure's charts or
    statuses die young: a collection every five requests instead."""

    def __init__(self, rows: dict[tuple[int, int], list[tuple[Any, ...]]]) -> None:
        self._rows = rows

    def __getitem__(self, key: tuple[int, int]) -> list[Any]:
        return list(map(ObservationRow._make, self._rows.get(key, ())))

    def __contains__(self, key: object) -> bool:
        return key in self._rows

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)


def load_series(
    teams: Sequence[Team], measures: Sequence[Measure], chosen: Measure | None = None
) -> tuple[SeriesRows, dict[tuple[int, int], list[SeriesEvent]]]:
    """All observations and series events of the teams' series of the measures, by (measure
    id, team id), in two queries; the observations of ``chosen`` (the measure charted) are
    read even if it is not among ``measures``.

    Observations are light rows (:class:`SeriesRows`), not ``Observation`` objects: building
    and signalling thousands of model instances was one of the dashboard's largest costs."""
    team_ids = [t.pk for t in teams]
    measure_ids = [m.pk for m in measures]
    charted = [*measure_ids, chosen.pk] if chosen is not None else measure_ids
    observations: dict[tuple[int, int], list[tuple[Any, ...]]] = defaultdict(list)
    for row in (
        Observation.objects.filter(team_id__in=team_ids, measure_id__in=charted)
        .order_by("period")
        .values_list(*ROW_FIELDS)
    ):
        observations[row[0], row[1]].append(row)
    events: dict[tuple[int, int], list[SeriesEvent]] = defaultdict(list)
    for event in SeriesEvent.objects.filter(team_id__in=team_ids, measure_id__in=measure_ids):
        events[event.measure_id, event.team_id].append(event)
    return SeriesRows(dict(observations)), events
