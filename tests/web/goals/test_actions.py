"""Writing local goals: goal, indicators and projects saved together, or nothing at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from forbedring.web.goals import actions
from forbedring.web.goals.models import LocalGoal, LocalGoalIndicator
from forbedring.web.improvement.models import Project
from tests.web.goals.conftest import (
    BED_DAYS,
    DK_OLDER,
    DK_PATHWAYS,
    NO_MEDICATION_REVIEW,
    NO_SAFE,
    PREVENTABLE,
    READMISSIONS,
)

pytestmark = pytest.mark.django_db


def make_goal(world: dict[str, Any], **extra: Any) -> LocalGoal:
    fields: dict[str, Any] = {
        "national_goal": DK_PATHWAYS, "title": "  Safe discharge  ",
        "target": "Under 8 % by 2027", "target_value": 8.0, "target_year": 2027,
        "responsible": "Head of home care", "indicators": [READMISSIONS],
        "projects": [world["falls"]],
    }  # fmt: skip
    fields.update(extra)
    return actions.create_local_goal(
        organisation=world["north"], by=world["leader_north"], **fields
    )


def test_create_saves_goal_indicators_and_projects(world: dict[str, Any]) -> None:
    goal = make_goal(world, indicators=[BED_DAYS, READMISSIONS, READMISSIONS])
    goal.refresh_from_db()
    assert goal.title == "Safe discharge"  # stripped
    assert goal.organisation == world["north"] and goal.created_by == world["leader_north"]
    assert (goal.target_value, goal.target_year) == (8.0, 2027)
    assert sorted(goal.goal_indicators.values_list("indicator", flat=True)) == [
        READMISSIONS, BED_DAYS
    ]  # fmt: skip
    assert list(goal.projects.all()) == [world["falls"]]


def test_create_refuses_another_organisations_project_and_saves_nothing(
    world: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_goal(world, projects=[world["falls"], world["south_project"]])
    assert caught.value.message_dict == {
        "projects": ["“Sydby's project” is not a project of a team in Nordby Kommune."]
    }
    assert not LocalGoal.objects.exists() and not LocalGoalIndicator.objects.exists()


def test_create_refuses_an_indicator_of_another_goal_and_saves_nothing(
    world: dict[str, Any],
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_goal(world, indicators=[READMISSIONS, PREVENTABLE])
    assert list(caught.value.message_dict) == ["indicators"]
    assert "belongs to national goal 2" in caught.value.message_dict["indicators"][0]
    assert not LocalGoal.objects.exists()


def test_create_refuses_a_national_goal_of_another_country(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        make_goal(world, national_goal=NO_SAFE, indicators=[NO_MEDICATION_REVIEW])
    assert "national_goal" in caught.value.message_dict
    assert not LocalGoal.objects.exists()


def test_create_refuses_a_hospital(world: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.create_local_goal(
            organisation=world["hospital"], by=world["hospital_leader"],
            national_goal=DK_PATHWAYS, title="Shorter stays",
        )  # fmt: skip
    assert "organisation" in caught.value.message_dict


def test_create_refuses_unknown_fields(world: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        make_goal(world, organisation_id=world["south"].pk)


def test_update_replaces_indicators_and_projects(world: dict[str, Any]) -> None:
    goal = make_goal(world)
    actions.update_local_goal(
        goal=goal, by=world["consultant_north"], title="Safer discharge",
        indicators=[BED_DAYS], projects=[world["paused"]],
    )  # fmt: skip
    goal.refresh_from_db()
    assert goal.title == "Safer discharge"
    assert list(goal.goal_indicators.values_list("indicator", flat=True)) == [BED_DAYS]
    assert list(goal.projects.all()) == [world["paused"]]


def test_update_without_lists_keeps_indicators_and_projects(world: dict[str, Any]) -> None:
    goal = make_goal(world)
    actions.update_local_goal(goal=goal, by=world["leader_north"], target="Under 7 %")
    assert list(goal.goal_indicators.values_list("indicator", flat=True)) == [READMISSIONS]
    assert list(goal.projects.all()) == [world["falls"]]


def test_update_of_the_national_goal_refuses_indicators_left_from_the_old_goal(
    world: dict[str, Any],
) -> None:
    goal = make_goal(world)
    with pytest.raises(ValidationError) as caught:
        actions.update_local_goal(goal=goal, by=world["leader_north"], national_goal=DK_OLDER)
    assert "indicators" in caught.value.message_dict
    assert LocalGoal.objects.get(pk=goal.pk).national_goal == DK_PATHWAYS
    actions.update_local_goal(
        goal=goal, by=world["leader_north"], national_goal=DK_OLDER, indicators=[PREVENTABLE]
    )
    assert list(goal.goal_indicators.values_list("indicator", flat=True)) == [PREVENTABLE]


def test_update_refuses_another_organisations_project_and_keeps_the_old_ones(
    world: dict[str, Any],
) -> None:
    goal = make_goal(world)
    with pytest.raises(ValidationError):
        actions.update_local_goal(
            goal=goal, by=world["leader_north"], title="Renamed",
            projects=[world["south_project"]],
        )  # fmt: skip
    goal = LocalGoal.objects.get(pk=goal.pk)
    assert goal.title == "Safe discharge"
    assert list(goal.projects.all()) == [world["falls"]]


def test_delete_removes_the_goal_and_its_links_but_not_the_projects(
    world: dict[str, Any],
) -> None:
    goal = make_goal(world)
    actions.delete_local_goal(goal=goal, by=world["leader_north"])
    assert not LocalGoal.objects.exists() and not LocalGoalIndicator.objects.exists()
    assert Project.objects.filter(pk=world["falls"].pk).exists()


def test_deleting_a_project_unlinks_it_from_the_goal(world: dict[str, Any]) -> None:
    goal = make_goal(world, projects=[world["falls"], world["paused"]])
    world["paused"].delete()
    assert list(goal.projects.all()) == [world["falls"]]
