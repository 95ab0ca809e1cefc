"""The local goal pages: the list grouped by national goal, the form with its checks, and
deleting with a confirmation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from forbedring.web.goals import actions
from forbedring.web.goals.models import LocalGoal
from tests.web.goals.conftest import (
    BED_DAYS,
    DK_OLDER,
    DK_PATHWAYS,
    PREVENTABLE,
    READMISSIONS,
    client_for,
)

pytestmark = pytest.mark.django_db


def list_url(world: dict[str, Any]) -> str:
    return reverse("goal_list", args=[world["north"].pk])


def text_of(html: str) -> str:
    """The page's words without tags, spaces collapsed (to read it as a person would)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def goals(world: dict[str, Any]) -> list[LocalGoal]:
    by = world["leader_north"]
    return [
        actions.create_local_goal(
            organisation=world["north"], by=by, national_goal=DK_OLDER,
            title="Fewer preventable admissions", target="Under 50 per 1,000 by 2027",
            target_year=2027, responsible="Quality consultant", indicators=[PREVENTABLE],
            projects=[world["falls"], world["paused"]],
        ),
        actions.create_local_goal(
            organisation=world["north"], by=by, national_goal=DK_PATHWAYS,
            title="Safe discharge", target="Under 8 %", target_year=2028,
            indicators=[READMISSIONS, BED_DAYS],
        ),
    ]  # fmt: skip


def test_list_groups_local_goals_by_national_goal_in_order(
    world: dict[str, Any], goals: list[LocalGoal]
) -> None:
    page = text_of(client_for(world["leader_north"]).get(list_url(world)).content.decode())
    first = page.index("1. Better integrated patient pathways")
    second = page.index("2. Stronger care for people with chronic conditions and older patients")
    assert first < page.index("Safe discharge") < second < page.index("Fewer preventable")
    assert "Acute somatic readmissions within 30 days" in page
    assert "Under 8 % (by 2028)" in page  # the year, when the words do not say it
    assert "Under 50 per 1,000 by 2027 (by 2027)" not in page
    assert "Quality consultant" in page
    # Goals without a local goal are listed, with a way to add one.
    assert "8. A more efficient health service · Add a local goal" in page
    assert "National goals without a local goal" in page


def test_list_shows_linked_projects_with_team_status_and_link(
    world: dict[str, Any], goals: list[LocalGoal]
) -> None:
    html = client_for(world["consultant_north"]).get(list_url(world)).content.decode()
    falls = world["falls"]
    assert reverse("project_detail", args=[falls.team_id, falls.pk]) in html
    page = text_of(html)
    assert "Fewer falls · Team A · Active" in page
    assert "Safe discharge · Team A · Paused" in page
    assert "No project works on this goal yet." in page  # the second goal


def test_list_speaks_the_users_language(world: dict[str, Any], goals: list[LocalGoal]) -> None:
    page = client_for(world["leader_north"], "da").get(list_url(world)).content.decode()
    assert "1. Bedre sammenhængende patientforløb" in page
    assert "Akutte somatiske genindlæggelser inden for 30 dage" in page
    assert "Better integrated patient pathways" not in page


def test_empty_state_explains_what_a_local_goal_is(world: dict[str, Any]) -> None:
    html = client_for(world["leader_north"]).get(list_url(world)).content.decode()
    leader = text_of(html)
    assert "No local goals yet" in leader
    assert "A local goal is the organisation's own goal under one of the national goals" in leader
    assert reverse("goal_new", args=[world["north"].pk]) in html
    organiser = client_for(world["organiser_north"]).get(list_url(world)).content.decode()
    assert "set the local goals" in organiser
    assert reverse("goal_new", args=[world["north"].pk]) not in organiser


def test_form_offers_the_countrys_goals_grouped_indicators_and_own_projects(
    world: dict[str, Any],
) -> None:
    url = reverse("goal_new", args=[world["north"].pk])
    html = client_for(world["leader_north"]).get(url).content.decode()
    assert f'value="{DK_PATHWAYS}"' in html and "no-safe-services" not in html
    assert f'value="{READMISSIONS}"' in html
    assert "Deaths from heart disease (national figure only)" in html
    assert "Fewer falls (Team A, Active)" in html
    assert "Sydby&#x27;s project" not in html and "Sydby's project" not in html


def test_form_preselects_the_national_goal_from_the_link(world: dict[str, Any]) -> None:
    url = reverse("goal_new", args=[world["north"].pk]) + f"?national_goal={DK_OLDER}"
    html = client_for(world["leader_north"]).get(url).content.decode()
    assert re.search(rf'<option value="{DK_OLDER}" selected>', html)


def test_create_through_the_form(world: dict[str, Any]) -> None:
    url = reverse("goal_new", args=[world["north"].pk])
    response = client_for(world["leader_north"]).post(url, {
        "national_goal": DK_PATHWAYS, "title": "Safe discharge", "target": "Under 8 %",
        "target_value": "7.5", "target_year": "2027", "responsible": "Head of home care",
        "indicators": [READMISSIONS], "projects": [world["falls"].pk],
    })  # fmt: skip
    assert response.status_code == 302 and response["Location"].startswith(list_url(world))
    goal = LocalGoal.objects.get()
    assert (goal.title, goal.target_value, goal.target_year) == ("Safe discharge", 7.5, 2027)
    assert goal.created_by == world["leader_north"]
    assert list(goal.projects.all()) == [world["falls"]]
    assert list(goal.goal_indicators.values_list("indicator", flat=True)) == [READMISSIONS]


def test_target_value_takes_a_decimal_comma_in_danish(world: dict[str, Any]) -> None:
    url = reverse("goal_new", args=[world["north"].pk])
    response = client_for(world["leader_north"], "da").post(
        url, {"national_goal": DK_PATHWAYS, "title": "Udskrivelser", "target_value": "7,5"}
    )
    assert response.status_code == 302
    assert LocalGoal.objects.get().target_value == 7.5


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"national_goal": DK_PATHWAYS, "title": ""}, "Title", "This field is required."),
        ({"national_goal": "", "title": "X"}, "National goal", "This field is required."),
        ({"national_goal": DK_PATHWAYS, "title": "X", "target_year": "1800"}, "Target year",
         "Ensure this value is greater than or equal to 2000."),
        ({"national_goal": DK_PATHWAYS, "title": "X", "target_value": "a lot"}, "Target value",
         "Enter a number."),
        ({"national_goal": DK_PATHWAYS, "title": "X", "indicators": [PREVENTABLE]},
         "National indicators", "belongs to national goal 2, not to the chosen national goal."),
    ],
)  # fmt: skip
def test_bad_input_is_shown_naming_the_field_and_nothing_is_saved(
    world: dict[str, Any], form: dict[str, Any], field: str, message: str
) -> None:
    url = reverse("goal_new", args=[world["north"].pk])
    response = client_for(world["leader_north"]).post(url, form)
    assert response.status_code == 400
    summary = text_of(response.content.decode().split('class="error-summary"')[1])
    assert f"{field}: " in summary and message in summary
    assert not LocalGoal.objects.exists()


def test_another_organisations_project_cannot_be_posted(world: dict[str, Any]) -> None:
    url = reverse("goal_new", args=[world["north"].pk])
    response = client_for(world["leader_north"]).post(url, {
        "national_goal": DK_PATHWAYS, "title": "X", "projects": [world["south_project"].pk],
    })  # fmt: skip
    assert response.status_code == 400
    assert "Improvement projects: Select a valid choice." in text_of(response.content.decode())
    assert not LocalGoal.objects.exists()


def test_edit_shows_the_saved_choices_and_saves_changes(
    world: dict[str, Any], goals: list[LocalGoal]
) -> None:
    goal = goals[0]
    url = reverse("goal_edit", args=[world["north"].pk, goal.pk])
    client = client_for(world["consultant_north"])
    html = client.get(url).content.decode()
    assert re.search(rf'value="{PREVENTABLE}"[^>]*checked', html)
    assert re.search(rf'value="{world["falls"].pk}"[^>]*checked', html)
    response = client.post(url, {
        "national_goal": DK_OLDER, "title": "Fewer admissions", "indicators": [],
        "projects": [world["paused"].pk],
    })  # fmt: skip
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.title == "Fewer admissions" and not goal.goal_indicators.exists()
    assert list(goal.projects.all()) == [world["paused"]]


def test_failed_edit_keeps_the_saved_title_in_the_heading(
    world: dict[str, Any], goals: list[LocalGoal]
) -> None:
    url = reverse("goal_edit", args=[world["north"].pk, goals[0].pk])
    response = client_for(world["leader_north"]).post(url, {"national_goal": "", "title": ""})
    assert response.status_code == 400
    assert "Edit “Fewer preventable admissions”" in response.content.decode()


def test_delete_asks_first_and_deletes_only_when_confirmed(
    world: dict[str, Any], goals: list[LocalGoal]
) -> None:
    goal = goals[0]
    url = reverse("goal_delete", args=[world["north"].pk, goal.pk])
    client = client_for(world["leader_north"])
    page = text_of(client.get(url).content.decode())
    assert "Delete the local goal “Fewer preventable admissions”?" in page
    assert "2 linked projects are kept; they are only unlinked from this goal." in page
    assert LocalGoal.objects.filter(pk=goal.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == list_url(world)
    assert not LocalGoal.objects.filter(pk=goal.pk).exists()
    assert world["falls"].__class__.objects.filter(pk=world["falls"].pk).exists()


def test_overview_links_municipalities_to_their_local_goals_and_status_report(
    world: dict[str, Any],
) -> None:
    overview = reverse("organisation_overview", args=[world["north"].pk])
    html = client_for(world["leader_north"]).get(overview).content.decode()
    assert list_url(world) in html
    assert reverse("reports:status", args=[world["north"].pk]) in html  # its status report
    hospital = reverse("organisation_overview", args=[world["hospital"].pk])
    html = client_for(world["hospital_leader"]).get(hospital).content.decode()
    assert "/goals/" not in html and "/reports/status/" not in html


def test_all_errors_show_at_once_including_an_indicator_of_another_goal(
    world: dict[str, Any],
) -> None:
    url = reverse("goal_new", args=[world["north"].pk])
    response = client_for(world["leader_north"]).post(url, {
        "national_goal": DK_PATHWAYS, "title": "", "indicators": [PREVENTABLE],
    })  # fmt: skip
    summary = text_of(response.content.decode().split('class="error-summary"')[1])
    assert "Title: This field is required." in summary
    assert "National indicators: “Preventable admissions among people aged 65+” belongs" in summary
