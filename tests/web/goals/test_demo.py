"""The demo's local goals: Aarhus, Odense and Trondheim, in their own language, linked to the
national goals, indicators and the demo's improvement project; shown to the demo logins."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from forbedring.web.accounts.models import User
from forbedring.web.core import demo
from forbedring.web.goals.models import LocalGoal, indicator_problem
from forbedring.web.goals.queries import cascade_for_area
from forbedring.web.organisations.models import Organisation
from tests.web.goals.conftest import client_for

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def loaded() -> demo.DemoResult:
    return demo.load_demo(today=TODAY)


def test_demo_municipalities_have_valid_local_goals(loaded: demo.DemoResult) -> None:
    by_area = {
        name: LocalGoal.objects.filter(organisation__name=name).count()
        for name in ("Aarhus Kommune", "Odense Kommune", "Trondheim kommune")
    }
    assert by_area == {"Aarhus Kommune": 3, "Odense Kommune": 2, "Trondheim kommune": 2}
    assert LocalGoal.objects.count() == 7
    for goal in LocalGoal.objects.select_related("organisation"):
        goal.full_clean()
        assert goal.national_goal.startswith(goal.organisation.country.lower() + "-")
        assert goal.target and goal.responsible and goal.target_year in (2027, 2028)
        assert str(goal.target_year) in goal.target
        for indicator in goal.goal_indicators.values_list("indicator", flat=True):
            assert (
                indicator_problem(indicator, goal.national_goal, goal.organisation.country) is None
            )


def test_demo_goals_are_in_the_municipalitys_language(loaded: demo.DemoResult) -> None:
    aarhus = LocalGoal.objects.filter(
        organisation__official_code="0751", organisation__country="DK"
    )
    trondheim = LocalGoal.objects.filter(organisation__official_code="5001")
    assert "Færre forebyggelige indlæggelser af ældre" in aarhus.values_list("title", flat=True)
    assert "Alle langtidsbeboere får legemiddelgjennomgang hvert år" in trondheim.values_list(
        "title", flat=True
    )
    assert all(" pr. " in g.target or "%" in g.target or "Halvering" in g.target for g in aarhus)
    assert any("innen" in g.target for g in trondheim)


def test_demo_falls_project_works_on_aarhus_goals(loaded: demo.DemoResult) -> None:
    aarhus = Organisation.objects.get(country="DK", official_code="0751")
    cascade = cascade_for_area(aarhus)
    linked = [g.title for g in cascade.goals if any(
        p.title == "Færre fald på Solgården" for p in g.projects
    )]  # fmt: skip
    assert linked == [
        "Færre forebyggelige indlæggelser af ældre",
        "Ingen fald med alvorlig skade på plejecentrene",
    ]
    assert [g.title for g in cascade.by_indicator["dk-preventable-admissions-65-plus"]] == [
        "Færre forebyggelige indlæggelser af ældre"
    ]


def test_demo_logins_see_the_goals_their_roles_allow(loaded: demo.DemoResult) -> None:
    aarhus = Organisation.objects.get(country="DK", official_code="0751")
    trondheim = Organisation.objects.get(country="NO", official_code="5001")
    leader = client_for(User.objects.get(username="leader"), "da")
    page = leader.get(reverse("goal_list", args=[aarhus.pk]))
    assert page.status_code == 200
    assert "Færre fald på Solgården" in page.content.decode()
    assert leader.get(reverse("goal_list", args=[trondheim.pk])).status_code == 404
    organiser = client_for(User.objects.get(username="organiser"), "nb")
    assert organiser.get(reverse("goal_list", args=[trondheim.pk])).status_code == 200
    assert organiser.get(reverse("goal_new", args=[trondheim.pk])).status_code == 403
    team = client_for(User.objects.get(username="team"))
    assert team.get(reverse("goal_list", args=[aarhus.pk])).status_code == 404


def test_demo_reset_deletes_and_reloads_the_goals(loaded: demo.DemoResult) -> None:
    first = set(LocalGoal.objects.values_list("title", flat=True))
    result = demo.load_demo(reset=True, today=TODAY)
    assert result.loaded
    assert set(LocalGoal.objects.values_list("title", flat=True)) == first
    assert LocalGoal.objects.count() == 7
