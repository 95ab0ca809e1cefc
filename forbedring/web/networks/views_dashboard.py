"""The network dashboard: for everyone who may see the network (its staff and its teams)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from forbedring.web import access
from forbedring.web.measures.queries import current_lang
from forbedring.web.networks import dashboard as data


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def sort_headers(measure_id: int | None, sort: str, descending: bool) -> list[dict[str, Any]]:
    """The table's column headers: each a link that sorts by it (again: the other way), with
    its aria-sort state."""
    labels = {
        "team": _("Team"),
        "organisation": _("Organisation"),
        "latest": _("Latest value"),
        "signal": _("Signal"),
        "score": _("Latest progress score"),
    }
    headers = []
    for key, label in labels.items():
        current = key == sort
        flip = current and not descending
        query: dict[str, Any] = {"sort": key, "dir": "desc" if flip else "asc"}
        if measure_id is not None:
            query["measure"] = measure_id
        headers.append({
            "key": key, "label": label, "numeric": key in {"latest", "score"},
            "aria_sort": ("descending" if descending else "ascending") if current else None,
            "href": f"?{urlencode(query)}#teams-table",
        })  # fmt: skip
    return headers


@login_required
@require_GET
def network_dashboard(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    sort = request.GET.get("sort", "team")
    if sort not in data.SORT_KEYS:
        sort = "team"
    descending = request.GET.get("dir") == "desc"
    lang = current_lang()
    board = data.build(
        network, measure_id=_int(request.GET.get("measure")), lang=lang,
        sort=sort, descending=descending,
    )  # fmt: skip
    measure_id = board.measure.pk if board.measure else None
    context = {
        "network": network,
        "page_title": _("Dashboard"),
        "board": board,
        "headers": sort_headers(measure_id, sort, descending),
        "sort": sort,
        "descending": descending,
    }
    return render(request, "networks/dashboard.html", context)


urls: list[URLPattern] = [
    path("<int:network_id>/dashboard/", network_dashboard, name="network_dashboard"),
]
