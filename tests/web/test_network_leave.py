"""A team leaves a learning network: only the team's own people may do it, after confirming;
its reports and data stay, it owes no later reports, the organiser sees it as left with the
date, and it can be invited again. Also the counted messages of the enrolment pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forbedring.web.measures.models import Observation, TeamMeasure
from forbedring.web.networks import actions_network, actions_reports
from forbedring.web.networks.models import (
    Enrolment,
    Network,
    NetworkMeasure,
    NetworkMember,
    TeamReport,
)
from forbedring.web.networks.views_reports import status_table
from forbedring.web.organisations.models import Role
from tests.web import factories

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
DEC, JAN, FEB, MAR = (dt.date(2024, 12, 1), dt.date(2025, 1, 1), dt.date(2025, 2, 1),
                      dt.date(2025, 3, 1))  # fmt: skip
# The network ended in June 2025, so its reporting months do not depend on the test's date.
AFTER_THE_END = dt.date(2025, 9, 1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(person: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    """Teams A and B enrolled in a network (December 2024 to June 2025) with an organiser and
    faculty; team A has falls data and a submitted January report."""
    w: dict[str, Any] = factories.role_world()
    organiser = factories.user("organiser")
    faculty = factories.user("faculty")
    network = Network.objects.create(
        organiser=factories.organisation("KL Netværk"), name="Sikker pleje",
        start=DEC, end=dt.date(2025, 6, 30), report_due_day=10, created_by=organiser,
    )  # fmt: skip
    NetworkMember.objects.create(network=network, user=organiser, role="organiser")
    NetworkMember.objects.create(network=network, user=faculty, role="faculty")
    for team in (w["team_a"], w["team_b"]):
        Enrolment.objects.create(
            network=network, team=team, status="enrolled", invited_by=organiser
        )
    falls = factories.measure([w["team_a"], w["team_b"]], name="Falls")
    NetworkMeasure.objects.create(network=network, measure=falls, position=0)
    factories.monthly_data(falls, w["team_a"], w["member_a"], [6, 5, 4], first=DEC)
    TeamReport.objects.create(
        network=network, team=w["team_a"], period=JAN, progress_score=Decimal("2.5"),
        status="submitted", updated_by=w["lead_a"], tested="Night lights",
        submitted_at=timezone.now(),
    )  # fmt: skip
    for name, address in (("member_a", "a@example.dk"), ("member_b", "b@example.no")):
        w[name].email = address
        w[name].save()
    return {**w, "network": network, "organiser": organiser, "faculty": faculty, "falls": falls}


def leave_url(w: dict[str, Any], team: str = "team_a") -> str:
    return reverse("network_leave", args=[w["network"].pk, w[team].pk])


def enrolment(w: dict[str, Any], team: str = "team_a") -> Enrolment:
    return Enrolment.objects.get(network=w["network"], team=w[team])


def left_on(w: dict[str, Any], day: dt.date, team: str = "team_a") -> None:
    """Team A left on ``day`` (noon, local time)."""
    when = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Enrolment.objects.filter(network=w["network"], team=w[team]).update(
        status=Enrolment.Status.LEFT, left_at=when, left_by=w["member_a"]
    )


def test_a_team_member_leaves_after_confirming(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    detail = client.get(reverse("network_detail", args=[world["network"].pk])).content.decode()
    assert leave_url(world) in detail
    page = client.get(leave_url(world))
    assert page.status_code == 200
    assert "Should Team A leave Sikker pleje?" in page.content.decode()
    assert enrolment(world).status == Enrolment.Status.ENROLLED  # asking changes nothing
    observations = Observation.objects.filter(team=world["team_a"]).count()

    response = client.post(leave_url(world), follow=True)
    assert response.redirect_chain[-1][0] == reverse("team_home", args=[world["team_a"].pk])
    assert "Team A has left Sikker pleje." in response.content.decode()
    left = enrolment(world)
    assert left.status == Enrolment.Status.LEFT
    assert left.left_by == world["member_a"] and left.left_at is not None
    # History stays: data, measures and reports.
    assert Observation.objects.filter(team=world["team_a"]).count() == observations == 3
    assert TeamMeasure.objects.filter(team=world["team_a"], measure=world["falls"]).exists()
    assert TeamReport.objects.filter(team=world["team_a"], period=JAN).exists()
    # The team no longer sees the network.
    url = reverse("network_detail", args=[world["network"].pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_b", 403),  # another team of the same network
        ("organiser", 403),  # runs the network, but the team decides
        ("faculty", 403),
        ("leader_north", 404),  # team A's organisation leader: does not see the network
        ("consultant_north", 404),
        ("nobody", 404),
    ],
)
def test_only_the_team_can_make_it_leave(world: dict[str, Any], who: str, status: int) -> None:
    client = client_for(world[who])
    assert client.get(leave_url(world)).status_code == status
    assert client.post(leave_url(world)).status_code == status
    assert enrolment(world).status == Enrolment.Status.ENROLLED


def test_the_team_lead_and_site_admins_may_make_it_leave(world: dict[str, Any]) -> None:
    assert client_for(world["lead_a"]).get(leave_url(world)).status_code == 200
    client_for(world["site_admin"]).post(leave_url(world))
    assert enrolment(world).status == Enrolment.Status.LEFT


def test_anonymous_people_are_sent_to_log_in(world: dict[str, Any]) -> None:
    response = client_for(None).post(leave_url(world))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert enrolment(world).status == Enrolment.Status.ENROLLED


def test_only_an_enrolled_team_can_leave(world: dict[str, Any]) -> None:
    Enrolment.objects.filter(pk=enrolment(world).pk).update(status=Enrolment.Status.INVITED)
    assert client_for(world["member_a"]).post(leave_url(world)).status_code == 404
    with pytest.raises(ValidationError, match="Only an enrolled team"):
        actions_network.leave(enrolment=enrolment(world), by=world["member_a"])
    assert enrolment(world).status == Enrolment.Status.INVITED


def test_the_organiser_sees_the_team_as_left_with_the_date(world: dict[str, Any]) -> None:
    left_on(world, dt.date(2025, 2, 20))
    organiser = client_for(world["organiser"])
    page = organiser.get(reverse("network_detail", args=[world["network"].pk])).content.decode()
    section = page[page.index('id="teams"') :]
    assert "<h3>Left</h3>" in section and "left on Feb. 20, 2025" in section
    reports = reverse("team_reports", args=[world["network"].pk, world["team_a"].pk])
    assert reports in section
    history = organiser.get(reports)
    assert history.status_code == 200
    assert "Team A left the network on Feb. 20, 2025" in history.content.decode()
    january = reverse("team_report", args=[world["network"].pk, world["team_a"].pk, "2025-01"])
    assert organiser.get(january).status_code == 200
    assert "Night lights" in organiser.get(january).content.decode()
    # The team's own people no longer see it, nor write reports.
    member = client_for(world["member_a"])
    assert member.get(reports).status_code == 404
    assert member.post(january, {"progress_score": "3.0"}).status_code == 404


def test_a_team_that_left_owes_no_later_reports(world: dict[str, Any]) -> None:
    left_on(world, dt.date(2025, 2, 20))  # after January's due date, before February's
    TeamReport.objects.create(  # a draft left behind is not owed either
        network=world["network"], team=world["team_a"], period=MAR, status="draft",
        updated_by=world["lead_a"],
    )  # fmt: skip
    teams, rows = status_table(world["network"], AFTER_THE_END)
    assert [t.name for t in teams] == ["Team A", "Team B"]
    by_month = {row.period: row for row in rows}
    states = {p: [(c.state, c.overdue) for c in by_month[p].cells] for p in (DEC, JAN, FEB, MAR)}
    assert states[DEC] == [("missing", True), ("missing", True)]  # owed before leaving
    assert states[JAN] == [("submitted", False), ("missing", True)]
    assert states[FEB] == [("left", False), ("missing", True)]
    assert states[MAR] == [("left", False), ("missing", True)]
    february = by_month[FEB]
    assert (february.left, february.expected, february.missing, february.overdue) == (1, 1, 1, 1)
    assert [t.name for t in actions_reports.teams_missing(world["network"], FEB)] == ["Team B"]
    sent = actions_reports.send_reminders(network=world["network"], period=FEB, by=None)
    assert sent == 1 and [m.to for m in mail.outbox] == [["b@example.no"]]


def test_the_reporting_status_page_shows_who_had_left(world: dict[str, Any]) -> None:
    left_on(world, dt.date(2025, 2, 20))
    url = reverse("reporting_status", args=[world["network"].pk])
    page = client_for(world["organiser"]).get(url).content.decode()
    assert "Had left the network" in page and "1 team had left" in page
    assert "0 of 1 submitted" in page  # February: only team B owed it
    assert "1 of 2 submitted" in page  # January: both owed it, team A gave it


def test_a_team_that_left_can_be_invited_again(world: dict[str, Any]) -> None:
    left_on(world, dt.date(2025, 2, 20))
    organiser = client_for(world["organiser"])
    invite = reverse("network_invite", args=[world["network"].pk])
    assert "Team A" in organiser.get(invite).content.decode()
    response = organiser.post(invite, {"teams": [world["team_a"].pk]}, follow=True)
    assert "Invited 1 team." in response.content.decode()
    again = enrolment(world)
    assert again.status == Enrolment.Status.INVITED
    assert again.left_at is None and again.left_by is None
    detail = reverse("network_detail", args=[world["network"].pk])
    assert client_for(world["member_a"]).get(detail).status_code == 200
    actions_network.respond(enrolment=again, accept=True, by=world["member_a"])
    assert enrolment(world).status == Enrolment.Status.ENROLLED


def test_counted_messages_use_the_plural_forms(world: dict[str, Any]) -> None:
    team_c = factories.team(world["south"], "Team C")
    team_d = factories.team(world["south"], "Team D")
    invite = reverse("network_invite", args=[world["network"].pk])
    response = client_for(world["organiser"]).post(
        invite, {"teams": [team_c.pk, team_d.pk]}, follow=True
    )
    assert "Invited 2 teams." in response.content.decode()
    second = factories.user("member_b2", Role.TEAM_MEMBER, team=world["team_b"])
    second.email = "b2@example.no"
    second.save()
    response = client_for(world["organiser"]).post(
        reverse("send_reminders", args=[world["network"].pk]), follow=True
    )
    page = response.content.decode()
    # The network ended in June: the latest due month is June, missing for both teams.
    assert "Reminders sent: 3 e-mails to the teams missing the report" in page
