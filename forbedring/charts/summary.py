"""A chart in words: the plain-text summary for screen readers and reports, and short captions.

The summary is what a reader who cannot see the chart needs in order to act on it: the chart
type and size, the centre line and limits, and, for the latest phase, the runs analysis (Anhøj
rules), points outside the control limits and what they mean; earlier phases get one sentence
each. Every panel of a faceted chart is described in turn, prefixed with its label. Numbers
and dates follow the chart's language (:mod:`forbedring.charts.locales`); the words come from
:mod:`forbedring.charts.texts`, so a summary reads naturally in Danish and Norwegian too.

The chart's title is deliberately left out: the HTML page labels the figure with the title and
describes it with this summary, and a screen reader would otherwise read the title twice.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from forbedring.charts.model import RunsStats, SpcChart, SpcPanel
from forbedring.charts.summary_mdc import signal_caption_mdc, summarise_mdc
from forbedring.charts.summary_words import (
    Words,
    date_span,
    describe_panels,
    finite_values,
    labels_of,
    last_value,
    observed_at,
    phase_heading,
    segments_of,
    words_of,
)
from forbedring.charts.texts import capitalise, text

# The Making Data Count summaries live in summary_mdc; importers keep this module's names.
__all__ = ["signal_caption", "signal_caption_mdc", "summarise_mdc", "summarise_spc"]

# Charts whose centre line is a median (qicharts2: the run chart and the G chart).
MEDIAN_CHARTS = frozenset({"run", "g"})


@dataclass(frozen=True)
class _Signals:
    """What the runs analysis and the limits say about one phase."""

    long_run: bool
    few_crossings: bool
    runs_signal: bool
    outside: int

    @property
    def signal(self) -> bool:
        return self.runs_signal or self.outside > 0


def _signals(chart: SpcChart, panel: SpcPanel, part: int, idx: Sequence[int]) -> _Signals:
    stats = panel.runs.get(part)
    long_run = few = runs_signal = False
    if stats is not None:
        long_run = _exceeds(stats.longest_run, stats.longest_run_max)
        few = _exceeds(stats.n_crossings_min, stats.n_crossings)
        runs_signal = stats.signal or long_run or few
    outside = sum(panel.sigma_signal[i] for i in idx) if chart.has_limits else 0
    return _Signals(long_run, few, runs_signal, outside)


def _exceeds(value: int | None, limit: int | None) -> bool:
    return value is not None and limit is not None and value > limit


def _limits(w: Words, panel: SpcPanel, idx: Sequence[int]) -> str:
    """The control limits of a phase: one pair when constant, else those of the last point."""
    lcl, ucl = finite_values(panel.lcl, idx), finite_values(panel.ucl, idx)
    if lcl and ucl:
        constant = len(lcl) == len(ucl) == len(idx) and _same(lcl) and _same(ucl)
        key = "summary_limits" if constant else "summary_limits_last"
        return w.t(key, lower=w.number(lcl[-1]), upper=w.number(ucl[-1]))
    if ucl:
        return w.t("summary_upper_limit", value=w.number(ucl[-1]))
    if lcl:
        return w.t("summary_lower_limit", value=w.number(lcl[-1]))
    return ""


def _same(values: Sequence[float]) -> bool:
    return all(math.isclose(v, values[0], rel_tol=1e-9, abs_tol=1e-12) for v in values)


def _lines(chart: SpcChart, w: Words, panel: SpcPanel, idx: Sequence[int]) -> str:
    """ "centre line 12 per 1,000 resident-days, control limits 4.1 to 20"."""
    found = []
    cl = last_value(panel.cl, idx)
    if cl is not None:
        key = "summary_median" if chart.chart_type in MEDIAN_CHARTS else "summary_centre"
        found.append(w.t(key, value=w.measured(cl)))
    if chart.has_limits and (limits := _limits(w, panel, idx)):
        found.append(limits)
    return ", ".join(found)


def _runs_sentences(w: Words, stats: RunsStats | None, signals: _Signals) -> list[str]:
    if stats is None or stats.longest_run is None or stats.n_crossings is None:
        return []
    run_key = "summary_long_run" if signals.long_run else "summary_longest_run"
    cross_key = "summary_few_crossings" if signals.few_crossings else "summary_crossings"
    return [
        w.t(run_key, n=w.whole(stats.longest_run), limit=w.whole(stats.longest_run_max)),
        w.t(cross_key, n=w.whole(stats.n_crossings), minimum=w.whole(stats.n_crossings_min)),
    ]


def _detail(w: Words, stats: RunsStats | None, signals: _Signals) -> list[str]:
    """The latest phase in full: runs analysis, points outside the limits, the verdict."""
    sentences = _runs_sentences(w, stats, signals)
    if signals.outside:
        sentences.append(w.count("summary_outside", signals.outside))
    if not signals.signal:
        sentences.append(w.t("summary_no_signal"))
    return sentences


def _target(chart: SpcChart, w: Words, panel: SpcPanel, idx: Sequence[int]) -> list[str]:
    """Where the target lies: against the control limits when there are any, else the centre."""
    if chart.target is None:
        return []
    target, value = chart.target, w.number(chart.target)
    lcl, ucl = last_value(panel.lcl, idx), last_value(panel.ucl, idx)
    if chart.has_limits and (lcl is not None or ucl is not None):
        if ucl is not None and target > ucl:
            return [w.t("summary_target_above_limits", target=value)]
        if lcl is not None and target < lcl:
            return [w.t("summary_target_below_limits", target=value)]
        return [w.t("summary_target_within_limits", target=value)]
    cl = last_value(panel.cl, idx)
    if cl is None:
        return [w.t("summary_target", target=value)]
    line = "median" if chart.chart_type in MEDIAN_CHARTS else "centre"
    side = "on" if math.isclose(target, cl, rel_tol=1e-9) else "above" if target > cl else "below"
    return [w.t(f"summary_target_{side}_{line}", target=value)]


def _baseline(chart: SpcChart, w: Words, panel: SpcPanel) -> list[str]:
    n = sum(panel.baseline)
    if chart.freeze is None or not 0 < n < len(panel.baseline):
        return []
    return [w.t("summary_baseline_run" if chart.chart_type == "run" else "summary_baseline", n=n)]


def _spc_panel(chart: SpcChart, w: Words, panel: SpcPanel, lead: str) -> list[str]:
    """Sentences for one panel; ``lead`` is "Run chart, " or "Solgården: "."""
    observed = observed_at(panel.y, range(len(panel.y)))
    if not observed:
        return [f"{lead}{w.t('summary_no_data')}."]
    head = lead + w.count("summary_points", len(observed)) + date_span(w, panel.x, observed)
    excluded = len(panel.include) - sum(panel.include)
    notes = [w.count("summary_excluded", excluded)] if excluded else []
    phases = segments_of(panel.part)
    part, idx = phases[-1]
    signals = _signals(chart, panel, part, idx)
    if len(phases) == 1:
        lines = _lines(chart, w, panel, idx)
        first = f"{head}, {lines}." if lines else f"{head}."
        sentences = [first, *_baseline(chart, w, panel), *notes]
    else:
        sentences = [f"{head} {w.t('summary_in_phases', count=len(phases))}.", *notes]
        for number, (earlier, earlier_idx) in enumerate(phases, start=1):
            heading = phase_heading(
                w, number, len(phases), _phase_label(chart, earlier), panel.x[earlier_idx[0]]
            )
            size = w.count("summary_points", len(observed_at(panel.y, earlier_idx)))
            lines = ", ".join(filter(None, [size, _lines(chart, w, panel, earlier_idx)]))
            if number < len(phases):
                found = _signals(chart, panel, earlier, earlier_idx).signal
                verdict = w.t("summary_brief_signal" if found else "summary_brief_no_signal")
                sentences.append(f"{heading}: {lines}; {verdict}.")
            else:
                sentences.append(f"{heading}: {lines}.")
    sentences += _detail(w, panel.runs.get(part), signals)
    return sentences + _target(chart, w, panel, idx)


def _phase_label(chart: SpcChart, part: int) -> str | None:
    """The user's name of a phase; parts are numbered from 1 as the spec builder reads them."""
    labels = chart.phase_labels
    label = labels[part - 1] if labels and 0 < part <= len(labels) else None
    # A label that only repeats the phase's number ("Phase 1") adds nothing to "Phase 1 of 2".
    return None if label == text("phase_number", chart.lang, number=part) else label


def summarise_spc(chart: SpcChart) -> str:
    """The summary of a run or control chart in the chart's language, as one paragraph.

    Example (en): "Run chart, 36 points from Jan 2023 to Dec 2025, median 12. Longest run 9
    (limit 8): unusually long, a sign of a shift. Crossings 10 (minimum 11): unusually few, a
    sign of a shift or trend."
    """
    w = words_of(chart)
    name = w.t(f"chart_{chart.chart_type}")
    sentences = describe_panels(
        w, name, chart.panels, lambda panel, lead: _spc_panel(chart, w, panel, lead)
    )
    return " ".join(sentences)


def signal_caption(chart: SpcChart) -> list[str]:
    """One short line per panel with the signals of its latest phase in words, for the caption
    under the chart: "Signals: unusually long run, 2 points outside the control limits." or
    "No sign of non-random variation."; faceted panels as "Solgården: unusually long run."."""
    w = words_of(chart)
    labelled = len(chart.panels) > 1 or any(p.label for p in chart.panels)
    labels = labels_of(w, [p.label for p in chart.panels])
    lines = []
    for label, panel in zip(labels, chart.panels, strict=True):
        if not observed_at(panel.y, range(len(panel.y))):
            found = w.t("summary_no_data")
            lines.append(f"{label}: {found}." if labelled else f"{capitalise(found)}.")
            continue
        part, idx = segments_of(panel.part)[-1]
        signals = _signals(chart, panel, part, idx)
        items = [
            *([w.t("caption_long_run")] if signals.long_run else []),
            *([w.t("caption_few_crossings")] if signals.few_crossings else []),
            *([w.count("caption_outside", signals.outside)] if signals.outside else []),
        ]
        if signals.runs_signal and not (signals.long_run or signals.few_crossings):
            items.insert(0, w.t("summary_brief_signal"))
        if labelled:
            found = ", ".join(items) if items else w.t("summary_brief_no_signal")
            lines.append(f"{label}: {found}.")
        else:
            key = "caption_signals" if items else "summary_no_signal"
            lines.append(w.t(key, signals=", ".join(items)) if items else w.t(key))
    return lines
