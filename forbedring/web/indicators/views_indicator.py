"""The indicators index and an indicator's page (issue #8), for everyone logged in: indicator
values and their lights are public national data (DESIGN.md C10), so the only rule is the
login; the import link shows for those who may import (:mod:`forbedring.web.access`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from forbedring.web import access
from forbedring.web.indicators.index import build_index, direction_words, level_word
from forbedring.web.indicators.indicator_page import (
    build_page,
    sources_of,
)
from forbedring.web.indicators.lights import load_country
from forbedring.web.indicators.models import (
    country_indicator_set,
    library_indicators,
    period_kind_of,
)
from forbedring.web.measures.queries import current_lang


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every country's goals and indicators, with how far their stored values reach."""
    countries = build_index(current_lang())
    return render(
        request,
        "indicators/index.html",
        {
            "countries": countries,
            "can_import": access.can_import_indicator_values(request.user),
            "can_publish": access.can_publish_status_reports(request.user),
            "is_demo": any(c.is_demo for c in countries),
        },
    )


@login_required
@require_GET
def values(request: HttpRequest, indicator_id: str) -> HttpResponse:
    """One indicator for the areas of a level in a year: funnel plot, table with both lights
    and the funnel limits, the method in words, and what the indicator means."""
    found = library_indicators().get(indicator_id)
    if found is None:
        raise Http404
    indicator, country = found
    lang = current_lang()
    # Only this indicator's values: the page shows no other.
    data = load_country(country, period_kind_of(indicator), indicators=[indicator.id])
    page = build_page(data, indicator, request.GET, lang)
    indicator_set = country_indicator_set(country)
    settings = page.choice.settings
    return render(
        request,
        "indicators/values.html",
        {
            "page": page,
            "indicator": indicator,
            "indicator_title": indicator.title.get(lang),
            "definition": indicator.definition.get(lang),
            "numerator": indicator.numerator.get(lang),
            "denominator": indicator.denominator.get(lang) if indicator.denominator else "",
            "unit": indicator.unit.get(lang),
            "direction": direction_words(indicator),
            "levels": ", ".join(level_word(level) for level in indicator.levels),
            "sources": sources_of(indicator, indicator_set),
            "set_needs_review": bool(indicator_set and indicator_set.status != "reviewed"),
            "is_demo": bool(page.lights and page.lights.is_demo)
            or any(row.is_demo for row in page.nation_series),
            "settings": settings,
            "settings_query": settings.query(),
            "can_import": access.can_import_indicator_values(request.user),
            "page_title": indicator.title.get(lang),
        },
    )
