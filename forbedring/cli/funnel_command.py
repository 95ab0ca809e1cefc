"""``forbedring spc funnel``: funnel plot limits and outliers per unit, as FunnelPlotR 0.6.0.

One output row per unit (its rows summed), in the byte order of the unit ids, with the value,
the unadjusted and the overdispersion-adjusted limits at 95 % and 99.8 % and the outlier flags;
on request a one-row summary with the target and the overdispersion estimates.
"""

from __future__ import annotations

from typing import Annotated

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import typer

from forbedring.cli import qic_options as opt
from forbedring.cli import reports_input_errors, spc_app
from forbedring.cli.facets import facet_codes
from forbedring.cli.table_input import InputError, InputTable, number_column, read_csv
from forbedring.cli.table_output import (
    CsvSink,
    bool_column,
    float_column,
    int_column,
    measure_column,
)
from forbedring.spc.funnel import (
    DATA_TYPES,
    LIMIT_CHOICES,
    SR_METHODS,
    FunnelDataError,
    FunnelResult,
    LimitChoice,
    funnel,
)
from forbedring.spc.funnel_limits import DataType, SrMethod


def _choice[T: str](option: str, given: str, choices: tuple[T, ...]) -> T:
    lowered = given.strip().lower()
    for choice in choices:
        if lowered == choice:
            return choice
    raise InputError(f'{option}: expected one of {", ".join(choices)}, got "{given}"')


def _counts(table: InputTable, name: str, role: str) -> np.ndarray:
    """A numerator or denominator column: every row needs a finite number of 0 or more."""
    values = number_column(table, name)
    for mask, expected in (
        (np.isnan(values), "a funnel plot needs a number on every row"),
        (np.isinf(values), "expected a finite number"),
        (values < 0, f"a {role} cannot be negative, so expected 0 or more"),
    ):
        bad = np.flatnonzero(mask)
        if bad.size:
            row = int(bad[0])
            got = "nothing" if np.isnan(values[row]) else f"{values[row]:g}"
            raise InputError(f"{table.where(row, name)}: {expected}, got {got}")
    return values


@spc_app.command("funnel")
@reports_input_errors
def funnel_command(
    input_csv: opt.InputCsv,
    unit: Annotated[str, typer.Option("--unit", help="Column of unit ids (read as text).")],
    numerator: Annotated[
        str, typer.Option("--numerator", help="Column of events / observed counts.")
    ],
    denominator: Annotated[
        str, typer.Option("--denominator", help="Column of cases / expected counts.")
    ],
    data_type: Annotated[
        str,
        typer.Option(
            "--type",
            help="pr (proportion), sr (standardised ratio observed/expected) or rc "
            "(ratio of counts).",
        ),
    ],
    output: Annotated[str, typer.Option("-o", "--output", help="Output CSV file.")],
    sr_method: Annotated[
        str, typer.Option("--sr-method", help="SR method: shmi (log scale) or cqc (sqrt scale).")
    ] = "shmi",
    no_shmi_rounding: Annotated[
        bool,
        typer.Option("--no-shmi-rounding", help="Keep SHMI expected counts unrounded."),
    ] = False,
    trim: Annotated[
        float,
        typer.Option("--trim", help="Fraction truncated/winsorised at each end for phi."),
    ] = 0.1,
    multiply: opt.Multiply = 1.0,
    limits: Annotated[
        str,
        typer.Option(
            "--limits",
            help="Limits that judge outliers: unadjusted, overdispersed (unadjusted when "
            "phi <= 1), both (overdispersed judge) or none.",
        ),
    ] = "overdispersed",
    summary: Annotated[
        str | None,
        typer.Option("--summary", help="Summary CSV: target, phi, tau2 and outlier counts."),
    ] = None,
) -> None:
    """Funnel plot with Spiegelhalter's overdispersion adjustment, as FunnelPlotR funnel_plot()."""
    kind: DataType = _choice("--type", data_type, DATA_TYPES)
    method: SrMethod = _choice("--sr-method", sr_method, SR_METHODS)
    choice: LimitChoice = _choice("--limits", limits, LIMIT_CHOICES)
    if not 0.0 <= trim < 0.5:
        raise InputError(f"--trim: expected a fraction of at least 0 and below 0.5, got {trim:g}")
    if not (np.isfinite(multiply) and multiply > 0):
        raise InputError(f"--multiply: expected a number above 0, got {multiply:g}")
    table = read_csv(input_csv, [unit, numerator, denominator], text_columns=[unit])
    groups = facet_codes(table, [unit])
    missing = np.flatnonzero(groups.code < 0)
    if missing.size:
        raise InputError(f"{table.where(int(missing[0]), unit)}: every row needs a unit id")
    if groups.count == 0:
        raise InputError(f"{input_csv}: no rows; a funnel plot needs at least one unit")
    o = _counts(table, numerator, "numerator")
    e = _counts(table, denominator, "denominator")
    ids = groups.values[0]
    try:
        result = funnel(
            o, e, groups.code, data_type=kind, n_units=groups.count, sr_method=method,
            shmi_rounding=not no_shmi_rounding, trim=trim, multiplier=multiply, limits=choice,
        )  # fmt: skip
    except FunnelDataError as error:
        raise InputError(f'{input_csv}: unit "{ids[error.unit]}": {error}') from None
    # Units in the byte order of their ids, as FunnelPlotR's factor levels in the C locale.
    order = np.asarray(pc.sort_indices(ids), dtype=np.intp)
    with CsvSink(output) as sink:
        sink.write(_unit_columns(result, unit, ids, order))
    if summary:
        with CsvSink(summary) as sink:
            sink.write(_summary_columns(result))


def _unit_columns(
    result: FunnelResult, unit: str, ids: pa.Array, order: np.ndarray
) -> dict[str, pa.Array]:
    u = result.units
    columns: dict[str, pa.Array] = {
        unit: ids.take(pa.array(order)),
        "numerator": measure_column(u.numerator[order]),
        "denominator": measure_column(u.denominator[order]),
        "value": float_column(u.value[order]),
    }
    for prefix, limits in (("", u.unadjusted), ("od_", u.overdispersed)):
        for name in ("lcl95", "ucl95", "lcl998", "ucl998"):
            columns[prefix + name] = float_column(getattr(limits, name)[order])
    columns["outlier95"] = bool_column(u.outlier95[order])
    columns["outlier998"] = bool_column(u.outlier998[order])
    return columns


def _summary_columns(result: FunnelResult) -> dict[str, pa.Array]:
    u = result.units
    return {
        "target": float_column(np.array([result.target])),
        "phi": float_column(np.array([result.phi])),
        "tau2": float_column(np.array([result.tau2])),
        "n_units": int_column(np.array([u.numerator.size])),
        "n_phi": int_column(np.array([result.n_phi])),
        "outlier_limits": pa.array([result.outlier_limits]),
        "n_outliers95": int_column(np.array([np.count_nonzero(u.outlier95)])),
        "n_outliers998": int_column(np.array([np.count_nonzero(u.outlier998)])),
    }
