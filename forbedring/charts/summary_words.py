"""The shared vocabulary of the chart summaries (:mod:`forbedring.charts.summary` and
:mod:`forbedring.charts.summary_mdc`): the chart's language, unit and date style, and helpers
that split a panel into phases and describe panels in turn.
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
from forbedring.charts.model import Lang, MdcChart, MdcPanel, SpcChart, SpcPanel, XValue
from forbedring.charts.texts import plural_text, text


@dataclass(frozen=True)
class Words:
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


def words_of(chart: SpcChart | MdcChart) -> Words:
    dates = infer_date_unit(x for panel in chart.panels for x in panel.x)
    return Words(chart.lang, chart.unit, dates)


def segments_of(groups: Sequence[int]) -> list[tuple[int, list[int]]]:
    """Row indexes of each phase (or rebase group), in the order they appear."""
    found: dict[int, list[int]] = {}
    for i, group in enumerate(groups):
        found.setdefault(group, []).append(i)
    return list(found.items())


def finite_values(values: Sequence[float], idx: Sequence[int]) -> list[float]:
    return [values[i] for i in idx if not math.isnan(values[i])]


def last_value(values: Sequence[float], idx: Sequence[int]) -> float | None:
    found = finite_values(values, idx)
    return found[-1] if found else None


def observed_at(y: Sequence[float], idx: Sequence[int]) -> list[int]:
    return [i for i in idx if not math.isnan(y[i])]


def date_span(w: Words, x: Sequence[XValue], observed: Sequence[int]) -> str:
    """ "from Jan 2023 to Dec 2025" for dated series; numbers and labels say little here."""
    if len(observed) < 2 or w.date_unit is None:
        return ""
    return " " + w.t("summary_from_to", start=w.x(x[observed[0]]), end=w.x(x[observed[-1]]))


def phase_heading(w: Words, number: int, count: int, label: str | None, start: XValue) -> str:
    """ "Phase 2 of 2 (After the bundle, from Jul 2024)"."""
    extra = [label] if label else []
    if w.date_unit is not None:
        extra.append(w.t("summary_phase_from", start=w.x(start)))
    heading = w.t("summary_phase", number=number, count=count)
    return f"{heading} ({', '.join(extra)})" if extra else heading


def labels_of(w: Words, labels: Sequence[str | None]) -> list[str]:
    return [label or w.t("summary_group_number", number=i + 1) for i, label in enumerate(labels)]


def describe_panels[P: (SpcPanel, MdcPanel)](
    w: Words, name: str, panels: Sequence[P], describe: Callable[[P, str], list[str]]
) -> list[str]:
    """One panel as "Run chart, 36 points, ..."; facets as "Run chart for 3 groups: A, B and
    C." followed by each panel's sentences, prefixed with its label."""
    if not panels:
        return [f"{name}, {w.t('summary_no_data')}."]
    if len(panels) == 1 and not panels[0].label:
        return describe(panels[0], f"{name}, ")
    labels = labels_of(w, [p.label for p in panels])
    if len(panels) == 1:
        sentences = [f"{name}."]
    else:
        groups = w.t("summary_groups", count=len(panels), labels=w.join(labels))
        sentences = [f"{name} {groups}."]
    for label, panel in zip(labels, panels, strict=True):
        sentences += describe(panel, f"{label}: ")
    return sentences
