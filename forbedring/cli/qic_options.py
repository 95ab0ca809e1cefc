"""The options of ``spc qic`` that ``chart`` shares, declared once so the two never drift."""

from __future__ import annotations

from typing import Annotated

import typer

from forbedring.spc.qic import CHART_TYPES

InputCsv = Annotated[
    str, typer.Argument(metavar="INPUT.csv", help="Comma- or semicolon-separated file.")
]
ChartType = Annotated[
    str, typer.Option("--chart", help="Chart type: " + ", ".join(CHART_TYPES) + ".")
]
Denominator = Annotated[str | None, typer.Option("--n", help="Column of denominators.")]
Part = Annotated[
    list[int] | None, typer.Option("--part", help="Last point of a phase (repeatable).")
]
PartColumn = Annotated[str | None, typer.Option("--part-column", help="Column of phase labels.")]
Freeze = Annotated[int | None, typer.Option("--freeze", help="Last point of the baseline.")]
Exclude = Annotated[
    list[int] | None, typer.Option("--exclude", help="Point to leave out (repeatable).")
]
Multiply = Annotated[float, typer.Option("--multiply", help="Multiply y and lines, e.g. 100.")]
Facet = Annotated[list[str] | None, typer.Option("--facet", help="Facet column (up to two).")]
Agg = Annotated[str, typer.Option("--agg", help="mean, median or sum of several values per x.")]
CentreLine = Annotated[
    float | None, typer.Option("--cl", help="Fixed centre line (unmultiplied scale).")
]
NoNegative = Annotated[bool, typer.Option("--no-negative", help="No lower limit below 0.")]
NoScreenMr = Annotated[bool, typer.Option("--no-screen-mr", help="Keep large moving ranges.")]
Method = Annotated[str, typer.Option("--method", help="Runs method: anhoej, bestbox or cutbox.")]
Rules = Annotated[
    str,
    typer.Option(
        "--rules",
        help="Rules for runs_signal: anhoej, or ihi (run charts only; adds the columns "
        "shift, trend, n_runs, runs_lower, runs_upper).",
    ),
]
