"""From a checked input to a chart file: engine, chart model, Vega-Lite spec, rendering.

Kept apart from :mod:`forbedring.cli.chart_command` so that the charts package is imported
only when a chart is drawn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from forbedring.charts.mdc_spec import mdc_spec
from forbedring.charts.model import (
    Lang,
    Note,
    XKind,
    mdc_chart_from_result,
    spc_chart_from_qic,
)
from forbedring.charts.render import render_to_file
from forbedring.charts.spc_spec import spc_spec
from forbedring.charts.summary import summarise_mdc, summarise_spc
from forbedring.cli.facets import Facets
from forbedring.cli.mdc_command import MdcJob
from forbedring.cli.qic_command import QicJob
from forbedring.cli.table_input import InputError, parse_date


@dataclass(frozen=True)
class Words:
    """What the user says about the chart: language, titles, labels and notes."""

    lang: str
    title: str | None = None
    subtitle: str | None = None
    y_label: str | None = None
    x_label: str | None = None
    free_y: bool = False
    notes: list[str] = field(default_factory=list)


def series_labels(groups: Facets) -> list[str | None] | None:
    """One label per series: the facet value, or both values joined for two facets."""
    if not groups.names:
        return None
    columns = [values.to_pylist() for values in groups.values]
    return [" / ".join(str(v) for v in combo) for combo in zip(*columns, strict=True)]


def parse_notes(specs: list[str], kind: XKind) -> list[Note]:
    """``--note DATE=TEXT`` (``X=TEXT`` for numeric or text x) as chart notes."""
    notes = []
    for spec in specs:
        where, sep, words = spec.partition("=")
        if not sep or not words.strip():
            raise InputError(f'--note "{spec}": expected DATE=TEXT, e.g. 2025-03-01=PDSA 1')
        where = where.strip()
        x: dt.date | float | str
        if kind == "date":
            x = parse_date(where, f'--note "{spec}"')
        elif kind == "numeric":
            try:
                x = float(where)
            except ValueError:
                raise InputError(f'--note "{spec}": expected a number before "="') from None
        else:
            x = where
        notes.append(Note(x=x, text=words.strip()))
    return notes


def draw_qic(
    job: QicJob, words: Words, output: str, *, target: float | None, part_column: str | None
) -> None:
    """Compute the run or control chart of all series and write it to ``output``."""
    rows = np.flatnonzero(job.groups.code >= 0)
    result = job.run(0, rows)
    phase_labels = None
    if part_column is not None:
        labels = job.table.raw(part_column).to_pylist()
        phase_labels = [str(label) for label in dict.fromkeys(labels) if label is not None]
    model = spc_chart_from_qic(
        result,
        str(job.options["chart"]),
        job.xcol.output.take(rows).to_pylist(),
        job.xcol.kind,
        series_labels(job.groups),
        lang=cast(Lang, words.lang),
        title=words.title,
        subtitle=words.subtitle,
        y_label=words.y_label,
        x_label=words.x_label,
        target=target,
        notes=parse_notes(words.notes, job.xcol.kind),
        freeze=job.options["freeze"],
        phase_labels=phase_labels,
        free_y=words.free_y,
    )
    spec = spc_spec(model)
    render_to_file(
        spec, output, title=spec["title"]["text"], summary=summarise_spc(model), lang=words.lang
    )


def draw_mdc(job: MdcJob, words: Words, output: str) -> None:
    """Compute the Making Data Count chart of all series and write it to ``output``."""
    rows = np.flatnonzero(job.groups.code >= 0)
    result = job.run(0, rows)
    model = mdc_chart_from_result(
        result,
        job.improvement,  # type: ignore[arg-type]
        job.dates.take(rows).to_pylist(),
        series_labels(job.groups),
        lang=cast(Lang, words.lang),
        title=words.title,
        subtitle=words.subtitle,
        y_label=words.y_label,
        x_label=words.x_label,
        notes=parse_notes(words.notes, "date"),
        free_y=words.free_y,
    )
    spec = mdc_spec(model)
    render_to_file(
        spec, output, title=spec["title"]["text"], summary=summarise_mdc(model), lang=words.lang
    )
