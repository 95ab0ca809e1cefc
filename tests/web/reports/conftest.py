"""Shared set-up for the status reports' tests: the indicator demo's 98 municipalities, 5
regions and the nation with five years of values, a team in Aarhus, and people in roles."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from forbedring.web.indicators.demo import load_indicator_demo
from forbedring.web.organisations.models import Organisation, Role
from tests.web import factories

BACKEND = "django.contrib.auth.backends.ModelBackend"
TODAY = dt.date(2026, 6, 1)  # the demo's years are then 2021-2025
READMISSIONS = "dk-acute-readmissions-30-days"  # pr, percent
PREVENTABLE = "dk-preventable-admissions-65-plus"  # rc, per 1,000
WAITING_TIME = "dk-rehabilitation-waiting-time"  # a value only: not assessed
DK_PATHWAYS = "dk-goal-integrated-pathways"  # national goal 1


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture
def dk(db: None) -> dict[str, Any]:
    load_indicator_demo(TODAY)
    areas = {
        o.official_code: o
        for o in Organisation.objects.filter(country="DK").exclude(official_code="")
    }
    aarhus = areas["0751"]
    team = factories.team(aarhus, "Hjemmeplejen Nord")
    other_team = factories.team(areas["0101"], "Team København")
    return {
        "aarhus": aarhus,
        "copenhagen": areas["0101"],
        "midtjylland": areas["1082"],
        "team": team,
        "other_team": other_team,
        "member": factories.user("member", Role.TEAM_MEMBER, team=team),
        "outsider": factories.user("outsider", Role.TEAM_MEMBER, team=other_team),
        "nobody": factories.user("nobody"),
        "analyst": factories.user("analyst", Role.NATIONAL_ANALYST),
        "site_admin": factories.user("site_admin", Role.SITE_ADMINISTRATOR),
    }
