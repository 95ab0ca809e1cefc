"""Who may see and change an area's local goals: its leaders and quality consultants change
them, its network organisers see them, site administrators do both; everyone else finds
nothing (404), and anonymous visitors are asked to log in."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from forbedring.web import access
from forbedring.web.goals import actions
from forbedring.web.goals.models import LocalGoal
from tests.web.goals.conftest import DK_PATHWAYS, client_for

pytestmark = pytest.mark.django_db

# person -> (sees Nordby's goals, changes them)
MATRIX = {
    "leader_north": (True, True),
    "consultant_north": (True, True),
    "organiser_north": (True, False),
    "site_admin": (True, True),
    "member_a": (False, False),  # a team in Nordby sees its team, not the organisation
    "lead_a": (False, False),
    "member_b": (False, False),
    "leader_south": (False, False),  # another municipality's leader
    "analyst": (False, False),
    "nobody": (False, False),
}


@pytest.fixture
def goal(world: dict[str, Any]) -> LocalGoal:
    return actions.create_local_goal(
        organisation=world["north"], by=world["leader_north"], national_goal=DK_PATHWAYS,
        title="Safe discharge", projects=[world["falls"]],
    )  # fmt: skip


def pages(world: dict[str, Any], goal: LocalGoal) -> dict[str, str]:
    north = world["north"].pk
    return {
        "list": reverse("goal_list", args=[north]),
        "new": reverse("goal_new", args=[north]),
        "edit": reverse("goal_edit", args=[north, goal.pk]),
        "delete": reverse("goal_delete", args=[north, goal.pk]),
    }


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_access_functions_by_role(world: dict[str, Any], who: str) -> None:
    person, north = world[who], world["north"]
    sees, changes = MATRIX[who]
    assert access.can_edit_local_goals(person, north) is changes
    if sees:
        assert access.goals_organisation_for(person, north.pk) == north
    else:
        with pytest.raises(Http404):
            access.goals_organisation_for(person, north.pk)
    if changes:
        assert access.goals_organisation_for(person, north.pk, edit=True) == north
    elif sees:
        with pytest.raises(PermissionDenied):
            access.goals_organisation_for(person, north.pk, edit=True)


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_pages_by_role(world: dict[str, Any], goal: LocalGoal, who: str) -> None:
    sees, changes = MATRIX[who]
    client = client_for(world[who])
    urls = pages(world, goal)
    listing = client.get(urls["list"])
    assert listing.status_code == (200 if sees else 404)
    if sees:
        assert "Safe discharge" in listing.content.decode()
        assert (urls["edit"] in listing.content.decode()) is changes
    for name in ("new", "edit", "delete"):
        expected = 200 if changes else 403 if sees else 404
        assert client.get(urls[name]).status_code == expected, name


@pytest.mark.parametrize("who", [w for w, (_, changes) in MATRIX.items() if not changes])
def test_who_may_not_change_cannot_post_a_change_or_a_deletion(
    world: dict[str, Any], goal: LocalGoal, who: str
) -> None:
    client = client_for(world[who])
    urls = pages(world, goal)
    form = {"national_goal": DK_PATHWAYS, "title": "Hijacked"}
    assert client.post(urls["new"], form).status_code in (403, 404)
    assert client.post(urls["edit"], form).status_code in (403, 404)
    assert client.post(urls["delete"]).status_code in (403, 404)
    assert list(LocalGoal.objects.values_list("title", flat=True)) == ["Safe discharge"]


def test_anonymous_visitors_are_asked_to_log_in(world: dict[str, Any], goal: LocalGoal) -> None:
    client = client_for(None)
    for url in pages(world, goal).values():
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.post(pages(world, goal)["delete"]).status_code == 302
    assert LocalGoal.objects.exists()
    assert not access.can_edit_local_goals(AnonymousUser(), world["north"])


def test_a_goal_is_reached_only_through_its_own_organisation(
    world: dict[str, Any], goal: LocalGoal
) -> None:
    """Sydby's leader cannot reach Nordby's goal by putting its id under Sydby's address."""
    client = client_for(world["leader_south"])
    south = world["south"].pk
    assert client.get(reverse("goal_edit", args=[south, goal.pk])).status_code == 404
    assert client.post(reverse("goal_delete", args=[south, goal.pk])).status_code == 404
    assert LocalGoal.objects.filter(pk=goal.pk).exists()


def test_organisations_that_set_no_local_goals_have_no_goal_pages(world: dict[str, Any]) -> None:
    hospital = world["hospital"].pk
    for who in ("hospital_leader", "site_admin"):
        assert client_for(world[who]).get(reverse("goal_list", args=[hospital])).status_code == 404


def test_missing_organisation_is_404_even_for_site_admins(world: dict[str, Any]) -> None:
    response = client_for(world["site_admin"]).get(reverse("goal_list", args=[999_999]))
    assert response.status_code == 404
