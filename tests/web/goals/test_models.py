"""A local goal's own rules: who sets local goals, which national goal and indicators fit."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from forbedring.web.goals.library import indicator_with_goal, national_goal, national_goals
from forbedring.web.goals.models import LocalGoal, LocalGoalIndicator
from forbedring.web.organisations.models import Organisation
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


def errors_of(goal: LocalGoal | LocalGoalIndicator) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        goal.full_clean()
    return caught.value.message_dict


def test_library_has_denmarks_eight_national_goals_in_order() -> None:
    goals = national_goals("DK")
    assert [g.number for g in goals] == list(range(1, 9))
    assert goals[0].id == DK_PATHWAYS
    assert goals[0].label("da") == "1. Bedre sammenhængende patientforløb"
    assert {i.id for i in goals[0].indicators} >= {READMISSIONS, BED_DAYS}
    assert all(g.country == "NO" for g in national_goals("NO"))
    found = indicator_with_goal(PREVENTABLE)
    assert found is not None and found[1].id == DK_OLDER


def test_local_goal_of_a_municipality_under_its_countrys_goal_is_valid(
    world: dict[str, Any],
) -> None:
    LocalGoal(
        organisation=world["north"], national_goal=DK_PATHWAYS, title="Safe discharge"
    ).full_clean()
    LocalGoal(organisation=world["oslo"], national_goal=NO_SAFE, title="Medication").full_clean()


def test_local_goal_of_a_region_is_valid(world: dict[str, Any]) -> None:
    region = Organisation.objects.create(
        name="Region Midtjylland", kind=Organisation.Kind.REGION, country="DK"
    )
    LocalGoal(organisation=region, national_goal=DK_OLDER, title="Fewer admissions").full_clean()


def test_local_goal_of_a_hospital_is_refused_naming_the_organisation(
    world: dict[str, Any],
) -> None:
    goal = LocalGoal(organisation=world["hospital"], national_goal=DK_PATHWAYS, title="X")
    assert errors_of(goal) == {
        "organisation": ["Local goals are set by a municipality or a region."]
    }


@pytest.mark.parametrize("goal_id", [NO_SAFE, "dk-goal-made-up", ""])
def test_national_goal_of_another_country_or_unknown_is_refused(
    world: dict[str, Any], goal_id: str
) -> None:
    goal = LocalGoal(organisation=world["north"], national_goal=goal_id, title="X")
    errors = errors_of(goal)
    assert "national_goal" in errors
    if goal_id:
        assert errors["national_goal"] == ["Choose one of the national goals of Denmark."]


def test_target_year_out_of_range_is_refused(world: dict[str, Any]) -> None:
    goal = LocalGoal(
        organisation=world["north"], national_goal=DK_PATHWAYS, title="X", target_year=1999
    )
    assert "target_year" in errors_of(goal)


def test_title_is_required(world: dict[str, Any]) -> None:
    goal = LocalGoal(organisation=world["north"], national_goal=DK_PATHWAYS, title="")
    assert "title" in errors_of(goal)


def test_indicator_of_the_chosen_goal_is_valid(world: dict[str, Any]) -> None:
    goal = LocalGoal.objects.create(
        organisation=world["north"], national_goal=DK_PATHWAYS, title="X"
    )
    LocalGoalIndicator(local_goal=goal, indicator=READMISSIONS).full_clean()


@pytest.mark.parametrize(
    ("indicator", "message"),
    [
        ("dk-made-up", "“dk-made-up” is not an indicator of the library."),
        (PREVENTABLE, "“Preventable admissions among people aged 65+” belongs to national goal 2, "
                      "not to the chosen national goal."),
        (NO_MEDICATION_REVIEW, "“Nursing-home residents with a medication review in the last "
                               "12 months” is an indicator of another country."),
    ],
)  # fmt: skip
def test_indicator_that_does_not_fit_is_refused_with_its_name(
    world: dict[str, Any], indicator: str, message: str
) -> None:
    goal = LocalGoal.objects.create(
        organisation=world["north"], national_goal=DK_PATHWAYS, title="X"
    )
    assert errors_of(LocalGoalIndicator(local_goal=goal, indicator=indicator)) == {
        "indicator": [message]
    }


def test_national_goal_lookup_of_unknown_id_is_none() -> None:
    assert national_goal("nope") is None
    assert indicator_with_goal("nope") is None
