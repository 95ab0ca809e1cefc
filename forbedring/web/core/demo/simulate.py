"""The demo's simulated numbers: counts are Poisson or binomial draws from fixed seeds, shaped
like what a team in a patient-safety programme reports (see the package docstring)."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
from django.utils import timezone

from forbedring.web.accounts.models import User
from forbedring.web.core.demo.catalogue import (
    BASELINE_MONTHS,
    BASELINE_NOTE,
    BUNDLE_BASELINE_NOTE,
    BUNDLE_MONTH,
    DEMO_TEAM,
    FALLS,
    HOME_CARE,
    MEDICATION,
    NOTES,
    RISK,
    ULCER_DAYS,
    TeamSpec,
)
from forbedring.web.measures.models import Measure, Observation, ObservationRevision, SeriesEvent
from forbedring.web.organisations.models import Team


def next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def entered_after(month: dt.date, index: int) -> dt.datetime:
    """Teams report a few days into the next month; never later than now."""
    return min(at(next_month(month), 9 + index % 6) + dt.timedelta(days=3), timezone.now())


type Row = tuple[dt.date, float | None, float | None, float | None, dt.datetime]


def simulate_series(
    key: str, spec: TeamSpec, kind: str, months: list[dt.date], rng: np.random.Generator
) -> list[Row]:
    """One team's series of one measure: (period, numerator, denominator, value, entered at)."""
    if key == ULCER_DAYS:
        return _ulcer_days(spec, months, rng)
    rows: list[Row] = []
    for index, month in enumerate(months):
        after = index >= BUNDLE_MONTH and key in spec.improves
        days = calendar.monthrange(month.year, month.month)[1]
        if key == FALLS:
            den = round(spec.people * days * rng.uniform(0.88, 1.0))
            num = rng.poisson(spec.falls_rate * (0.5 if after else 1.0) * den / 1000)
        elif key == RISK:
            den = 20 if kind == HOME_CARE else spec.people - int(rng.integers(0, 4))
            num = rng.binomial(den, 0.9 if after else 0.62)
        else:  # medication reconciliation after admissions and returns from hospital
            den = int(rng.integers(3, 6 + spec.people // 10))
            level = 0.88 if after else 0.6
            if MEDICATION in spec.gradual:
                level = (0.58, 0.74, 0.86)[index // BASELINE_MONTHS]
            num = rng.binomial(den, level)
        rows.append((month, float(num), float(den), None, entered_after(month, index)))
    return rows


def _ulcer_days(spec: TeamSpec, months: list[dt.date], rng: np.random.Generator) -> list[Row]:
    """New pressure ulcers as days between them (G chart), one point on each ulcer's day."""
    start, bundle = months[0], months[BUNDLE_MONTH]
    end = next_month(months[-1]) - dt.timedelta(days=1)
    rows: list[Row] = []
    day = previous = start
    while True:
        rate = spec.ulcers_per_month / 30.4
        if ULCER_DAYS in spec.improves and day >= bundle:
            rate *= 0.25
        day += dt.timedelta(days=max(1, round(rng.exponential(1 / rate))))
        if day > end:
            return rows
        rows.append((day, None, None, float((day - previous).days), at(day, 14)))
        previous = day


def series_events(
    key: str, spec: TeamSpec, country: str, months: list[dt.date],
    measure: Measure, team: Team, by: User,
) -> list[SeriesEvent]:  # fmt: skip
    """A new phase (or the frozen baseline before it) and two PDSA notes where a bundle starts;
    the frozen baseline of a gradual improvement."""
    phase, pdsa1, pdsa2 = NOTES[country][key]
    made = []
    if key in spec.improves:
        start = (
            (SeriesEvent.Kind.BASELINE, months[BUNDLE_MONTH - 1], BUNDLE_BASELINE_NOTE[country])
            if spec.freeze_baseline
            else (SeriesEvent.Kind.PHASE, months[BUNDLE_MONTH], phase)
        )
        made = [
            start,
            (SeriesEvent.Kind.NOTE, months[BUNDLE_MONTH], pdsa1),
            (SeriesEvent.Kind.NOTE, months[BUNDLE_MONTH + 2], pdsa2),
        ]
    if key in spec.gradual:
        made = [
            (SeriesEvent.Kind.BASELINE, months[BASELINE_MONTHS - 1], BASELINE_NOTE[country]),
            (SeriesEvent.Kind.NOTE, months[BASELINE_MONTHS], pdsa1),
            (SeriesEvent.Kind.NOTE, months[2 * BASELINE_MONTHS], pdsa2),
        ]
    return [
        SeriesEvent(measure=measure, team=team, kind=kind, period=period, text=text, created_by=by)
        for kind, period, text in made
    ]


def add_corrections(falls: Measure, by: User, months: list[dt.date]) -> None:
    """Two corrected months in the demo team's falls, so the audit trail has something to show."""
    team = Team.objects.get(name=DEMO_TEAM)
    corrected = list(Observation.objects.filter(team=team, measure=falls, period__in=months[-8:-6]))
    revisions = []
    for observation in corrected:
        assert observation.numerator is not None
        revisions.append(
            ObservationRevision(
                observation=observation, version=1, numerator=observation.numerator + 2,
                denominator=observation.denominator, value=None, comment="",
                entered_by=by, entered_at=observation.entered_at, replaced_by=by,
                replaced_at=observation.entered_at + dt.timedelta(days=6),
            )
        )  # fmt: skip
        observation.version = 2
        observation.entered_at = revisions[-1].replaced_at
        observation.comment = "Rettet: to fald var registreret to gange"
    ObservationRevision.objects.bulk_create(revisions)
    Observation.objects.bulk_update(corrected, ["version", "comment", "entered_at"])
