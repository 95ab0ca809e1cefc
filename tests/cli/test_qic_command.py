"""``forbedring spc qic`` as an analyst uses it: real-world CSV files and clear errors."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forbedring.cli import app

runner = CliRunner()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["spc", "qic", *args])
    return result.exit_code, result.output


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def falls(tmp_path: Path) -> Path:
    lines = ["month,falls,bed_days,home"]
    for home, base in (("030001", 5), ("030002", 9)):
        for m in range(1, 13):
            lines.append(f"2025-{m:02d}-01,{base + m % 3},{900 + m},{home}")
    return write(tmp_path / "falls.csv", "\n".join(lines) + "\n")


def test_qic_command_writes_one_row_per_facet_and_month(falls: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    code, output = run(
        str(falls),
        "--x",
        "month",
        "--y",
        "falls",
        "--n",
        "bed_days",
        "--chart",
        "u",
        "--multiply",
        "1000",
        "--facet",
        "home",
        "-o",
        str(out),
    )
    assert code == 0, output
    table = rows(out)
    assert len(table) == 24
    assert list(table[0])[:3] == ["home", "x", "y"]
    assert {r["home"] for r in table} == {"030001", "030002"}  # leading zeros kept
    assert table[0]["x"] == "2025-01-01"
    assert float(table[0]["y"]) == pytest.approx(6 / 901 * 1000)
    assert table[0]["runs_signal"] in {"true", "false"}


def test_qic_command_reads_danish_semicolon_decimal_comma_with_bom(tmp_path: Path) -> None:
    text = "\ufeffDato;Værdi\n" + "".join(
        f"{d:02d}.01.2025;{v}\n" for d, v in ((1, "1,5"), (2, "2,5"), (3, "2"), (4, "3,5"))
    )
    src = write(tmp_path / "dansk.csv", text)
    out = tmp_path / "out.csv"
    code, output = run(str(src), "--x", "Dato", "--y", "Værdi", "--chart", "i", "-o", str(out))
    assert code == 0, output
    table = rows(out)
    assert [r["x"] for r in table] == ["2025-01-01", "2025-01-02", "2025-01-03", "2025-01-04"]
    assert float(table[0]["cl"]) == pytest.approx(2.375)


def test_qic_command_reads_windows_1252(tmp_path: Path) -> None:
    src = write(
        tmp_path / "cp.csv", "uge;fald;afdeling\n1;2;Ærøhjemmet\n2;3;Ærøhjemmet\n", "cp1252"
    )
    out = tmp_path / "out.csv"
    code, output = run(
        str(src), "--x", "uge", "--y", "fald", "--chart", "c", "--facet", "afdeling", "-o", str(out)
    )
    assert code == 0, output
    assert rows(out)[0]["afdeling"] == "Ærøhjemmet"


@pytest.mark.parametrize(
    ("text", "args", "message"),
    [
        ("t,y\n1,2\n", ["--y", "value"], 'no column "value"'),
        ("t,y\n1,2\n2,abc\n", [], 'line 3, column "y": expected a number, got "abc"'),
        ("t,y\n1,2\n2,-1\n", ["--chart", "c"], 'line 3, column "y": a c chart counts events'),
        ("t,y,n\n1,5,4\n", ["--chart", "p", "--n", "n"], "numerator cannot exceed the denominator"),
        ("t,y,n\n1,1,-4\n", ["--chart", "u", "--n", "n"], "denominator cannot be negative"),
        ("t,y\n1,2\n", ["--chart", "p"], "a p chart needs denominators"),
        ("t,y\n1,2\n2,0\n", ["--chart", "t"], 'line 3, column "y": a t chart needs times'),
        ("t,y\n1,2\n", ["--chart", "bar"], 'unknown chart type "bar"'),
        ("t,y\n1,2\n", ["--agg", "max"], "--agg: expected one of mean, median, sum"),
        ("t,y\n1,2\n", ["--method", "box"], "--method: expected one of anhoej"),
        ("t,y\n2025-01-01,2\n2025-13-01,3\n", [], 'line 3, column "t": expected a date'),
        ("t,y,f\n1,2,a\n", ["--facet", "f", "--facet", "f", "--facet", "f"], "at most two"),
        ("t,y\n1,2\n", ["--freeze", "0"], "--freeze: expected a point number of 1 or more"),
        ("t,y\n1,2\n", ["--part", "-3"], "--part: expected a point number of 1 or more"),
    ],
)
def test_qic_command_bad_input_exits_2_with_one_clear_line(
    tmp_path: Path, text: str, args: list[str], message: str
) -> None:
    src = write(tmp_path / "in.csv", text)
    base = {"--x": "t", "--y": "y", "--chart": "run"}
    for flag in ("--y", "--chart"):
        if flag in args:
            base.pop(flag)
    argv = [str(src), *[v for kv in base.items() for v in kv], *args, "-o", str(tmp_path / "o.csv")]
    code, output = run(*argv)
    assert code == 2, output
    assert message in output
    assert "Traceback" not in output


def test_qic_command_missing_file_exits_2(tmp_path: Path) -> None:
    code, output = run(
        str(tmp_path / "nope.csv"),
        "--x",
        "t",
        "--y",
        "y",
        "--chart",
        "run",
        "-o",
        str(tmp_path / "o.csv"),
    )
    assert code == 2 and "no such file" in output


def test_qic_command_part_column_starts_phases_at_new_labels(tmp_path: Path) -> None:
    lines = ["t,y,phase"] + [
        f"{t},{t % 3 + (5 if t > 6 else 0)},{'før' if t <= 6 else 'efter'}" for t in range(1, 13)
    ]
    src = write(tmp_path / "in.csv", "\n".join(lines) + "\n")
    out = tmp_path / "out.csv"
    code, output = run(
        str(src), "--x", "t", "--y", "y", "--chart", "i", "--part-column", "phase", "-o", str(out)
    )
    assert code == 0, output
    assert [r["part"] for r in rows(out)] == ["1"] * 6 + ["2"] * 6


def test_qic_console_script_runs_without_traceback(tmp_path: Path) -> None:
    exe = shutil.which("forbedring", path=str(Path(sys.executable).parent))
    assert exe, "the forbedring console script is installed in the virtual environment"
    src = write(tmp_path / "in.csv", "t,y\n1,x\n")
    done = subprocess.run(
        [
            exe,
            "spc",
            "qic",
            str(src),
            "--x",
            "t",
            "--y",
            "y",
            "--chart",
            "i",
            "-o",
            str(tmp_path / "o.csv"),
        ],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert done.stderr.strip().startswith("error:")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_qic_command_says_freeze_is_ignored_with_phases(tmp_path: Path) -> None:
    src = write(tmp_path / "in.csv", "t,y\n" + "".join(f"{t},{t % 4}\n" for t in range(1, 13)))
    out = tmp_path / "out.csv"
    code, output = run(
        str(src), "--x", "t", "--y", "y", "--chart", "i", "--part", "6", "--freeze", "4",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, output
    assert "--freeze is ignored" in output
    assert all(r["baseline"] == "true" for r in rows(out))
