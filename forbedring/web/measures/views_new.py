"""A new measure for a team: the operational definition, with a suggested chart type.

Only a team's lead and site administrators create measures: a definition is what every later
data point is judged by, so it is not everyone's to add. The chart suggestion shows live (htmx
posts the answers to :func:`suggest_chart`) and again on the server when the form is sent, so
the page works without JavaScript too.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.measures.forms_measure import MeasureForm
from forbedring.web.measures.models import Measure
from forbedring.web.measures.suggest import Suggestion
from forbedring.web.organisations.models import Team

# The submit button's value that asks for the suggestion without saving (for browsers without
# JavaScript, where the live suggestion does not run).
SUGGEST_ONLY = "suggest"


def _team_for_new_measure(request: HttpRequest, team_id: int) -> Team:
    """The team if the user may add measures to it: 404 when it is hidden, 403 otherwise."""
    team = access.team_for(request.user, team_id, edit=True)
    if not access.can_create_measures(request.user, team):
        raise PermissionDenied
    return team


def _suggestion_context(suggestion: Suggestion | None) -> dict[str, Any]:
    label = Measure.ChartType(suggestion.chart_type).label if suggestion else ""
    return {"suggestion": suggestion, "suggested_chart": label}


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest, team_id: int) -> HttpResponse:
    team = _team_for_new_measure(request, team_id)
    next_url = _safe_next(request)
    status = 200
    if request.method == "POST" and request.POST.get("action") == SUGGEST_ONLY:
        # Show the suggestion for the answers so far, without judging a half-filled form.
        form = MeasureForm(initial=request.POST.dict())
        suggestion = MeasureForm(request.POST).suggestion()
    elif request.method == "POST":
        form = MeasureForm(request.POST)
        if form.is_valid():
            measure = form.save_for_team(team)
            messages.success(request, _("The measure “%(name)s” was created.") % {"name": measure})
            # Created from another form (e.g. a project's): go back there to pick it.
            if next_url:
                return redirect(next_url)
            return redirect("measure_detail", team_id=team.pk, measure_id=measure.pk)
        suggestion = form.suggestion()
        status = 400
    else:
        form = MeasureForm(initial={"multiplier": 1})
        suggestion = None
    context = {
        "team": team, "form": form, "next_url": next_url, **_suggestion_context(suggestion)
    }  # fmt: skip
    return render(request, "measures/measure_new.html", context, status=status)


def _safe_next(request: HttpRequest) -> str | None:
    """The page to return to after creating, if it is a path on this site (no open redirect)."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


@login_required
@require_POST
def suggest_chart(request: HttpRequest, team_id: int) -> HttpResponse:
    """The suggestion box alone, for htmx to swap in while the form is filled in."""
    team = _team_for_new_measure(request, team_id)
    context = {"team": team, **_suggestion_context(MeasureForm(request.POST).suggestion())}
    return render(request, "measures/_suggestion.html", context)
