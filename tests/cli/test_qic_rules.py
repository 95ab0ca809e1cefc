"""``forbedring spc qic --rules``: the IHI run chart rules from the command line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forbedring.cli import EXIT_BAD_INPUT, app

EXISTING_COLUMNS = [
    "x",
    "y",
    "n",
    "cl",
    "lcl",
    "ucl",
    "part",
    "baseline",
    "include",
    "n_useful",
    "longest_run",
    "longest_run_max",
    "n_crossings",
    "n_crossings_min",
    "runs_signal",
    "sigma_signal",
]
IHI_COLUMNS = ["shift", "trend", "n_runs", "runs_lower", "runs_upper"]

# Twenty months around a median of 5: ten alternating, a rise of five (months 11-15: 1, 3, 4,
# 7, 9), then five alternating again. 16 runs (the upper limit for 20 useful points, so not too
# many), no run of six on one side, one trend.
VALUES = [4, 7, 3, 8, 2, 9, 3, 8, 2, 9, 1, 3, 4, 7, 9, 6, 2, 8, 3, 7]


def write_input(path: Path, values: list[float], unit: str | None = None) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["month", "value", *(["unit"] if unit is not None else [])])
        for month, value in enumerate(values, start=1):
            writer.writerow([month, value, *([unit] if unit is not None else [])])
    return path


def run(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["spc", "qic", *args])
    return result.exit_code, result.output


def read_output(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def qic_args(source: Path, output: Path, *extra: str, chart: str = "run") -> list[str]:
    return [str(source), "--x", "month", "--y", "value", "--chart", chart, "-o", str(output)]


def test_qic_rules_ihi_adds_columns_after_the_existing_ones(tmp_path: Path) -> None:
    source = write_input(tmp_path / "in.csv", VALUES)
    output = tmp_path / "out.csv"
    code, text = run([*qic_args(source, output), "--rules", "ihi"])
    assert code == 0, text
    header, rows = read_output(output)
    assert header == EXISTING_COLUMNS + IHI_COLUMNS
    assert [row["trend"] for row in rows] == ["false"] * 10 + ["true"] * 5 + ["false"] * 5
    assert {row["cl"] for row in rows} == {"5"}
    assert {row["n_runs"] for row in rows} == {"16"}
    assert {(row["runs_lower"], row["runs_upper"]) for row in rows} == {("6", "16")}
    assert {row["runs_signal"] for row in rows} == {"true"}


def test_qic_rules_ihi_shift_and_no_limit_below_ten_useful_points(tmp_path: Path) -> None:
    # Eight points against a fixed centre line of 5: six above in a row, then two below.
    source = write_input(tmp_path / "in.csv", [9, 8, 9, 8, 9, 8, 1, 0])
    output = tmp_path / "out.csv"
    code, text = run([*qic_args(source, output), "--rules", "ihi", "--cl", "5"])
    assert code == 0, text
    _, rows = read_output(output)
    assert [row["shift"] for row in rows] == ["true"] * 6 + ["false"] * 2
    assert {(row["runs_lower"], row["runs_upper"]) for row in rows} == {("", "")}
    assert {row["runs_signal"] for row in rows} == {"true"}


def test_qic_rules_ihi_analyses_phases_and_facets_separately(tmp_path: Path) -> None:
    # Unit a is VALUES, unit b the same months in reverse order; phases end after month 12.
    source = tmp_path / "in.csv"
    with source.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["month", "value", "unit"])
        for unit, values in (("a", VALUES), ("b", VALUES[::-1])):
            for month, value in enumerate(values, start=1):
                writer.writerow([month, value, unit])
    output = tmp_path / "out.csv"
    code, text = run(
        [*qic_args(source, output), "--rules", "ihi", "--facet", "unit", "--part", "12"]
    )
    assert code == 0, text
    header, rows = read_output(output)
    assert header == ["unit", *EXISTING_COLUMNS, *IHI_COLUMNS]
    trend = {u: [r["trend"] for r in rows if r["unit"] == u] for u in ("a", "b")}
    # a: the rise of months 11-15 is cut at month 12 (1, 3 | 4, 7, 9): no trend of five.
    assert trend["a"] == ["false"] * 20
    # b: 9, 7, 4, 3, 1 in months 6-10 fall within phase 1.
    assert trend["b"] == ["false"] * 5 + ["true"] * 5 + ["false"] * 10
    assert [r["part"] for r in rows if r["unit"] == "b"] == ["1"] * 12 + ["2"] * 8


def test_qic_rules_default_output_is_unchanged(tmp_path: Path) -> None:
    source = write_input(tmp_path / "in.csv", VALUES)
    default, explicit = tmp_path / "default.csv", tmp_path / "anhoej.csv"
    assert run(qic_args(source, default))[0] == 0
    assert run([*qic_args(source, explicit), "--rules", "anhoej"])[0] == 0
    header, _ = read_output(default)
    assert header == EXISTING_COLUMNS
    assert default.read_bytes() == explicit.read_bytes()


def test_qic_rules_ihi_keeps_the_anhoej_columns(tmp_path: Path) -> None:
    source = write_input(tmp_path / "in.csv", VALUES)
    anhoej, ihi = tmp_path / "anhoej.csv", tmp_path / "ihi.csv"
    assert run(qic_args(source, anhoej))[0] == 0
    assert run([*qic_args(source, ihi), "--rules", "ihi"])[0] == 0
    _, anhoej_rows = read_output(anhoej)
    _, ihi_rows = read_output(ihi)
    kept = [c for c in EXISTING_COLUMNS if c != "runs_signal"]
    assert [[r[c] for c in kept] for r in ihi_rows] == [[r[c] for c in kept] for r in anhoej_rows]


@pytest.mark.parametrize("value", ["IHI", "nelson", ""])
def test_qic_rules_unknown_value_exits_2(tmp_path: Path, value: str) -> None:
    source = write_input(tmp_path / "in.csv", VALUES)
    output = tmp_path / "out.csv"
    code, text = run([*qic_args(source, output), "--rules", value])
    assert code == EXIT_BAD_INPUT
    assert text == f'error: --rules: expected one of anhoej, ihi, got "{value}"\n'
    assert not output.exists()


@pytest.mark.parametrize("chart", ["i", "c", "mr"])
def test_qic_rules_ihi_with_control_chart_exits_2(tmp_path: Path, chart: str) -> None:
    source = write_input(tmp_path / "in.csv", VALUES)
    output = tmp_path / "out.csv"
    code, text = run([*qic_args(source, output, chart=chart), "--rules", "ihi"])
    assert code == EXIT_BAD_INPUT
    assert text.count("\n") == 1
    assert text.startswith("error: --rules ihi: the IHI rules apply to run charts only")
    assert not output.exists()
