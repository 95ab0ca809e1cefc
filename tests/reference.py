"""The shared reference cases (qicharts2 and NHSRplotthedots outputs) and how to compare with them.

The cases live in ``../shared/reference`` beside the repository, which a clone on a user's own
machine does not have: tests that use them skip, saying so. The data are other people's and are
never copied into the repository.
"""

from __future__ import annotations

import csv
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FORBEDRING_SHARED", REPOSITORY.parent / "shared"))
REFERENCE = SHARED / "reference"
DATA = SHARED / "data"

RELATIVE_TOLERANCE = 1e-9
MISSING = {"", "NA", "NaN", "nan"}

requires_reference = pytest.mark.skipif(
    not (REFERENCE / "cases.csv").is_file(),
    reason=f"the shared reference cases are not here ({REFERENCE}); they live beside the "
    "repository on the team's machines and are not shipped",
)
requires_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the shared data sets are not here ({DATA})"
)


@dataclass(frozen=True)
class Case:
    case_id: str
    fn: str
    chart: str
    x_type: str
    args: dict[str, Any]
    options: dict[str, Any]
    input_file: Path
    expected_file: Path
    summary_file: Path | None


def load_cases(fn: str) -> list[Case]:
    """Every case of one function (``qic`` or ``ptd_spc``); empty when the cases are absent."""
    path = REFERENCE / "cases.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["fn"] == fn]
    return [
        Case(
            case_id=row["case_id"],
            fn=row["fn"],
            chart=row["chart"],
            x_type=row["x_type"],
            args=json.loads(row["args_json"]),
            options=json.loads(row["options_json"] or "{}"),
            input_file=REFERENCE / row["input_file"],
            expected_file=REFERENCE / row["expected_file"],
            summary_file=REFERENCE / row["summary_file"] if row["summary_file"] else None,
        )
        for row in rows
    ]


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def parse_number(text: str) -> float:
    """A CSV cell as a float: missing (empty, NA, NaN) is NaN; Inf and -Inf as infinities."""
    text = text.strip()
    if text in MISSING:
        return math.nan
    return float(text)


def parse_bool(text: str) -> bool | None:
    lowered = text.strip().lower()
    if lowered in {"true", "1"}:
        return True
    if lowered in {"false", "0"}:
        return False
    if lowered in {"", "na"}:
        return None
    raise AssertionError(f"not a boolean: {text!r}")


def numbers_match(expected: str, actual: str) -> bool:
    """Equal within a relative 1e-9; missing matches missing; infinities must be identical."""
    a, b = parse_number(expected), parse_number(actual)
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= RELATIVE_TOLERANCE * max(abs(a), abs(b))


def x_key(text: str) -> str:
    """x as a comparable key: dates and labels as text, numbers normalised (``1`` == ``1.0``)."""
    text = text.strip()
    try:
        return repr(float(text))
    except ValueError:
        return text
