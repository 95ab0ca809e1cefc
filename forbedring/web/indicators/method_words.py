"""The method behind an indicator's lights in translatable words, with the numbers the engine
used (which limits, adjusted for overdispersion or not with φ and τ², the development test and
its confidence level, where the national value comes from).

The engine's own descriptions (:func:`forbedring.spc.traffic_lights.describe_placement`,
:func:`forbedring.spc.development.describe_development`) are English only; these say the same
through gettext, so the page reads in Danish and Norwegian too.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _

from forbedring.charts.model import Lang
from forbedring.web.indicators import wording
from forbedring.web.indicators.lights import IndicatorLights


def placement_sentences(lights: IndicatorLights, lang: Lang) -> list[str]:
    """How the placement light was set for this indicator, level and period."""
    placement = lights.placement
    if not lights.assessed or placement is None:
        return [
            _(
                "This indicator is published as a value only, without numerator and "
                "denominator, so no test can be made: both lights show no data, and the "
                "values are shown ranked instead of in a funnel plot."
            )
        ]
    if placement.limits_used == "none":
        return [
            _(
                "No funnel could be drawn: no area had data, or (for a rate) no area had an "
                "event. An area with data is as expected."
            )
        ]
    limits = wording.funnel_level(placement.level, lang)
    sentences = [
        _(
            "Placement: each area's value is compared with the national value in a funnel "
            "plot. It is better or worse when it lies outside the %(limits)s limits around the "
            "national value, and as expected inside them."
        )
        % {"limits": limits}
    ]
    if lights.indicator.data_type == "rc" and placement.funnel_type == "sr":
        sentences.append(
            _(
                "A rate is judged by the area's events against those expected at the "
                "national rate for its population (exact Poisson limits, or normal limits on "
                "the log scale when widened)."
            )
        )
    if placement.limits_used == "adjusted":
        sentences.append(
            _(
                "The areas differ more than chance explains (overdispersion, φ = %(phi)s), so "
                "the limits are widened by an additive random effect, τ² = %(tau2)s "
                "(Spiegelhalter 2005)."
            )
            % {
                "phi": wording.phi_text(placement.phi, lang),
                "tau2": wording.tau2_text(placement.tau2, lang),
            }
        )
    elif lights.settings.placement_limits == "unadjusted":
        sentences.append(_("The limits are not widened for overdispersion, as chosen."))
    elif math.isfinite(placement.phi):
        sentences.append(
            _(
                "The limits are not widened: the areas vary no more than chance allows "
                "(φ = %(phi)s)."
            )
            % {"phi": wording.phi_text(placement.phi, lang)}
        )
    return sentences


def development_sentences(lights: IndicatorLights, lang: Lang) -> list[str]:
    """How the development light was set: the test for the data type, and its level."""
    if not lights.assessed:
        return []
    level = wording.confidence(lights.settings.development_level, lang)
    data_type = lights.indicator.data_type
    if data_type == "pr":
        test = _(
            "Development: the change in the proportion since the previous period, with a "
            "%(level)s confidence interval for the difference of two proportions (Newcombe's "
            "hybrid score method)."
        )
    elif data_type == "rc":
        test = _(
            "Development: this period's rate divided by the previous period's, with an exact "
            "%(level)s confidence interval for the ratio of two Poisson rates."
        )
    else:
        test = _(
            "Development: this period's standardised ratio divided by the previous period's, "
            "with an exact %(level)s confidence interval (the expected counts taken as fixed)."
        )
    return [
        test % {"level": level},
        _(
            "Improved or worsened when the whole interval lies on the better or the worse side "
            "of no change; unchanged when it includes no change; no data when a period is "
            "missing."
        ),
    ]


def national_sentence(lights: IndicatorLights) -> str:
    if lights.national_published:
        return _("The national value is the published value for the whole country.")
    return _(
        "The national value is not published for this period, so it is pooled from the areas "
        "(the sum of the numerators over the sum of the denominators)."
    )
