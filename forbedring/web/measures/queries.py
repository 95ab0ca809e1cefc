"""From the database to the engine and the chart: a team's series of one measure.

Observations become the engine's input, the team's series events (phases, baseline, excluded
points, notes) become its options, and the result becomes a chart model, a Vega-Lite spec, a
text summary and a one-line status for overviews.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from django.utils.translation import get_language

from forbedring.charts.mdc_spec import mdc_spec
from forbedring.charts.model import (
    LANGUAGES,
    Lang,
    MdcChart,
    Note,
    SpcChart,
    mdc_chart_from_result,
    spc_chart_from_qic,
)
from forbedring.charts.spc_spec import spc_spec
from forbedring.charts.summary import summarise_mdc, summarise_spc
from forbedring.charts.texts import text
from forbedring.spc import mdc, qic
from forbedring.web.improvement.annotations import project_notes
from forbedring.web.measures.models import Measure, Observation, SeriesEvent
from forbedring.web.organisations.models import Team

EPOCH = dt.date(1970, 1, 1)


def current_lang() -> Lang:
    """The request's language as the charts know it (da, nb or en)."""
    code = (get_language() or "da").split("-")[0]
    return code if code in LANGUAGES else "da"


@dataclass(frozen=True)
class Status:
    """A series at a glance: is there a signal, and is the target met (None: no target)."""

    points: int
    signal: bool
    improving: bool | None
    target_met: bool | None
    latest: float | None


@dataclass(frozen=True)
class SeriesView:
    """Everything a page shows of one team's series of one measure."""

    measure: Measure
    team: Team
    observations: list[Observation]
    events: list[SeriesEvent]
    chart: SpcChart | MdcChart | None
    spec: dict[str, Any] | None
    summary: str
    status: Status


def _y(
    measure: Measure, observations: Sequence[Observation]
) -> tuple[list[float], list[float] | None]:
    if measure.has_denominator:
        nums = [math.nan if o.numerator is None else o.numerator for o in observations]
        dens = [math.nan if o.denominator is None else o.denominator for o in observations]
        return nums, dens
    return [math.nan if o.value is None else o.value for o in observations], None


def position_options(
    periods: Sequence[dt.date], events: Sequence[SeriesEvent]
) -> tuple[list[int], int | None, list[int], list[Note], dict[int, Note]]:
    """Phase breakpoints, baseline end, excluded positions (1-based), notes, and the reason of
    each new phase by its breakpoint."""
    breakpoints: list[int] = []
    freeze: int | None = None
    exclude: list[int] = []
    notes: list[Note] = []
    phase_reasons: dict[int, Note] = {}
    for event in events:
        before = sum(p < event.period for p in periods)
        if event.kind == SeriesEvent.Kind.PHASE and 0 < before < len(periods):
            breakpoints.append(before)
            phase_reasons[before] = Note(event.period, event.text)
        elif event.kind == SeriesEvent.Kind.BASELINE:
            freeze = sum(p <= event.period for p in periods) or None
        elif event.kind == SeriesEvent.Kind.EXCLUDE:
            exclude += [i + 1 for i, p in enumerate(periods) if p == event.period]
        elif event.kind == SeriesEvent.Kind.NOTE:
            notes.append(Note(event.period, event.text))
    return sorted(set(breakpoints)), freeze, exclude, notes, phase_reasons


def improving_now(direction: str, latest: float, centre: float) -> bool | None:
    if direction == Measure.Direction.NEUTRAL or math.isnan(latest) or math.isnan(centre):
        return None
    return latest < centre if direction == Measure.Direction.DECREASE else latest > centre


def target_met(measure: Measure, latest: float | None) -> bool | None:
    if measure.target is None or latest is None or math.isnan(latest):
        return None
    if measure.direction == Measure.Direction.DECREASE:
        return latest <= measure.target
    if measure.direction == Measure.Direction.INCREASE:
        return latest >= measure.target
    return None


def series_view(
    measure: Measure,
    team: Team,
    *,
    lang: Lang | None = None,
    observations: list[Observation] | None = None,
    events: list[SeriesEvent] | None = None,
    annotations: list[Note] | None = None,
    draw: bool = True,
) -> SeriesView:
    """The chart, summary and status of a team's series of a measure, in the given language.

    The team's improvement projects add their PDSA cycles and implemented changes as notes
    (``annotations``; read once per team object when not given). ``draw=False`` leaves out
    the chart's spec and summary (None and ""), for callers that read only the chart's numbers
    and the status, like a workbook of a hundred teams' series.
    """
    lang = lang or current_lang()
    if observations is None:
        observations = list(
            Observation.objects.filter(measure=measure, team=team).order_by("period")
        )
    if events is None:
        events = list(SeriesEvent.objects.filter(measure=measure, team=team))
    periods = [o.period for o in observations]
    y, n = _y(measure, observations)
    empty = Status(0, False, None, None, None)
    if not observations:
        return SeriesView(measure, team, observations, events, None, None, "", empty)
    breakpoints, freeze, exclude, notes, phase_reasons = position_options(periods, events)
    if annotations is None:
        annotations = project_notes(team, measure, lang=lang, periods=periods)
    notes = sorted([*notes, *annotations], key=lambda note: str(note.x))
    words: dict[str, Any] = {
        "lang": lang, "title": measure.name, "y_label": measure.unit_label or None,
    }  # fmt: skip
    chart: SpcChart | MdcChart
    if measure.rule_set == Measure.RuleSet.MDC:
        # A rebase has no phase label on these charts: its reason is shown as a note.
        words["notes"] = sorted([*notes, *phase_reasons.values()], key=lambda note: note.x)
        chart, status = _mdc_series(measure, periods, y, n, events, words)
        spec, summary = (mdc_spec(chart), summarise_mdc(chart)) if draw else (None, "")
    else:
        # Each new phase is labelled with its reason; the first is "Phase 1".
        words["notes"] = notes
        if phase_reasons:
            words["phase_labels"] = [
                text("phase_number", lang, number=1),
                *[phase_reasons[b].text for b in sorted(phase_reasons)],
            ]
        options = {"part": breakpoints or None, "freeze": freeze, "exclude": exclude}
        spc, status = _qic_series(measure, periods, y, n, options, words)
        spec, summary = (spc_spec(spc), summarise_spc(spc)) if draw else (None, "")
        chart = spc
    return SeriesView(measure, team, observations, events, chart, spec, summary, status)


def _days(periods: Sequence[dt.date]) -> np.ndarray:
    return np.array([(p - EPOCH).days for p in periods], dtype=float)


def _qic_series(
    measure: Measure,
    periods: list[dt.date],
    y: list[float],
    n: list[float] | None,
    options: dict[str, Any],
    words: dict[str, Any],
) -> tuple[SpcChart, Status]:
    """A run or Shewhart chart of the series, with the Anhøj (or, for run charts, IHI) rules."""
    rules: Literal["anhoej", "ihi"] = (
        "ihi" if measure.rule_set == Measure.RuleSet.IHI and measure.chart_type == "run"
        else "anhoej"
    )  # fmt: skip
    part = options["part"]
    freeze = None if part else options["freeze"]
    result = qic(
        y, x=_days(periods), n=n, chart=measure.chart_type,
        part=part, freeze=freeze, exclude=options["exclude"],
        multiply=float(measure.multiplier), rules=rules,
    )  # fmt: skip
    chart = spc_chart_from_qic(
        result, measure.chart_type, periods, "date", freeze=freeze, target=measure.target,
        **words,
    )  # fmt: skip
    panel = chart.panels[0]
    last_part = panel.part[-1]
    latest = panel.y[-1]
    outside = any(s for s, p in zip(panel.sigma_signal, panel.part, strict=True) if p == last_part)
    signal = panel.runs[last_part].signal or outside
    status = Status(
        points=panel.points,
        signal=signal,
        improving=improving_now(measure.direction, latest, panel.cl[-1]) if signal else None,
        target_met=target_met(measure, latest),
        latest=None if math.isnan(latest) else latest,
    )
    return chart, status


def _mdc_series(
    measure: Measure,
    periods: list[dt.date],
    y: list[float],
    n: list[float] | None,
    events: list[SeriesEvent],
    words: dict[str, Any],
) -> tuple[MdcChart, Status]:
    """A Making Data Count chart of the ratio (or value), rebased at every new phase."""
    values = np.asarray(y, dtype=float)
    if n is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            values = values / np.asarray(n, dtype=float)
    values = values * float(measure.multiplier)
    # A new phase on a Making Data Count chart is a rebase: new mean and limits from there.
    rebase = _days([e.period for e in events if e.kind == SeriesEvent.Kind.PHASE])
    direction: Literal["increase", "decrease", "neutral"] = measure.direction
    result = mdc(
        values, _days(periods), improvement=direction, target=measure.target,
        rebase=rebase if rebase.size else None,
    )  # fmt: skip
    chart = mdc_chart_from_result(result, direction, periods, **words)
    panel = chart.panels[0]
    latest = panel.y[-1]
    icon = panel.variation_icon
    status = Status(
        points=panel.points,
        signal=icon != "common_cause",
        improving=True if icon.startswith("improvement")
        else False if icon.startswith("concern") else None,
        target_met=target_met(measure, latest),
        latest=None if math.isnan(latest) else latest,
    )  # fmt: skip
    return chart, status


# Layers of the full chart that a small multiple leaves out: note texts overlap in 140 pixels
# (the note markers and their tooltips stay), the caption and the Making Data Count icons sit
# outside a fixed-width plot (the status words under the card say the same).
CARD_DROPPED_LAYERS = frozenset(
    {"note_labels", "caption"}
    | {
        f"{kind}_{part}"
        for kind in ("variation", "assurance")
        for part in ("icon", "letter", "label")
    }
)


def compact_spec(spec: dict[str, Any], *, height: int = 140) -> dict[str, Any]:
    """A small multiple for overview pages (and the measure page on a phone): the plot fills
    its card's width, ``height`` pixels tall, without caption, legends or icons.

    Layers that place marks at the full chart's plot width in pixels (the target's label) move
    to the plot's right edge ("width"), and legends an encoding asks for explicitly go too, as
    they outlive the config's ``legend.disable``; both would squeeze the plot in a narrow card.
    The caption's data rows go with its layer: nothing else draws them, and a page of a hundred
    small multiples (the network dashboard) would carry them all as dead weight.
    """
    small = {key: value for key, value in spec.items() if key not in {"width", "height", "title"}}
    data = spec.get("data")
    if isinstance(data, dict) and isinstance(data.get("values"), list):
        kept = [row for row in data["values"] if row.get("row_type") != "caption"]
        small["data"] = {**data, "values": kept}
    small["width"] = "container"
    small["height"] = height
    small["config"] = {**spec.get("config", {}), "legend": {"disable": True}}
    layers = []
    for layer in spec.get("layer", []):
        if layer.get("name") in CARD_DROPPED_LAYERS:
            continue
        encoding = dict(layer.get("encoding", {}))
        x = encoding.get("x")
        if isinstance(x, dict) and isinstance(x.get("value"), int | float):
            encoding["x"] = {"value": "width"}
        for channel, definition in encoding.items():
            if isinstance(definition, dict) and definition.get("legend") is not None:
                encoding[channel] = {**definition, "legend": None}
        layers.append({**layer, "encoding": encoding})
    small["layer"] = layers
    return small
