"""What checking a file gives: every row's outcome (new, unchanged, correction, empty or
error) with its values, and the stored observations the rows refer to (C7). No writes here."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from forbedring.web.imports.cells import Style
from forbedring.web.imports.reading import Row, Table
from forbedring.web.measures.actions import Values
from forbedring.web.measures.models import Measure, Observation
from forbedring.web.organisations.models import Team

# A stored observation: id, numerator, denominator, value, comment, entered_by_id, entered_at,
# version.
type StoredRow = tuple[Any, ...]


class Outcome:
    NEW = "new"
    UNCHANGED = "unchanged"
    CORRECTION = "correction"
    EMPTY = "empty"
    ERROR = "error"


class PlanError(ValueError):
    """The file as a whole cannot be checked (mapping incomplete, contradictory numbers)."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class RowError:
    column: str  # the column's name in the file, or "" for the row as a whole
    message: str


@dataclass
class RowPlan:
    row: Row
    outcome: str = Outcome.NEW
    team: Team | None = None
    measure: Measure | None = None
    period: dt.date | None = None
    values: Values | None = None
    previous: Values | None = None
    errors: list[RowError] = field(default_factory=list)


@dataclass
class Plan:
    table: Table
    rows: list[RowPlan]
    style: Style | None

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(r.outcome for r in self.rows)
        return {
            kind: counted.get(kind, 0)
            for kind in vars(Outcome).values()
            if isinstance(kind, str) and kind.islower()
        }

    @property
    def errors(self) -> list[RowPlan]:
        return [r for r in self.rows if r.outcome == Outcome.ERROR]

    @property
    def to_save(self) -> list[RowPlan]:
        return [r for r in self.rows if r.outcome in (Outcome.NEW, Outcome.CORRECTION)]


def stored_values(
    plans: list[RowPlan], *, lock: bool = False
) -> dict[tuple[int, int, dt.date], StoredRow]:
    """The stored observations the plans' rows refer to, keyed by (team, measure, period), as
    tuples (id, numerator, denominator, value, comment, entered_by_id, entered_at, version).
    One query for the whole file: teams × measures × the file's period range (a few rows
    more than needed rather than a query per row or per series)."""
    keys = [(p.team.pk, p.measure.pk, p.period) for p in plans if p.team and p.measure and p.period]
    if not keys:
        return {}
    query = Observation.objects.filter(
        team_id__in={k[0] for k in keys}, measure_id__in={k[1] for k in keys},
        period__gte=min(k[2] for k in keys), period__lte=max(k[2] for k in keys),
    )  # fmt: skip
    if lock:
        query = query.select_for_update()
    wanted = set(keys)
    result = {}
    for row in query.values_list(
        "team_id", "measure_id", "period", "id", "numerator", "denominator", "value", "comment",
        "entered_by_id", "entered_at", "version",
    ):  # fmt: skip
        key = (row[0], row[1], row[2])
        if key in wanted:
            result[key] = row[3:]
    return result


def values_of(stored: StoredRow) -> Values:
    return Values(stored[1], stored[2], stored[3], stored[4].strip())
