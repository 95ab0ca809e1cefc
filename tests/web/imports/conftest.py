"""A team with the measures the corpus files are written for, and its people."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from forbedring.web.accounts.models import User
from forbedring.web.measures.models import Frequency, Measure
from forbedring.web.organisations.models import Role, Team
from tests.web import factories


@dataclass
class World:
    team: Team
    other_team: Team
    member: User
    leader: User
    outsider: User
    p: Measure  # Risikovurdering: P chart, monthly
    g: Measure  # Dage mellem tryksår: G chart, monthly value
    i: Measure  # Gennemsnitlig vægt: I chart, monthly value
    daily: Measure  # Fald pr. dag: run chart, daily value

    def measure(self, name: str) -> Measure:
        return Measure.objects.get(name=name)


@pytest.fixture
def world(db: None) -> World:
    north = factories.organisation("Nordby Kommune")
    south = factories.organisation("Sydby Kommune")
    team = factories.team(north, "Solgården")
    other = factories.team(south, "Havbakken")
    p = factories.measure(
        [team, other], name="Risikovurdering", chart_type=Measure.ChartType.P, multiplier=100
    )
    g = factories.measure(
        [team],
        name="Dage mellem tryksår",
        chart_type=Measure.ChartType.G,
        has_denominator=False,
        multiplier=1,
    )
    i = factories.measure(
        [team],
        name="Gennemsnitlig vægt",
        chart_type=Measure.ChartType.I,
        has_denominator=False,
        multiplier=1,
    )
    daily = factories.measure(
        [team],
        name="Fald pr. dag",
        chart_type=Measure.ChartType.RUN,
        has_denominator=False,
        multiplier=1,
        frequency=Frequency.DAY,
        first_period=dt.date(2020, 1, 1),
    )
    return World(
        team=team,
        other_team=other,
        member=factories.user("member", Role.TEAM_MEMBER, team=team),
        leader=factories.user("leader", Role.ORGANISATION_LEADER, organisation=north),
        outsider=factories.user("outsider", Role.TEAM_MEMBER, team=other),
        p=p, g=g, i=i, daily=daily,
    )  # fmt: skip
