"""``forbedring demo``: the engine on demo data, with the signals it finds, in a minute's reading.

Writes the demo data as CSV files, runs ``forbedring spc`` on each exactly as an analyst would
(the commands are printed so they can be re-run) and summarises every series: centre line per
phase, the Anhøj runs analysis and points outside the control limits.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from forbedring.cli import app, reports_input_errors
from forbedring.demo import data


@dataclass(frozen=True)
class DemoChart:
    title: str
    file: str
    header: tuple[str, ...]
    rows: Sequence[tuple[object, ...]]
    arguments: tuple[str, ...]
    unit: str
    # The picture is drawn in Danish, the language of the made-up municipality.
    picture_title: str
    picture_ylab: str
    picture_xlab: str = "Måned"


def _charts() -> list[DemoChart]:
    falls = data.falls()
    ulcers = data.pressure_ulcers()
    medication = data.medication_reconciliation()
    weight = data.weight_checked()
    return [
        DemoChart(
            "Falls per 1,000 resident-days (U chart). Solgården and Fjordhuset start a falls "
            "bundle in July 2024",
            "falls.csv",
            ("home", "month", "falls", "resident_days"),
            [(r.home, r.month, r.numerator, r.denominator) for r in falls],
            ("--x", "month", "--y", "falls", "--n", "resident_days", "--chart", "u",
             "--multiply", "1000", "--facet", "home"),
            "per 1,000 resident-days",
            "Fald pr. 1.000 beboerdøgn",
            "Fald pr. 1.000 døgn",
        ),
        DemoChart(
            "Falls at Solgården with a new phase from the bundle's start (July 2024 = point 19)",
            "falls_solgaarden.csv",
            ("home", "month", "falls", "resident_days"),
            [(r.home, r.month, r.numerator, r.denominator) for r in falls
             if r.home == "Solgården"],
            ("--x", "month", "--y", "falls", "--n", "resident_days", "--chart", "u",
             "--multiply", "1000", "--facet", "home", "--part", str(data.BUNDLE_START)),
            "per 1,000 resident-days",
            "Fald på Solgården før og efter faldpakken",
            "Fald pr. 1.000 døgn",
        ),
        DemoChart(
            "Days between new pressure ulcers (G chart; higher is better)",
            "pressure_ulcers.csv",
            ("home", "event", "date", "days_between"),
            [(r.home, r.event, r.date, r.days_between) for r in ulcers],
            ("--x", "event", "--y", "days_between", "--chart", "g", "--facet", "home"),
            "days",
            "Dage mellem nye tryksår",
            "Dage",
            picture_xlab="Tryksår nr.",
        ),
        DemoChart(
            "Medication reconciled within 24 hours of admission (P chart, %)",
            "medication_reconciliation.csv",
            ("home", "month", "reconciled", "admissions"),
            [(r.home, r.month, r.numerator, r.denominator) for r in medication],
            ("--x", "month", "--y", "reconciled", "--n", "admissions", "--chart", "p",
             "--multiply", "100", "--facet", "home"),
            "%",
            "Medicinafstemning inden for 24 timer efter indflytning",
            "% af indflytninger",
        ),
        DemoChart(
            "Residents weighed in the month, nutrition screening (P chart, %)",
            "weight_checked.csv",
            ("home", "month", "weighed", "residents"),
            [(r.home, r.month, r.numerator, r.denominator) for r in weight],
            ("--x", "month", "--y", "weighed", "--n", "residents", "--chart", "p",
             "--multiply", "100", "--facet", "home"),
            "%",
            "Beboere vejet i måneden (ernæringsscreening)",
            "% af beboerne",
        ),
    ]  # fmt: skip


def _write_csv(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _phase_line(points: list[dict[str, str]], unit: str) -> str:
    """One line per phase: centre line, runs analysis and points outside the limits."""
    last = points[-1]
    outside = sum(p["sigma_signal"] == "true" for p in points)
    runs = (
        f"longest run {last['longest_run']} (limit {last['longest_run_max']}), "
        f"crossings {last['n_crossings']} (minimum {last['n_crossings_min']})"
    )
    findings = []
    if last["runs_signal"] == "true":
        findings.append("non-random variation: a shift or trend")
    if outside:
        findings.append(f"{outside} point{'s' if outside > 1 else ''} outside the limits")
    verdict = "; ".join(findings) if findings else "common-cause variation only"
    centre = f"centre {float(last['cl']):.1f} {unit}"
    return f"phase {last['part']}: {len(points)} points, {centre}; {runs} -> {verdict}"


def _summarise(result: Path, unit: str) -> list[str]:
    by_home: dict[str, dict[str, list[dict[str, str]]]] = {}
    for row in _read_csv(result):
        by_home.setdefault(row["home"], {}).setdefault(row["part"], []).append(row)
    lines = []
    for home, phases in by_home.items():
        for index, points in enumerate(phases.values()):
            label = home if index == 0 else ""
            lines.append(f"  {label:<12} {_phase_line(points, unit)}")
    return lines


@app.command("demo")
@reports_input_errors
def demo_command(
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for the demo data and results.")
    ] = Path("demo-output"),
) -> None:
    """Run the SPC engine on demo data of four nursing homes and show the signals it finds."""
    output.mkdir(parents=True, exist_ok=True)
    print("Forbedring demo: four nursing homes in a made-up municipality, 2023-2025.")
    print("The data are simulated by the project (forbedring/demo/data.py); no real persons.\n")
    for chart in _charts():
        source = output / chart.file
        result = output / chart.file.replace(".csv", "_qic.csv")
        _write_csv(source, chart.header, chart.rows)
        _run_command(["spc", "qic", str(source), *chart.arguments, "-o", str(result)])
        print(chart.title)
        print(
            "  $ forbedring spc qic " + " ".join((str(source), *chart.arguments, "-o", str(result)))
        )
        print("\n".join(_summarise(result, chart.unit)))
        picture = output / chart.file.replace(".csv", ".png")
        _run_command(["chart", str(source), *chart.arguments, "--lang", "da",
                      "--title", chart.picture_title, "--ylab", chart.picture_ylab,
                      "--xlab", chart.picture_xlab, "-o", str(picture)])  # fmt: skip
        print(f"  chart: {picture}\n")
    _making_data_count(output)
    print(f"Data and results are in {output}/ (CSV). Try your own: forbedring spc qic --help")


# What the Making Data Count icons say, in words (NHS England, "Making Data Count").
VARIATION_WORDS = {
    "common_cause": "common-cause variation",
    "improvement_low": "special cause: improvement (lower)",
    "improvement_high": "special cause: improvement (higher)",
    "concern_low": "special cause: concern (lower)",
    "concern_high": "special cause: concern (higher)",
    "neutral_low": "special cause, neither better nor worse (lower)",
    "neutral_high": "special cause, neither better nor worse (higher)",
}
ASSURANCE_WORDS = {
    "pass": "will consistently meet the target",
    "fail": "will consistently miss the target",
    "inconsistent": "will sometimes meet and sometimes miss the target",
    "": "no target",
}
FALLS_TARGET = 5.0


def _making_data_count(output: Path) -> None:
    """Falls per 1,000 resident-days as NHS Making Data Count XmR charts, with their icons."""
    source = output / "falls_rate.csv"
    result = output / "falls_rate_mdc.csv"
    summary = output / "falls_rate_mdc_summary.csv"
    rows = [(r.home, r.month, 1000 * r.numerator / r.denominator) for r in data.falls()]
    bundle_start = data.month_starts()[data.BUNDLE_START]
    _write_csv(source, ("home", "month", "falls_per_1000_days"), rows)
    arguments = [
        "--value", "falls_per_1000_days", "--date", "month", "--facet", "home",
        "--improvement", "decrease", "--target", f"{FALLS_TARGET:g}",
        *[f"--rebase={home.name}={bundle_start.isoformat()}" for home in data.HOMES
          if home.falls_bundle],
        "-o", str(result), "--summary", str(summary),
    ]  # fmt: skip
    _run_command(["spc", "mdc", str(source), *arguments])
    picture = output / "falls_rate_mdc.html"
    chart_arguments = [a for a in arguments if a not in ("--summary", str(summary))]
    chart_arguments[chart_arguments.index("-o") + 1] = str(picture)
    _run_command(["chart", str(source), "--mdc", *chart_arguments, "--lang", "da",
                  "--title", "Fald pr. 1.000 beboerdøgn (Making Data Count)",
                  "--ylab", "Fald pr. 1.000 døgn", "--xlab", "Måned"])  # fmt: skip
    print(
        "Falls per 1,000 resident-days, NHS Making Data Count (lower is better, "
        f"target {FALLS_TARGET:g}; limits rebased where a home starts its falls bundle)"
    )
    print("  $ forbedring spc mdc " + " ".join((str(source), *arguments)))
    for row in _read_csv(summary):
        if row["variation_icon"] or row["assurance_icon"]:
            since = " since the bundle" if row["rebase_group"] != "0" else ""
            print(
                f"  {row['home']:<12} mean{since} {float(row['mean']):.1f}, limits "
                f"{float(row['lpl']):.1f} to {float(row['upl']):.1f}: "
                f"{VARIATION_WORDS[row['variation_icon']]}; "
                f"{ASSURANCE_WORDS[row['assurance_icon']]}"
            )
    print(f"  chart: {picture} (open it in a browser)\n")


def _run_command(arguments: list[str]) -> None:
    """Run a ``forbedring`` command in this process, as the user would from the shell."""
    code = typer.main.get_command(app).main(
        arguments, prog_name="forbedring", standalone_mode=False
    )
    if code:
        raise typer.Exit(code)
