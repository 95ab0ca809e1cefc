"""``forbedring demo`` (what ``make run`` shows) runs and finds the signals built into its data."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from forbedring.cli import app


def test_demo_writes_data_and_results_and_reports_signals(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for name in ("falls", "pressure_ulcers", "medication_reconciliation", "weight_checked"):
        assert (tmp_path / f"{name}.csv").is_file()
        assert (tmp_path / f"{name}_qic.csv").is_file()
    falls = result.output.split("Falls per 1,000")[1].split("\n\n")[0]
    lines = {line.split()[0]: line for line in falls.splitlines()[2:]}
    # The two homes that start a falls bundle show a shift; the two others do not.
    assert "shift" in lines["Solgården"] and "shift" in lines["Fjordhuset"]
    assert "shift" not in lines["Egebakken"] and "shift" not in lines["Lindehøj"]
    assert "$ forbedring spc qic" in result.output


def test_demo_shows_making_data_count_icons_in_words(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    section = result.output.split("NHS Making Data Count")[1]
    assert "$ forbedring spc mdc" in section
    assert "mean since the bundle" in section  # the two bundle homes are rebased
    assert (tmp_path / "falls_rate_mdc_summary.csv").is_file()
