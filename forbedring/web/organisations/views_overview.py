"""The leader's overview page (C9): read-only, for those who lead, advise or organise the
organisation's quality work (``access.organisation_for``)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forbedring.charts.locales import format_date
from forbedring.web import access
from forbedring.web.measures.queries import current_lang
from forbedring.web.organisations import overview
from forbedring.web.organisations.freshness import GRACE_DAYS, GRACE_MONTHS
from forbedring.web.organisations.verdicts import MIN_POINTS_FOR_STABLE


def show_choices() -> list[tuple[str, str]]:
    """The filter's options, in the order of ``overview.SHOW_KEYS``."""
    labels = {
        "all": _("All series"),
        "signals": _("Only series with a signal"),
        "worsening": _("Only worsening series"),
        "improving": _("Only improving series"),
        "stale": _("Only stale or missing data"),
        "target": _("Only targets not met or hit and miss"),
    }
    return [(key, labels[key]) for key in overview.SHOW_KEYS]


def column_labels() -> dict[str, str]:
    """The table's column headings by sort key ("latest" is not sortable); on a phone, where
    each series is a block, they label its lines."""
    return {
        "measure": _("Measure"),
        "team": _("Team"),
        "latest": _("Latest value"),
        "variation": _("Variation"),
        "assurance": _("Target"),
        "data": _("Data"),
    }


def sort_choices() -> list[tuple[str, str]]:
    """The orders the form offers (the column headings offer them too, where they show)."""
    labels = {
        "measure": _("Measure, then team"),
        "team": _("Team, then measure"),
        "variation": _("Variation: worsening first"),
        "assurance": _("Target: not met first"),
        "data": _("Data: missing and stale first"),
    }
    return [(key, labels[key]) for key in overview.SORT_KEYS]


def sort_headers(show: str, sort: str, descending: bool) -> list[dict[str, Any]]:
    """The table's column headers: a sortable one links to its sort (again: the other way)
    and carries its aria-sort state; the filter is kept."""
    labels = column_labels()
    headers = []
    for name, label in labels.items():
        key = "" if name == "latest" else name
        current = key == sort
        query = {"show": show, "sort": key, "dir": "desc" if current and not descending else "asc"}
        headers.append({
            "key": key, "label": label, "numeric": key == "",
            "aria_sort": ("descending" if descending else "ascending") if current else None,
            "href": f"?{urlencode(query)}" if key else "",
        })  # fmt: skip
    return headers


@login_required
@require_GET
def organisation_overview(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.organisation_for(request.user, organisation_id)
    show = request.GET.get("show", "all")
    if show not in overview.SHOW_KEYS:
        show = "all"
    sort = request.GET.get("sort", "measure")
    if sort not in overview.SORT_KEYS:
        sort = "measure"
    descending = request.GET.get("dir") == "desc"
    lang = current_lang()
    board = overview.build(
        organisation, lang=lang, today=timezone.localdate(),
        show=show, sort=sort, descending=descending,
    )  # fmt: skip
    context = {
        "organisation": organisation,
        "board": board,
        "today": format_date(board.today, lang),
        "counts": board.counts,
        "show": show,
        "show_choices": show_choices(),
        "sort_choices": sort_choices(),
        "sort": sort,
        "descending": descending,
        "headers": sort_headers(show, sort, descending),
        "labels": column_labels(),
        "grace_months": GRACE_MONTHS,
        "grace_weeks": GRACE_DAYS["week"] // 7,
        "grace_days": GRACE_DAYS["day"],
        "min_points": MIN_POINTS_FOR_STABLE,
    }
    return render(request, "organisations/overview.html", context)
