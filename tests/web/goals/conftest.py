"""Shared set-up for the goal cascade's tests: two Danish municipalities (role_world's north
and south), each with a team project, a Norwegian municipality, a hospital, and people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from forbedring.web.improvement.models import Project
from forbedring.web.organisations.models import Organisation, Role
from tests.web import factories

BACKEND = "django.contrib.auth.backends.ModelBackend"
# Library ids the tests use (forbedring/indicators/data/*.yaml).
DK_PATHWAYS = "dk-goal-integrated-pathways"  # national goal 1
DK_OLDER = "dk-goal-chronic-and-older-patients"  # national goal 2
READMISSIONS = "dk-acute-readmissions-30-days"  # goal 1
BED_DAYS = "dk-bed-days-ready-for-discharge"  # goal 1
PREVENTABLE = "dk-preventable-admissions-65-plus"  # goal 2
NO_SAFE = "no-safe-services"
NO_MEDICATION_REVIEW = "no-nursing-home-medication-review"


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The site's default language is Danish; most tests read the English texts.
    with translation.override("en"):
        yield


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def project(team: Any, title: str, by: Any, status: str = Project.Status.ACTIVE) -> Project:
    return Project.objects.create(
        team=team, title=title, start=dt.date(2025, 1, 1), status=status, created_by=by
    )


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    w: dict[str, Any] = factories.role_world()
    north, south = w["north"], w["south"]
    w["leader_south"] = factories.user("leader_south", Role.ORGANISATION_LEADER, organisation=south)
    w["organiser_north"] = factories.user(
        "organiser_north", Role.NETWORK_ORGANISER, organisation=north
    )
    w["falls"] = project(w["team_a"], "Fewer falls", w["lead_a"])
    w["paused"] = project(w["team_a"], "Safe discharge", w["lead_a"], Project.Status.PAUSED)
    w["south_project"] = project(w["team_b"], "Sydby's project", w["member_b"])
    w["hospital"] = Organisation.objects.create(
        name="Nordby Sygehus", kind=Organisation.Kind.HOSPITAL, country="DK"
    )
    w["hospital_leader"] = factories.user(
        "hospital_leader", Role.ORGANISATION_LEADER, organisation=w["hospital"]
    )
    w["oslo"] = factories.organisation("Nordbyen kommune", country="NO")
    return w
