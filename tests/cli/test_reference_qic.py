"""Every qicharts2 reference case, replayed through ``forbedring spc qic``, matches to 1e-9.

The cases (``../shared/reference/cases.csv``) were made with qicharts2 0.8.1 in R 4.2.2; each
row records the R call (``r_call``) whose ``return.data`` is the expected file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from forbedring.cli import app
from tests.reference import (
    Case,
    load_cases,
    numbers_match,
    parse_bool,
    read_rows,
    requires_reference,
    x_key,
)

CASES = load_cases("qic")

NUMBER_COLUMNS = {
    "y": "y",
    "n": "n",
    "cl": "cl",
    "lcl": "lcl",
    "ucl": "ucl",
    "part": "part",
    "n_useful": "n.useful",
    "longest_run": "longest.run",
    "longest_run_max": "longest.run.max",
    "n_crossings": "n.crossings",
    "n_crossings_min": "n.crossings.min",
}
BOOL_COLUMNS = {
    "baseline": "baseline",
    "include": "include",
    "runs_signal": "runs.signal",
    "sigma_signal": "sigma.signal",
}


def facet_columns(args: dict[str, object]) -> list[str]:
    """R's ``all.vars(facets)``: ``a ~ b`` gives facet1 = a and facet2 = b; ``~ a`` gives a."""
    formula = args.get("facets")
    if not formula:
        return []
    assert isinstance(formula, str)
    return [name.strip() for name in formula.replace("~", " ").split() if name.strip()]


def command_for(case: Case, output: Path) -> list[str]:
    """The ``forbedring spc qic`` arguments equivalent to the case's R call."""
    a = case.args
    cmd = ["spc", "qic", str(case.input_file), "--x", a["x"], "--y", a["y"], "--chart", a["chart"]]
    cmd += ["-o", str(output)]
    if a.get("n"):
        cmd += ["--n", a["n"]]
    for point in a.get("part") or []:
        cmd += ["--part", str(point)]
    if a.get("part_column"):
        cmd += ["--part-column", a["part_column"]]
    if a.get("freeze") is not None:
        cmd += ["--freeze", str(a["freeze"])]
    for point in a.get("exclude") or []:
        cmd += ["--exclude", str(point)]
    if a.get("multiply", 1) != 1:
        cmd += ["--multiply", repr(float(a["multiply"]))]
    for name in facet_columns(a):
        cmd += ["--facet", name]
    if a.get("agg.fun", "mean") != "mean":
        cmd += ["--agg", a["agg.fun"]]
    if a.get("cl") is not None:
        cmd += ["--cl", repr(float(a["cl"]))]
    if a.get("y.neg") is False:
        cmd += ["--no-negative"]
    if case.options.get("qic.screenedmr") is False:
        cmd += ["--no-screen-mr"]
    if a.get("method", "anhoej") != "anhoej":
        cmd += ["--method", a["method"]]
    return cmd


def compare(case: Case, actual_path: Path) -> list[str]:
    """Every difference between the expected and the produced table, as readable lines."""
    facets = facet_columns(case.args)
    expected = read_rows(case.expected_file)
    actual = read_rows(actual_path)

    def key(row: dict[str, str], names: list[str]) -> tuple[str, ...]:
        return (*[row[n] for n in names], x_key(row["x"]))

    expected_facets = ["facet1", "facet2"][: len(facets)]
    produced = {key(row, facets): row for row in actual}
    problems: list[str] = []
    if len(actual) != len(expected):
        problems.append(f"{len(actual)} rows, expected {len(expected)}")
    for row in expected:
        k = key(row, expected_facets)
        got = produced.get(k)
        if got is None:
            problems.append(f"no row for {k}")
            continue
        for ours, theirs in NUMBER_COLUMNS.items():
            if not numbers_match(row[theirs], got[ours]):
                problems.append(f"{k} {ours}: expected {row[theirs]}, got {got[ours]}")
        for ours, theirs in BOOL_COLUMNS.items():
            if parse_bool(row[theirs]) != parse_bool(got[ours]):
                problems.append(f"{k} {ours}: expected {row[theirs]}, got {got[ours]}")
    return problems


@requires_reference
@pytest.mark.reference
@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_qic_reference_case_matches(case: Case, tmp_path: Path) -> None:
    output = tmp_path / "out.csv"
    result = CliRunner().invoke(app, command_for(case, output))
    assert result.exit_code == 0, result.output
    problems = compare(case, output)
    assert not problems, f"{case.case_id}: {len(problems)} differences:\n" + "\n".join(
        problems[:20]
    )


@requires_reference
def test_qic_reference_cases_are_present() -> None:
    assert len(CASES) >= 50
