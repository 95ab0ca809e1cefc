"""``forbedring chart``: a run, control or Making Data Count chart from a CSV file, as a picture.

Takes the options of ``forbedring spc qic`` (or, with ``--mdc``, of ``forbedring spc mdc``)
plus the chart's words: title, axis label, language, target and notes. The output file's
ending picks the format: ``.svg .png .pdf .html .json`` (the Vega-Lite specification).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from forbedring.cli import app, reports_input_errors
from forbedring.cli import qic_options as opt
from forbedring.cli.mdc_command import prepare_mdc
from forbedring.cli.qic_command import prepare_qic
from forbedring.cli.table_input import InputError

FORMATS = (".svg", ".png", ".pdf", ".html", ".json")
LANGUAGES = ("da", "nb", "en")


def _check_output(output: str) -> None:
    if Path(output).suffix.lower() not in FORMATS:
        raise InputError(f'-o "{output}": the file ending picks the format: {", ".join(FORMATS)}')


@app.command("chart")
@reports_input_errors
def chart_command(
    input_csv: opt.InputCsv,
    output: Annotated[
        str, typer.Option("-o", "--output", help="Picture: .svg .png .pdf .html .json")
    ],
    x: Annotated[
        str | None, typer.Option("--x", help="Column of subgroups (run/control charts).")
    ] = None,
    y: Annotated[str | None, typer.Option("--y", help="Column of values or numerators.")] = None,
    n: opt.Denominator = None,
    chart: opt.ChartType = "run",
    part: opt.Part = None,
    part_column: opt.PartColumn = None,
    freeze: opt.Freeze = None,
    exclude: opt.Exclude = None,
    multiply: opt.Multiply = 1.0,
    facet: opt.Facet = None,
    agg: opt.Agg = "mean",
    cl: opt.CentreLine = None,
    no_negative: opt.NoNegative = False,
    no_screen_mr: opt.NoScreenMr = False,
    method: opt.Method = "anhoej",
    rules: opt.Rules = "anhoej",
    mdc: Annotated[
        bool, typer.Option("--mdc", help="NHS Making Data Count chart (options of spc mdc).")
    ] = False,
    value: Annotated[
        str | None, typer.Option("--value", help="With --mdc: column of values.")
    ] = None,
    date: Annotated[str | None, typer.Option("--date", help="With --mdc: column of dates.")] = None,
    improvement: Annotated[
        str, typer.Option("--improvement", help="With --mdc: increase, decrease or neutral.")
    ] = "increase",
    rebase: Annotated[
        list[str] | None,
        typer.Option("--rebase", help="With --mdc: DATE or FACET=DATE (repeatable)."),
    ] = None,
    fix_after: Annotated[
        int | None, typer.Option("--fix-after", help="With --mdc: limits from the first N points.")
    ] = None,
    no_screen: Annotated[
        bool, typer.Option("--no-screen", help="With --mdc: keep large moving ranges.")
    ] = False,
    target: Annotated[
        list[str] | None,
        typer.Option("--target", help="Target VALUE (with --mdc also FACET=VALUE)."),
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title (default: the chart type).")
    ] = None,
    subtitle: Annotated[str | None, typer.Option("--subtitle", help="Subtitle.")] = None,
    ylab: Annotated[
        str | None, typer.Option("--ylab", help="y axis label, e.g. 'Falls per 1,000 bed-days'.")
    ] = None,
    xlab: Annotated[str | None, typer.Option("--xlab", help="x axis label.")] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Language of the chart: da, nb or en.")
    ] = "en",
    note: Annotated[
        list[str] | None, typer.Option("--note", help="DATE=TEXT, e.g. a PDSA cycle (repeatable).")
    ] = None,
    free_y: Annotated[
        bool, typer.Option("--free-y", help="Facets: each panel its own y scale.")
    ] = False,
) -> None:
    """Draw a run, control or Making Data Count chart (SVG, PNG, PDF, HTML or Vega-Lite JSON)."""
    _check_output(output)
    if lang not in LANGUAGES:
        raise InputError(f'--lang: expected one of {", ".join(LANGUAGES)}, got "{lang}"')
    # The charts package (and its renderer) loads only when a chart is drawn, so the other
    # commands start as fast as before.
    from forbedring.cli import chart_build

    words = chart_build.Words(
        lang=lang,
        title=title,
        subtitle=subtitle,
        # The column names are the best default labels the file offers.
        y_label=ylab or (value if mdc else y),
        x_label=xlab or (date if mdc else x),
        free_y=free_y,
        notes=list(note or []),
    )
    if mdc:
        if value is None or date is None:
            raise InputError("--mdc needs --value COLUMN and --date COLUMN")
        if len(facet or []) > 1:
            raise InputError("--facet: a Making Data Count chart takes one facet column")
        job = prepare_mdc(
            input_csv, value=value, date=date, facet=facet[0] if facet else None,
            improvement=improvement, target=target, rebase=rebase, fix_after=fix_after,
            no_screen=no_screen,
        )  # fmt: skip
        chart_build.draw_mdc(job, words, output)
    else:
        if x is None or y is None:
            raise InputError("a run or control chart needs --x COLUMN and --y COLUMN")
        qic_target = _single_target(target)
        qjob = prepare_qic(
            input_csv, x=x, y=y, chart=chart, n=n, part=part, part_column=part_column,
            freeze=freeze, exclude=exclude, multiply=multiply, facet=facet, agg=agg, cl=cl,
            no_negative=no_negative, no_screen_mr=no_screen_mr, method=method, rules=rules,
        )  # fmt: skip
        chart_build.draw_qic(qjob, words, output, target=qic_target, part_column=part_column)


def _single_target(target: list[str] | None) -> float | None:
    if not target:
        return None
    if len(target) > 1:
        raise InputError("--target: a run or control chart takes one target VALUE")
    try:
        return float(target[0])
    except ValueError:
        raise InputError(f'--target: expected a number, got "{target[0]}"') from None
