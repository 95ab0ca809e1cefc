"""Monthly team reports to a learning network: draft and submit, the data table, faculty
feedback, who sees what, "who has reported", reminders and the daily reminder command."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from forbedring.web.networks import actions_reports
from forbedring.web.networks.ihi_scale import LEVELS
from forbedring.web.networks.models import (
    PROGRESS_SCORES,
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
TODAY = dt.date(2025, 3, 15)  # periods Dec 2024 – Mar 2025; February's report was due 10 March
FEB, MAR, JAN = dt.date(2025, 2, 1), dt.date(2025, 3, 1), dt.date(2025, 1, 1)


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def world() -> dict[str, Any]:
    """The role world with a network run by an organiser and a faculty member, teams A and B
    enrolled (team C only invited), and two measures: falls (team A has February's data) and
    a value measure nobody has reported."""
    w: dict[str, Any] = factories.role_world()
    organiser_org = factories.organisation("KL Netværk")
    organiser = factories.user("organiser")
    faculty = factories.user("faculty")
    network = Network.objects.create(
        organiser=organiser_org,
        name="Sikker pleje",
        start=dt.date(2024, 12, 1),
        report_due_day=10,
        created_by=organiser,
    )
    NetworkMember.objects.create(network=network, user=organiser, role="organiser")
    NetworkMember.objects.create(network=network, user=faculty, role="faculty")
    team_c = factories.team(w["south"], "Team C")
    for team, status in ((w["team_a"], "enrolled"), (w["team_b"], "enrolled"), (team_c, "invited")):
        Enrolment.objects.create(network=network, team=team, status=status, invited_by=organiser)
    falls = factories.measure([w["team_a"], w["team_b"]])
    weight = factories.measure(
        [w["team_a"]], name="Weighed residents", has_denominator=False, chart_type="run"
    )
    NetworkMeasure.objects.create(network=network, measure=falls, position=0)
    NetworkMeasure.objects.create(network=network, measure=weight, position=1)
    factories.monthly_data(falls, w["team_a"], w["member_a"], [6], first=FEB)
    for name, mail_address in (
        ("member_a", "a@example.dk"),
        ("lead_a", "lead@example.dk"),
        ("member_b", "b@example.no"),
    ):
        w[name].email = mail_address
        w[name].save()
    factories.user("member_b_no_mail", Role.TEAM_MEMBER, team=w["team_b"])
    return {
        **w,
        "network": network,
        "organiser": organiser,
        "faculty": faculty,
        "team_c": team_c,
        "falls": falls,
        "weight": weight,
    }


def report_url(
    w: dict[str, Any], team: str = "team_a", month: str = "2025-02", name: str = "team_report"
) -> str:
    return reverse(name, args=[w["network"].pk, w[team].pk, month])


def texts(**fields: Any) -> dict[str, Any]:
    return {
        "tested": "Night lights",
        "learned": "Fewer falls at night",
        "plan": "Spread",
        "support": "",
        **fields,
    }


def submitted(
    w: dict[str, Any], team: str = "team_a", period: dt.date = FEB, **fields: Any
) -> TeamReport:
    values = {
        "network": w["network"],
        "team": w[team],
        "period": period,
        "progress_score": Decimal("2.5"),
        "status": "submitted",
        "updated_by": w["lead_a"],
        "tested": "Night lights",
        **fields,
    }
    return TeamReport.objects.create(**values)


# --- the scale -----------------------------------------------------------------------------


def test_the_scale_has_the_model_s_ten_levels() -> None:
    assert [level.score for level in LEVELS] == PROGRESS_SCORES
    assert [level.value for level in LEVELS][:3] == ["0.5", "1.0", "1.5"]
    assert all(str(level.short) and str(level.long) for level in LEVELS)


# --- draft and submit ----------------------------------------------------------------------


def test_the_form_shows_the_data_the_scale_and_the_texts(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).get(report_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Falls per 1,000 resident-days" in page and "6 / 1500" in page
    assert "Weighed residents" in page and "missing" in page
    entry = reverse("data_entry", args=[world["team_a"].pk]) + "?period=2025-02-01"
    assert entry in page
    assert "Intent to participate" in page and "Outstanding sustainable results" in page
    assert page.count('type="radio"') == 10
    assert "What we learned" in page and "Save as draft" in page


def test_a_draft_needs_no_score_but_submitting_does(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    response = client.post(report_url(world), texts(action="draft"))
    assert response.status_code == 302
    report = TeamReport.objects.get()
    assert report.status == "draft" and report.progress_score is None
    assert report.updated_by == world["member_a"] and report.tested == "Night lights"

    response = client.post(report_url(world), texts(action="submit"))
    assert response.status_code == 400
    assert "Choose a progress score" in response.content.decode()
    assert TeamReport.objects.get().status == "draft"

    response = client.post(report_url(world), texts(action="submit", progress_score="2.5"))
    assert response.status_code == 302
    report = TeamReport.objects.get()
    assert report.status == "submitted" and report.progress_score == Decimal("2.5")
    assert report.submitted_at is not None
    page = client.get(report_url(world)).content.decode()
    assert "Changes tested, but no improvement" in page and "Submitted" in page


@pytest.mark.parametrize("score", ["2.7", "6.0", "0", "abc"])
def test_the_score_must_be_on_the_scale(world: dict[str, Any], score: str) -> None:
    response = client_for(world["lead_a"]).post(
        report_url(world), texts(action="submit", progress_score=score)
    )
    assert response.status_code == 400
    assert not TeamReport.objects.exists()


def test_the_action_refuses_a_score_off_the_scale_and_a_missing_one(world: dict[str, Any]) -> None:
    common = {
        "network": world["network"],
        "team": world["team_a"],
        "period": FEB,
        "by": world["lead_a"],
    }
    with pytest.raises(ValidationError):
        actions_reports.save_report(progress_score=Decimal("2.7"), **common)
    with pytest.raises(ValidationError):
        actions_reports.save_report(progress_score=None, submit=True, **common)
    report = actions_reports.save_report(progress_score=Decimal("1"), submit=True, **common)
    assert report.progress_score == Decimal("1.0")
    with pytest.raises(ValidationError):  # submitted: reopen first
        actions_reports.save_report(progress_score=Decimal("1.5"), **common)


def test_a_month_outside_the_network_s_periods_is_404(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    for month in ("2024-11", "2025-04", "2025-13", "25-02", "february"):
        assert client.get(report_url(world, month=month)).status_code == 404


# --- reopening -----------------------------------------------------------------------------


def test_the_team_reopens_a_submitted_report_until_the_due_date(world: dict[str, Any]) -> None:
    submitted(world, period=MAR)  # due 10 April
    client = client_for(world["member_a"])
    assert "Reopen to correct it" in client.get(report_url(world, month="2025-03")).content.decode()
    response = client.post(report_url(world, month="2025-03", name="team_report_reopen"))
    assert response.status_code == 302
    report = TeamReport.objects.get()
    assert report.status == "draft" and report.submitted_at is None


def test_no_reopening_after_the_due_date_or_after_feedback(world: dict[str, Any]) -> None:
    late = submitted(world, period=FEB)  # due 10 March, today is 15 March
    answered = submitted(world, period=MAR, faculty_comment="Fine", faculty_by=world["faculty"])
    client = client_for(world["member_a"])
    assert "Reopen to correct it" not in client.get(report_url(world)).content.decode()
    client.post(report_url(world, name="team_report_reopen"))
    client.post(report_url(world, month="2025-03", name="team_report_reopen"))
    late.refresh_from_db()
    answered.refresh_from_db()
    assert late.status == "submitted" and answered.status == "submitted"
    # A submitted report cannot be overwritten by posting the form again.
    client.post(report_url(world), texts(action="draft", progress_score="1.0"))
    late.refresh_from_db()
    assert late.status == "submitted" and late.progress_score == Decimal("2.5")


# --- visibility ----------------------------------------------------------------------------


def test_faculty_see_submitted_reports_but_not_drafts(world: dict[str, Any]) -> None:
    client_for(world["member_a"]).post(report_url(world), texts(action="draft"))
    for person in ("faculty", "organiser"):
        assert client_for(world[person]).get(report_url(world)).status_code == 404
    TeamReport.objects.update(status="submitted", progress_score=Decimal("3.0"))
    for person in ("faculty", "organiser"):
        response = client_for(world[person]).get(report_url(world))
        assert response.status_code == 200
        assert "Fewer falls at night" in response.content.decode()


def test_faculty_cannot_edit_the_team_s_report(world: dict[str, Any]) -> None:
    report = submitted(world)
    for person in ("faculty", "organiser"):
        client = client_for(world[person])
        response = client.post(report_url(world), texts(action="submit", progress_score="5.0"))
        assert response.status_code == 403
        assert client.post(report_url(world, name="team_report_reopen")).status_code == 403
    report.refresh_from_db()
    assert report.progress_score == Decimal("2.5") and report.status == "submitted"


def test_others_get_404(world: dict[str, Any]) -> None:
    submitted(world)
    # Team B's member sees the network (enrolled) but not team A's reports; the others not even
    # the network; the invited team C has no reports page.
    for person in ("member_b", "nobody", "leader_north", "analyst"):
        client = client_for(world[person])
        assert client.get(report_url(world)).status_code == 404, person
        assert (
            client.get(
                reverse("team_reports", args=[world["network"].pk, world["team_a"].pk])
            ).status_code
            == 404
        )
    assert client_for(world["site_admin"]).get(report_url(world, team="team_c")).status_code == 404
    assert client_for(None).get(report_url(world)).status_code == 302  # to the login page


def test_site_admins_write_and_comment(world: dict[str, Any]) -> None:
    client = client_for(world["site_admin"])
    response = client.post(report_url(world), texts(action="submit", progress_score="4.0"))
    assert response.status_code == 302
    response = client.post(report_url(world, name="team_report_feedback"), {"score": "3.5"})
    assert response.status_code == 302
    assert TeamReport.objects.get().faculty_score == Decimal("3.5")


# --- faculty feedback ----------------------------------------------------------------------


def test_faculty_give_feedback_and_the_team_sees_it(world: dict[str, Any]) -> None:
    submitted(world)
    client = client_for(world["faculty"])
    assert "Give feedback" in client.get(report_url(world)).content.decode()
    response = client.post(
        report_url(world, name="team_report_feedback"),
        {"score": "2.0", "comment": "Test at night too"},
    )
    assert response.status_code == 302
    report = TeamReport.objects.get()
    assert report.faculty_score == Decimal("2.0") and report.faculty_comment == "Test at night too"
    assert report.faculty_by == world["faculty"] and report.progress_score == Decimal("2.5")
    page = client_for(world["member_a"]).get(report_url(world)).content.decode()
    assert "Test at night too" in page and "Activity, but no changes" in page
    assert "Give feedback" not in page


def test_feedback_needs_a_comment_or_a_score_on_the_scale(world: dict[str, Any]) -> None:
    submitted(world)
    client = client_for(world["faculty"])
    url = report_url(world, name="team_report_feedback")
    assert client.post(url, {"score": "", "comment": " "}).status_code == 400
    assert client.post(url, {"score": "7.0", "comment": "Hm"}).status_code == 400
    assert TeamReport.objects.get().faculty_by is None


def test_no_feedback_on_a_draft_and_none_from_the_team(world: dict[str, Any]) -> None:
    report = submitted(world, status="draft")
    url = report_url(world, name="team_report_feedback")
    assert client_for(world["faculty"]).post(url, {"comment": "Hm"}).status_code == 404
    with pytest.raises(ValidationError):
        actions_reports.give_feedback(report=report, score=None, comment="Hm", by=world["faculty"])
    TeamReport.objects.update(status="submitted")
    for person in ("member_a", "lead_a"):
        assert client_for(world[person]).post(url, {"comment": "Great"}).status_code == 403
    assert TeamReport.objects.get().faculty_comment == ""


# --- the team's list and who has reported --------------------------------------------------


def test_the_team_s_list_of_reports(world: dict[str, Any]) -> None:
    submitted(world, period=JAN)
    submitted(world, period=FEB, status="draft", progress_score=None)
    url = reverse("team_reports", args=[world["network"].pk, world["team_a"].pk])
    page = client_for(world["member_a"]).get(url).content.decode()
    assert page.index("March 2025") < page.index("February 2025") < page.index("December 2024")
    assert "Submitted" in page and "Draft" in page and "Missing" in page and "Overdue" in page
    assert reverse("team_report", args=[world["network"].pk, world["team_a"].pk, "2025-02"]) in page


def test_the_reporting_status_table(world: dict[str, Any]) -> None:
    submitted(world, period=FEB, progress_score=Decimal("3.5"))
    submitted(world, team="team_b", period=FEB, status="draft", progress_score=None)
    teams, rows = status_table(world["network"], TODAY)
    assert [t.name for t in teams] == ["Team A", "Team B"]  # team C is only invited
    assert [r.period for r in rows] == [MAR, FEB, JAN, dt.date(2024, 12, 1)]
    march, february, january = rows[0], rows[1], rows[2]
    assert [(c.state, c.overdue) for c in february.cells] == [("submitted", False), ("draft", True)]
    assert (february.submitted, february.draft, february.missing, february.overdue) == (1, 1, 0, 1)
    assert [(c.state, c.overdue) for c in january.cells] == [("missing", True), ("missing", True)]
    assert [(c.state, c.overdue) for c in march.cells] == [("missing", False), ("missing", False)]

    response = client_for(world["faculty"]).get(
        reverse("reporting_status", args=[world["network"].pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 of 2 submitted" in page and "Submitted (3.5)" in page and "Overdue" in page
    assert "Send reminders" not in page  # organisers only


def test_who_may_see_the_reporting_status(world: dict[str, Any]) -> None:
    url = reverse("reporting_status", args=[world["network"].pk])
    assert client_for(world["organiser"]).get(url).status_code == 200
    assert "Send reminders" in client_for(world["organiser"]).get(url).content.decode()
    assert client_for(world["member_a"]).get(url).status_code == 403
    assert client_for(world["nobody"]).get(url).status_code == 404


# --- reminders -----------------------------------------------------------------------------


def test_organisers_send_reminders_to_teams_missing_the_latest_due_month(
    world: dict[str, Any],
) -> None:
    submitted(world, period=FEB)  # team A has reported February; team B has not
    url = reverse("send_reminders", args=[world["network"].pk])
    assert client_for(world["faculty"]).post(url).status_code == 403
    assert client_for(world["member_b"]).post(url).status_code == 403
    assert mail.outbox == []
    response = client_for(world["organiser"]).post(url, follow=True)
    assert response.status_code == 200
    assert [m.to for m in mail.outbox] == [
        ["b@example.no"]
    ]  # the member without e-mail is left out
    message = mail.outbox[0]
    assert "Sikker pleje" in message.subject
    assert (
        reverse("team_report", args=[world["network"].pk, world["team_b"].pk, "2025-02"])
        in message.body
    )
    assert "1 e-mail" in response.content.decode()


def test_send_reminders_counts_the_messages(world: dict[str, Any]) -> None:
    sent = actions_reports.send_reminders(network=world["network"], period=FEB, by=None)
    assert sent == 3 == len(mail.outbox)  # a, lead_a (team A) and b (team B)
    assert sorted(a for m in mail.outbox for a in m.to) == [
        "a@example.dk",
        "b@example.no",
        "lead@example.dk",
    ]


def test_the_command_reminds_the_day_after_the_due_date_and_weekly(world: dict[str, Any]) -> None:
    submitted(world, period=FEB)
    out = StringIO()
    call_command("send_report_reminders", "--date=2025-03-10", stdout=out)  # due today: not yet
    call_command("send_report_reminders", "--date=2025-03-12", stdout=out)  # not a reminder day
    assert mail.outbox == []
    call_command("send_report_reminders", "--date=2025-03-11", stdout=out)
    assert [m.to for m in mail.outbox] == [["b@example.no"]]
    call_command("send_report_reminders", "--date=2025-03-18", stdout=out)  # a week later
    assert len(mail.outbox) == 2
    call_command("send_report_reminders", "--date=2025-03-13", "--every-day", stdout=out)
    assert len(mail.outbox) == 3
    assert "Sent 1 reminder(s)." in out.getvalue()
