"""``forbedring chart``: the same options as ``spc qic`` / ``spc mdc``, a picture out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from forbedring.cli import app
from tests.charts.vegalite_schema import assert_valid_vegalite

runner = CliRunner()


@pytest.fixture
def falls(tmp_path: Path) -> Path:
    lines = ["måned;fald;døgn;afsnit"]
    for home in ("A", "B"):
        for m in range(1, 25):
            month, year = (m - 1) % 12 + 1, 2024 + (m - 1) // 12
            lines.append(f"01.{month:02d}.{year};{5 + m % 4};{900 + m};{home}")
    path = tmp_path / "fald.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def chart(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["chart", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize("ending", [".svg", ".png", ".pdf", ".html", ".json"])
def test_chart_command_writes_every_format(falls: Path, tmp_path: Path, ending: str) -> None:
    out = tmp_path / f"chart{ending}"
    code, output = chart(
        str(falls), "--x", "måned", "--y", "fald", "--n", "døgn", "--chart", "u",
        "--multiply", "1000", "--facet", "afsnit", "--lang", "da", "--title", "Fald",
        "--note", "2024-06-01=PDSA 1", "--target", "6", "-o", str(out),
    )  # fmt: skip
    assert code == 0, output
    data = out.read_bytes()
    signatures = {".svg": b"<svg", ".png": b"\x89PNG", ".pdf": b"%PDF", ".html": b"<!DOCTYPE html>"}
    if ending == ".json":
        spec = json.loads(data)
        assert_valid_vegalite(spec)
        assert spec["title"]["text"] == "Fald"
    else:
        assert data.lstrip().lower().startswith(signatures[ending].lower())


def test_chart_command_mdc_mode(falls: Path, tmp_path: Path) -> None:
    out = tmp_path / "mdc.svg"
    code, output = chart(
        str(falls), "--mdc", "--value", "fald", "--date", "måned", "--facet", "afsnit",
        "--improvement", "decrease", "--target", "A=5", "--lang", "nb", "-o", str(out),
    )  # fmt: skip
    assert code == 0, output
    svg = out.read_text(encoding="utf-8")
    assert "variation_icon_marks" in svg
    assert "Making Data Count" in svg


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--x", "måned", "--y", "fald", "-o", "chart.gif"], "the file ending picks the format"),
        (["--x", "måned", "--y", "fald", "--lang", "sv", "-o", "c.svg"], "--lang: expected one of"),
        (["--y", "fald", "-o", "c.svg"], "needs --x COLUMN and --y COLUMN"),
        (["--mdc", "--value", "fald", "-o", "c.svg"], "--mdc needs --value COLUMN and --date"),
        (["--x", "måned", "--y", "fald", "--note", "hello", "-o", "c.svg"], "expected DATE=TEXT"),
        (
            ["--x", "måned", "--y", "fald", "--note", "2024-13-01=x", "-o", "c.svg"],
            "expected a date",
        ),
        (
            ["--x", "måned", "--y", "fald", "--target", "high", "-o", "c.svg"],
            "--target: expected a number",
        ),
    ],
)
def test_chart_command_bad_options_exit_2(
    falls: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [a if not a.startswith("c") or "." not in a else str(tmp_path / a) for a in args]
    code, output = chart(str(falls), *args)
    assert code == 2, output
    assert message in output
    assert "Traceback" not in output
