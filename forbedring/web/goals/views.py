"""An area's local goals: the list grouped by national goal, new, edit and delete.

Every view goes through ``access.goals_organisation_for`` (with ``edit=True`` for changes)
and ``access.local_goal_for``: those who see the organisation's overview see its goals, its
leaders and quality consultants change them, and everyone else finds nothing (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from forbedring.web import access
from forbedring.web.goals import actions
from forbedring.web.goals.forms import LocalGoalForm
from forbedring.web.goals.library import active_lang, indicator_with_goal, national_goals
from forbedring.web.goals.models import LocalGoal
from forbedring.web.goals.queries import LocalGoalView, cascade_for_area
from forbedring.web.organisations.models import Organisation


def _indicator_titles(view: LocalGoalView, lang: str) -> list[str]:
    titles = []
    for indicator_id in view.indicators:
        found = indicator_with_goal(indicator_id)
        titles.append(found[0].title.get(lang) if found else indicator_id)
    return titles


def _year_note(view: LocalGoalView) -> str:
    """The target year, to show beside the target unless the target's words already say it."""
    year = str(view.target_year) if view.target_year else ""
    return "" if year in view.target else year


@login_required
@require_GET
def goal_list(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.goals_organisation_for(request.user, organisation_id)
    lang = active_lang()
    cascade = cascade_for_area(organisation)
    sections, without = [], []
    for national in national_goals(organisation.country):
        local = cascade.by_goal.get(national.id, [])
        if not local:
            without.append(national)
            continue
        sections.append({
            "goal": national,
            "label": national.label(lang),
            "local_goals": [
                {
                    "view": view,
                    "indicators": _indicator_titles(view, lang),
                    "year_note": _year_note(view),
                }
                for view in local
            ],
        })  # fmt: skip
    context = {
        "organisation": organisation,
        "sections": sections,
        "without": [{"goal": g, "label": g.label(lang)} for g in without],
        "has_goals": bool(sections),
        "can_edit": access.can_edit_local_goals(request.user, organisation),
    }
    return render(request, "goals/goal_list.html", context)


def _form_page(
    request: HttpRequest, organisation: Organisation, goal: LocalGoal | None
) -> HttpResponse:
    # A fresh copy for the form: a failed ModelForm leaves its typed values on the instance,
    # and the heading should keep the saved title.
    instance = LocalGoal.objects.get(pk=goal.pk) if goal else LocalGoal(organisation=organisation)
    status = 200
    if request.method == "POST":
        form = LocalGoalForm(request.POST, organisation=organisation, instance=instance)
        if form.is_valid() and _save(request, organisation, goal, form):
            return redirect(reverse("goal_list", args=[organisation.pk]) + "#goals")
        status = 400
    else:
        initial = {}
        chosen = request.GET.get("national_goal", "")
        if goal is None and chosen in {g.id for g in national_goals(organisation.country)}:
            initial["national_goal"] = chosen
        form = LocalGoalForm(organisation=organisation, instance=instance, initial=initial)
    context = {"organisation": organisation, "goal": goal, "form": form}
    return render(request, "goals/goal_form.html", context, status=status)


def _save(
    request: HttpRequest, organisation: Organisation, goal: LocalGoal | None, form: LocalGoalForm
) -> bool:
    """Write through the actions; their errors go back onto the form's fields."""
    data: dict[str, Any] = form.cleaned_data
    try:
        if goal is None:
            saved = actions.create_local_goal(
                organisation=organisation, by=request.user, indicators=data["indicators"],
                projects=data["projects"], **form.goal_fields(),
            )  # fmt: skip
            messages.success(
                request, _("The local goal “%(title)s” was created.") % {"title": saved}
            )
        else:
            saved = actions.update_local_goal(
                goal=goal, by=request.user, indicators=data["indicators"],
                projects=data["projects"], **form.goal_fields(),
            )  # fmt: skip
            messages.success(request, _("Saved: %(title)s.") % {"title": saved})
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access.goals_organisation_for(request.user, organisation_id, edit=True)
    return _form_page(request, organisation, None)


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, organisation_id: int, goal_id: int) -> HttpResponse:
    organisation = access.goals_organisation_for(request.user, organisation_id, edit=True)
    goal = access.local_goal_for(organisation, goal_id)
    return _form_page(request, organisation, goal)


@login_required
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, organisation_id: int, goal_id: int) -> HttpResponse:
    """A confirmation page; the goal is deleted only by posting it."""
    organisation = access.goals_organisation_for(request.user, organisation_id, edit=True)
    goal = access.local_goal_for(organisation, goal_id)
    if request.method == "POST":
        title = goal.title
        actions.delete_local_goal(goal=goal, by=request.user)
        messages.success(request, _("The local goal “%(title)s” was deleted.") % {"title": title})
        return redirect("goal_list", organisation_id=organisation.pk)
    context = {"organisation": organisation, "goal": goal, "projects": goal.projects.count()}
    return render(request, "goals/goal_delete.html", context)
