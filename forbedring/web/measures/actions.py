"""Writing a team's observations for one period: all or nothing, with an audit trail, and
without ever losing a colleague's concurrent change (DESIGN.md §4, C3, C10).

Every entry carries the ``version`` of the observation the user saw when the page was opened
(0: there was none). A row conflicts when the stored version has moved on since *and* the user
changed the row: a row the user left as they saw it, or changed to exactly what is stored now,
cannot lose anyone's work, and refusing it would only make a nurse redo a page because a
colleague corrected another measure. One conflict refuses the whole save.

A correction never overwrites silently: the previous values, with who entered them when and who
replaced them when, go to ``ObservationRevision`` and ``version`` goes up. Clearing every field
is a correction too. The observation is then kept, empty, rather than deleted, because
(1) its revisions hang off it (deleting would cascade and destroy the history), (2) its version
keeps counting, so a colleague who still sees the old values gets a conflict instead of quietly
re-creating them, and (3) ``entered_by``/``entered_at`` record who cleared it and when. An empty
observation is a missing point to the charts (``queries`` reads its None values as NaN).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forbedring.web.measures.models import (
    Measure,
    Observation,
    ObservationRevision,
    TeamMeasure,
    period_start,
)
from forbedring.web.organisations.models import Team

# Django's user classes carry no types.
type AnyUser = Any

ChartType = Measure.ChartType
# Charts of measurements, whose values may be below zero (a weight change, a temperature
# difference); every other chart counts something (events, opportunities, days between events).
SIGNED_VALUE_CHARTS = frozenset({ChartType.I, ChartType.RUN})
# Proportions: the numerator is part of the denominator. Rates (u, u′) may exceed it.
PROPORTION_CHARTS = frozenset({ChartType.P, ChartType.PP})
# Counts of events or people: their numerators (and a proportion's denominator) are whole
# numbers; a rate's denominator (resident-days, hours of exposure) may not be.
COUNT_CHARTS = frozenset({ChartType.P, ChartType.PP, ChartType.C, ChartType.U, ChartType.UP})

FIELD_LABELS: dict[str, Promise] = {
    "numerator": _("numerator"),
    "denominator": _("denominator"),
    "value": _("value"),
    "comment": _("comment"),
}


@dataclass(frozen=True)
class Values:
    """What one observation says: numerator and denominator, or a value, and a comment."""

    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    comment: str = ""

    @classmethod
    def of(cls, source: Observation | ObservationRevision | None) -> Values:
        if source is None:
            return EMPTY
        return cls(source.numerator, source.denominator, source.value, source.comment.strip())

    @property
    def is_empty(self) -> bool:
        return self == EMPTY


EMPTY = Values()


@dataclass(frozen=True)
class Entry:
    """One measure's row as submitted, with the version the user saw (0: none existed)."""

    measure: Measure
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    comment: str = ""
    version: int = 0

    @property
    def values(self) -> Values:
        return Values(self.numerator, self.denominator, self.value, self.comment.strip())


@dataclass(frozen=True)
class Conflict:
    """A row someone else saved after the page was opened: who, when, and what is stored now
    (``saved_by`` is None when the observation was deleted meanwhile)."""

    measure: Measure
    version: int
    saved_by: AnyUser | None
    saved_at: dt.datetime | None
    current: Values
    submitted: Values


@dataclass(frozen=True)
class SaveResult:
    """What ``save_period`` did, measure by measure; with conflicts nothing was saved."""

    created: list[Measure] = field(default_factory=list)
    updated: list[Measure] = field(default_factory=list)
    cleared: list[Measure] = field(default_factory=list)
    unchanged: list[Measure] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts

    @property
    def saved(self) -> list[Measure]:
        """The measures whose observation was created, corrected or cleared."""
        return [*self.created, *self.updated, *self.cleared]


@dataclass(frozen=True)
class Problem:
    """A value that breaks a rule of its measure; ``field`` None for the row as a whole."""

    field: str | None
    message: str


class InvalidEntryError(ValueError):
    """Entries that must never be stored (a caller skipped the form's checks)."""


def entry_problems(
    measure: Measure,
    *,
    numerator: float | None = None,
    denominator: float | None = None,
    value: float | None = None,
) -> list[Problem]:
    """What is wrong with these numbers for this measure, each message naming the measure and
    the field. The one place for these rules: forms, uploads and the API all ask here."""
    name = measure.name

    def problem(field_name: str, message: Promise, **extra: object) -> Problem:
        params = {"measure": name, "field": FIELD_LABELS[field_name], **extra}
        return Problem(field_name, str(message % params))

    problems: list[Problem] = []
    numbers = {"numerator": numerator, "denominator": denominator, "value": value}
    for key, number in numbers.items():
        if number is not None and not math.isfinite(number):
            problems.append(problem(key, _("%(measure)s, %(field)s: enter a finite number.")))
    if problems:
        return problems
    if measure.has_denominator:
        if value is not None:
            problems.append(
                problem(
                    "value", _("%(measure)s: report a numerator and a denominator, not a value.")
                )
            )
        for key in ("numerator", "denominator"):
            number = numbers[key]
            if number is not None and number < 0:
                problems.append(
                    problem(key, _("%(measure)s, %(field)s: a count cannot be below 0."))
                )
            elif (
                number is not None
                and not number.is_integer()
                and measure.chart_type in COUNT_CHARTS
                and (key == "numerator" or measure.chart_type in PROPORTION_CHARTS)
            ):
                problems.append(
                    problem(key, _("%(measure)s, %(field)s: a count is a whole number."))
                )
        if numerator is not None and denominator is None:
            problems.append(
                problem(
                    "denominator",
                    _("%(measure)s: enter the denominator too, or leave both fields empty."),
                )
            )
        elif denominator is not None and numerator is None:
            problems.append(
                problem(
                    "numerator",
                    _("%(measure)s: enter the numerator too, or leave both fields empty."),
                )
            )
        elif numerator is not None and denominator is not None and not problems:
            if denominator == 0 and numerator > 0:
                problems.append(
                    problem(
                        "denominator",
                        _(
                            "%(measure)s: the denominator is 0 while the numerator is above 0. "
                            "Enter the denominator, or 0 in both fields."
                        ),
                    )
                )
            elif measure.chart_type in PROPORTION_CHARTS and numerator > denominator:
                problems.append(
                    problem(
                        "numerator",
                        _(
                            "%(measure)s: the numerator cannot be larger than the denominator "
                            "(it counts a part of it)."
                        ),
                    )
                )
    else:
        if numerator is not None or denominator is not None:
            problems.append(
                problem(
                    "value", _("%(measure)s: report one value, not a numerator and denominator.")
                )
            )
        if value is not None and value < 0 and measure.chart_type not in SIGNED_VALUE_CHARTS:
            problems.append(
                problem("value", _("%(measure)s, %(field)s: a count cannot be below 0."))
            )
    return problems


def values_at(observation: Observation, version: int) -> Values | None:
    """The values ``observation`` had at ``version`` (0: before it existed); None if unknown."""
    if version == observation.version:
        return Values.of(observation)
    if version == 0:
        return EMPTY
    revision = observation.revisions.filter(version=version).first()
    return None if revision is None else Values.of(revision)


def observation_history(observation: Observation) -> list[ObservationRevision]:
    """The earlier values of an observation, newest first, with who entered and replaced them."""
    return list(
        observation.revisions.select_related("entered_by", "replaced_by").order_by("-version")
    )


@transaction.atomic
def save_period(
    *, team: Team, period: dt.date, entries: Sequence[Entry], by: AnyUser
) -> SaveResult:
    """Store one period's entries of a team's measures: all of them, or none when any row
    conflicts with a save made after the user opened the page.

    Raises :class:`InvalidEntryError` for entries no form would let through (a measure the team does
    not report, a period not aligned to the measure's frequency or outside its range, numbers
    that break the measure's rules).
    """
    _check(team, period, entries)
    # A colleague may insert the same new row at the same moment: the unique constraint stops
    # the second insert; once more, the row exists and the version check reports a conflict.
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return _save(team, period, entries, by)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _check(team: Team, period: dt.date, entries: Sequence[Entry]) -> None:
    ids = [entry.measure.pk for entry in entries]
    if len(set(ids)) != len(ids):
        raise InvalidEntryError("a measure appears more than once")
    reported = set(
        TeamMeasure.objects.filter(team=team, measure_id__in=ids).values_list(
            "measure_id", flat=True
        )
    )
    today = timezone.localdate()
    for entry in entries:
        measure = entry.measure
        if measure.pk not in reported:
            raise InvalidEntryError(f"{team} does not report {measure}")
        if period_start(period, measure.frequency) != period:
            raise InvalidEntryError(f"{period} does not start a {measure.frequency} of {measure}")
        if not entry.values.is_empty and not in_range(measure, period, today):
            raise InvalidEntryError(f"{period} is outside the range of {measure}")
        problems = entry_problems(
            measure, numerator=entry.numerator, denominator=entry.denominator, value=entry.value
        )
        if problems:
            raise InvalidEntryError("; ".join(p.message for p in problems))


def in_range(measure: Measure, period: dt.date, today: dt.date) -> bool:
    """Whether data may be entered for ``period``: from the measure's first period up to the
    period that holds today (a period that has begun may be reported; one to come may not)."""
    if period > period_start(today, measure.frequency):
        return False
    first = measure.first_period
    return first is None or period >= period_start(first, measure.frequency)


def _save(team: Team, period: dt.date, entries: Sequence[Entry], by: AnyUser) -> SaveResult:
    # Lock the rows first: a concurrent save of the same period waits here until this one has
    # committed, then sees its new versions (no select_related: Postgres would lock the joined
    # user rows too).
    stored = {
        o.measure_id: o
        for o in Observation.objects.select_for_update().filter(
            team=team, period=period, measure_id__in=[e.measure.pk for e in entries]
        )
    }
    result = SaveResult()
    planned: list[tuple[Entry, Observation | None]] = []
    for entry in entries:
        current = stored.get(entry.measure.pk)
        submitted = entry.values
        if submitted == Values.of(current):
            result.unchanged.append(entry.measure)
            continue
        current_version = current.version if current is not None else 0
        if entry.version != current_version:
            # (No current row here means it was deleted since: always a conflict.)
            seen = values_at(current, entry.version) if current is not None else None
            if seen is not None and submitted == seen:
                # The user left this row as they saw it; the newer values stay.
                result.unchanged.append(entry.measure)
                continue
            result.conflicts.append(
                Conflict(
                    measure=entry.measure,
                    version=current_version,
                    saved_by=current.entered_by if current is not None else None,
                    saved_at=current.entered_at if current is not None else None,
                    current=Values.of(current),
                    submitted=submitted,
                )
            )
            continue
        planned.append((entry, current))
    if result.conflicts:
        return SaveResult(conflicts=result.conflicts)

    now = timezone.now()
    for entry, current in planned:
        if current is None:
            Observation.objects.create(
                measure=entry.measure, team=team, period=period,
                numerator=entry.numerator, denominator=entry.denominator, value=entry.value,
                comment=entry.comment.strip(), entered_by=by, entered_at=now, version=1,
            )  # fmt: skip
            result.created.append(entry.measure)
            continue
        ObservationRevision.objects.create(
            observation=current, version=current.version,
            numerator=current.numerator, denominator=current.denominator, value=current.value,
            comment=current.comment, entered_by_id=current.entered_by_id,
            entered_at=current.entered_at, replaced_by=by, replaced_at=now,
        )  # fmt: skip
        current.numerator, current.denominator = entry.numerator, entry.denominator
        current.value, current.comment = entry.value, entry.comment.strip()
        current.entered_by, current.entered_at = by, now
        current.version += 1
        current.save()
        (result.cleared if entry.values.is_empty else result.updated).append(entry.measure)
    return result
