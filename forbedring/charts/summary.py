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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from forbedring.charts.locales import (
    DateUnit,
    format_number,
    format_with_unit,
    format_x,
    infer_date_unit,
)
from forbedring.charts.model import Lang, MdcChart, MdcPanel, RunsStats, SpcChart, SpcPanel, XValue
from forbedring.charts.texts import capitalise, plural_text, text

# Charts whose centre line is a median (qicharts2: the run chart and the G chart).
MEDIAN_CHARTS = frozenset({"run", "g"})
ASSURANCE_ICONS = frozenset({"pass", "fail", "inconsistent"})


@dataclass(frozen=True)
class _Words:
    """The chart's language, unit and date style, so the helpers below need not pass them on."""

    lang: Lang
    unit: str | None
    date_unit: DateUnit | None

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)

    def whole(self, n: int | None) -> str:
        return format_number(n, self.lang, 0)

    def count(self, key: str, n: int) -> str:
        return plural_text(key, n, self.lang, n=self.whole(n))

    def number(self, value: float) -> str:
        """A value on the chart's scale; a "%" unit goes with every value, other units don't."""
        formatted = format_number(value, self.lang)
        return format_with_unit(formatted, "%", self.lang) if self.unit == "%" else formatted

    def measured(self, value: float) -> str:
        """A value with its unit, said once per centre line ("4,2 per 1.000 dage")."""
        return format_with_unit(format_number(value, self.lang), self.unit, self.lang)

    def x(self, value: XValue) -> str:
        return format_x(value, self.lang, self.date_unit)

    def join(self, items: Sequence[str]) -> str:
        """ "A, B and C" (no serial comma, as in Danish and Norwegian)."""
        if len(items) < 2:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.t('summary_and')} {items[-1]}"


def _words(chart: SpcChart | MdcChart) -> _Words:
    dates = infer_date_unit(x for panel in chart.panels for x in panel.x)
    return _Words(chart.lang, chart.unit, dates)


def _segments(groups: Sequence[int]) -> list[tuple[int, list[int]]]:
    """Row indexes of each phase (or rebase group), in the order they appear."""
    found: dict[int, list[int]] = {}
    for i, group in enumerate(groups):
        found.setdefault(group, []).append(i)
    return list(found.items())


def _finite(values: Sequence[float], idx: Sequence[int]) -> list[float]:
    return [values[i] for i in idx if not math.isnan(values[i])]


def _last(values: Sequence[float], idx: Sequence[int]) -> float | None:
    found = _finite(values, idx)
    return found[-1] if found else None


def _observed(y: Sequence[float], idx: Sequence[int]) -> list[int]:
    return [i for i in idx if not math.isnan(y[i])]


def _span(w: _Words, x: Sequence[XValue], observed: Sequence[int]) -> str:
    """ "from Jan 2023 to Dec 2025" for dated series; numbers and labels say little here."""
    if len(observed) < 2 or w.date_unit is None:
        return ""
    return " " + w.t("summary_from_to", start=w.x(x[observed[0]]), end=w.x(x[observed[-1]]))


def _heading(w: _Words, number: int, count: int, label: str | None, start: XValue) -> str:
    """ "Phase 2 of 2 (After the bundle, from Jul 2024)"."""
    extra = [label] if label else []
    if w.date_unit is not None:
        extra.append(w.t("summary_phase_from", start=w.x(start)))
    heading = w.t("summary_phase", number=number, count=count)
    return f"{heading} ({', '.join(extra)})" if extra else heading


def _group_labels(w: _Words, labels: Sequence[str | None]) -> list[str]:
    return [label or w.t("summary_group_number", number=i + 1) for i, label in enumerate(labels)]


# --- Run and control charts -------------------------------------------------------------


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


def _limits(w: _Words, panel: SpcPanel, idx: Sequence[int]) -> str:
    """The control limits of a phase: one pair when constant, else those of the last point."""
    lcl, ucl = _finite(panel.lcl, idx), _finite(panel.ucl, idx)
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


def _lines(chart: SpcChart, w: _Words, panel: SpcPanel, idx: Sequence[int]) -> str:
    """ "centre line 12 per 1,000 resident-days, control limits 4.1 to 20"."""
    found = []
    cl = _last(panel.cl, idx)
    if cl is not None:
        key = "summary_median" if chart.chart_type in MEDIAN_CHARTS else "summary_centre"
        found.append(w.t(key, value=w.measured(cl)))
    if chart.has_limits and (limits := _limits(w, panel, idx)):
        found.append(limits)
    return ", ".join(found)


def _runs_sentences(w: _Words, stats: RunsStats | None, signals: _Signals) -> list[str]:
    if stats is None or stats.longest_run is None or stats.n_crossings is None:
        return []
    run_key = "summary_long_run" if signals.long_run else "summary_longest_run"
    cross_key = "summary_few_crossings" if signals.few_crossings else "summary_crossings"
    return [
        w.t(run_key, n=w.whole(stats.longest_run), limit=w.whole(stats.longest_run_max)),
        w.t(cross_key, n=w.whole(stats.n_crossings), minimum=w.whole(stats.n_crossings_min)),
    ]


def _detail(w: _Words, stats: RunsStats | None, signals: _Signals) -> list[str]:
    """The latest phase in full: runs analysis, points outside the limits, the verdict."""
    sentences = _runs_sentences(w, stats, signals)
    if signals.outside:
        sentences.append(w.count("summary_outside", signals.outside))
    if not signals.signal:
        sentences.append(w.t("summary_no_signal"))
    return sentences


def _target(chart: SpcChart, w: _Words, panel: SpcPanel, idx: Sequence[int]) -> list[str]:
    """Where the target lies: against the control limits when there are any, else the centre."""
    if chart.target is None:
        return []
    target, value = chart.target, w.number(chart.target)
    lcl, ucl = _last(panel.lcl, idx), _last(panel.ucl, idx)
    if chart.has_limits and (lcl is not None or ucl is not None):
        if ucl is not None and target > ucl:
            return [w.t("summary_target_above_limits", target=value)]
        if lcl is not None and target < lcl:
            return [w.t("summary_target_below_limits", target=value)]
        return [w.t("summary_target_within_limits", target=value)]
    cl = _last(panel.cl, idx)
    if cl is None:
        return [w.t("summary_target", target=value)]
    line = "median" if chart.chart_type in MEDIAN_CHARTS else "centre"
    side = "on" if math.isclose(target, cl, rel_tol=1e-9) else "above" if target > cl else "below"
    return [w.t(f"summary_target_{side}_{line}", target=value)]


def _baseline(chart: SpcChart, w: _Words, panel: SpcPanel) -> list[str]:
    n = sum(panel.baseline)
    if chart.freeze is None or not 0 < n < len(panel.baseline):
        return []
    return [w.t("summary_baseline_run" if chart.chart_type == "run" else "summary_baseline", n=n)]


def _spc_panel(chart: SpcChart, w: _Words, panel: SpcPanel, lead: str) -> list[str]:
    """Sentences for one panel; ``lead`` is "Run chart, " or "Solgården: "."""
    observed = _observed(panel.y, range(len(panel.y)))
    if not observed:
        return [f"{lead}{w.t('summary_no_data')}."]
    head = lead + w.count("summary_points", len(observed)) + _span(w, panel.x, observed)
    excluded = len(panel.include) - sum(panel.include)
    notes = [w.count("summary_excluded", excluded)] if excluded else []
    phases = _segments(panel.part)
    part, idx = phases[-1]
    signals = _signals(chart, panel, part, idx)
    if len(phases) == 1:
        lines = _lines(chart, w, panel, idx)
        first = f"{head}, {lines}." if lines else f"{head}."
        sentences = [first, *_baseline(chart, w, panel), *notes]
    else:
        sentences = [f"{head} {w.t('summary_in_phases', count=len(phases))}.", *notes]
        for number, (earlier, earlier_idx) in enumerate(phases, start=1):
            heading = _heading(
                w, number, len(phases), _phase_label(chart, earlier), panel.x[earlier_idx[0]]
            )
            size = w.count("summary_points", len(_observed(panel.y, earlier_idx)))
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
    w = _words(chart)
    name = w.t(f"chart_{chart.chart_type}")
    sentences = _panels(
        w, name, chart.panels, lambda panel, lead: _spc_panel(chart, w, panel, lead)
    )
    return " ".join(sentences)


def _panels[P: (SpcPanel, MdcPanel)](
    w: _Words, name: str, panels: Sequence[P], describe: Callable[[P, str], list[str]]
) -> list[str]:
    """One panel as "Run chart, 36 points, ..."; facets as "Run chart for 3 groups: A, B and
    C." followed by each panel's sentences, prefixed with its label."""
    if not panels:
        return [f"{name}, {w.t('summary_no_data')}."]
    if len(panels) == 1 and not panels[0].label:
        return describe(panels[0], f"{name}, ")
    labels = _group_labels(w, [p.label for p in panels])
    if len(panels) == 1:
        sentences = [f"{name}."]
    else:
        groups = w.t("summary_groups", count=len(panels), labels=w.join(labels))
        sentences = [f"{name} {groups}."]
    for label, panel in zip(labels, panels, strict=True):
        sentences += describe(panel, f"{label}: ")
    return sentences


def signal_caption(chart: SpcChart) -> list[str]:
    """One short line per panel with the signals of its latest phase in words, for the caption
    under the chart: "Signals: unusually long run, 2 points outside the control limits." or
    "No sign of non-random variation."; faceted panels as "Solgården: unusually long run."."""
    w = _words(chart)
    labelled = len(chart.panels) > 1 or any(p.label for p in chart.panels)
    labels = _group_labels(w, [p.label for p in chart.panels])
    lines = []
    for label, panel in zip(labels, chart.panels, strict=True):
        if not _observed(panel.y, range(len(panel.y))):
            found = w.t("summary_no_data")
            lines.append(f"{label}: {found}." if labelled else f"{capitalise(found)}.")
            continue
        part, idx = _segments(panel.part)[-1]
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


# --- Making Data Count ---------------------------------------------------------------------


def _mdc_lines(w: _Words, panel: MdcPanel, idx: Sequence[int]) -> str:
    """ "mean 6.1, process limits 2.1 to 10.1"."""
    found = []
    mean, lpl, upl = _last(panel.mean, idx), _last(panel.lpl, idx), _last(panel.upl, idx)
    if mean is not None:
        found.append(w.t("summary_mean", value=w.measured(mean)))
    if lpl is not None and upl is not None:
        found.append(w.t("summary_process_limits", lower=w.number(lpl), upper=w.number(upl)))
    return ", ".join(found)


def _mdc_special(w: _Words, panel: MdcPanel, idx: Sequence[int]) -> list[str]:
    """How many points of the latest rebase group show a special cause, and of which kind."""
    types = [panel.point_type[i] for i in idx if not math.isnan(panel.y[i])]
    counts = [
        ("summary_count_improvement", types.count("special_cause_improvement")),
        ("summary_count_concern", types.count("special_cause_concern")),
        ("summary_count_neutral", sum(t.startswith("special_cause_neutral") for t in types)),
    ]
    words = [w.t(key, n=w.whole(n)) for key, n in counts if n]
    return [w.t("summary_special_points", counts=", ".join(words))] if words else []


def _mdc_verdict(w: _Words, panel: MdcPanel) -> list[str]:
    """The variation icon and, against the target, the assurance icon, both in words."""
    sentences = []
    if panel.variation_icon:
        variation = w.t(f"variation_{panel.variation_icon}")
        sentences.append(w.t("summary_variation", variation=variation))
    if panel.target is not None:
        target = w.number(panel.target)
        if panel.assurance_icon in ASSURANCE_ICONS:
            assurance = w.t(f"assurance_{panel.assurance_icon}", target=target)
            sentences.append(w.t("summary_assurance", assurance=assurance))
        else:
            sentences.append(w.t("summary_target", target=target))
    return sentences


def _mdc_panel(w: _Words, panel: MdcPanel, lead: str) -> list[str]:
    observed = _observed(panel.y, range(len(panel.y)))
    if not observed:
        return [f"{lead}{w.t('summary_no_data')}."]
    groups = _segments(panel.rebase_group)
    head = lead + w.count("summary_points", len(observed)) + _span(w, panel.x, observed)
    if len(groups) == 1:
        lines = _mdc_lines(w, panel, groups[0][1])
        sentences = [f"{head}, {lines}." if lines else f"{head}."]
    else:
        sentences = [f"{head} {w.t('summary_in_phases', count=len(groups))}."]
        for number, (_, idx) in enumerate(groups, start=1):
            heading = _heading(w, number, len(groups), None, panel.x[idx[0]])
            size = w.count("summary_points", len(_observed(panel.y, idx)))
            lines = ", ".join(filter(None, [size, _mdc_lines(w, panel, idx)]))
            sentences.append(f"{heading}: {lines}.")
    return sentences + _mdc_special(w, panel, groups[-1][1]) + _mdc_verdict(w, panel)


def summarise_mdc(chart: MdcChart) -> str:
    """The summary of a Making Data Count chart in the chart's language, as one paragraph.

    Example (en): "Making Data Count chart, 36 points from Jan 2023 to Dec 2025, mean 6.1,
    process limits 2.1 to 10.1. Lower values are better. Variation: special cause, improvement
    (lower values). Assurance: the target of 5 will sometimes be met and sometimes missed."
    """
    w = _words(chart)
    sentences = _panels(
        w, w.t("chart_mdc"), chart.panels, lambda panel, lead: _mdc_panel(w, panel, lead)
    )
    if chart.improvement != "neutral" and chart.panels:
        sentences.insert(1, f"{w.t(f'improvement_{chart.improvement}')}.")
    return " ".join(sentences)


def signal_caption_mdc(chart: MdcChart) -> list[str]:
    """One short line per panel with its variation and assurance in words, for the caption:
    "Special cause, improvement (lower values); the target of 5 will sometimes be met and
    sometimes missed."; faceted panels prefixed with their label."""
    w = _words(chart)
    labelled = len(chart.panels) > 1 or any(p.label for p in chart.panels)
    labels = _group_labels(w, [p.label for p in chart.panels])
    lines = []
    for label, panel in zip(labels, chart.panels, strict=True):
        found = []
        if panel.variation_icon:
            found.append(w.t(f"variation_{panel.variation_icon}"))
        if panel.target is not None and panel.assurance_icon in ASSURANCE_ICONS:
            target = w.number(panel.target)
            found.append(w.t(f"assurance_{panel.assurance_icon}", target=target))
        if not found:
            continue
        words = "; ".join(found)
        lines.append(f"{label}: {words}." if labelled else f"{capitalise(words)}.")
    return lines
