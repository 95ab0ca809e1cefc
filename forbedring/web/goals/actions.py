"""Writing local goals: the goal, its indicators and its projects together, in one transaction.

The checks live here rather than in the form, so every way in (page, admin, a future API)
gets the same rules: the national goal and indicators come from the organisation's country and
fit each other, and the projects are the organisation's own. Access is the caller's job
(``access.goals_organisation_for(..., edit=True)``); these functions trust ``by``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forbedring.web.goals.models import LocalGoal, LocalGoalIndicator, indicator_problem
from forbedring.web.improvement.models import Project
from forbedring.web.organisations.models import Organisation

# The fields of a local goal a person sets; the rest (organisation, author, times) are ours.
GOAL_FIELDS = (
    "national_goal", "title", "description", "target", "target_value", "target_year",
    "responsible",
)  # fmt: skip


def organisation_projects(organisation: Organisation) -> Any:
    """The projects a local goal of the organisation may link: those of its teams."""
    return Project.objects.filter(team__unit__organisation=organisation)


def _set_fields(goal: LocalGoal, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"not local goal fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(goal, name, value.strip() if isinstance(value, str) else value)
    goal.full_clean(exclude=["created_by"])


def _check_indicators(goal: LocalGoal, indicators: Iterable[str]) -> list[str]:
    """The indicator ids, each once, in the given order; a ValidationError on "indicators"
    names the first that does not fit the goal."""
    chosen = list(dict.fromkeys(indicators))
    for indicator_id in chosen:
        problem = indicator_problem(indicator_id, goal.national_goal, goal.organisation.country)
        if problem is not None:
            raise ValidationError({"indicators": problem})
    return chosen


def _check_projects(organisation: Organisation, projects: Iterable[Project]) -> list[Project]:
    chosen = list({project.pk: project for project in projects}.values())
    allowed = set(
        organisation_projects(organisation)
        .filter(pk__in=[p.pk for p in chosen])
        .values_list("pk", flat=True)
    )
    for project in chosen:
        if project.pk not in allowed:
            raise ValidationError(
                {
                    "projects": _(
                        "“%(project)s” is not a project of a team in %(organisation)s."
                    ) % {"project": project, "organisation": organisation}
                }
            )  # fmt: skip
    return chosen


def _replace_indicators(goal: LocalGoal, indicators: list[str]) -> None:
    goal.goal_indicators.all().delete()
    LocalGoalIndicator.objects.bulk_create(
        LocalGoalIndicator(local_goal=goal, indicator=indicator_id) for indicator_id in indicators
    )


@transaction.atomic
def create_local_goal(
    *,
    organisation: Organisation,
    by: Any,
    indicators: Iterable[str] = (),
    projects: Iterable[Project] = (),
    **fields: Any,
) -> LocalGoal:
    """A new local goal of the organisation under a national goal, with the national indicators
    it follows and the organisation's projects that work on it.

    Raises ValidationError naming the field; nothing is saved then.
    """
    goal = LocalGoal(organisation=organisation, created_by=by)
    _set_fields(goal, fields)
    chosen_indicators = _check_indicators(goal, indicators)
    chosen_projects = _check_projects(organisation, projects)
    goal.save()
    _replace_indicators(goal, chosen_indicators)
    goal.projects.set(chosen_projects)
    return goal


@transaction.atomic
def update_local_goal(
    *,
    goal: LocalGoal,
    by: Any,
    indicators: Iterable[str] | None = None,
    projects: Iterable[Project] | None = None,
    **fields: Any,
) -> LocalGoal:
    """Change a local goal; ``indicators`` and ``projects``, when given, replace the current.

    When the national goal changes and ``indicators`` is not given, the indicators kept must
    still fit the new goal, or the change is refused: a goal never names indicators of another.
    """
    _set_fields(goal, fields)
    current = list(goal.goal_indicators.values_list("indicator", flat=True))
    chosen_indicators = _check_indicators(goal, current if indicators is None else indicators)
    chosen_projects = None if projects is None else _check_projects(goal.organisation, projects)
    goal.save()
    if indicators is not None:
        _replace_indicators(goal, chosen_indicators)
    if chosen_projects is not None:
        goal.projects.set(chosen_projects)
    return goal


@transaction.atomic
def delete_local_goal(*, goal: LocalGoal, by: Any) -> None:
    """Remove the goal with its indicator links; the projects stay as they are.
    ``by`` is kept for the audit log of C10 (not built yet)."""
    goal.delete()
