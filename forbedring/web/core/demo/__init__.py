"""The web demo: Danish and Norwegian municipalities and a hospital, their nursing homes,
home-care districts and a ward, improvement teams with three years of simulated monthly data,
three learning networks with 18 months of reports, and one login per role.

Everything is made up and simulated from fixed seeds (no real persons, no one else's data set);
only the municipalities and their official codes are real. The numbers are shaped like what a
team in a patient-safety programme reports: counts are Poisson or binomial draws, some teams
improve after they introduce a bundle (a new phase with a "PDSA 1: ..." note at the change),
one series has a frozen baseline, and the demo team has not yet reported the latest month, so
``team`` can try the data entry.

The shared measures come in one set for each country, their operational definitions written in
its language as its teams write them: Danish teams report on Danish measures, Norwegian teams
on Norwegian (bokmål) ones, charted alike and simulated from the same seeds. The
patient-pathway network's measures come from its change package in Norwegian; team notes are
written in the team's own language, as teams do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from forbedring.web.accounts.models import User
from forbedring.web.core.demo.catalogue import (
    BUNDLE_MONTH,
    DATA_USER,
    DEMO_PASSWORD,
    DEMO_TEAM,
    DEMO_USERS,
    FALLS,
    MEASURES,
    MEASURES_BY_UNIT_KIND,
    MONTHS,
    NURSING,
    ORGANISATIONS,
    PATHWAYS_ORGANISER,
    RISK,
    SEED,
    SIKKER_PLEJE,
    TRYGG_OMSORG,
    ULCER_DAYS,
    DemoUser,
    TeamSpec,
)
from forbedring.web.core.demo.goals import load_demo_goals
from forbedring.web.core.demo.pathways import (
    PATHWAYS_HOSPITAL,
    PATHWAYS_SEED,
    PATHWAYS_TEAMS,
    load_pathways_network,
)
from forbedring.web.core.demo.simulate import add_corrections, series_events, simulate_series
from forbedring.web.improvement.demo import load_demo_project
from forbedring.web.indicators.demo import load_indicator_demo
from forbedring.web.measures.models import Measure, Observation, SeriesEvent, TeamMeasure
from forbedring.web.networks.demo import load_demo_network
from forbedring.web.organisations.models import Membership, Organisation, Team, Unit

__all__ = [
    "BUNDLE_MONTH", "DEMO_PASSWORD", "DEMO_TEAM", "DEMO_USERS", "FALLS", "MEASURES", "DemoResult",
    "DemoUser",
    "delete_project_data", "demo_counts", "load_demo", "month_starts",
]  # fmt: skip


@dataclass
class DemoResult:
    loaded: bool
    logins: bool
    counts: dict[str, int] = field(default_factory=dict)


def demo_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "units": Unit.objects.count(),
        "teams": Team.objects.count(),
        "measures": Measure.objects.count(),
        "team measures": TeamMeasure.objects.count(),
        "observations": Observation.objects.count(),
        "series events": SeriesEvent.objects.count(),
        "users": User.objects.count(),
    }


def load_demo(*, reset: bool = False, today: dt.date | None = None) -> DemoResult:
    """Load the demo into an empty database (or, with ``reset``, after deleting the old data).

    Does nothing when organisations exist and ``reset`` is off. Logins with the password
    ``demo`` are made only in demo mode (``settings.DEMO_MODE``); without it the data is
    loaded but nobody can log in with a known password.
    """
    logins = bool(settings.DEMO_MODE)
    if reset and not logins:
        raise PermissionError("--reset deletes all data; it is allowed in demo mode only")
    with transaction.atomic():
        if reset:
            delete_project_data()
        elif Organisation.objects.exists():
            return DemoResult(loaded=False, logins=logins, counts=demo_counts())
        _load(today or timezone.localdate(), logins)
    return DemoResult(loaded=True, logins=logins, counts=demo_counts())


def delete_project_data() -> None:
    """Delete every row of the platform's own models, and the demo users.

    Covers the models other apps add later, too: each model is deleted after every model that
    refers to it, so protected foreign keys never stand in the way.
    """
    remaining = {
        model
        for config in apps.get_app_configs()
        if config.name.startswith("forbedring.web.") and config.label != "accounts"
        for model in config.get_models()
    }

    def refers_to(source: type[models.Model], target: type[models.Model]) -> bool:
        return any(
            f.is_relation and f.related_model is target for f in source._meta.concrete_fields
        )

    while remaining:
        free = [m for m in remaining if not any(refers_to(o, m) for o in remaining - {m})]
        for model in sorted(free or remaining, key=lambda m: m._meta.label):
            model._default_manager.all().delete()
            remaining.discard(model)
    User.objects.filter(username__in=[u.username for u in DEMO_USERS] + [DATA_USER]).delete()


def month_starts(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    """The ``count`` complete months before ``today``'s month, oldest first."""
    index = today.year * 12 + today.month - 1 - count
    return [dt.date((index + i) // 12, (index + i) % 12 + 1, 1) for i in range(count)]


def _load(today: dt.date, logins: bool) -> None:
    organisations: dict[str, Organisation] = {}
    teams: list[tuple[Team, TeamSpec, str, str]] = []  # team, spec, unit kind, country
    for org_spec in ORGANISATIONS:
        org = Organisation.objects.create(
            name=org_spec.name, kind=org_spec.kind, country=org_spec.country,
            official_code=org_spec.code,
        )  # fmt: skip
        organisations[org_spec.name] = org
        for unit_spec in org_spec.units:
            unit = Unit.objects.create(organisation=org, name=unit_spec.name, kind=unit_spec.kind)
            for team_spec in unit_spec.teams:
                team = Team.objects.create(unit=unit, name=team_spec.name)
                teams.append((team, team_spec, unit_spec.kind, org_spec.country))
    # One set of shared measures per country (organisation=None), in the country's language.
    measures = {
        country: {key: Measure.objects.create(**fields) for key, fields in by_key.items()}
        for country, by_key in MEASURES.items()
    }
    users = _users(organisations, {t.name: t for t, *_ in teams}) if logins else {}
    data_user, made = User.objects.get_or_create(
        username=DATA_USER, defaults={"first_name": "Demo", "last_name": "data", "is_active": False}
    )
    if made:
        data_user.set_unusable_password()
        data_user.save(update_fields=["password"])
    team_user = users.get("team", data_user)
    organiser = users.get("organiser", data_user)

    links, observations, events = [], [], []
    months = month_starts(today)
    for team_index, (team, spec, kind, country) in enumerate(teams):
        by = team_user if team.name == DEMO_TEAM else data_user
        own = measures[country]
        for position, key in enumerate(MEASURES_BY_UNIT_KIND[kind]):
            links.append(TeamMeasure(team=team, measure=own[key], position=position))
            rng = np.random.default_rng([SEED, team_index, position])
            series = simulate_series(key, spec, kind, months, rng)
            if team.name == DEMO_TEAM and key != ULCER_DAYS:
                series = series[:-1]  # the latest month is for `team` to enter
            observations += [
                Observation(
                    measure=own[key], team=team, period=period, numerator=num,
                    denominator=den, value=value, entered_by=by, entered_at=entered,
                )
                for period, num, den, value, entered in series
            ]  # fmt: skip
            events += series_events(key, spec, country, months, own[key], team, by)
    TeamMeasure.objects.bulk_create(links)
    Observation.objects.bulk_create(observations)
    SeriesEvent.objects.bulk_create(events)
    danish, norwegian = measures["DK"], measures["NO"]  # the demo team is Danish
    add_corrections(danish[FALLS], team_user, months)
    load_demo_project(
        team=Team.objects.get(name=DEMO_TEAM), falls=danish[FALLS], others=[danish[RISK]],
        by=team_user, bundle=months[BUNDLE_MONTH],
    )  # fmt: skip

    def nursing_homes(country: str) -> list[Team]:
        return [t for t, _, kind, c in teams if c == country and kind == NURSING]

    load_demo_network(
        organiser=organisations[TRYGG_OMSORG], teams=nursing_homes("NO"),
        measures=[norwegian[FALLS], norwegian[ULCER_DAYS], norwegian[RISK]],
        by=organiser, months=months, seed=SEED,
    )  # fmt: skip
    load_demo_network(
        organiser=organisations[SIKKER_PLEJE], teams=nursing_homes("DK"),
        measures=[danish[ULCER_DAYS], danish[FALLS], danish[RISK]],
        by=organiser, months=months, seed=SEED + 1, lang="da",
    )  # fmt: skip
    by_name = {t.name: t for t, *_ in teams}
    load_pathways_network(
        organiser=organisations[PATHWAYS_ORGANISER],
        teams=[by_name[name] for name in PATHWAYS_TEAMS], hospital=by_name[PATHWAYS_HOSPITAL],
        by=organiser, data_user=data_user, months=months, seed=PATHWAYS_SEED,
    )  # fmt: skip
    load_indicator_demo(today)  # all 98 Danish municipalities and simulated indicator values
    load_demo_goals(today=today, by=users.get("leader", data_user))  # after projects and areas


def _users(organisations: dict[str, Organisation], teams: dict[str, Team]) -> dict[str, User]:
    """One login per role, all with the password ``demo`` (hashed once: hashing is slow)."""
    password = make_password(DEMO_PASSWORD)
    # A person who already has one of these user names (say, an `admin` made with
    # createsuperuser) keeps their account and password untouched.
    taken = set(
        User.objects.filter(username__in=[u.username for u in DEMO_USERS]).values_list(
            "username", flat=True
        )
    )
    users = {}
    for spec in DEMO_USERS:
        if spec.username in taken:
            continue
        user = User.objects.create(
            username=spec.username, first_name=spec.first_name, last_name=spec.last_name,
            password=password, is_staff=spec.superuser, is_superuser=spec.superuser,
        )  # fmt: skip
        places: Iterable[str] = spec.where or [""]
        Membership.objects.bulk_create(
            Membership(
                user=user, role=spec.role, team=teams.get(place),
                organisation=organisations.get(place),
            )
            for place in places
        )  # fmt: skip
        users[spec.username] = user
    return users
