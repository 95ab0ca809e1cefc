"""Small factories for web tests: organisations, teams, people in roles, measures, data."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from forbedring.web.accounts.models import User
from forbedring.web.measures.models import Measure, Observation, TeamMeasure
from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

_codes = itertools.count(101)
PASSWORD = "correct-horse-battery"


def organisation(name: str = "Aarhus Kommune", country: str = "DK") -> Organisation:
    return Organisation.objects.create(
        name=name,
        kind=Organisation.Kind.MUNICIPALITY,
        country=country,
        official_code=f"{next(_codes):04d}",
    )


def team(org: Organisation | None = None, name: str = "Team Solsikken") -> Team:
    org = org or organisation()
    unit = Unit.objects.create(
        organisation=org, name=f"{name} plejehjem", kind=Unit.Kind.NURSING_HOME
    )
    return Team.objects.create(unit=unit, name=name)


def user(
    username: str,
    role: str | None = None,
    *,
    team: Team | None = None,
    organisation: Organisation | None = None,
    superuser: bool = False,
) -> User:
    person = User.objects.create_user(username=username, password=PASSWORD, is_superuser=superuser)
    if role is not None:
        Membership.objects.create(user=person, role=role, team=team, organisation=organisation)
    return person


def measure(
    teams: list[Team] | None = None,
    *,
    name: str = "Falls per 1,000 resident-days",
    chart_type: str = Measure.ChartType.U,
    has_denominator: bool = True,
    multiplier: float = 1000,
    **fields: object,
) -> Measure:
    m = Measure.objects.create(
        name=name,
        kind=Measure.Kind.OUTCOME,
        chart_type=chart_type,
        has_denominator=has_denominator,
        multiplier=multiplier,
        unit_label="per 1,000 resident-days",
        direction=Measure.Direction.DECREASE,
        **fields,
    )
    for position, t in enumerate(teams or []):
        TeamMeasure.objects.create(team=t, measure=m, position=position)
    return m


def monthly_data(
    m: Measure,
    t: Team,
    by: User,
    numerators: list[float],
    denominator: float = 1500,
    first: dt.date = dt.date(2024, 1, 1),
) -> list[Observation]:
    rows = []
    year, month = first.year, first.month
    for value in numerators:
        rows.append(
            Observation(
                measure=m, team=t, period=dt.date(year, month, 1),
                numerator=value if m.has_denominator else None,
                denominator=denominator if m.has_denominator else None,
                value=None if m.has_denominator else value,
                entered_by=by, entered_at=timezone.now(),
            )
        )  # fmt: skip
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return Observation.objects.bulk_create(rows)


def role_world() -> dict[str, object]:
    """Two municipalities, a team in each, and one person in every role (named by role)."""
    north = organisation("Nordby Kommune")
    south = organisation("Sydby Kommune")
    team_a = team(north, "Team A")
    team_b = team(south, "Team B")
    people = {
        "member_a": user("member_a", Role.TEAM_MEMBER, team=team_a),
        "lead_a": user("lead_a", Role.TEAM_LEAD, team=team_a),
        "member_b": user("member_b", Role.TEAM_MEMBER, team=team_b),
        "leader_north": user("leader_north", Role.ORGANISATION_LEADER, organisation=north),
        "consultant_north": user("consultant_north", Role.QUALITY_CONSULTANT, organisation=north),
        "analyst": user("analyst", Role.NATIONAL_ANALYST),
        "site_admin": user("site_admin", Role.SITE_ADMINISTRATOR),
        "nobody": user("nobody"),
    }
    return {"north": north, "south": south, "team_a": team_a, "team_b": team_b, **people}
