"""The web demo: two Danish and two Norwegian municipalities, their nursing homes and home-care
districts, ten improvement teams with three years of simulated monthly data, and one login per
role.

Everything is made up and simulated from fixed seeds (no real persons, no one else's data set);
only the municipalities and their official codes are real. The numbers are shaped like what a
team in a patient-safety programme reports: counts are Poisson or binomial draws, some teams
improve after they introduce a bundle (a new phase with a "PDSA 1: ..." note at the change),
one series has a frozen baseline, and the demo team has not yet reported the latest month, so
``team`` can try the data entry.

The measures' operational definitions are data and written in English; team notes are written
in the team's own language, as teams do.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.apps import apps
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.utils import timezone

from forbedring.web.accounts.models import User
from forbedring.web.improvement.demo import load_demo_project
from forbedring.web.measures.models import (
    Frequency,
    Measure,
    Observation,
    ObservationRevision,
    SeriesEvent,
    TeamMeasure,
)
from forbedring.web.networks.demo import load_demo_network
from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

DEMO_PASSWORD = "demo"
MONTHS = 36
BUNDLE_MONTH = 18  # 0-based month in which the improving teams start their bundles
BASELINE_MONTHS = 12  # the frozen baseline of the one series that has one
# Of 40 seeds tried, the one where series without a change show no signal and those with one
# do (false signals happen in real data too, but the demo should teach the usual reading).
SEED = 20_231_128
# Enters the simulated data of teams without a demo login; it cannot log in.
DATA_USER = "demo-data"

FALLS, ULCER_DAYS, RISK, MEDICATION = "falls", "ulcer_days", "risk", "medication"


@dataclass(frozen=True)
class TeamSpec:
    name: str
    people: int  # residents (nursing home) or citizens with personal care (home care)
    falls_rate: float = 8.0  # falls per 1,000 resident-days before any bundle
    ulcers_per_month: float = 0.8  # new pressure ulcers per month before any bundle
    improves: frozenset[str] = frozenset()  # measures with a bundle at BUNDLE_MONTH
    gradual: frozenset[str] = frozenset()  # measures that improve step by step, no phase


@dataclass(frozen=True)
class UnitSpec:
    name: str
    kind: str
    teams: tuple[TeamSpec, ...]


@dataclass(frozen=True)
class OrganisationSpec:
    name: str
    country: str
    code: str
    units: tuple[UnitSpec, ...] = ()
    kind: str = str(Organisation.Kind.MUNICIPALITY)


# str(): Django's choices carry no types, and the value is what is stored.
NURSING, HOME_CARE = str(Unit.Kind.NURSING_HOME), str(Unit.Kind.HOME_CARE)
ORGANISATIONS = (
    OrganisationSpec("Aarhus Kommune", "DK", "0751", (
        UnitSpec("Plejecentret Solgården", NURSING, (
            TeamSpec("Solgården 1. sal", 32, 9.0, 1.0, frozenset({FALLS, ULCER_DAYS, RISK})),
            TeamSpec("Solgården 2. sal", 30, 7.5, 0.7, gradual=frozenset({MEDICATION})),
        )),
        UnitSpec("Hjemmeplejen Aarhus Vest", HOME_CARE, (TeamSpec("Hjemmeplejen Vest", 140),)),
    )),
    OrganisationSpec("Odense Kommune", "DK", "0461", (
        UnitSpec("Plejecentret Egebakken", NURSING, (
            TeamSpec("Egebakken", 48, 6.5, 0.6, frozenset({RISK})),
        )),
        UnitSpec("Hjemmeplejen Odense Syd", HOME_CARE, (
            TeamSpec("Hjemmeplejen Syd", 160, improves=frozenset({RISK})),
        )),
    )),
    OrganisationSpec("Bergen kommune", "NO", "4601", (
        UnitSpec("Fjordtun sykehjem", NURSING, (
            TeamSpec("Fjordtun avdeling A", 40, 9.5, 0.9, frozenset({FALLS, MEDICATION})),
            TeamSpec("Fjordtun avdeling B", 36, 7.0, 0.8),
        )),
        UnitSpec("Hjemmetjenesten Bergen sentrum", HOME_CARE, (
            TeamSpec("Hjemmetjenesten sentrum", 120),
        )),
    )),
    OrganisationSpec("Trondheim kommune", "NO", "5001", (
        UnitSpec("Lindehaugen helse- og velferdssenter", NURSING, (
            TeamSpec("Lindehaugen", 54, 6.0, 0.5),
        )),
        UnitSpec("Hjemmetjenesten Midtbyen", HOME_CARE, (
            TeamSpec("Hjemmetjenesten Midtbyen", 130, improves=frozenset({MEDICATION})),
        )),
    )),
    # The organiser's own organisation; networks (C5) will hang from it.
    OrganisationSpec(
        "Læringsnettverk Trygg omsorg (demo)", "NO", "",
        kind=str(Organisation.Kind.NETWORK_ORGANISER),
    ),
)  # fmt: skip
DEMO_TEAM = "Solgården 1. sal"

MEASURES: dict[str, dict[str, Any]] = {
    FALLS: {
        "name": "Falls per 1,000 resident-days",
        "kind": Measure.Kind.OUTCOME, "chart_type": Measure.ChartType.U,
        "direction": Measure.Direction.DECREASE, "multiplier": 1000, "target": 4.0,
        "unit_label": "per 1,000 resident-days",
        "description": "How often residents fall. A fall is an unexpected event in which the "
        "resident comes to rest on the ground, floor or another lower level (ProFaNE). The "
        "falls bundle aims at 50 % fewer falls.",
        "numerator": "Falls of residents in the month, with or without harm. Every fall counts, "
        "also repeated falls of the same resident.",
        "denominator": "Resident-days in the month: for each day, the residents present at "
        "midnight, summed over the month.",
        "inclusion": "All residents of the unit, including short-term and respite stays.",
        "exclusion": "Falls of staff and visitors; falls while the resident was away from the "
        "unit (in hospital, visiting family).",
        "data_source": "Incident reports (DK: utilsigtede hændelser; NO: avvikssystemet), "
        "checked against the care record; resident-days from the occupancy list.",
        "sampling": "None: all falls and all resident-days of the month.",
    },
    ULCER_DAYS: {
        "name": "Days between new pressure ulcers",
        "kind": Measure.Kind.OUTCOME, "chart_type": Measure.ChartType.G,
        "direction": Measure.Direction.INCREASE, "has_denominator": False, "target": 300.0,
        "unit_label": "days", "frequency": Frequency.DAY,
        "description": "Days from one new pressure ulcer that arose in the unit to the next; "
        "higher is better. Each new pressure ulcer is one point, entered on the day it is "
        "found. Goal of the bundle: 300 days without a new pressure ulcer.",
        "numerator": "Days from the day the previous new pressure ulcer was found to the day "
        "this one was found (the first point counts from the start of measurement).",
        "inclusion": "Pressure ulcers of category 2, 3 or 4, unstageable ulcers and suspected "
        "deep tissue injuries (EPUAP/NPIAP 2019) that arose while the resident lived in the "
        "unit.",
        "exclusion": "Category 1 (non-blanchable redness); ulcers present at admission or "
        "acquired elsewhere, e.g. in hospital; moisture lesions.",
        "data_source": "Wound documentation in the care record.",
        "sampling": "None: every new pressure ulcer.",
    },
    RISK: {
        "name": "Residents with a pressure ulcer risk assessment",
        "kind": Measure.Kind.PROCESS, "chart_type": Measure.ChartType.P,
        "direction": Measure.Direction.INCREASE, "multiplier": 100, "target": 90.0,
        "unit_label": "%",
        "description": "Share of residents (in home care: citizens) with a documented "
        "pressure ulcer risk assessment on a validated scale (Braden or Norton) within the "
        "last three months.",
        "numerator": "People in the denominator whose record shows a completed risk assessment "
        "dated within the three months before the census day, or within 24 hours of "
        "admission for people admitted since.",
        "denominator": "Residents present on the census day (the first weekday of the month); "
        "in home care, the sampled citizens.",
        "inclusion": "All residents; in home care, citizens who receive personal care at least "
        "once a week.",
        "exclusion": "People in terminal care whose care plan says no assessment is to be made; "
        "people admitted less than 24 hours before the census.",
        "data_source": "Audit of the electronic care record on the census day.",
        "sampling": "Nursing homes: all residents. Home care: 20 citizens drawn at random each "
        "month from the list of citizens with personal care.",
    },
    MEDICATION: {
        "name": "Medication reconciliation within 24 hours",
        "kind": Measure.Kind.PROCESS, "chart_type": Measure.ChartType.P,
        "direction": Measure.Direction.INCREASE, "multiplier": 100, "target": 90.0,
        "unit_label": "%",
        "description": "Share of admissions and returns from hospital in which the person's "
        "medication list was reconciled within 24 hours.",
        "numerator": "Admissions and returns in the denominator where a nurse or doctor "
        "compared the care record's medication list with the hospital discharge letter and "
        "the shared medication record (DK: Fælles Medicinkort; NO: pasientens "
        "legemiddelliste), resolved the differences and documented it within 24 hours.",
        "denominator": "Admissions of new residents (citizens) and returns from hospital in "
        "the month.",
        "inclusion": "All admissions and all returns after a hospital stay of 24 hours or more.",
        "exclusion": "People who manage all of their medication themselves.",
        "data_source": "Audit of the care record of every admission and return.",
        "sampling": "None; units with more than 20 admissions and returns a month audit the "
        "first 20.",
    },
}  # fmt: skip
NURSING_MEASURES = (FALLS, ULCER_DAYS, RISK, MEDICATION)
HOME_CARE_MEASURES = (RISK, MEDICATION)

# The team's notes, in the team's language: (new phase, PDSA 1, PDSA 2 two months later).
NOTES: dict[str, dict[str, tuple[str, str, str]]] = {
    "DK": {
        FALLS: ("Faldpakke indført",
                "PDSA 1: faldrisikovurdering ved indflytning afprøvet på to beboere",
                "PDSA 2: tilsyn hver time om natten hos beboere med høj faldrisiko"),
        ULCER_DAYS: ("Tryksårspakke indført",
                     "PDSA 1: daglig hudinspektion afprøvet i dagvagten",
                     "PDSA 2: skema for lejeskift ved sengen"),
        RISK: ("Risikovurdering ved indflytning indført",
               "PDSA 1: Braden-skala i indflytningssamtalen afprøvet",
               "PDSA 2: påmindelse på tavlemødet hver mandag"),
        MEDICATION: ("Medicinpakke indført",
                     "PDSA 1: tjekliste til medicinafstemning ved udskrivelse afprøvet",
                     "PDSA 2: sygeplejersken ringer til egen læge samme dag"),
    },
    "NO": {
        FALLS: ("Tiltakspakke fall innført",
                "PDSA 1: fallrisikovurdering ved innflytting testet på to beboere",
                "PDSA 2: tilsyn hver time om natten hos beboere med høy fallrisiko"),
        ULCER_DAYS: ("Tiltakspakke trykksår innført",
                     "PDSA 1: daglig hudinspeksjon testet på dagvakt",
                     "PDSA 2: snuskjema ved sengen"),
        RISK: ("Risikovurdering ved innflytting innført",
               "PDSA 1: Braden-skala i innkomstsamtalen testet",
               "PDSA 2: påminnelse på tavlemøtet hver mandag"),
        MEDICATION: ("Tiltakspakke legemiddelsamstemming innført",
                     "PDSA 1: sjekkliste for legemiddelsamstemming ved utskrivning testet",
                     "PDSA 2: sykepleieren ringer fastlegen samme dag"),
    },
}  # fmt: skip
BASELINE_NOTE = {"DK": "Baseline: de første 12 måneder", "NO": "Baseline: de første 12 månedene"}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    where: tuple[str, ...] = ()  # team name for team roles, organisation names otherwise
    superuser: bool = False


DEMO_USERS = (
    DemoUser("team", "Mette", "Jensen", str(Role.TEAM_MEMBER), (DEMO_TEAM,)),
    DemoUser("leader", "Lars", "Nielsen", str(Role.ORGANISATION_LEADER), ("Aarhus Kommune",)),
    # Organises the Norwegian network: sees every team of the two municipalities in it.
    DemoUser("organiser", "Ingrid", "Berg", str(Role.NETWORK_ORGANISER),
             ("Læringsnettverk Trygg omsorg (demo)", "Bergen kommune", "Trondheim kommune")),
    DemoUser("analyst", "Ole", "Hansen", str(Role.NATIONAL_ANALYST)),
    DemoUser("admin", "Anne", "Admin", str(Role.SITE_ADMINISTRATOR), superuser=True),
)  # fmt: skip


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


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


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
    measures = {
        key: Measure.objects.create(**fields) for key, fields in MEASURES.items()
    }  # fmt: skip
    users = _users(organisations, {t.name: t for t, *_ in teams}) if logins else {}
    data_user, made = User.objects.get_or_create(
        username=DATA_USER, defaults={"first_name": "Demo", "last_name": "data", "is_active": False}
    )
    if made:
        data_user.set_unusable_password()
        data_user.save(update_fields=["password"])

    links, observations, events = [], [], []
    months = month_starts(today)
    for team_index, (team, spec, kind, country) in enumerate(teams):
        keys = NURSING_MEASURES if kind == NURSING else HOME_CARE_MEASURES
        by = users.get("team", data_user) if team.name == DEMO_TEAM else data_user
        for position, key in enumerate(keys):
            links.append(TeamMeasure(team=team, measure=measures[key], position=position))
            rng = np.random.default_rng([SEED, team_index, position])
            series = _simulate(key, spec, kind, months, rng)
            if team.name == DEMO_TEAM and key != ULCER_DAYS:
                series = series[:-1]  # the latest month is for `team` to enter
            observations += [
                Observation(
                    measure=measures[key], team=team, period=period, numerator=num,
                    denominator=den, value=value, entered_by=by, entered_at=entered,
                )
                for period, num, den, value, entered in series
            ]  # fmt: skip
            events += _events(key, spec, country, months, measures[key], team, by)
    TeamMeasure.objects.bulk_create(links)
    Observation.objects.bulk_create(observations)
    SeriesEvent.objects.bulk_create(events)
    _corrections(measures[FALLS], users.get("team", data_user), months)
    demo_team = Team.objects.get(name=DEMO_TEAM)
    load_demo_project(
        team=demo_team, falls=measures[FALLS], others=[measures[RISK]],
        by=users.get("team", data_user), bundle=months[BUNDLE_MONTH],
    )  # fmt: skip
    organiser = organisations["Læringsnettverk Trygg omsorg (demo)"]
    nursing_homes = [t for t, spec, kind, country in teams if country == "NO" and kind == NURSING]
    load_demo_network(
        organiser=organiser, teams=nursing_homes,
        measures=[measures[FALLS], measures[ULCER_DAYS], measures[RISK]],
        by=users.get("organiser", data_user), months=months, seed=SEED,
    )  # fmt: skip
    # A Danish network too, run by the same organiser for the Danish nursing homes.
    danish = [t for t, spec, kind, country in teams if country == "DK" and kind == NURSING]
    load_demo_network(
        organiser=organisations["Aarhus Kommune"], teams=danish,
        measures=[measures[ULCER_DAYS], measures[FALLS], measures[RISK]],
        by=users.get("organiser", data_user), months=months, seed=SEED + 1, lang="da",
    )  # fmt: skip


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


type Row = tuple[dt.date, float | None, float | None, float | None, dt.datetime]


def _simulate(
    key: str, spec: TeamSpec, kind: str, months: list[dt.date], rng: np.random.Generator
) -> list[Row]:
    """One team's series of one measure: (period, numerator, denominator, value, entered at)."""
    if key == ULCER_DAYS:
        return _ulcers(spec, months, rng)
    rows: list[Row] = []
    now = timezone.now()
    for index, month in enumerate(months):
        after = index >= BUNDLE_MONTH and key in spec.improves
        days = calendar.monthrange(month.year, month.month)[1]
        if key == FALLS:
            den = round(spec.people * days * rng.uniform(0.88, 1.0))
            num = rng.poisson(spec.falls_rate * (0.5 if after else 1.0) * den / 1000)
        elif key == RISK:
            den = 20 if kind == HOME_CARE else spec.people - int(rng.integers(0, 4))
            num = rng.binomial(den, 0.9 if after else 0.62)
        else:  # medication reconciliation after admissions and returns from hospital
            den = int(rng.integers(3, 6 + spec.people // 10))
            level = 0.88 if after else 0.6
            if MEDICATION in spec.gradual:
                level = (0.58, 0.74, 0.86)[index // BASELINE_MONTHS]
            num = rng.binomial(den, level)
        # Teams report a few days into the next month; never later than now.
        entered = min(_at(_next_month(month), 9 + index % 6) + dt.timedelta(days=3), now)
        rows.append((month, float(num), float(den), None, entered))
    return rows


def _ulcers(spec: TeamSpec, months: list[dt.date], rng: np.random.Generator) -> list[Row]:
    """New pressure ulcers as days between them (G chart), one point on each ulcer's day."""
    start, bundle = months[0], months[BUNDLE_MONTH]
    end = _next_month(months[-1]) - dt.timedelta(days=1)
    rows: list[Row] = []
    day = previous = start
    while True:
        rate = spec.ulcers_per_month / 30.4
        if ULCER_DAYS in spec.improves and day >= bundle:
            rate *= 0.25
        day += dt.timedelta(days=max(1, round(rng.exponential(1 / rate))))
        if day > end:
            return rows
        rows.append((day, None, None, float((day - previous).days), _at(day, 14)))
        previous = day


def _events(
    key: str, spec: TeamSpec, country: str, months: list[dt.date],
    measure: Measure, team: Team, by: User,
) -> list[SeriesEvent]:  # fmt: skip
    """A new phase and two PDSA notes where a bundle starts; the frozen baseline."""
    phase, pdsa1, pdsa2 = NOTES[country][key]
    made = []
    if key in spec.improves:
        made = [
            (SeriesEvent.Kind.PHASE, months[BUNDLE_MONTH], phase),
            (SeriesEvent.Kind.NOTE, months[BUNDLE_MONTH], pdsa1),
            (SeriesEvent.Kind.NOTE, months[BUNDLE_MONTH + 2], pdsa2),
        ]
    if key in spec.gradual:
        made = [
            (SeriesEvent.Kind.BASELINE, months[BASELINE_MONTHS - 1], BASELINE_NOTE[country]),
            (SeriesEvent.Kind.NOTE, months[BASELINE_MONTHS], pdsa1),
            (SeriesEvent.Kind.NOTE, months[2 * BASELINE_MONTHS], pdsa2),
        ]
    return [
        SeriesEvent(measure=measure, team=team, kind=kind, period=period, text=text, created_by=by)
        for kind, period, text in made
    ]


def _corrections(falls: Measure, by: User, months: list[dt.date]) -> None:
    """Two corrected months in the demo team's falls, so the audit trail has something to show."""
    team = Team.objects.get(name=DEMO_TEAM)
    corrected = list(Observation.objects.filter(team=team, measure=falls, period__in=months[-8:-6]))
    revisions = []
    for observation in corrected:
        assert observation.numerator is not None
        revisions.append(
            ObservationRevision(
                observation=observation, version=1, numerator=observation.numerator + 2,
                denominator=observation.denominator, value=None, comment="",
                entered_by=by, entered_at=observation.entered_at, replaced_by=by,
                replaced_at=observation.entered_at + dt.timedelta(days=6),
            )
        )  # fmt: skip
        observation.version = 2
        observation.entered_at = revisions[-1].replaced_at
        observation.comment = "Rettet: to fald var registreret to gange"
    ObservationRevision.objects.bulk_create(revisions)
    Observation.objects.bulk_update(corrected, ["version", "comment", "entered_at"])
