"""The goal cascade for the status report: by national goal and by indicator, batched."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from forbedring.web.goals import actions
from forbedring.web.goals.queries import (
    Cascade,
    LinkedProject,
    cascade_for_area,
    cascades_for_areas,
)
from tests.web import factories
from tests.web.goals.conftest import (
    BED_DAYS,
    DK_OLDER,
    DK_PATHWAYS,
    NO_MEDICATION_REVIEW,
    NO_SAFE,
    PREVENTABLE,
    READMISSIONS,
    project,
)

pytestmark = pytest.mark.django_db


def add_goal(world: dict[str, Any], organisation: Any, **fields: Any) -> Any:
    return actions.create_local_goal(organisation=organisation, by=world["site_admin"], **fields)


@pytest.fixture
def north_goals(world: dict[str, Any]) -> list[Any]:
    north = world["north"]
    return [
        add_goal(world, north, national_goal=DK_OLDER, title="Fewer admissions",
                 target="Under 50 per 1,000", responsible="Consultant",
                 indicators=[PREVENTABLE], projects=[world["falls"]]),
        add_goal(world, north, national_goal=DK_PATHWAYS, title="Safe discharge",
                 indicators=[BED_DAYS, READMISSIONS], projects=[world["paused"], world["falls"]]),
        add_goal(world, north, national_goal=DK_PATHWAYS, title="Ready for discharge",
                 indicators=[BED_DAYS]),
    ]  # fmt: skip


def test_cascade_groups_local_goals_by_national_goal_in_published_order(
    world: dict[str, Any], north_goals: list[Any]
) -> None:
    cascade = cascade_for_area(world["north"])
    assert list(cascade.by_goal) == [DK_PATHWAYS, DK_OLDER]
    assert [g.title for g in cascade.by_goal[DK_PATHWAYS]] == [
        "Ready for discharge",
        "Safe discharge",
    ]
    older = cascade.by_goal[DK_OLDER][0]
    assert (older.id, older.target, older.responsible) == (
        north_goals[0].pk, "Under 50 per 1,000", "Consultant"
    )  # fmt: skip
    assert (older.national_goal, older.national_goal_number) == (DK_OLDER, 2)
    assert older.indicators == (PREVENTABLE,)
    assert older.organisation_id == world["north"].pk


def test_cascade_lists_indicators_in_library_order_with_the_goals_that_name_them(
    world: dict[str, Any], north_goals: list[Any]
) -> None:
    cascade = cascade_for_area(world["north"])
    # The library lists readmissions before bed days, bed days before preventable admissions.
    assert list(cascade.by_indicator) == [READMISSIONS, BED_DAYS, PREVENTABLE]
    assert [g.title for g in cascade.by_indicator[BED_DAYS]] == [
        "Ready for discharge", "Safe discharge"
    ]  # fmt: skip
    assert [g.title for g in cascade.by_indicator[READMISSIONS]] == ["Safe discharge"]
    safe = cascade.by_goal[DK_PATHWAYS][1]
    assert safe.indicators == (READMISSIONS, BED_DAYS)


def test_cascade_names_the_projects_with_team_and_status_label(
    world: dict[str, Any], north_goals: list[Any]
) -> None:
    safe = cascade_for_area(world["north"]).by_goal[DK_PATHWAYS][1]
    falls, paused = world["falls"], world["paused"]
    assert safe.projects == (
        LinkedProject(falls.pk, falls.team_id, "Fewer falls", "Team A", "Active", "active"),
        LinkedProject(paused.pk, paused.team_id, "Safe discharge", "Team A", "Paused", "paused"),
    )
    with translation.override("da"):
        danish = cascade_for_area(world["north"]).by_goal[DK_PATHWAYS][1]
    assert [p.status for p in danish.projects] == ["Aktiv", "Sat på pause"]
    assert danish.national_goal_title == "Bedre sammenhængende patientforløb"


def test_cascade_of_an_area_without_local_goals_is_empty(world: dict[str, Any]) -> None:
    cascade = cascade_for_area(world["south"])
    assert cascade == Cascade(by_goal={}, by_indicator={})
    assert cascade.goals == []


def test_cascades_for_areas_keeps_each_areas_goals_apart(
    world: dict[str, Any], north_goals: list[Any]
) -> None:
    oslo = world["oslo"]
    add_goal(world, oslo, national_goal=NO_SAFE, title="Legemiddelgjennomgang",
             indicators=[NO_MEDICATION_REVIEW])  # fmt: skip
    cascades = cascades_for_areas([world["north"].pk, oslo.pk, world["south"].pk])
    assert list(cascades) == [world["north"].pk, oslo.pk, world["south"].pk]
    assert len(cascades[world["north"].pk].goals) == 3
    assert [g.title for g in cascades[oslo.pk].goals] == ["Legemiddelgjennomgang"]
    assert list(cascades[oslo.pk].by_indicator) == [NO_MEDICATION_REVIEW]
    assert cascades[world["south"].pk].goals == []


def test_cascades_for_areas_takes_three_queries_however_many_areas(
    world: dict[str, Any], north_goals: list[Any], django_assert_num_queries: Any
) -> None:
    areas = [world["north"].pk]
    with django_assert_num_queries(3):
        cascades_for_areas(areas)
    # Twenty more municipalities, each with two goals, a project and indicators.
    for index in range(20):
        area = factories.organisation(f"Kommune {index}")
        team = factories.team(area, f"Team {index}")
        work = project(team, f"Project {index}", world["site_admin"])
        add_goal(world, area, national_goal=DK_OLDER, title="A", indicators=[PREVENTABLE],
                 projects=[work])  # fmt: skip
        add_goal(world, area, national_goal=DK_PATHWAYS, title="B",
                 indicators=[READMISSIONS, BED_DAYS], projects=[work])  # fmt: skip
        areas.append(area.pk)
    with django_assert_num_queries(3):
        cascades = cascades_for_areas(areas)
    assert len(cascades) == 21
    assert all(len(c.goals) >= 2 for c in cascades.values())
    assert all(g.projects for c in cascades.values() for g in c.goals if g.title in ("A", "B"))


def test_cascades_for_no_areas_asks_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert cascades_for_areas([]) == {}
