"""A Making Data Count chart in words: the summary and the short caption (see
:mod:`forbedring.charts.summary` for what a summary says and why the title is left out).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from forbedring.charts.model import MdcChart, MdcPanel
from forbedring.charts.summary_words import (
    Words,
    date_span,
    describe_panels,
    labels_of,
    last_value,
    observed_at,
    phase_heading,
    segments_of,
    words_of,
)
from forbedring.charts.texts import capitalise

ASSURANCE_ICONS = frozenset({"pass", "fail", "inconsistent"})


def _mdc_lines(w: Words, panel: MdcPanel, idx: Sequence[int]) -> str:
    """ "mean 6.1, process limits 2.1 to 10.1"."""
    found = []
    mean, lpl, upl = (
        last_value(panel.mean, idx),
        last_value(panel.lpl, idx),
        last_value(panel.upl, idx),
    )
    if mean is not None:
        found.append(w.t("summary_mean", value=w.measured(mean)))
    if lpl is not None and upl is not None:
        found.append(w.t("summary_process_limits", lower=w.number(lpl), upper=w.number(upl)))
    return ", ".join(found)


def _mdc_special(w: Words, panel: MdcPanel, idx: Sequence[int]) -> list[str]:
    """How many points of the latest rebase group show a special cause, and of which kind."""
    types = [panel.point_type[i] for i in idx if not math.isnan(panel.y[i])]
    counts = [
        ("summary_count_improvement", types.count("special_cause_improvement")),
        ("summary_count_concern", types.count("special_cause_concern")),
        ("summary_count_neutral", sum(t.startswith("special_cause_neutral") for t in types)),
    ]
    words = [w.t(key, n=w.whole(n)) for key, n in counts if n]
    return [w.t("summary_special_points", counts=", ".join(words))] if words else []


def _mdc_verdict(w: Words, panel: MdcPanel) -> list[str]:
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


def _mdc_panel(w: Words, panel: MdcPanel, lead: str) -> list[str]:
    observed = observed_at(panel.y, range(len(panel.y)))
    if not observed:
        return [f"{lead}{w.t('summary_no_data')}."]
    groups = segments_of(panel.rebase_group)
    head = lead + w.count("summary_points", len(observed)) + date_span(w, panel.x, observed)
    if len(groups) == 1:
        lines = _mdc_lines(w, panel, groups[0][1])
        sentences = [f"{head}, {lines}." if lines else f"{head}."]
    else:
        sentences = [f"{head} {w.t('summary_in_phases', count=len(groups))}."]
        for number, (_, idx) in enumerate(groups, start=1):
            heading = phase_heading(w, number, len(groups), None, panel.x[idx[0]])
            size = w.count("summary_points", len(observed_at(panel.y, idx)))
            lines = ", ".join(filter(None, [size, _mdc_lines(w, panel, idx)]))
            sentences.append(f"{heading}: {lines}.")
    return sentences + _mdc_special(w, panel, groups[-1][1]) + _mdc_verdict(w, panel)


def summarise_mdc(chart: MdcChart) -> str:
    """The summary of a Making Data Count chart in the chart's language, as one paragraph.

    Example (en): "Making Data Count chart, 36 points from Jan 2023 to Dec 2025, mean 6.1,
    process limits 2.1 to 10.1. Lower values are better. Variation: special cause, improvement
    (lower values). Assurance: the target of 5 will sometimes be met and sometimes missed."
    """
    w = words_of(chart)
    sentences = describe_panels(
        w, w.t("chart_mdc"), chart.panels, lambda panel, lead: _mdc_panel(w, panel, lead)
    )
    if chart.improvement != "neutral" and chart.panels:
        sentences.insert(1, f"{w.t(f'improvement_{chart.improvement}')}.")
    return " ".join(sentences)


def signal_caption_mdc(chart: MdcChart) -> list[str]:
    """One short line per panel with its variation and assurance in words, for the caption:
    "Special cause, improvement (lower values); the target of 5 will sometimes be met and
    sometimes missed."; faceted panels prefixed with their label."""
    w = words_of(chart)
    labelled = len(chart.panels) > 1 or any(p.label for p in chart.panels)
    labels = labels_of(w, [p.label for p in chart.panels])
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
