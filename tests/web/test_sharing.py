"""Shared learning in a network: teams share change ideas and PDSA cycles, the network's people
see only what enrolled teams share, and a team adopts a shared idea into its own project."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forbedring.web.improvement.models import ChangeIdea, Driver, PdsaCycle, Project
from forbedring.web.networks import actions_sharing
from forbedring.web.networks.models import Enrolment, Network
from forbedring.web.organisations.models import Membership, Role
from tests.web import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(person: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(person, backend=BACKEND)
    return client


def project(team: Any, by: Any, title: str) -> Project:
    return Project.objects.create(team=team, title=title, start=dt.date(2026, 1, 1), created_by=by)


@pytest.fixture
def w() -> dict[str, Any]:
    """Teams A and B enrolled in a network, team D invited, team C outside it. B shares an idea
    (under a secondary driver) and a cycle, and keeps another idea and cycle to itself."""
    w: dict[str, Any] = factories.role_world()
    w["team_c"] = factories.team(w["south"], "Team C")
    w["member_c"] = factories.user("member_c", Role.TEAM_MEMBER, team=w["team_c"])
    w["team_d"] = factories.team(w["south"], "Team D")
    w["member_d"] = factories.user("member_d", Role.TEAM_MEMBER, team=w["team_d"])
    w["faculty"] = factories.user("faculty")
    network = Network.objects.create(
        organiser=w["north"], name="Faldnetværket", start=dt.date(2026, 1, 1),
        created_by=w["site_admin"],
    )  # fmt: skip
    network.members.create(user=w["faculty"], role="faculty")
    for team, status in (("team_a", "enrolled"), ("team_b", "enrolled"), ("team_d", "invited")):
        Enrolment.objects.create(
            network=network, team=w[team], status=status, invited_by=w["site_admin"]
        )
    w["network"] = network
    w["project_a"] = project(w["team_a"], w["member_a"], "Færre fald i Team A")
    w["project_b"] = project(w["team_b"], w["member_b"], "Færre fald i Team B")
    w["project_c"] = project(w["team_c"], w["member_c"], "Team C's projekt")
    w["project_d"] = project(w["team_d"], w["member_d"], "Team D's projekt")
    pb = w["project_b"]
    primary = Driver.objects.create(project=pb, text="Trygge omgivelser")
    w["secondary"] = Driver.objects.create(project=pb, parent=primary, text="Lys om natten")
    w["shared"] = ChangeIdea.objects.create(
        project=pb, driver=w["secondary"], title="Natlys på badeværelset",
        description="Sensorlys tændes ved bevægelse.", status="testing", shared=True,
    )  # fmt: skip
    w["shared_too"] = ChangeIdea.objects.create(
        project=pb, driver=w["secondary"], title="Lysstriber på gulvet", shared=True
    )
    w["private"] = ChangeIdea.objects.create(
        project=pb, driver=w["secondary"], title="Hemmelig idé om vagtplanen"
    )
    w["cycle"] = PdsaCycle.objects.create(
        project=pb, change_idea=w["shared"], title="Første test af natlys",
        start=dt.date(2026, 2, 1), prediction="Færre fald mellem 22 og 6", shared=True,
        created_by=w["member_b"],
    )  # fmt: skip
    w["private_cycle"] = PdsaCycle.objects.create(
        project=pb, change_idea=w["shared"], title="Skjult cyklus",
        start=dt.date(2026, 3, 1), prediction="Intern forudsigelse", created_by=w["member_b"],
    )  # fmt: skip
    ChangeIdea.objects.create(
        project=w["project_d"], title="Idé fra et inviteret team", shared=True
    )
    return w


def shared_url(w: dict[str, Any]) -> str:
    return reverse("network_shared", args=[w["network"].pk])


def adopt_url(w: dict[str, Any], idea: ChangeIdea) -> str:
    return reverse("shared_idea_adopt", args=[w["network"].pk, idea.pk])


def test_a_member_of_another_enrolled_team_sees_only_what_is_shared(w: dict[str, Any]) -> None:
    response = client_for(w["member_a"]).get(shared_url(w))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Natlys på badeværelset" in html
    assert "Testing" in html
    assert "Færre fald i Team B" in html and "Team B" in html
    assert "Første test af natlys" in html and "Færre fald mellem 22 og 6" in html
    assert "Hemmelig idé om vagtplanen" not in html
    assert "Skjult cyklus" not in html and "Intern forudsigelse" not in html
    # Only enrolled teams' shared work: the invited team's idea is not shown.
    assert "Idé fra et inviteret team" not in html
    assert "Adopt this change idea" in html


@pytest.mark.parametrize("who", ["member_a", "member_b", "member_d", "faculty", "site_admin"])
def test_everyone_who_sees_the_network_sees_the_shared_list(w: dict[str, Any], who: str) -> None:
    assert client_for(w[who]).get(shared_url(w)).status_code == 200


@pytest.mark.parametrize("who", ["member_c", "nobody", "leader_north"])
def test_people_outside_the_network_get_404(w: dict[str, Any], who: str) -> None:
    assert client_for(w[who]).get(shared_url(w)).status_code == 404
    response = client_for(w[who]).post(adopt_url(w, w["shared"]), {"project": w["project_c"].pk})
    assert response.status_code == 404


def test_team_b_s_project_pages_stay_closed_to_team_a(w: dict[str, Any]) -> None:
    client = client_for(w["member_a"])
    team_b, pb = w["team_b"].pk, w["project_b"].pk
    for url in (
        reverse("project_detail", args=[team_b, pb]),
        reverse("driver_diagram_edit", args=[team_b, pb]),
        reverse("pdsa_detail", args=[team_b, pb, w["cycle"].pk]),
        reverse("project_sharing", args=[team_b, pb]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_team_adopts_a_shared_idea_keeping_its_origin(w: dict[str, Any]) -> None:
    client = client_for(w["member_a"])
    response = client.post(adopt_url(w, w["shared"]), {"project": w["project_a"].pk})
    assert response.status_code == 302
    copy = ChangeIdea.objects.get(project=w["project_a"])
    assert copy.title == "Natlys på badeværelset"
    assert copy.description == "Sensorlys tændes ved bevægelse."
    assert copy.status == ChangeIdea.Status.IDEA and not copy.shared
    assert copy.origin == w["shared"] and copy.origin_team == w["team_b"]
    assert list(w["shared"].spread_to.all()) == [copy]
    page = client.get(reverse("project_detail", args=[w["team_a"].pk, w["project_a"].pk]))
    assert "adopted from Team B (Faldnetværket)" in page.content.decode()
    assert "Your team has adopted this change idea." in client.get(shared_url(w)).content.decode()
    # The source stays the other team's: nothing of it changed.
    w["shared"].refresh_from_db()
    assert w["shared"].project == w["project_b"] and w["shared"].status == "testing"


def test_adopting_with_its_driver_copies_the_drivers_and_the_shared_ideas(
    w: dict[str, Any],
) -> None:
    client = client_for(w["lead_a"])
    data = {"project": w["project_a"].pk, "with_driver": "1"}
    assert client.post(adopt_url(w, w["shared"]), data).status_code == 302
    secondary = Driver.objects.get(project=w["project_a"], parent__isnull=False)
    assert secondary.text == "Lys om natten"
    assert secondary.parent is not None and secondary.parent.text == "Trygge omgivelser"
    titles = set(ChangeIdea.objects.filter(driver=secondary).values_list("title", flat=True))
    assert titles == {"Natlys på badeværelset", "Lysstriber på gulvet"}
    assert all(i.origin_team == w["team_b"] for i in ChangeIdea.objects.filter(driver=secondary))


def test_only_editors_of_the_target_team_may_adopt(w: dict[str, Any]) -> None:
    # Team B's member and faculty see the network but do not change team A: 403.
    for who in ("member_b", "faculty"):
        response = client_for(w[who]).post(
            adopt_url(w, w["shared"]), {"project": w["project_a"].pk}
        )
        assert response.status_code == 403, who
    assert not ChangeIdea.objects.filter(project=w["project_a"]).exists()


def test_the_target_project_must_be_of_a_team_enrolled_in_the_network(w: dict[str, Any]) -> None:
    # member_a also works in team C (outside the network) and team D (only invited).
    Membership.objects.create(user=w["member_a"], role=Role.TEAM_MEMBER, team=w["team_c"])
    Membership.objects.create(user=w["member_a"], role=Role.TEAM_MEMBER, team=w["team_d"])
    client = client_for(w["member_a"])
    for target in ("project_c", "project_d"):
        response = client.post(adopt_url(w, w["shared"]), {"project": w[target].pk})
        assert response.status_code == 403, target
    assert not ChangeIdea.objects.filter(origin=w["shared"]).exists()


def test_unshared_and_unknown_ideas_cannot_be_adopted(w: dict[str, Any]) -> None:
    client = client_for(w["member_a"])
    assert (
        client.post(adopt_url(w, w["private"]), {"project": w["project_a"].pk}).status_code == 404
    )
    assert client.post(adopt_url(w, w["shared"]), {"project": "999999"}).status_code == 404


def test_the_action_checks_the_rules_too(w: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions_sharing.adopt_change_idea(
            source=w["private"], project=w["project_a"], by=w["member_a"]
        )
    with pytest.raises(ValidationError):
        actions_sharing.adopt_change_idea(
            source=w["shared"], project=w["project_c"], by=w["member_c"]
        )
    with pytest.raises(ValidationError):
        actions_sharing.adopt_change_idea(
            source=w["shared"], project=w["project_b"], by=w["member_b"]
        )


def test_a_team_chooses_what_it_shares(w: dict[str, Any]) -> None:
    client = client_for(w["member_b"])
    url = reverse("project_sharing", args=[w["team_b"].pk, w["project_b"].pk])
    assert client.get(url).status_code == 200
    data = {"idea": [w["private"].pk], "cycle": [w["private_cycle"].pk]}
    assert client.post(url, data).status_code == 302
    html = client_for(w["member_a"]).get(shared_url(w)).content.decode()
    assert "Hemmelig idé om vagtplanen" in html and "Skjult cyklus" in html
    assert "Lysstriber på gulvet" not in html and "Første test af natlys" not in html
    # Leaders and other teams do not change what a team shares.
    assert client_for(w["member_a"]).post(url, data).status_code == 404


def test_the_pdsa_form_has_the_shared_box(w: dict[str, Any]) -> None:
    client = client_for(w["member_b"])
    cycle = w["private_cycle"]
    url = reverse("pdsa_edit", args=[w["team_b"].pk, w["project_b"].pk, cycle.pk])
    assert 'name="shared"' in client.get(url).content.decode()
    data = {"title": cycle.title, "start": "2026-03-01", "shared": "on"}
    assert client.post(url, data).status_code == 302
    cycle.refresh_from_db()
    assert cycle.shared


def test_the_network_page_links_to_the_shared_list(w: dict[str, Any]) -> None:
    response = client_for(w["member_a"]).get(reverse("network_detail", args=[w["network"].pk]))
    assert shared_url(w) in response.content.decode()
