"""The access rules, role by role: who sees and who changes a team's data."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from forbedring.web import access
from forbedring.web.organisations.models import Team
from tests.web import factories

pytestmark = pytest.mark.django_db

# role -> (sees team A, changes team A, sees team B)
MATRIX = {
    "member_a": (True, True, False),
    "lead_a": (True, True, False),
    "member_b": (False, False, True),
    "leader_north": (True, False, False),
    "consultant_north": (True, False, False),
    "analyst": (False, False, False),
    "site_admin": (True, True, True),
    "nobody": (False, False, False),
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_access_matrix_for_each_role(who: str) -> None:
    world = factories.role_world()
    person = world[who]
    team_a, team_b = world["team_a"], world["team_b"]
    assert isinstance(team_a, Team) and isinstance(team_b, Team)
    sees_a, changes_a, sees_b = MATRIX[who]
    assert access.can_view_team(person, team_a) is sees_a
    assert access.can_edit_team(person, team_a) is changes_a
    assert access.can_view_team(person, team_b) is sees_b


def test_team_for_hides_other_organisations_teams_as_missing() -> None:
    world = factories.role_world()
    team_b = world["team_b"]
    assert isinstance(team_b, Team)
    with pytest.raises(Http404):
        access.team_for(world["member_a"], team_b.pk)
    with pytest.raises(Http404):
        access.team_for(world["leader_north"], team_b.pk)


def test_team_for_refuses_changes_by_viewers_with_403() -> None:
    world = factories.role_world()
    team_a = world["team_a"]
    assert isinstance(team_a, Team)
    assert access.team_for(world["leader_north"], team_a.pk) == team_a
    with pytest.raises(PermissionDenied):
        access.team_for(world["leader_north"], team_a.pk, edit=True)
    assert access.team_for(world["lead_a"], team_a.pk, edit=True) == team_a


def test_anonymous_sees_nothing() -> None:
    world = factories.role_world()
    assert not access.teams_visible_to(AnonymousUser()).exists()
    team_a = world["team_a"]
    assert isinstance(team_a, Team)
    with pytest.raises(Http404):
        access.team_for(AnonymousUser(), team_a.pk)


def test_superuser_is_site_admin() -> None:
    root = factories.user("root", superuser=True)
    assert access.is_site_admin(root)


def test_measure_for_only_the_teams_own_measures() -> None:
    world = factories.role_world()
    team_a, team_b = world["team_a"], world["team_b"]
    assert isinstance(team_a, Team) and isinstance(team_b, Team)
    own = factories.measure([team_a])
    other = factories.measure([team_b], name="Other")
    assert access.measure_for(team_a, own.pk) == own
    with pytest.raises(Http404):
        access.measure_for(team_a, other.pk)
