"""``forbedring spc mdc``: NHS Making Data Count XmR charts, as NHSRplotthedots' ``ptd_spc()``.

One output row per facet and date (x, y, mean, process limits and the point type), and on
request a summary per facet and rebase group with the variation and assurance icons.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Annotated

import numpy as np
import pyarrow as pa
import typer

from forbedring.cli import reports_input_errors, spc_app
from forbedring.cli.facets import Facets, facet_codes
from forbedring.cli.table_input import InputError, InputTable, date_column, number_column, read_csv
from forbedring.cli.table_output import CsvSink, float_column, int_column
from forbedring.spc.constants import MDC_MIN_FIX_AFTER_POINTS
from forbedring.spc.mdc import DuplicateDateError, MdcResult, mdc
from forbedring.spc.mdc_icons import (
    ASSURANCE_ICON_LABELS,
    IMPROVEMENT_DIRECTIONS,
    POINT_TYPE_LABELS,
    VARIATION_ICON_LABELS,
    PointType,
)

# Series per engine call: bounds memory on very large files, as in ``spc qic``.
SERIES_PER_CHUNK = 20_000

# The command's point_type: ptd's two neutral types are one, "special_cause_neutral"; whether
# it is high or low is plain from y and the mean.
OUTPUT_POINT_TYPES: tuple[str, ...] = tuple(
    "special_cause_neutral" if code in (PointType.NEUTRAL_HIGH, PointType.NEUTRAL_LOW) else label
    for code, label in enumerate(POINT_TYPE_LABELS)
)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class Rebases:
    """Rebase dates (days since 1970-01-01) and the series each applies to (-1: every one)."""

    days: np.ndarray
    owner: np.ndarray

    def for_chunk(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """The rebases of series start..stop-1, with series renumbered from 0."""
        keep = (self.owner < 0) | ((self.owner >= start) & (self.owner < stop))
        owner = np.where(self.owner[keep] < 0, -1, self.owner[keep] - start)
        return self.days[keep], owner


def _split_facet(option: str, spec: str, facet: str | None, groups: Facets) -> tuple[int, str]:
    """``FACET=VALUE`` to (series code, value); a plain ``VALUE`` to (-1, value)."""
    if "=" not in spec:
        return -1, spec.strip()
    # Facet values may hold "=", numbers and dates never do: split at the last one.
    label, _, text = spec.rpartition("=")
    if facet is None:
        raise InputError(f'{option} "{spec}": a value for one facet (FACET=...) needs --facet')
    codes = {value: code for code, value in enumerate(groups.values[0].to_pylist())}
    if label not in codes:
        raise InputError(f'{option} "{spec}": no facet "{label}" in column "{facet}"')
    return codes[label], text.strip()


def _parse_targets(
    specs: list[str], facet: str | None, groups: Facets
) -> float | np.ndarray | None:
    """One target for all facets, or one per facet (NaN where none, reported inconsistent).

    A plain ``--target VALUE`` with ``--target FACET=VALUE`` is the target of the facets not
    named.
    """
    default: float | None = None
    per_facet: dict[int, float] = {}
    for spec in specs:
        code, text = _split_facet("--target", spec, facet, groups)
        try:
            number = float(text)
        except ValueError:
            raise InputError(
                f'--target "{spec}": expected a number or FACET=NUMBER, got "{text}"'
            ) from None
        if not np.isfinite(number):
            raise InputError(f'--target "{spec}": expected a finite number')
        if code < 0:
            if default is not None:
                raise InputError("--target: give at most one target for all facets")
            default = number
        else:
            if code in per_facet:
                raise InputError(f'--target "{spec}": a second target for the same facet')
            per_facet[code] = number
    if not per_facet:
        return default
    targets = np.full(groups.count, np.nan if default is None else default)
    for code, number in per_facet.items():
        targets[code] = number
    return targets


def _parse_rebases(specs: list[str], facet: str | None, groups: Facets) -> Rebases:
    days: list[float] = []
    owner: list[int] = []
    for spec in specs:
        code, text = _split_facet("--rebase", spec, facet, groups)
        if not _ISO_DATE.match(text):
            raise InputError(f'--rebase "{spec}": expected a date YYYY-MM-DD, got "{text}"')
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f'--rebase "{spec}": "{text}" is not a date') from None
        days.append(float((day - _EPOCH).days))
        owner.append(code)
    return Rebases(np.asarray(days, dtype=np.float64), np.asarray(owner, dtype=np.intp))


def _values(table: InputTable, value: str, rows: np.ndarray) -> np.ndarray:
    """The value column; missing values are allowed (ptd_spc tolerates them), infinities not."""
    y = number_column(table, value)
    infinite = rows[np.isinf(y[rows])]
    if infinite.size:
        row = int(infinite[0])
        raise InputError(f"{table.where(row, value)}: expected a finite number, got {y[row]:g}")
    return y


def _dates(table: InputTable, date: str, rows: np.ndarray) -> tuple[np.ndarray, pa.Array]:
    days, dates = date_column(table, date)
    missing = rows[np.isnan(days[rows])]
    if missing.size:
        raise InputError(f"{table.where(int(missing[0]), date)}: a date is needed on every row")
    return days, dates


@spc_app.command("mdc")
@reports_input_errors
def mdc_command(
    input_csv: Annotated[
        str, typer.Argument(metavar="INPUT.csv", help="Comma- or semicolon-separated file.")
    ],
    value: Annotated[str, typer.Option("--value", help="Column of values (may be missing).")],
    date: Annotated[str, typer.Option("--date", help="Column of dates, one per facet and row.")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output CSV file.")],
    facet: Annotated[
        str | None,
        typer.Option("--facet", help="Column of series names; rows without one are left out."),
    ] = None,
    improvement: Annotated[
        str, typer.Option("--improvement", help="increase (default), decrease or neutral.")
    ] = "increase",
    target: Annotated[
        list[str] | None,
        typer.Option("--target", help="Target: VALUE for all facets, or FACET=VALUE (repeat)."),
    ] = None,
    rebase: Annotated[
        list[str] | None,
        typer.Option(
            "--rebase", help="Date a new rebase group starts: DATE, or FACET=DATE (repeat)."
        ),
    ] = None,
    fix_after: Annotated[
        int | None,
        typer.Option("--fix-after", help="Limits from the first N points of each group (>= 12)."),
    ] = None,
    no_screen: Annotated[
        bool, typer.Option("--no-screen", help="Keep large moving ranges in the limits.")
    ] = False,
    summary: Annotated[
        str | None,
        typer.Option("--summary", help="Summary CSV: one row per facet and rebase group."),
    ] = None,
) -> None:
    """NHS Making Data Count XmR chart with its icons, as NHSRplotthedots' ptd_spc()."""
    job = prepare_mdc(
        input_csv, value=value, date=date, facet=facet, improvement=improvement,
        target=target, rebase=rebase, fix_after=fix_after, no_screen=no_screen,
    )  # fmt: skip
    # An input without rows still gives the files, with their headers.
    chunks = list(job.groups.chunks(SERIES_PER_CHUNK)) or [(0, np.zeros(0, dtype=np.intp))]
    with ExitStack() as stack:
        points_sink = stack.enter_context(CsvSink(output))
        summary_sink = stack.enter_context(CsvSink(summary)) if summary else None
        for start, rows in chunks:
            result = job.run(start, rows)
            points_sink.write(_point_columns(result, rows, start, job.dates, job.groups))
            if summary_sink is not None:
                summary_sink.write(_summary_columns(result, start, job.groups))


@dataclass(frozen=True)
class MdcJob:
    """A checked input and the engine options: what ``spc mdc`` and ``chart --mdc`` compute."""

    table: InputTable
    date_column: str
    groups: Facets
    y: np.ndarray
    days: np.ndarray
    dates: pa.Array
    improvement: str
    targets: float | np.ndarray | None
    rebases: Rebases
    fix_after: int | None
    screen: bool

    def run(self, start: int, rows: np.ndarray) -> MdcResult:
        """The engine on the given rows (whole series); series ids renumbered from ``start``."""
        stop = start + SERIES_PER_CHUNK
        rebase_days, rebase_owner = self.rebases.for_chunk(start, stop)
        targets = self.targets
        chunk_targets = targets[start:stop] if isinstance(targets, np.ndarray) else targets
        try:
            return mdc(
                self.y[rows],
                self.days[rows],
                series=self.groups.code[rows] - start,
                improvement=self.improvement,  # type: ignore[arg-type]
                target=chunk_targets,
                rebase=rebase_days,
                rebase_series=rebase_owner,
                fix_after_n_points=self.fix_after,
                screen_outliers=self.screen,
            )
        except DuplicateDateError as error:
            raise _duplicate_date(
                self.table, self.date_column, self.dates, self.groups, rows, error
            ) from None


def prepare_mdc(
    input_csv: str,
    *,
    value: str,
    date: str,
    facet: str | None = None,
    improvement: str = "increase",
    target: list[str] | None = None,
    rebase: list[str] | None = None,
    fix_after: int | None = None,
    no_screen: bool = False,
) -> MdcJob:
    """Check the options, read and check the file: everything short of computing."""
    if improvement not in IMPROVEMENT_DIRECTIONS:
        raise InputError(
            f"--improvement: expected one of {', '.join(IMPROVEMENT_DIRECTIONS)}, "
            f'got "{improvement}"'
        )
    if fix_after is not None and fix_after < MDC_MIN_FIX_AFTER_POINTS:
        raise InputError(
            f"--fix-after: limits need at least {MDC_MIN_FIX_AFTER_POINTS} points, got {fix_after}"
        )
    facets = [facet] if facet else []
    table = read_csv(input_csv, [value, date, *facets], text_columns=facets)
    groups = facet_codes(table, facets)
    kept = np.flatnonzero(groups.code >= 0)
    y = _values(table, value, kept)
    days, dates = _dates(table, date, kept)
    return MdcJob(
        table=table,
        date_column=date,
        groups=groups,
        y=y,
        days=days,
        dates=dates,
        improvement=improvement,
        targets=_parse_targets(list(target or []), facet, groups),
        rebases=_parse_rebases(list(rebase or []), facet, groups),
        fix_after=fix_after,
        screen=not no_screen,
    )


def _duplicate_date(
    table: InputTable,
    date: str,
    dates: pa.Array,
    groups: Facets,
    rows: np.ndarray,
    error: DuplicateDateError,
) -> InputError:
    first, second = (int(rows[i]) for i in error.rows)
    where = f' in facet "{groups.values[0][int(groups.code[first])]}"' if groups.names else ""
    return InputError(
        f"{table.where(second, date)}: duplicate date {dates[second]}{where} "
        f"(also on line {first + 2})"
    )


def _label_column(codes: np.ndarray, labels: tuple[str, ...]) -> pa.Array:
    """Integer codes as their text labels; the empty label is written as missing."""
    dictionary = pa.array([label or None for label in labels], type=pa.string())
    return dictionary.take(pa.array(codes))


def _point_columns(
    result: MdcResult, rows: np.ndarray, start: int, dates: pa.Array, groups: Facets
) -> dict[str, pa.Array]:
    points = result.points
    columns: dict[str, pa.Array] = groups.labels(points.series + start)
    columns.update(
        x=dates.take(pa.array(rows[points.row])),
        y=float_column(points.y),
        mean=float_column(points.mean),
        lpl=float_column(points.lpl),
        upl=float_column(points.upl),
        point_type=_label_column(points.point_type_code, OUTPUT_POINT_TYPES),
    )
    return columns


def _summary_columns(result: MdcResult, start: int, groups: Facets) -> dict[str, pa.Array]:
    s = result.summary
    columns: dict[str, pa.Array] = groups.labels(s.series + start)
    columns.update(
        rebase_group=int_column(s.rebase_group),
        mean=float_column(s.mean),
        lpl=float_column(s.lpl),
        upl=float_column(s.upl),
        n=int_column(s.n),
        common_cause=int_column(s.common_cause),
        special_cause_improvement=int_column(s.special_cause_improvement),
        special_cause_concern=int_column(s.special_cause_concern),
        variation_icon=_label_column(s.variation_icon_code, VARIATION_ICON_LABELS),
        assurance_icon=_label_column(s.assurance_code, ASSURANCE_ICON_LABELS),
    )
    return columns
