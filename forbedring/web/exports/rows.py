"""A team's series of a measure as table rows: what every export (CSV, Excel) writes.

The numbers come from :func:`forbedring.web.measures.queries.series_view`, the same engine run
the measure page charts: the plotted value (ratio × multiplier), centre line, limits, phase and
signals are read off the chart's panel, never recomputed here. Values are kept as Python
numbers, dates and texts; each file format decides how to write them.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forbedring.charts.model import MdcPanel, SpcPanel
from forbedring.web.measures.models import Observation, SeriesEvent
from forbedring.web.measures.queries import SeriesView

# How a column's values are written: a date, a number as entered, a number the engine computed,
# a whole number, a date and time, or free text (guarded against formula injection).
DATE, NUMBER, STATISTIC, INTEGER, DATETIME, TEXT = (
    "date", "number", "statistic", "integer", "datetime", "text",
)  # fmt: skip


@dataclass(frozen=True)
class Column:
    key: str
    header: str | Promise
    kind: str


SERIES_COLUMNS: tuple[Column, ...] = (
    Column("period", gettext_lazy("Period"), DATE),
    Column("numerator", gettext_lazy("Numerator"), NUMBER),
    Column("denominator", gettext_lazy("Denominator"), NUMBER),
    Column("entered_value", gettext_lazy("Entered value"), NUMBER),
    Column("value", gettext_lazy("Plotted value"), STATISTIC),
    Column("centre", gettext_lazy("Centre line"), STATISTIC),
    Column("lower", gettext_lazy("Lower limit"), STATISTIC),
    Column("upper", gettext_lazy("Upper limit"), STATISTIC),
    Column("phase", gettext_lazy("Phase"), INTEGER),
    Column("special_cause", gettext_lazy("Special cause"), TEXT),
    Column("runs_signal", gettext_lazy("Runs signal in phase"), TEXT),
    Column("note", gettext_lazy("Note"), TEXT),
    Column("comment", gettext_lazy("Comment"), TEXT),
)
ENTRY_COLUMNS: tuple[Column, ...] = (
    Column("entered_by", gettext_lazy("Entered by"), TEXT),
    Column("entered_at", gettext_lazy("Entered at"), DATETIME),
    Column("version", gettext_lazy("Version"), INTEGER),
)
OBSERVATION_COLUMNS = SERIES_COLUMNS + ENTRY_COLUMNS

type Row = dict[str, Any]


def _number(value: float) -> float | None:
    return None if math.isnan(value) else value


def _mdc_special_cause(point_type: str) -> str:
    """NHSRplotthedots' point classification in words ('' for common-cause variation)."""
    words = {
        "special_cause_improvement": _("Special cause: improvement"),
        "special_cause_concern": _("Special cause: concern"),
        "special_cause_neutral_high": _("Special cause: high"),
        "special_cause_neutral_low": _("Special cause: low"),
    }
    return words.get(point_type, "")


def _statistics(panel: SpcPanel | MdcPanel, i: int) -> Row:
    """The engine's numbers and signals of the panel's ``i``-th point."""
    if isinstance(panel, MdcPanel):
        return {
            "value": _number(panel.y[i]),
            "centre": _number(panel.mean[i]),
            "lower": _number(panel.lpl[i]),
            "upper": _number(panel.upl[i]),
            "phase": panel.rebase_group[i] + 1 if min(panel.rebase_group) == 0
            else panel.rebase_group[i],
            "special_cause": _mdc_special_cause(panel.point_type[i]),
            # Making Data Count has no separate runs analysis: its run of 7 is a special cause.
            "runs_signal": "",
        }  # fmt: skip
    part = panel.part[i]
    runs = panel.runs.get(part)
    return {
        "value": _number(panel.y[i]),
        "centre": _number(panel.cl[i]),
        "lower": _number(panel.lcl[i]),
        "upper": _number(panel.ucl[i]),
        "phase": part,
        "special_cause": _("Outside the limits") if panel.sigma_signal[i] else "",
        "runs_signal": (_("Yes") if runs.signal else _("No")) if runs else "",
    }


def _notes_by_period(view: SeriesView, *, annotations: bool) -> dict[dt.date, list[str]]:
    """What the team said about each period: new phases, baselines and excluded points with
    their reasons, notes, and (with ``annotations``) the PDSA cycles and changes the chart
    shows from the team's projects."""
    notes: dict[dt.date, list[str]] = {}
    for event in sorted(view.events, key=lambda e: (e.period, e.created_at)):
        if event.kind == SeriesEvent.Kind.NOTE:
            text = event.text
        else:
            text = f"{event.get_kind_display()}: {event.text}"
        notes.setdefault(event.period, []).append(text)
    if annotations and view.chart is not None:
        said = {event.text for event in view.events}
        for note in view.chart.notes:
            if isinstance(note.x, dt.date) and note.text not in said:
                notes.setdefault(note.x, []).append(note.text)
    return notes


def _entry(observation: Observation) -> Row:
    return {
        "entered_by": str(observation.entered_by),
        "entered_at": timezone.localtime(observation.entered_at),
        "version": observation.version,
    }


def series_rows(
    view: SeriesView,
    *,
    comments: bool = True,
    entries: bool = False,
    annotations: bool = True,
) -> list[Row]:
    """One row per observation, oldest first.

    ``comments``: the observations' comments (left out where the reader may see the team's
    charts but not its pages). ``entries``: who entered each value, when, and its version (the
    observations need their ``entered_by`` loaded, or this costs a query per row).
    """
    panel = view.chart.panels[0] if view.chart is not None else None
    index = {x: i for i, x in enumerate(panel.x)} if panel is not None else {}
    notes = _notes_by_period(view, annotations=annotations)
    rows = []
    for obs in view.observations:
        has_ratio = view.measure.has_denominator
        row: Row = {
            "period": obs.period,
            "numerator": obs.numerator if has_ratio else None,
            "denominator": obs.denominator if has_ratio else None,
            "entered_value": None if has_ratio else obs.value,
            "value": None, "centre": None, "lower": None, "upper": None,
            "phase": None, "special_cause": "", "runs_signal": "",
            "note": " | ".join(notes.get(obs.period, [])),
            "comment": obs.comment if comments else "",
        }  # fmt: skip
        position = index.get(obs.period)
        if panel is not None and position is not None:
            row.update(_statistics(panel, position))
        if entries:
            row.update(_entry(obs))
        rows.append(row)
    return rows
