"""``forbedring spc mdc``: every NHSRplotthedots reference case matches to 1e-9, and bad input
ends in one clear line.

The cases (``../shared/reference/cases.csv``, fn ``ptd_spc``) were made with NHSRplotthedots 0.2.2
in R 4.2.2: the expected file is the ``ptd_spc()`` data frame, the summary file its
``summary()`` with the icons of ``ptd_get_icons()``. The command's own behaviour (per-facet
options, missing values, input errors) is tested below them on small files written here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from forbedring.cli import app
from tests.reference import (
    MISSING,
    Case,
    load_cases,
    numbers_match,
    read_rows,
    requires_reference,
    x_key,
)

CASES = load_cases("ptd_spc")

NO_FACET = "no facet"
# ours -> theirs
POINT_NUMBERS = {"y": "y", "mean": "mean_col", "lpl": "lpl", "upl": "upl"}
SUMMARY_NUMBERS = {
    "mean": "mean_col",
    "lpl": "lpl",
    "upl": "upl",
    "n": "n",
    "common_cause": "common_cause",
    "special_cause_improvement": "special_cause_improvement",
    "special_cause_concern": "special_cause_concern",
}
SUMMARY_LABELS = {"variation_icon": "variation_icon", "assurance_icon": "assurance_icon"}


def expected_point_type(text: str) -> str:
    """ptd's two neutral point types are one in the command's output."""
    return "special_cause_neutral" if text.startswith("special_cause_neutral") else text


def label(text: str) -> str:
    return "" if text.strip() in MISSING else text.strip()


def _as_list(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def command_for(case: Case, output: Path, summary: Path) -> list[str]:
    """The ``forbedring spc mdc`` arguments equivalent to the case's R call."""
    a = case.args
    cmd = ["spc", "mdc", str(case.input_file), "--value", a["value_field"]]
    cmd += ["--date", a["date_field"], "-o", str(output), "--summary", str(summary)]
    if a.get("facet_field"):
        cmd += ["--facet", a["facet_field"]]
    if a.get("improvement_direction"):
        cmd += ["--improvement", a["improvement_direction"]]
    target = a.get("target")
    if isinstance(target, dict):
        for facet, value in target.items():
            cmd += ["--target", f"{facet}={float(value)!r}"]
    elif target is not None:
        cmd += ["--target", repr(float(target))]
    rebase = a.get("rebase")
    if isinstance(rebase, dict):
        for facet, dates in rebase.items():
            cmd += [arg for d in _as_list(dates) for arg in ("--rebase", f"{facet}={d}")]
    elif rebase is not None:
        cmd += [arg for d in _as_list(rebase) for arg in ("--rebase", d)]
    if a.get("fix_after_n_points") is not None:
        cmd += ["--fix-after", str(int(a["fix_after_n_points"]))]
    if a.get("screen_outliers") is False:
        cmd += ["--no-screen"]
    return cmd


def compare_points(case: Case, actual_path: Path) -> list[str]:
    facet = case.args.get("facet_field")
    expected = read_rows(case.expected_file)
    actual = read_rows(actual_path)
    produced = {(row[facet] if facet else NO_FACET, x_key(row["x"])): row for row in actual}
    problems: list[str] = []
    if len(actual) != len(expected):
        problems.append(f"{len(actual)} rows, expected {len(expected)}")
    for row in expected:
        key = (row["f"], x_key(row["x"]))
        got = produced.get(key)
        if got is None:
            problems.append(f"no row for {key}")
            continue
        for ours, theirs in POINT_NUMBERS.items():
            if not numbers_match(row[theirs], got[ours]):
                problems.append(f"{key} {ours}: expected {row[theirs]}, got {got[ours]}")
        want = expected_point_type(row["point_type"])
        if got["point_type"] != want:
            problems.append(f"{key} point_type: expected {want}, got {got['point_type']}")
    return problems


def compare_summary(case: Case, actual_path: Path) -> list[str]:
    assert case.summary_file is not None
    facet = case.args.get("facet_field")
    expected = read_rows(case.summary_file)
    actual = read_rows(actual_path)
    produced = {(row[facet] if facet else NO_FACET, row["rebase_group"]): row for row in actual}
    problems: list[str] = []
    if len(actual) != len(expected):
        problems.append(f"{len(actual)} summary rows, expected {len(expected)}")
    for row in expected:
        key = (row["f"], row["rebase_group"])
        got = produced.get(key)
        if got is None:
            problems.append(f"no summary row for {key}")
            continue
        for ours, theirs in SUMMARY_NUMBERS.items():
            if not numbers_match(row[theirs], got[ours]):
                problems.append(f"{key} {ours}: expected {row[theirs]}, got {got[ours]}")
        for ours, theirs in SUMMARY_LABELS.items():
            if label(row[theirs]) != label(got[ours]):
                problems.append(f"{key} {ours}: expected {row[theirs]!r}, got {got[ours]!r}")
    return problems


@requires_reference
@pytest.mark.reference
@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_mdc_reference_case_matches(case: Case, tmp_path: Path) -> None:
    output, summary = tmp_path / "out.csv", tmp_path / "summary.csv"
    result = CliRunner().invoke(app, command_for(case, output, summary))
    assert result.exit_code == 0, result.output
    problems = compare_points(case, output) + compare_summary(case, summary)
    assert not problems, f"{case.case_id}: {len(problems)} differences:\n" + "\n".join(
        problems[:20]
    )


@requires_reference
def test_mdc_reference_cases_are_present() -> None:
    assert len(CASES) >= 15
    assert all(case.summary_file is not None for case in CASES)


# --- The command on small files of its own --------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def two_wards(tmp_path: Path) -> Path:
    """Wards 007 and 012, 14 months each of a measure alternating 40/60 (limits -3.2..103.2)."""
    lines = ["month,ward,score"]
    for ward in ("007", "012"):
        for month in range(1, 15):
            year, m = 2020 + (month - 1) // 12, (month - 1) % 12 + 1
            lines.append(f"{year}-{m:02d}-01,{ward},{40 if month % 2 else 60}")
    return write(tmp_path / "wards.csv", "\n".join(lines) + "\n")


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["spc", "mdc", *args])


def test_mdc_command_per_facet_target_and_rebase(tmp_path: Path) -> None:
    data = two_wards(tmp_path)
    out, summary = tmp_path / "out.csv", tmp_path / "summary.csv"
    result = invoke(
        str(data), "--value", "score", "--date", "month", "--facet", "ward",
        "--target", "007=-10", "--rebase", "012=2020-08-01", "--rebase", "2019-01-01",
        "-o", str(out), "--summary", str(summary),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert len(rows) == 28
    assert list(rows[0]) == ["ward", "x", "y", "mean", "lpl", "upl", "point_type"]
    assert rows[0]["ward"] == "007"  # text: the leading zeros stay
    assert rows[0]["x"] == "2020-01-01"
    groups = [(r["ward"], r["rebase_group"], r["assurance_icon"]) for r in read_rows(summary)]
    # Ward 012 has no target while 007 has one: "inconsistent", as NHSRplotthedots says.
    assert groups == [("007", "0", "pass"), ("012", "0", ""), ("012", "1", "inconsistent")]


def test_mdc_command_missing_value_and_neutral(tmp_path: Path) -> None:
    lines = ["d,v"] + [f"2021-01-{day:02d},{v}" for day, v in enumerate([5, 7] * 7, start=1)]
    lines[4] = "2021-01-04,NA"
    lines[-1] = "2021-01-14,30"
    data = write(tmp_path / "v.csv", "\n".join(lines) + "\n")
    out, summary = tmp_path / "out.csv", tmp_path / "summary.csv"
    result = invoke(
        str(data), "--value", "v", "--date", "d", "--improvement", "neutral", "--target", "6",
        "-o", str(out), "--summary", str(summary),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert rows[3]["y"] == ""
    assert rows[3]["point_type"] == "common_cause"
    assert rows[-1]["point_type"] == "special_cause_neutral"
    only = read_rows(summary)[0]
    assert (only["variation_icon"], only["assurance_icon"]) == ("neutral_high", "")
    assert next(iter(only)) == "rebase_group"  # no facet column without --facet


def error_of(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--value", "nope", "--date", "month"], 'no column "nope"'),
        (["--value", "score", "--date", "score"], 'column "score": expected dates'),
        (["--value", "score", "--date", "month", "--fix-after", "11"], "at least 12 points"),
        (["--value", "score", "--date", "month", "--improvement", "up"], "--improvement"),
        (["--value", "score", "--date", "month", "--target", "high"], '--target "high"'),
        (["--value", "score", "--date", "month", "--target", "007=1"], "needs --facet"),
        (["--value", "score", "--date", "month", "--target", "1", "--target", "2"], "at most one"),
        (
            ["--value", "score", "--date", "month", "--facet", "ward", "--target", "009=1"],
            'no facet "009" in column "ward"',
        ),
        (
            ["--value", "score", "--date", "month", "--facet", "ward", "--target", "007=x"],
            'expected a number or FACET=NUMBER, got "x"',
        ),
        (["--value", "score", "--date", "month", "--rebase", "1/2/2020"], "expected a date"),
        (
            [
                "--value",
                "score",
                "--date",
                "month",
                "--facet",
                "ward",
                "--rebase",
                "012=2020-02-30",
            ],
            "is not a date",
        ),
        # Without --facet the two wards share dates: the first repeat is named.
        (["--value", "score", "--date", "month"], 'line 16, column "month": duplicate date'),
    ],
)
def test_mdc_command_bad_option_is_one_line(
    tmp_path: Path, arguments: list[str], expected: str
) -> None:
    data = two_wards(tmp_path)
    message = error_of(invoke(str(data), *arguments, "-o", str(tmp_path / "out.csv")))
    assert expected in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2020-03-01,007,lots", 'line 4, column "score": expected a number, got "lots"'),
        ("2020-13-01,007,50", 'line 4, column "month": expected a date'),
        (",007,50", 'line 4, column "month": a date is needed on every row'),
        ("2020-02-01,007,50", 'line 4, column "month": duplicate date 2020-02-01 in facet "007"'),
        ("2020-03-01,007,Inf", 'line 4, column "score": expected a finite number'),
    ],
)
def test_mdc_command_bad_row_names_line_and_column(
    tmp_path: Path, line: str, expected: str
) -> None:
    text = "month,ward,score\n2020-01-01,007,40\n2020-02-01,007,60\n" + line + "\n"
    data = write(tmp_path / "bad.csv", text)
    arguments = ["--value", "score", "--date", "month", "--facet", "ward"]
    message = error_of(invoke(str(data), *arguments, "-o", str(tmp_path / "out.csv")))
    assert expected in message
