"""The report's "Our method" section as data: the chosen levels, which development tests were
used (by data type), and per indicator how its funnel judged (limits adjusted for
overdispersion or not, φ and τ²), plus the sources of the indicators.

The engine's own descriptions (``describe_placement`` etc.) are English only; the report says
the same in translatable template text (``reports/_method.html``) with these parameters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from forbedring.charts.model import Lang
from forbedring.indicators.library import IndicatorSet, Source
from forbedring.web.indicators import wording
from forbedring.web.indicators.lights import IndicatorLights, LightSettings


@dataclass(frozen=True)
class MethodRow:
    """How one indicator was judged."""

    title: str
    data_type: str  # in words
    limits_used: str  # in words
    phi: str
    tau2: str
    national_source: str  # published by the nation, or pooled from the areas
    assessed: bool


@dataclass(frozen=True)
class MethodSection:
    development_level: str  # "95 %"
    placement_level: str  # "95 %" or "99,8 %"
    placement_is_998: bool
    strict_level: str  # "99,8 %", the level that can be chosen instead of the default
    adjusted: bool  # the limits are widened for overdispersion where it is found
    data_types: frozenset[str]  # the data types among the assessed indicators: pr, rc, sr
    rows: tuple[MethodRow, ...]
    sources: tuple[Source, ...]
    # Titles of the indicators published quarterly whose years are sums of their quarters.
    summed_from_quarters: tuple[str, ...] = ()


def data_type_words(data_type: str | None) -> str:
    if data_type == "pr":
        return _("proportion")
    if data_type == "rc":
        return _("rate")
    if data_type == "sr":
        return _("standardised ratio")
    return _("value only (not assessed)")


def limits_words(lights: IndicatorLights) -> str:
    placement = lights.placement
    if placement is None:
        return _("not assessed")
    if placement.limits_used == "adjusted":
        return _("adjusted for overdispersion")
    if placement.limits_used == "none":
        return _("no funnel (no area with data)")
    if lights.settings.placement_limits == "unadjusted":
        return pgettext("funnel limits", "unadjusted (as chosen)")
    return _("unadjusted (no overdispersion found)")


def _row(lights: IndicatorLights, lang: Lang) -> MethodRow:
    placement = lights.placement
    return MethodRow(
        title=lights.indicator.title.get(lang),
        data_type=data_type_words(lights.indicator.data_type),
        limits_used=limits_words(lights),
        phi=wording.phi_text(placement.phi if placement else None, lang),
        tau2=wording.tau2_text(
            placement.tau2 if placement and placement.limits_used == "adjusted" else None, lang
        ),
        national_source=_("published") if lights.national_published else _("pooled from the areas"),
        assessed=lights.assessed,
    )


def _sources(
    lights: Iterable[IndicatorLights], indicator_set: IndicatorSet | None
) -> tuple[Source, ...]:
    if indicator_set is None:
        return ()
    wanted: list[str] = []
    for found in lights:
        wanted += [s for s in found.indicator.sources if s not in wanted]
    return tuple(indicator_set.source(s) for s in wanted)


def method_section(
    lights: Iterable[IndicatorLights],
    settings: LightSettings,
    indicator_set: IndicatorSet | None,
    lang: Lang,
) -> MethodSection:
    shown = list(lights)
    return MethodSection(
        development_level=wording.confidence(settings.development_level, lang),
        placement_level=wording.funnel_level(settings.placement_level, lang),
        placement_is_998=settings.placement_level == "998",
        strict_level=wording.funnel_level("998", lang),
        adjusted=settings.placement_limits == "overdispersed",
        data_types=frozenset(str(found.indicator.data_type) for found in shown if found.assessed),
        rows=tuple(_row(found, lang) for found in shown),
        sources=_sources(shown, indicator_set),
        summed_from_quarters=tuple(
            found.indicator.title.get(lang) for found in shown if found.from_quarters
        ),
    )
