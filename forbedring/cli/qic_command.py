"""``forbedring spc qic``: qicharts2's ``qic()`` on a CSV file, one output row per subgroup."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import pyarrow as pa
import typer

from forbedring.cli import qic_options as opt
from forbedring.cli import reports_input_errors, spc_app
from forbedring.cli.facets import Facets, facet_codes
from forbedring.cli.table_input import (
    InputError,
    InputTable,
    XColumn,
    number_column,
    read_csv,
    x_column,
)
from forbedring.cli.table_output import (
    CsvSink,
    bool_column,
    float_column,
    int_column,
    measure_column,
)
from forbedring.spc.aggregate import AGGREGATES
from forbedring.spc.anhoej import RUNS_METHODS
from forbedring.spc.ihi import RULE_SETS
from forbedring.spc.phases import breakpoints_from_labels
from forbedring.spc.qic import CHART_TYPES, QicResult, qic

# Series per engine call: bounds memory on very large files (about 60 points a series).
SERIES_PER_CHUNK = 20_000

# Charts whose y is a count (or a numerator) and so cannot be negative.
COUNT_CHARTS = frozenset({"c", "p", "pp", "u", "up", "g"})
PROPORTION_CHARTS = frozenset({"p", "pp"})
RATE_CHARTS = frozenset({"p", "pp", "u", "up"})


@dataclass(frozen=True)
class QicColumns:
    x: str
    y: str
    n: str | None
    part: str | None
    facets: list[str]


def _validate_values(
    table: InputTable, columns: QicColumns, chart: str, y: np.ndarray, n: np.ndarray | None
) -> None:
    """Refuse values the chart cannot mean, naming the first offending row."""

    def fail_at(mask: np.ndarray, column: str, expected: str, values: np.ndarray) -> None:
        bad = np.flatnonzero(mask)
        if bad.size:
            row = int(bad[0])
            raise InputError(f"{table.where(row, column)}: {expected}, got {values[row]:g}")

    fail_at(np.isinf(y), columns.y, "expected a finite number", y)
    if chart in COUNT_CHARTS:
        fail_at(y < 0, columns.y, f"a {chart} chart counts events, so expected 0 or more", y)
    if chart == "t":
        fail_at(y <= 0, columns.y, "a t chart needs times between events above 0", y)
    if n is None:
        if chart in RATE_CHARTS:
            raise InputError(f"a {chart} chart needs denominators: give --n COLUMN")
        return
    assert columns.n is not None
    fail_at(np.isinf(n), columns.n, "expected a finite number", n)
    fail_at(n < 0, columns.n, "a denominator cannot be negative, so expected 0 or more", n)
    if chart in PROPORTION_CHARTS:
        # A zero denominator is let through as in qicharts2: that point gets no limits.
        with np.errstate(invalid="ignore"):
            above = (y > n) & (n > 0)
        fail_at(above, columns.y, f"the numerator cannot exceed the denominator ({columns.n})", y)


def _check_positions(**options: list[int] | None) -> None:
    """Point numbers are 1-based positions within a series."""
    for name, values in options.items():
        for value in values or []:
            if value < 1:
                raise InputError(f"--{name}: expected a point number of 1 or more, got {value}")


def _breakpoints(
    table: InputTable, columns: QicColumns, part: list[int], xcol: XColumn
) -> list[int] | None:
    if columns.part is None:
        return part or None
    if part:
        raise InputError("give phases either with --part or with --part-column, not both")
    labels = table.raw(columns.part).to_pylist()
    return breakpoints_from_labels(xcol.output.to_pylist(), labels) or None


@spc_app.command("qic")
@reports_input_errors
def qic_command(
    input_csv: opt.InputCsv,
    x: Annotated[str, typer.Option("--x", help="Column of subgroups: dates, numbers or labels.")],
    y: Annotated[str, typer.Option("--y", help="Column of values or numerators.")],
    chart: opt.ChartType,
    output: Annotated[str, typer.Option("-o", "--output", help="Output CSV file.")],
    n: opt.Denominator = None,
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
) -> None:
    """Run chart or Shewhart control chart with the Anhøj (or IHI) rules, as qicharts2's qic()."""
    job = prepare_qic(
        input_csv, x=x, y=y, chart=chart, n=n, part=part, part_column=part_column,
        freeze=freeze, exclude=exclude, multiply=multiply, facet=facet, agg=agg, cl=cl,
        no_negative=no_negative, no_screen_mr=no_screen_mr, method=method, rules=rules,
    )  # fmt: skip
    with CsvSink(output) as sink:
        for start, rows in job.chunks():
            result = job.run(start, rows)
            sink.write(_output_columns(result, rows, start, job.xcol, job.groups))


@dataclass(frozen=True)
class QicJob:
    """A checked input and the engine options: what ``spc qic`` and ``chart`` compute."""

    table: InputTable
    xcol: XColumn
    y: np.ndarray
    n: np.ndarray | None
    groups: Facets
    options: dict[str, object]

    def chunks(self, series_per_chunk: int = SERIES_PER_CHUNK) -> Iterator[tuple[int, np.ndarray]]:
        """Blocks of whole series. Without --no-negative series are independent; the floor at
        zero depends on the smallest y of all series, so then there is one block."""
        size = series_per_chunk if self.options["y_neg"] else max(self.groups.count, 1)
        return self.groups.chunks(size)

    def run(self, start: int, rows: np.ndarray) -> QicResult:
        """The engine on the given rows; series ids are renumbered from ``start``."""
        return qic(
            self.y[rows],
            x=self.xcol.key[rows],
            n=None if self.n is None else self.n[rows],
            series=self.groups.code[rows] - start,
            **self.options,  # type: ignore[arg-type]
        )


def prepare_qic(
    input_csv: str,
    *,
    x: str,
    y: str,
    chart: str,
    n: str | None = None,
    part: list[int] | None = None,
    part_column: str | None = None,
    freeze: int | None = None,
    exclude: list[int] | None = None,
    multiply: float = 1.0,
    facet: list[str] | None = None,
    agg: str = "mean",
    cl: float | None = None,
    no_negative: bool = False,
    no_screen_mr: bool = False,
    method: str = "anhoej",
    rules: str = "anhoej",
) -> QicJob:
    """Check the options, read and check the file: everything short of computing."""
    if chart not in CHART_TYPES:
        raise InputError(
            f'--chart: unknown chart type "{chart}"; expected one of {", ".join(CHART_TYPES)}'
        )
    if agg not in AGGREGATES:
        raise InputError(f'--agg: expected one of {", ".join(AGGREGATES)}, got "{agg}"')
    if method not in RUNS_METHODS:
        raise InputError(f'--method: expected one of {", ".join(RUNS_METHODS)}, got "{method}"')
    if rules not in RULE_SETS:
        raise InputError(f'--rules: expected one of {", ".join(RULE_SETS)}, got "{rules}"')
    if rules == "ihi" and chart != "run":
        raise InputError(
            f'--rules ihi: the IHI rules apply to run charts only; use --chart run, not "{chart}"'
        )
    facets = list(facet or [])
    if len(facets) > 2:
        raise InputError("--facet: at most two facet columns")
    _check_positions(part=part, freeze=[freeze] if freeze is not None else None, exclude=exclude)
    columns = QicColumns(x=x, y=y, n=n, part=part_column, facets=facets)
    wanted = [x, y, *([n] if n else []), *([part_column] if part_column else []), *facets]
    table = read_csv(
        input_csv, wanted, text_columns=[*facets, *([part_column] if part_column else [])]
    )

    xcol = x_column(table, x)
    y_values = number_column(table, y)
    n_values = number_column(table, n) if n else None
    _validate_values(table, columns, chart, y_values, n_values)
    groups = facet_codes(table, facets)
    breakpoints = _breakpoints(table, columns, list(part or []), xcol)
    if breakpoints and freeze is not None:
        # qicharts2 drops freeze when there are phases; say so rather than drop it silently.
        print("note: --freeze is ignored when there are phases, as in qicharts2", file=sys.stderr)

    options: dict[str, object] = {
        "chart": chart,
        "part": breakpoints,
        "freeze": None if breakpoints else freeze,
        "exclude": list(exclude or []),
        "multiply": multiply,
        "cl": cl,
        "agg": agg,
        "y_neg": not no_negative,
        "screen_mr": not no_screen_mr,
        "method": method,
        "categorical_x": xcol.kind == "character",
        "rules": rules,
    }
    return QicJob(table, xcol, y_values, n_values, groups, options)


def _output_columns(
    result: QicResult, rows: np.ndarray, start: int, xcol: XColumn, groups: Facets
) -> dict[str, pa.Array]:
    source_rows = rows[result.row]
    columns: dict[str, pa.Array] = groups.labels(result.series + start)
    columns["x"] = xcol.output.take(pa.array(source_rows))
    columns.update(
        y=float_column(result.y),
        n=measure_column(result.n),
        cl=float_column(result.cl),
        lcl=float_column(result.lcl),
        ucl=float_column(result.ucl),
        part=int_column(result.part),
        baseline=bool_column(result.baseline),
        include=bool_column(result.include),
        n_useful=int_column(result.n_useful),
        longest_run=int_column(result.longest_run),
        longest_run_max=int_column(result.longest_run_max),
        n_crossings=int_column(result.n_crossings),
        n_crossings_min=int_column(result.n_crossings_min),
        runs_signal=bool_column(result.runs_signal),
        sigma_signal=bool_column(result.sigma_signal),
    )
    if result.ihi_shift is not None:
        columns.update(_ihi_columns(result))
    return columns


def _ihi_columns(result: QicResult) -> dict[str, pa.Array]:
    """The IHI rules' columns (``--rules ihi``), after the existing ones."""
    assert result.ihi_shift is not None
    assert result.ihi_trend is not None
    assert result.ihi_n_runs is not None
    assert result.ihi_runs_lower is not None
    assert result.ihi_runs_upper is not None
    return {
        "shift": bool_column(result.ihi_shift),
        "trend": bool_column(result.ihi_trend),
        "n_runs": int_column(result.ihi_n_runs),
        "runs_lower": int_column(result.ihi_runs_lower),
        "runs_upper": int_column(result.ihi_runs_upper),
    }
