"""Writing a project: its fields, members and measures together, and what matters to people.

A project, its members and its measures are saved in one transaction, so a form that fails on
a member or a measure leaves nothing half-saved (DESIGN.md §5.11). The checks live here rather
than in the form, so that every way in (page, admin, a future API) gets the same rules: people
come from the team, measures are the team's. Access is the caller's job
(``access.team_for(..., edit=True)``); these functions trust ``by`` to be allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forbedring.web.improvement.models import (
    ChangeIdea,
    Project,
    ProjectMeasure,
    ProjectMember,
    WhatMatters,
)
from forbedring.web.improvement.queries import compose_aim
from forbedring.web.measures.models import Measure, TeamMeasure
from forbedring.web.organisations.models import TEAM_ROLES, Membership, Team

# The fields of a project a person sets; the rest (team, author, times) are the platform's.
PROJECT_FIELDS = (
    "title", "problem", "aim_what", "aim_how_much", "aim_for_whom", "aim_by_when",
    "aim_statement", "start", "end", "status",
)  # fmt: skip

type Members = Sequence[tuple[Any, str]]
type Measures = Sequence[tuple[Measure, str]]


def team_people_ids(team: Team) -> set[int]:
    """The ids of the people who may have a role in the team's projects: its members and lead."""
    return set(
        Membership.objects.filter(team=team, role__in=list(TEAM_ROLES)).values_list(
            "user_id", flat=True
        )
    )


def _set_fields(project: Project, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"not project fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(project, name, value.strip() if isinstance(value, str) else value)
    if not project.aim_statement:
        # The team may write its own sentence; without one, the composed aim is the aim.
        project.aim_statement = compose_aim(
            project.aim_what, project.aim_how_much, project.aim_for_whom, project.aim_by_when
        )
    project.full_clean(exclude=["team", "created_by"])


def _check_members(team: Team, members: Members, keep: Iterable[int] = ()) -> None:
    allowed = team_people_ids(team) | set(keep)
    seen: set[int] = set()
    for user, role in members:
        if role not in ProjectMember.Role.values:
            raise ValidationError({"members": _("Choose a role for every member.")})
        if user.pk not in allowed:
            raise ValidationError(
                {"members": _("%(person)s is not a member of the team.") % {"person": user}}
            )
        if user.pk in seen:
            raise ValidationError({"members": _("A person has one role in a project.")})
        seen.add(user.pk)


def _check_measures(team: Team, measures: Measures) -> None:
    allowed = set(TeamMeasure.objects.filter(team=team).values_list("measure_id", flat=True))
    seen: set[int] = set()
    for measure, kind in measures:
        if kind not in Measure.Kind.values:
            raise ValidationError(
                {"measures": _("Mark every measure as outcome, process or balancing.")}
            )
        if measure.pk not in allowed or measure.pk in seen:
            raise ValidationError(
                {
                    "measures": _("%(measure)s is not one of the team's measures.")
                    % {"measure": measure}
                }
            )
        seen.add(measure.pk)


def _replace_members(project: Project, members: Members) -> None:
    project.members.all().delete()
    ProjectMember.objects.bulk_create(
        ProjectMember(project=project, user=user, role=role) for user, role in members
    )


def _replace_measures(project: Project, measures: Measures) -> None:
    project.project_measures.all().delete()
    ProjectMeasure.objects.bulk_create(
        ProjectMeasure(project=project, measure=measure, kind=kind, position=position)
        for position, (measure, kind) in enumerate(measures)
    )


@transaction.atomic
def create_project(
    *, team: Team, by: Any, members: Members = (), measures: Measures = (), **fields: Any
) -> Project:
    """A new project of the team, with its members (person, role) and measures (measure, kind).

    Raises ValidationError naming the field; nothing is saved then.
    """
    project = Project(team=team, created_by=by)
    _set_fields(project, fields)
    _check_members(team, members)
    _check_measures(team, measures)
    project.save()
    _replace_members(project, members)
    _replace_measures(project, measures)
    return project


@transaction.atomic
def update_project(
    *,
    project: Project,
    by: Any,
    members: Members | None = None,
    measures: Measures | None = None,
    **fields: Any,
) -> Project:
    """Change a project; ``members`` and ``measures``, when given, replace the current ones.

    People who have left the team keep the role they had, so that a project's history is not
    rewritten when someone moves on; new roles go to the team's people only.
    """
    _set_fields(project, fields)
    if members is not None:
        _check_members(
            project.team, members, keep=project.members.values_list("user_id", flat=True)
        )
    if measures is not None:
        _check_measures(project.team, measures)
    project.save()
    if members is not None:
        _replace_members(project, members)
    if measures is not None:
        _replace_measures(project, measures)
    return project


@transaction.atomic
def add_what_matters(
    *,
    project: Project,
    by: Any,
    source: str,
    text: str,
    heard_on: dt.date | None = None,
    answers_aim: bool = False,
    change_ideas: Iterable[ChangeIdea] = (),
) -> WhatMatters:
    """Record what a citizen, relative or staff member said matters, and what answers it."""
    ideas = list(change_ideas)
    if any(idea.project_id != project.pk for idea in ideas):
        raise ValidationError({"change_ideas": _("Choose among the change ideas of this project.")})
    item = WhatMatters(
        project=project, source=source, text=(text or "").strip(), heard_on=heard_on,
        answers_aim=answers_aim,
    )  # fmt: skip
    item.full_clean()
    item.save()
    item.change_ideas.set(ideas)
    return item


@transaction.atomic
def delete_what_matters(*, item: WhatMatters, by: Any) -> None:
    """Remove what was recorded; ``by`` is kept for the audit log of C10 (not built yet)."""
    item.delete()
