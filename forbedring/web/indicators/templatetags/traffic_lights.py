"""The two traffic lights as words with a symbol; colour repeats the word, never replaces it
(issue #8: "both traffic lights with words, not colour alone"). One place, so the national
overview, the indicator page and the status report say them the same way.

    {% load traffic_lights %}
    {% development_light row.development %}  {% placement_light row.placement %}
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from forbedring.spc.development import DevelopmentLight
from forbedring.spc.traffic_lights import PlacementLight

register = template.Library()

# light -> (word, symbol, tone class); the tones are the site's status tones.
DEVELOPMENT = {
    DevelopmentLight.IMPROVED: (pgettext_lazy("development", "Improved"), "▲", "tone-good"),
    DevelopmentLight.UNCHANGED: (pgettext_lazy("development", "Unchanged"), "●", "tone-neutral"),
    DevelopmentLight.WORSENED: (pgettext_lazy("development", "Worsened"), "▼", "tone-bad"),
    DevelopmentLight.NO_DATA: (_("No data"), "–", "tone-none"),
}
PLACEMENT = {
    PlacementLight.BETTER: (pgettext_lazy("placement", "Better"), "▲", "tone-good"),
    PlacementLight.AS_EXPECTED: (pgettext_lazy("placement", "As expected"), "●", "tone-neutral"),
    PlacementLight.WORSE: (pgettext_lazy("placement", "Worse"), "▼", "tone-bad"),
    PlacementLight.NO_DATA: (_("No data"), "–", "tone-none"),
}


def development_word(light: int) -> str:
    return str(DEVELOPMENT[DevelopmentLight(light)][0])


def placement_word(light: int) -> str:
    return str(PLACEMENT[PlacementLight(light)][0])


def _badge(word: object, symbol: str, tone: str, label: object) -> SafeString:
    return format_html(
        '<span class="status-item light {}" title="{}"><span class="symbol" aria-hidden="true">'
        "{}</span> {}</span>",
        tone,
        label,
        symbol,
        word,
    )


@register.simple_tag
def development_light(light: int) -> SafeString:
    """The development since the previous period: improved, unchanged, worsened, no data."""
    word, symbol, tone = DEVELOPMENT[DevelopmentLight(light)]
    return _badge(word, symbol, tone, _("Development since the previous period"))


@register.simple_tag
def placement_light(light: int) -> SafeString:
    """The placement against the national value: better, as expected, worse, no data."""
    word, symbol, tone = PLACEMENT[PlacementLight(light)]
    return _badge(word, symbol, tone, _("Placement against the national value"))
