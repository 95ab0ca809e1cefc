"""Demo data made by the project: monthly measures of four nursing homes in a made-up municipality.

The numbers are simulated from fixed seeds (no real persons, no other people's data sets) and
shaped like what a Danish or Norwegian nursing home reports in a patient-safety programme:

- falls per 1,000 resident-days (U chart), two homes introduce a falls bundle mid-way;
- days between new pressure ulcers (G chart), one home starts a prevention bundle;
- medication reconciliation within 24 hours of admission (P chart), improving step by step;
- weight checked in the month, for nutrition screening (P chart), stable.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

import numpy as np

MONTHS = 36
FIRST_MONTH = dt.date(2023, 1, 1)
# The month (0-based) in which the improving homes start their bundles: July 2024.
BUNDLE_START = 18


@dataclass(frozen=True)
class Home:
    name: str
    residents: int
    falls_rate: float  # falls per 1,000 resident-days before any bundle
    falls_bundle: bool
    ulcer_rate: float  # new pressure ulcers per month before any bundle
    ulcer_bundle: bool


HOMES = (
    Home("Solgården", 64, 8.0, True, 0.9, True),
    Home("Egebakken", 48, 6.5, False, 0.6, False),
    Home("Fjordhuset", 80, 9.0, True, 1.1, False),
    Home("Lindehøj", 36, 5.5, False, 0.4, False),
)


def month_starts(count: int = MONTHS) -> list[dt.date]:
    months = []
    year, month = FIRST_MONTH.year, FIRST_MONTH.month
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@dataclass(frozen=True)
class MonthlyRow:
    home: str
    month: dt.date
    numerator: int
    denominator: int


def falls(seed: int = 1) -> list[MonthlyRow]:
    """Falls and resident-days per home and month; the bundle cuts the rate by about 45 %."""
    rng = np.random.default_rng(seed)
    rows = []
    for home in HOMES:
        for index, month in enumerate(month_starts()):
            days_in_month = calendar.monthrange(month.year, month.month)[1]
            occupancy = rng.uniform(0.9, 1.0)
            resident_days = round(home.residents * days_in_month * occupancy)
            after = home.falls_bundle and index >= BUNDLE_START
            rate = home.falls_rate * (0.55 if after else 1.0)
            count = int(rng.poisson(rate * resident_days / 1000))
            rows.append(MonthlyRow(home.name, month, count, resident_days))
    return rows


@dataclass(frozen=True)
class EventRow:
    home: str
    event: int
    date: dt.date
    days_between: int


def pressure_ulcers(seed: int = 2) -> list[EventRow]:
    """Dates of new pressure ulcers per home and the days since the previous one."""
    rng = np.random.default_rng(seed)
    start = FIRST_MONTH
    end = month_starts(MONTHS + 1)[-1]
    bundle_date = month_starts()[BUNDLE_START]
    rows = []
    for home in HOMES:
        day, previous, event = start, start, 0
        while True:
            rate = home.ulcer_rate / 30.4 * (0.3 if home.ulcer_bundle and day >= bundle_date else 1)
            day = day + dt.timedelta(days=max(1, int(rng.exponential(1 / rate))))
            if day >= end:
                break
            event += 1
            rows.append(EventRow(home.name, event, day, (day - previous).days))
            previous = day
    return rows


def medication_reconciliation(seed: int = 3) -> list[MonthlyRow]:
    """Admissions with medication reconciled within 24 hours; compliance rises in three steps."""
    rng = np.random.default_rng(seed)
    rows = []
    for home in HOMES:
        for index, month in enumerate(month_starts()):
            admissions = int(rng.integers(4, 4 + home.residents // 6))
            level = 0.55 if index < 12 else 0.72 if index < 24 else 0.88
            rows.append(
                MonthlyRow(home.name, month, int(rng.binomial(admissions, level)), admissions)
            )
    return rows


def weight_checked(seed: int = 4) -> list[MonthlyRow]:
    """Residents weighed in the month (nutrition screening); common-cause variation only."""
    rng = np.random.default_rng(seed)
    rows = []
    for home in HOMES:
        for month in month_starts():
            residents = home.residents - int(rng.integers(0, 4))
            rows.append(MonthlyRow(home.name, month, int(rng.binomial(residents, 0.8)), residents))
    return rows
