"""A team world for the export tests: team A with a year of falls data (a new phase in July, a
comment that looks like a formula, one with Danish letters) and a value measure; team B in
another municipality with its own data; and a learning network both teams are enrolled in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from forbedring.web.measures.models import Observation, SeriesEvent
from forbedring.web.networks.models import (
    Enrolment,
    Network,
    NetworkMeasure,
    NetworkMember,
    TeamReport,
)
from tests.web import factories

BACKEND = "django.contrib.auth.backends.ModelBackend"
TODAY = dt.date(2025, 3, 15)
FIRST = dt.date(2024, 1, 1)
FALLS_A = [9, 8, 9, 7, 8, 9, 5, 4, 4, 3, 4, 3]
FALLS_B = [6, 7, 6, 5, 7, 6, 6, 7, 5, 6, 6, 7]
WEIGHED_A = [20, 22, 21, 25, 24, 26, 27, 28, 27, 29, 30, 31]
EVIL = '=HYPERLINK("http://evil.example","klik")'


def client_for(person: Any, lang: str = "da") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def world(db: Any) -> dict[str, Any]:
    w: dict[str, Any] = factories.role_world()
    falls = factories.measure([w["team_a"], w["team_b"]], name="Faldulykker på Ærø")
    weighed = factories.measure(
        [w["team_a"]], name="Vejede beboere", has_denominator=False, chart_type="run",
        multiplier=1,
    )  # fmt: skip
    factories.monthly_data(falls, w["team_a"], w["member_a"], FALLS_A, first=FIRST)
    factories.monthly_data(falls, w["team_b"], w["member_b"], FALLS_B, first=FIRST)
    factories.monthly_data(weighed, w["team_a"], w["member_a"], WEIGHED_A, first=FIRST)
    Observation.objects.filter(measure=falls, team=w["team_a"], period=FIRST).update(
        comment=EVIL, version=2
    )
    Observation.objects.filter(measure=falls, team=w["team_a"], period=dt.date(2024, 2, 1)).update(
        comment="Sygdom på afdelingen; få vagter, æøå"
    )
    Observation.objects.filter(measure=falls, team=w["team_b"]).update(comment="B's hemmelighed")
    SeriesEvent.objects.create(
        measure=falls, team=w["team_a"], kind=SeriesEvent.Kind.PHASE,
        period=dt.date(2024, 7, 1), text="Natlys indført", created_by=w["lead_a"],
    )  # fmt: skip
    return {**w, "falls": falls, "weighed": weighed}


@pytest.fixture
def network_world(world: dict[str, Any]) -> dict[str, Any]:
    """Teams A and B enrolled, team C invited; an organiser and a faculty member; submitted
    reports with progress scores for both teams, and a draft of team A."""
    w = world
    organiser = factories.user("organiser")
    faculty = factories.user("faculty")
    network = Network.objects.create(
        organiser=factories.organisation("KL Netværk"), name="Sikker pleje",
        start=dt.date(2024, 1, 1), created_by=organiser,
    )  # fmt: skip
    NetworkMember.objects.create(network=network, user=organiser, role="organiser")
    NetworkMember.objects.create(network=network, user=faculty, role="faculty")
    team_c = factories.team(w["south"], "Team C")
    member_c = factories.user("member_c", "team_member", team=team_c)
    for team, status in ((w["team_a"], "enrolled"), (w["team_b"], "enrolled"), (team_c, "invited")):
        Enrolment.objects.create(network=network, team=team, status=status, invited_by=organiser)
    NetworkMeasure.objects.create(network=network, measure=w["falls"], position=0)
    for team, who, score in (
        (w["team_a"], w["member_a"], "3.0"),
        (w["team_b"], w["member_b"], "2.5"),
    ):
        TeamReport.objects.create(
            network=network, team=team, period=dt.date(2025, 1, 1),
            progress_score=Decimal(score), status="submitted", submitted_at=timezone.now(),
            updated_by=who, faculty_score=Decimal("3.5"), faculty_by=faculty,
        )  # fmt: skip
    TeamReport.objects.create(
        network=network, team=w["team_a"], period=dt.date(2025, 2, 1),
        progress_score=Decimal("4.0"), status="draft", updated_by=w["member_a"],
    )  # fmt: skip
    return {**w, "network": network, "organiser": organiser, "faculty": faculty,
            "team_c": team_c, "member_c": member_c}  # fmt: skip
