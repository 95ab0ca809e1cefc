"""The goal cascade of an area, read for pages and the status report: its local goals by
national goal and by indicator, each with its target, who is responsible and the projects
that work on it.

``cascades_for_areas`` reads any number of areas in three queries (goals, their indicators,
their projects with teams), so that the status reports of all 98 municipalities are made
without a query per area. Texts (goal titles, project status labels) are in the active
language at the time of the call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch

from forbedring.web.goals.library import active_lang, indicator_order, national_goal
from forbedring.web.goals.models import LocalGoal, LocalGoalIndicator
from forbedring.web.improvement.models import Project
from forbedring.web.organisations.models import Organisation


@dataclass(frozen=True)
class LinkedProject:
    id: int
    team_id: int
    title: str
    team: str
    status: str  # the display label, e.g. "Active"
    status_code: str = ""  # the stored value, e.g. "active", for styling and sorting


@dataclass(frozen=True)
class LocalGoalView:
    id: int
    title: str
    target: str  # the local target in words
    responsible: str
    national_goal: str  # the national goal's id in the library
    indicators: tuple[str, ...]  # indicator ids in the library's order
    projects: tuple[LinkedProject, ...]
    description: str = ""
    target_value: float | None = None
    target_year: int | None = None
    national_goal_number: int = 0
    national_goal_title: str = ""
    organisation_id: int = 0


@dataclass(frozen=True)
class Cascade:
    # National goal id -> its local goals; only goals that have local goals, in the national
    # goals' published order (by number), local goals by title.
    by_goal: dict[str, list[LocalGoalView]] = field(default_factory=dict)
    # Indicator id -> the local goals that name it, in the library's order of indicators.
    by_indicator: dict[str, list[LocalGoalView]] = field(default_factory=dict)

    @property
    def goals(self) -> list[LocalGoalView]:
        """Every local goal once, in the order of ``by_goal``."""
        return [goal for goals in self.by_goal.values() for goal in goals]


def _linked_project(project: Project) -> LinkedProject:
    return LinkedProject(
        id=project.pk,
        team_id=project.team_id,
        title=project.title,
        team=project.team.name,
        status=str(project.get_status_display()),
        status_code=project.status,
    )


def _view(goal: LocalGoal, lang: str, order: dict[str, int]) -> LocalGoalView:
    national = national_goal(goal.national_goal)
    indicator_ids = sorted(
        (link.indicator for link in goal.goal_indicators.all()),
        key=lambda i: (order.get(i, len(order)), i),
    )
    return LocalGoalView(
        id=goal.pk,
        title=goal.title,
        target=goal.target,
        responsible=goal.responsible,
        national_goal=goal.national_goal,
        indicators=tuple(indicator_ids),
        projects=tuple(_linked_project(p) for p in goal.projects.all()),
        description=goal.description,
        target_value=goal.target_value,
        target_year=goal.target_year,
        national_goal_number=national.number if national else 0,
        national_goal_title=national.title(lang) if national else goal.national_goal,
        organisation_id=goal.organisation_id,
    )


def _cascade(views: list[LocalGoalView], order: dict[str, int]) -> Cascade:
    by_goal: dict[str, list[LocalGoalView]] = {}
    for view in sorted(views, key=lambda v: (v.national_goal_number, v.title.casefold(), v.id)):
        by_goal.setdefault(view.national_goal, []).append(view)
    named: dict[str, list[LocalGoalView]] = defaultdict(list)
    for goals in by_goal.values():
        for view in goals:
            for indicator_id in view.indicators:
                named[indicator_id].append(view)
    by_indicator = {i: named[i] for i in sorted(named, key=lambda i: (order.get(i, len(order)), i))}
    return Cascade(by_goal=by_goal, by_indicator=by_indicator)


def cascades_for_areas(area_ids: Iterable[int]) -> dict[int, Cascade]:
    """The cascade of every area asked for (an empty one for an area without local goals),
    in three queries however many areas there are."""
    ids = list(dict.fromkeys(area_ids))
    goals = LocalGoal.objects.filter(organisation_id__in=ids).prefetch_related(
        Prefetch("goal_indicators", queryset=LocalGoalIndicator.objects.order_by("indicator")),
        Prefetch(
            "projects",
            queryset=Project.objects.select_related("team").order_by("title", "pk"),
        ),
    )
    lang, order = active_lang(), indicator_order()
    views: dict[int, list[LocalGoalView]] = defaultdict(list)
    for goal in goals:
        views[goal.organisation_id].append(_view(goal, lang, order))
    return {area_id: _cascade(views.get(area_id, []), order) for area_id in ids}


def cascade_for_area(area: Organisation) -> Cascade:
    return cascades_for_areas([area.pk])[area.pk]
