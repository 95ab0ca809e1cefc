"""``forbedring spc funnel``: every FunnelPlotR reference case matches to 1e-9, and bad input ends
in one clear line.

The cases (``../shared/reference/funnel/cases.csv``) were made with FunnelPlotR 0.6.0 in R 4.2.2;
each row holds the ``funnel_plot()`` call (``r_call``) and its arguments (``args_json``). The
expected file has one row per unit, the summary file the target and phi/tau2 as returned. All
eight limits are compared, PR limits the package's grid rule replaced included (the engine
reproduces that rule), and both outlier flags.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from forbedring.cli import app
from tests.reference import REFERENCE, numbers_match, parse_bool, parse_number, read_rows

FUNNEL = REFERENCE / "funnel"

requires_funnel_reference = pytest.mark.skipif(
    not (FUNNEL / "cases.csv").is_file(),
    reason=f"the shared FunnelPlotR reference cases are not here ({FUNNEL}); they live beside "
    "the repository on the team's machines and are not shipped",
)

# ours -> theirs ("99" is 99.8 % in FunnelPlotR's names)
LIMIT_COLUMNS = {
    "lcl95": "LCL95",
    "ucl95": "UCL95",
    "lcl998": "LCL99",
    "ucl998": "UCL99",
    "od_lcl95": "OD95LCL",
    "od_ucl95": "OD95UCL",
    "od_lcl998": "OD99LCL",
    "od_ucl998": "OD99UCL",
}
# (draw_unadjusted, draw_adjusted) -> --limits
LIMITS_OPTION = {
    (True, False): "unadjusted",
    (False, True): "overdispersed",
    (True, True): "both",
    (False, False): "none",
}


@dataclass(frozen=True)
class FunnelCase:
    case_id: str
    args: dict[str, Any]
    input_file: Path
    expected_file: Path
    summary_file: Path


def load_funnel_cases() -> list[FunnelCase]:
    path = FUNNEL / "cases.csv"
    if not path.is_file():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [
        FunnelCase(
            case_id=row["case_id"],
            args=json.loads(row["args_json"]),
            input_file=FUNNEL / row["input_file"],
            expected_file=FUNNEL / row["expected_file"],
            summary_file=FUNNEL / row["summary_file"],
        )
        for row in rows
    ]


CASES = load_funnel_cases()


def command_for(case: FunnelCase, output: Path, summary: Path) -> list[str]:
    """The ``forbedring spc funnel`` arguments equivalent to the case's R call."""
    a = case.args
    cmd = ["spc", "funnel", str(case.input_file), "--unit", a["group"]]
    cmd += ["--numerator", a["numerator"], "--denominator", a["denominator"]]
    cmd += ["--type", a["data_type"].lower(), "--sr-method", a["sr_method"].lower()]
    cmd += ["--trim", repr(float(a["trim_by"])), "--multiply", repr(float(a["multiplier"]))]
    cmd += ["--limits", LIMITS_OPTION[(a["draw_unadjusted"], a["draw_adjusted"])]]
    if not a["SHMI_rounding"]:
        cmd += ["--no-shmi-rounding"]
    return [*cmd, "-o", str(output), "--summary", str(summary)]


def compare_units(case: FunnelCase, actual_path: Path) -> list[str]:
    expected = read_rows(case.expected_file)
    actual = read_rows(actual_path)
    unit = case.args["group"]
    produced = {row[unit]: row for row in actual}
    multiplier = float(case.args["multiplier"])
    problems: list[str] = []
    if len(actual) != len(expected):
        problems.append(f"{len(actual)} rows, expected {len(expected)}")
    for row in expected:
        key = row["unit"]
        got = produced.get(key)
        if got is None:
            problems.append(f"no row for unit {key!r}")
            continue
        pairs = {"numerator": row["numerator"], "denominator": row["denominator"]}
        pairs["value"] = repr(parse_number(row["rr"]) * multiplier)
        pairs.update({ours: row[theirs] for ours, theirs in LIMIT_COLUMNS.items()})
        for ours, want in pairs.items():
            if not numbers_match(want, got[ours]):
                problems.append(f"{key} {ours}: expected {want}, got {got[ours]}")
        for flag in ("outlier95", "outlier998"):
            if parse_bool(row[flag]) != parse_bool(got[flag]):
                problems.append(f"{key} {flag}: expected {row[flag]}, got {got[flag]}")
    return problems


def compare_summary(case: FunnelCase, actual_path: Path) -> list[str]:
    expected = read_rows(case.summary_file)[0]
    actual = read_rows(actual_path)
    if len(actual) != 1:
        return [f"{len(actual)} summary rows, expected 1"]
    got = actual[0]
    problems = [
        f"{name}: expected {expected[name]}, got {got[name]}"
        for name in ("target", "phi", "tau2", "n_phi", "n_outliers95", "n_outliers998")
        if not numbers_match(expected[name], got[name])
    ]
    if got["outlier_limits"] != expected["outlier_limits"]:
        problems.append(
            f"outlier_limits: expected {expected['outlier_limits']}, got {got['outlier_limits']}"
        )
    return problems


@requires_funnel_reference
@pytest.mark.reference
@pytest.mark.parametrize("case", CASES, ids=[c.case_id for c in CASES])
def test_funnel_reference_case_matches(case: FunnelCase, tmp_path: Path) -> None:
    output, summary = tmp_path / "out.csv", tmp_path / "summary.csv"
    result = CliRunner().invoke(app, command_for(case, output, summary))
    assert result.exit_code == 0, result.output
    problems = compare_units(case, output) + compare_summary(case, summary)
    assert not problems, f"{case.case_id}: {len(problems)} differences:\n" + "\n".join(
        problems[:20]
    )


@requires_funnel_reference
def test_funnel_reference_cases_are_present() -> None:
    assert len(CASES) >= 19
    assert {c.args["data_type"] for c in CASES} == {"PR", "SR", "RC"}
    assert all(c.expected_file.is_file() and c.summary_file.is_file() for c in CASES)


# --- The command on small files of its own --------------------------------------------------


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(app, ["spc", "funnel", *args])


def error_of(result: Any) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


MUNICIPALITIES = (
    "kommune,falls,residents\n0101,12,400\n030001,3,150\n0101,8,100\n0219,40,600\nB,2,80\n"
)


def test_funnel_command_sums_rows_and_keeps_ids_as_text(tmp_path: Path) -> None:
    data = write(tmp_path / "falls.csv", MUNICIPALITIES)
    out, summary = tmp_path / "out.csv", tmp_path / "summary.csv"
    result = invoke(
        str(data), "--unit", "kommune", "--numerator", "falls", "--denominator", "residents",
        "--type", "pr", "--multiply", "100", "--limits", "both", "-o", str(out),
        "--summary", str(summary),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert list(rows[0]) == [
        "kommune", "numerator", "denominator", "value", "lcl95", "ucl95", "lcl998", "ucl998",
        "od_lcl95", "od_ucl95", "od_lcl998", "od_ucl998", "outlier95", "outlier998",
    ]  # fmt: skip
    # Byte order of the ids; 0101's two rows summed; zeros kept.
    assert [r["kommune"] for r in rows] == ["0101", "0219", "030001", "B"]
    assert (rows[0]["numerator"], rows[0]["denominator"]) == ("20", "500")
    assert float(rows[0]["value"]) == pytest.approx(4.0)
    assert float(rows[0]["lcl95"]) < float(rows[0]["value"]) < float(rows[0]["ucl95"])
    assert {r["outlier95"] for r in rows} <= {"true", "false"}
    only = read_rows(summary)
    assert len(only) == 1
    assert float(only[0]["target"]) == pytest.approx(65 / 1330)  # pooled, not multiplied
    assert list(only[0])[:3] == ["target", "phi", "tau2"]
    assert only[0]["outlier_limits"] == "adjusted"


def test_funnel_command_reads_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    data = write(tmp_path / "sr.csv", "enhed;observeret;forventet\n01;12;10,5\n02;7;9,25\n03;9;8\n")
    out = tmp_path / "out.csv"
    result = invoke(
        str(data), "--unit", "enhed", "--numerator", "observeret", "--denominator", "forventet",
        "--type", "SR", "--limits", "unadjusted", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert rows[1]["denominator"] == "9.25"
    assert float(rows[0]["value"]) == pytest.approx(12 / 10.5)


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--type", "xr"], '--type: expected one of pr, sr, rc, got "xr"'),
        (["--type", "sr", "--sr-method", "dsr"], "--sr-method"),
        (["--type", "pr", "--limits", "all"], "--limits"),
        (["--type", "pr", "--trim", "0.5"], "--trim"),
        (["--type", "pr", "--multiply", "0"], "--multiply"),
    ],
)
def test_funnel_command_bad_option_is_one_line(
    tmp_path: Path, arguments: list[str], expected: str
) -> None:
    data = write(tmp_path / "falls.csv", MUNICIPALITIES)
    columns = ["--unit", "kommune", "--numerator", "falls", "--denominator", "residents"]
    message = error_of(invoke(str(data), *columns, *arguments, "-o", str(tmp_path / "o.csv")))
    assert expected in message


def test_funnel_command_missing_column_is_named(tmp_path: Path) -> None:
    data = write(tmp_path / "falls.csv", MUNICIPALITIES)
    columns = ["--unit", "kommune", "--numerator", "fald", "--denominator", "residents"]
    message = error_of(invoke(str(data), *columns, "--type", "pr", "-o", str(tmp_path / "o")))
    assert 'no column "fald"' in message


@pytest.mark.parametrize(
    ("line", "data_type", "expected"),
    [
        ("0301,,100", "pr", 'line 3, column "falls": a funnel plot needs a number on every row'),
        ("0301,NA,100", "pr", 'line 3, column "falls": a funnel plot needs a number'),
        ("0301,4,-100", "pr", 'line 3, column "residents": a denominator cannot be negative'),
        ("0301,many,100", "pr", 'line 3, column "falls": expected a number, got "many"'),
        ("0301,4,Inf", "pr", 'line 3, column "residents": expected a finite number'),
        (",4,100", "pr", 'line 3, column "kommune": every row needs a unit id'),
        ("0301,0,0", "pr", 'unit "0301": the denominator sums to 0'),
        ("0301,120,100", "pr", 'unit "0301": the numerator (120) exceeds the denominator'),
        ("0301,1,0.004", "sr", 'unit "0301": the expected count 0.004 rounds to 0.00'),
    ],
)
def test_funnel_command_bad_row_names_line_or_unit(
    tmp_path: Path, line: str, data_type: str, expected: str
) -> None:
    data = write(tmp_path / "bad.csv", "kommune,falls,residents\n0101,3,50\n" + line + "\n")
    columns = ["--unit", "kommune", "--numerator", "falls", "--denominator", "residents"]
    message = error_of(
        invoke(str(data), *columns, "--type", data_type, "-o", str(tmp_path / "o.csv"))
    )
    assert expected in message


def test_funnel_command_zero_row_is_fine_when_the_unit_total_is_not(tmp_path: Path) -> None:
    data = write(tmp_path / "z.csv", "u,o,n\nA,0,0\nA,3,30\nB,5,40\nC,2,10\n")
    out = tmp_path / "out.csv"
    result = invoke(
        str(data), "--unit", "u", "--numerator", "o", "--denominator", "n", "--type", "rc",
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert read_rows(out)[0]["denominator"] == "30"


def test_funnel_command_empty_file_is_refused(tmp_path: Path) -> None:
    data = write(tmp_path / "empty.csv", "u,o,n\n")
    columns = ["--unit", "u", "--numerator", "o", "--denominator", "n", "--type", "pr"]
    message = error_of(invoke(str(data), *columns, "-o", str(tmp_path / "o.csv")))
    assert "no rows" in message
