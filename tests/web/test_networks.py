"""Learning networks: set up from a package, adapted, invitations answered, the calendar, the
reporting periods, and who may see and change what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forbedring.packages.library import load_all
from forbedring.web.measures.models import Measure, TeamMeasure
from forbedring.web.networks import actions_network as actions
from forbedring.web.networks.models import (
    Enrolment,
    LearningSession,
    Network,
    NetworkChangeIdea,
    NetworkMeasure,
    NetworkMember,
)
from forbedring.web.networks.periods import action_periods, due_date, reporting_periods
from forbedring.web.organisations.models import Role
from tests.web import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(person: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def package(package_id: str = "falls") -> Any:
    return next(p for p in load_all() if p.id == package_id)


@pytest.fixture
def world() -> dict[str, Any]:
    """The role world, plus a Norwegian team, an organiser of Nordby, faculty, and a network
    of Nordby in which team A is invited and the Norwegian team enrolled."""
    w: dict[str, Any] = factories.role_world()
    oslo = factories.organisation("Oslo kommune", country="NO")
    w["team_no"] = factories.team(oslo, "Team Fjord")
    w["member_no"] = factories.user("member_no", Role.TEAM_MEMBER, team=w["team_no"])
    w["organiser"] = factories.user("organiser", Role.NETWORK_ORGANISER, organisation=w["north"])
    w["faculty"] = factories.user("faculty")
    network = actions.create_network(
        by=w["organiser"], organiser=w["north"], package=package(), language="da",
        name="Færre fald", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
    )  # fmt: skip
    actions.add_member(network=network, by=w["organiser"], user=w["faculty"], role="faculty")
    invited = actions.invite(network=network, by=w["organiser"], teams=[w["team_a"], w["team_no"]])
    actions.respond(enrolment=invited[1], accept=True, by=w["member_no"])
    w["network"] = network
    w["invitation"] = invited[0]
    return w


def test_create_network_copies_measures_and_ideas_in_the_chosen_language() -> None:
    org = factories.organisation("Bergen kommune", country="NO")
    person = factories.user("kari", Role.NETWORK_ORGANISER, organisation=org)
    pkg = package()
    network = actions.create_network(
        by=person, organiser=org, package=pkg, language="nb", name="Færre fall",
        start=dt.date(2026, 3, 1),
    )  # fmt: skip
    links = list(NetworkMeasure.objects.filter(network=network).select_related("measure"))
    assert len(links) == len(pkg.measures) > 0
    for link, definition in zip(links, pkg.measures, strict=True):
        m = link.measure
        assert m.name == definition.name.nb
        assert m.organisation == org
        assert m.numerator == definition.numerator.nb
        assert m.unit_label == definition.unit.nb
        assert (m.chart_type, m.direction, m.kind) == (
            definition.chart_type, definition.direction, definition.kind,
        )  # fmt: skip
        assert float(m.multiplier) == definition.multiplier
        assert m.target == definition.target
    ideas = list(NetworkChangeIdea.objects.filter(network=network))
    assert [i.title for i in ideas] == [c.title.nb for c in pkg.change_ideas]
    assert network.package_id == pkg.id and network.language == "nb"
    assert NetworkMember.objects.filter(network=network, user=person, role="organiser").exists()


def test_new_network_page_creates_from_a_package(world: dict[str, Any]) -> None:
    client = client_for(world["organiser"])
    assert client.get(reverse("network_new") + "?package=falls").status_code == 200
    response = client.post(reverse("network_new"), {
        "name": "Fald 2027", "organiser": world["north"].pk, "package": "falls",
        "language": "en", "start": "2027-01-01", "report_due_day": 12,
    })  # fmt: skip
    assert response.status_code == 302
    network = Network.objects.get(name="Fald 2027")
    assert network.network_measures.count() == len(package().measures)
    assert Measure.objects.filter(name=package().measures[0].name.en).exists()


def test_new_network_is_forbidden_without_the_organiser_role(world: dict[str, Any]) -> None:
    assert client_for(world["lead_a"]).get(reverse("network_new")).status_code == 403
    page = client_for(world["lead_a"]).get(reverse("network_list")).content.decode()
    assert reverse("network_new") not in page


def test_accepting_an_invitation_adopts_every_network_measure(world: dict[str, Any]) -> None:
    network, team = world["network"], world["team_a"]
    url = reverse("network_respond", args=[network.pk, world["invitation"].pk])
    response = client_for(world["member_a"]).post(url, {"answer": "accept"})
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(pk=world["invitation"].pk)
    assert enrolment.status == Enrolment.Status.ENROLLED
    assert enrolment.responded_by == world["member_a"]
    wanted = set(network.network_measures.values_list("measure_id", flat=True))
    assert set(TeamMeasure.objects.filter(team=team).values_list("measure_id", flat=True)) == wanted


def test_adopting_again_adds_only_new_measures(world: dict[str, Any]) -> None:
    network, team = world["network"], world["team_no"]
    before = TeamMeasure.objects.filter(team=team).count()
    extra = factories.measure(name="Ekstra mål")
    NetworkMeasure.objects.create(network=network, measure=extra, position=99)
    url = reverse("network_adopt", args=[network.pk, team.pk])
    assert client_for(world["member_no"]).post(url).status_code == 302
    assert TeamMeasure.objects.filter(team=team).count() == before + 1
    client_for(world["member_no"]).post(url)
    assert TeamMeasure.objects.filter(team=team).count() == before + 1


def test_declining_adopts_nothing(world: dict[str, Any]) -> None:
    url = reverse("network_respond", args=[world["network"].pk, world["invitation"].pk])
    client_for(world["lead_a"]).post(url, {"answer": "decline"})
    enrolment = Enrolment.objects.get(pk=world["invitation"].pk)
    assert enrolment.status == Enrolment.Status.DECLINED
    assert not TeamMeasure.objects.filter(team=world["team_a"]).exists()


def test_invitation_shows_on_the_team_home(world: dict[str, Any]) -> None:
    page = client_for(world["member_a"]).get(reverse("team_home", args=[world["team_a"].pk]))
    assert "Færre fald" in page.content.decode()
    assert reverse("network_respond", args=[world["network"].pk, world["invitation"].pk]) in (
        page.content.decode()
    )


def test_a_team_not_invited_cannot_respond(world: dict[str, Any]) -> None:
    url = reverse("network_respond", args=[world["network"].pk, world["invitation"].pk])
    assert client_for(world["member_b"]).post(url, {"answer": "accept"}).status_code == 404


@pytest.mark.parametrize(
    ("who", "view", "edit"),
    [
        ("site_admin", 200, 200),
        ("organiser", 200, 200),
        ("faculty", 200, 403),
        ("member_a", 200, 403),  # invited
        ("member_no", 200, 403),  # enrolled
        ("member_b", 404, 404),  # not in the network
        ("leader_north", 404, 404),
        ("nobody", 404, 404),
    ],
)
def test_network_access(world: dict[str, Any], who: str, view: int, edit: int) -> None:
    client = client_for(world[who])
    network = world["network"]
    assert client.get(reverse("network_detail", args=[network.pk])).status_code == view
    assert client.get(reverse("network_edit", args=[network.pk])).status_code == edit
    assert client.get(reverse("network_invite", args=[network.pk])).status_code == edit
    listed = client.get(reverse("network_list")).content.decode()
    assert (network.name in listed) == (view == 200)


def test_network_pages_need_login(world: dict[str, Any]) -> None:
    response = client_for(None).get(reverse("network_detail", args=[world["network"].pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_nav_link_shows_only_with_networks(world: dict[str, Any]) -> None:
    url = reverse("network_list")
    page_a = client_for(world["member_a"]).get(reverse("team_home", args=[world["team_a"].pk]))
    page_b = client_for(world["member_b"]).get(reverse("team_home", args=[world["team_b"].pk]))
    assert f'href="{url}"' in page_a.content.decode()
    assert f'href="{url}"' not in page_b.content.decode()


def test_organiser_adapts_ideas_measures_and_people(world: dict[str, Any]) -> None:
    network, client = world["network"], client_for(world["organiser"])
    idea = network.change_ideas.first()
    client.post(reverse("network_idea_edit", args=[network.pk, idea.pk]),
                {"idea-title": "Ny idé", "idea-description": ""})  # fmt: skip
    assert NetworkChangeIdea.objects.get(pk=idea.pk).title == "Ny idé"
    client.post(reverse("network_idea_new", args=[network.pk]), {"idea-title": "Sidste idé"})
    assert network.change_ideas.last().title == "Sidste idé"
    client.post(reverse("network_idea_delete", args=[network.pk, idea.pk]))
    assert not NetworkChangeIdea.objects.filter(pk=idea.pk).exists()
    link = network.network_measures.first()
    client.post(reverse("network_measure_edit", args=[network.pk, link.pk]),
                {"name": "Fald i alt", "target": "2.5"})  # fmt: skip
    link.measure.refresh_from_db()
    assert (link.measure.name, link.measure.target) == ("Fald i alt", 2.5)
    client.post(reverse("network_measure_remove", args=[network.pk, link.pk]))
    assert not NetworkMeasure.objects.filter(pk=link.pk).exists()
    client.post(reverse("network_member_add", args=[network.pk]),
                {"member-username": "consultant_north", "member-role": "contact"})  # fmt: skip
    assert network.members.filter(user=world["consultant_north"], role="contact").exists()


def test_faculty_cannot_change_the_network(world: dict[str, Any]) -> None:
    network = world["network"]
    idea = network.change_ideas.first()
    url = reverse("network_idea_delete", args=[network.pk, idea.pk])
    assert client_for(world["faculty"]).post(url).status_code == 403
    assert NetworkChangeIdea.objects.filter(pk=idea.pk).exists()


def test_calendar_shows_sessions_and_action_periods_in_words(world: dict[str, Any]) -> None:
    network, client = world["network"], client_for(world["organiser"])
    for title, day in [("Læringsseminar 2", "2026-06-10"), ("Læringsseminar 1", "2026-03-02")]:
        url = reverse("network_session_new", args=[network.pk])
        assert client.post(url, {"title": title, "date": day, "place": "Aarhus"}).status_code == 302
    assert [s.title for s in LearningSession.objects.filter(network=network)] == [
        "Læringsseminar 1", "Læringsseminar 2",
    ]  # fmt: skip
    page = client.get(reverse("network_detail", args=[network.pk])).content.decode()
    assert "Action period 1: 3 March – 9 June 2026" in page
    assert "Action period 2: 11 June – 31 December 2026" in page


def test_action_periods_between_sessions() -> None:
    days = [dt.date(2026, 6, 10), dt.date(2026, 3, 2), dt.date(2026, 6, 11)]
    periods = action_periods(days)
    assert [(p.number, p.start, p.end) for p in periods] == [
        (1, dt.date(2026, 3, 3), dt.date(2026, 6, 9)),
    ]


def test_reporting_periods_run_monthly_with_due_dates(world: dict[str, Any]) -> None:
    network = world["network"]
    network.report_due_day = 10
    periods = reporting_periods(network, dt.date(2026, 3, 15))
    assert periods == [
        (dt.date(2026, 1, 1), dt.date(2026, 2, 10)),
        (dt.date(2026, 2, 1), dt.date(2026, 3, 10)),
        (dt.date(2026, 3, 1), dt.date(2026, 4, 10)),
    ]
    assert len(reporting_periods(network, dt.date(2030, 1, 1))) == 12
    assert reporting_periods(network, dt.date(2025, 12, 31)) == []
    assert due_date(dt.date(2026, 12, 1), 28) == dt.date(2027, 1, 28)


def test_nav_link_follows_the_access_rule_in_one_query(world: dict[str, Any]) -> None:
    """``core.context`` asks ``access.networks_visible_to`` (no rule of its own), once."""
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from forbedring.web import access
    from forbedring.web.core.context import site

    superuser = factories.user("root")
    superuser.is_superuser = True
    superuser.save()
    expected = {
        "member_a": True,  # invited
        "member_no": True,  # enrolled
        "member_b": False,
        "organiser": True,
        "faculty": True,
        "site_admin": True,  # by role
        "leader_north": False,
        "nobody": False,
    }
    for name, sees in expected.items():
        request = RequestFactory().get("/")
        request.user = world[name]
        with CaptureQueriesContext(connection) as queries:
            shown = bool(site(request)["has_networks"])
        assert shown is sees, name
        assert len(queries) == 1, name
        assert access.networks_visible_to(world[name]).exists() is sees, name
    request = RequestFactory().get("/")
    request.user = superuser
    assert bool(site(request)["has_networks"]) is True
    # A team that declined (or left) no longer sees the network.
    actions.respond(enrolment=world["invitation"], accept=False, by=world["member_a"])
    request = RequestFactory().get("/")
    request.user = world["member_a"]
    assert bool(site(request)["has_networks"]) is False
