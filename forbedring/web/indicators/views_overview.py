"""The national overview page (issue #8): every municipality or region × indicator with its
traffic lights, for everyone logged in (indicator values and lights are public national data),
and the same table as a CSV file (``?format=csv``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forbedring.charts.model import Lang
from forbedring.spc.placement_funnel import FUNNEL_LEVELS
from forbedring.web.exports.cells import filename
from forbedring.web.exports.csv_files import csv_bytes
from forbedring.web.exports.rows import NUMBER, TEXT, Column
from forbedring.web.exports.views import CSV, download
from forbedring.web.indicators import wording
from forbedring.web.indicators.lights import (
    DEVELOPMENT_LEVELS,
    MUNICIPALITY,
    REGION,
    LightSettings,
    load_country,
)
from forbedring.web.indicators.overview import Overview, build_overview
from forbedring.web.indicators.overview_params import SORT_BY_NAME, OverviewParams
from forbedring.web.indicators.templatetags.traffic_lights import (
    development_word,
    placement_word,
)
from forbedring.web.measures.queries import current_lang


def optional_url(name: str, *args: object, query: str = "") -> str:
    """The URL of a page that is being built alongside the overview (the status report, the
    indicators index), or "" while it is not installed, so the overview shows the name
    without a link rather than fail."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return ""
    return f"{url}?{query}" if query else url


def indicator_url(indicator_id: str, query: str) -> str:
    url = reverse("indicators:values", args=[indicator_id])
    return f"{url}?{query}" if query else url


def method_sentences(
    settings: LightSettings, lang: Lang, summed_from_quarters: list[str] | None = None
) -> list[str]:
    """The method in plain words, with the chosen limits and confidence level, and which
    indicators' years are sums of their quarters."""
    limits = wording.funnel_level(settings.placement_level, lang)
    if settings.placement_limits == "overdispersed":
        placement = _(
            "Placement compares each area with the national value: better or worse when its "
            "value lies outside the %(limits)s limits of a funnel plot around the national "
            "value, widened where areas differ more than chance explains (overdispersion); "
            "otherwise as expected."
        )
    else:
        placement = _(
            "Placement compares each area with the national value: better or worse when its "
            "value lies outside the %(limits)s limits of a funnel plot around the national "
            "value, not widened for overdispersion; otherwise as expected."
        )
    # "No change" rather than "zero": for rates the test's interval is of a ratio (no change
    # is 1), for proportions of a difference (no change is 0).
    development = _(
        "Development compares each area with its own value the year before: improved or "
        "worsened when the change is clear, its %(level)s confidence interval lying wholly on "
        "the better or the worse side of no change; otherwise unchanged."
    )
    sentences = [
        placement % {"limits": limits},
        development % {"level": wording.confidence(settings.development_level, lang)},
    ]
    if summed_from_quarters:
        sentences.append(
            _(
                "Published by quarter, so each year is the sum of its four quarters' numerators "
                "over the sum of their denominators (a year with a quarter missing has no "
                "value): %(indicators)s."
            )
            % {"indicators": "; ".join(summed_from_quarters)}
        )
    return sentences


def footer_rows(table: Overview) -> list[dict[str, Any]]:
    """The counts under the table: one line each for better, worse, improved, worsened, the
    count in the light's own column (value-only indicators have none)."""
    lines = [
        ("placement", "better", _("Better than the national value")),
        ("placement", "worse", _("Worse than the national value")),
        ("development", "improved", _("Improved since the year before")),
        ("development", "worsened", _("Worsened since the year before")),
    ]
    rows = []
    for light, count, label in lines:
        cells: list[str] = []
        for column in table.columns:
            if not column.assessed:
                cells.append("")
                continue
            number = str(getattr(column.counts, count))
            cells += [
                "",
                number if light == "placement" else "",
                number if light == "development" else "",
            ]
        rows.append({"label": label, "cells": cells, "kind": count})
    return rows


def level_choices() -> list[tuple[str, str]]:
    return [(MUNICIPALITY, _("Municipalities")), (REGION, _("Regions"))]


def country_choices() -> list[tuple[str, str]]:
    return [("DK", _("Denmark")), ("NO", _("Norway"))]


def _report_query(table: Overview) -> str:
    """What a status report keeps of the overview: the year and the method."""
    parts = [f"year={table.params.year}"] if table.params.year else []
    settings = table.params.settings.query()
    return "&".join(parts + ([settings] if settings else []))


def _indicator_query(table: Overview, year: int) -> str:
    """What the indicator page keeps of the overview: the level, the column's year (each
    column may be in its own latest year) and the method, so it shows the same lights."""
    settings = table.params.settings.query()
    query = f"level={table.params.level}&year={year}"
    return f"{query}&{settings}" if settings else query


def _sort_link(table: Overview, key: str) -> dict[str, Any]:
    """A sortable heading: its link sorts by it (the other way when it is the sort already)
    and its aria-sort says the current order."""
    params = table.params
    current = params.sort == key
    descending = not params.descending if current else False
    state = ("descending" if params.descending else "ascending") if current else ""
    return {
        "href": "?" + params.query(sort=key, descending=descending),
        "aria_sort": state,
        "next": _("sort descending") if descending else _("sort ascending"),
    }


def _context(table: Overview, lang: Lang) -> dict[str, Any]:
    params = table.params
    chosen_development = params.settings.development_level
    summed = [c.lights.indicator.title.get(lang) for c in table.columns if c.lights.from_quarters]
    report_query = _report_query(table)
    columns = [
        {
            "column": column,
            "url": indicator_url(column.indicator_id, _indicator_query(table, column.year)),
            "sort": _sort_link(table, column.indicator_id),
        }
        for column in table.columns
    ]
    rows = [
        {"row": row, "url": optional_url("reports:status", row.area.pk, query=report_query)}
        for row in table.rows
    ]
    return {
        "table": table,
        "params": params,
        "columns": columns,
        "rows": rows,
        "name_sort": _sort_link(table, SORT_BY_NAME),
        "show_region": bool(table.region_choices),
        "country_choices": country_choices(),
        "level_choices": level_choices(),
        "level_label": dict(level_choices())[params.level],
        "csv_url": "?" + params.query() + "&format=csv",
        "reset_url": "?" + OverviewParams(country=params.country, level=params.level).query(),
        "index_url": optional_url("indicators:index"),
        "method": method_sentences(params.settings, lang, summed),
        "footer": footer_rows(table),
        "limit_choices": [(key, wording.funnel_level(key, lang)) for key in FUNNEL_LEVELS],
        "development_choices": [
            (f"{level:g}", wording.confidence(level, lang), level == chosen_development)
            for level in DEVELOPMENT_LEVELS
        ],
        "page_title": _("National overview"),
    }


def _csv_columns(table: Overview) -> list[Column]:
    columns = [Column("area", _("Area"), TEXT), Column("code", _("Code"), TEXT)]
    if table.region_choices:
        columns.append(Column("region", _("Region"), TEXT))
    # Outside the f-strings, where makemessages would not find them.
    value, placement, development = _("value"), _("placement"), _("development")
    for i, column in enumerate(table.columns):
        name = f"{column.title} ({column.unit}, {column.year})"
        columns += [
            Column(f"value{i}", f"{name}: {value}", NUMBER),
            Column(f"placement{i}", f"{name}: {placement}", TEXT),
            Column(f"development{i}", f"{name}: {development}", TEXT),
        ]
    return columns


# Significant digits written to the file: all a published figure has, without the float
# arithmetic's noise (a pooled 14.5 % computes as 14.499999999999998).
CSV_DIGITS = 12


def _csv_number(value: float | None) -> float | None:
    return None if value is None else float(f"{value:.{CSV_DIGITS}g}")


def _csv_rows(table: Overview) -> list[dict[str, Any]]:
    """The nation's row first, as on the page, then the areas shown in the order shown."""
    not_assessed = _("Not assessed")
    rows: list[dict[str, Any]] = []
    if table.columns:
        name = table.nation.name if table.nation else _("National value")
        nation: dict[str, Any] = {"area": name, "code": "", "region": ""}
        for i, column in enumerate(table.columns):
            nation[f"value{i}"] = _csv_number(column.lights.national)
        rows.append(nation)
    for row in table.rows:
        line: dict[str, Any] = {
            "area": row.area.name, "code": row.area.official_code, "region": row.region,
        }  # fmt: skip
        for i, (column, cell) in enumerate(zip(table.columns, row.cells, strict=True)):
            line[f"value{i}"] = _csv_number(cell.value)
            assessed = column.assessed
            line[f"placement{i}"] = placement_word(cell.placement) if assessed else not_assessed
            line[f"development{i}"] = (
                development_word(cell.development) if assessed else not_assessed
            )
        rows.append(line)
    return rows


def overview_csv(table: Overview, lang: str) -> HttpResponse:
    content = csv_bytes(_csv_columns(table), _csv_rows(table), lang)
    # Simulated figures say so in the file's name too: the file travels without the page.
    demo = ["demo"] if table.is_demo else []
    parts = ["national-overview", *demo, table.params.country.lower(), table.params.level]
    year = [str(table.params.year)] if table.params.year else []
    name = filename(*parts, *year, day=timezone.localdate(), ending=".csv")
    return download(content, CSV, name)


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    params = OverviewParams.from_query(request.GET)
    lang = current_lang()
    table = build_overview(load_country(params.country), params, lang)
    if request.GET.get("format") == "csv":
        return overview_csv(table, lang)
    return render(request, "indicators/overview.html", _context(table, lang))
