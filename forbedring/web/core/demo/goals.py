"""Demo local goals: Aarhus, Odense and Trondheim link their own goals to the national goals
and indicators, and (where their teams have one) to the improvement projects working on them.

Goals are written in the municipality's language, as a municipality writes them; targets are
a year or two ahead of the demo's "today", so they stay current whenever the demo is loaded.
Goals are created through the actions, so the demo obeys the same rules as the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from forbedring.web.goals.actions import create_local_goal
from forbedring.web.improvement.models import Project
from forbedring.web.organisations.models import Organisation


@dataclass(frozen=True)
class GoalSpec:
    country: str
    code: str  # the municipality's official code
    national_goal: str
    indicators: tuple[str, ...]
    title: str
    description: str
    target: str  # "{year}" is the target year
    target_value: float | None
    years_ahead: int
    responsible: str
    project_teams: tuple[str, ...] = ()  # the projects of these teams work on the goal


GOALS = (
    GoalSpec(
        "DK", "0751", "dk-goal-chronic-and-older-patients",
        ("dk-preventable-admissions-65-plus",),
        "Færre forebyggelige indlæggelser af ældre",
        "Tidlig opsporing af forværring og færre fald på plejecentrene skal forebygge, at "
        "ældre borgere indlægges med fald, dehydrering og urinvejsinfektion.",
        "Under 50 forebyggelige indlæggelser pr. 1.000 borgere på 65 år og derover i {year}",
        50.0, 1, "Kvalitetskonsulent, Sundhed og Omsorg",
        ("Solgården 1. sal",),
    ),
    GoalSpec(
        "DK", "0751", "dk-goal-integrated-pathways",
        ("dk-acute-readmissions-30-days", "dk-bed-days-ready-for-discharge"),
        "Trygge udskrivelser fra sygehus",
        "Medicinafstemning inden for et døgn og opfølgende besøg efter udskrivelse, så "
        "færre genindlægges, og ingen venter på sygehuset på en plads i kommunen.",
        "Under 8 % genindlagt inden for 30 dage i {year}",
        8.0, 2, "Områdechef, Hjemmeplejen Aarhus Vest",
    ),
    GoalSpec(
        "DK", "0751", "dk-goal-survival-and-safety", (),
        "Ingen fald med alvorlig skade på plejecentrene",
        "Faldpakken indføres på alle plejecentre; de første afsnit viser vejen.",
        "Halvering af fald pr. 1.000 beboerdøgn inden udgangen af {year}",
        None, 1, "Plejecenterledere",
        ("Solgården 1. sal",),
    ),
    GoalSpec(
        "DK", "0461", "dk-goal-chronic-and-older-patients", ("dk-copd-acute-admissions",),
        "Færre akutte indlæggelser af borgere med KOL",
        "Hjemmeplejen og sygeplejen følger borgere med KOL tæt i vinterhalvåret, med en "
        "handleplan ved forværring aftalt med egen læge.",
        "10 % færre akutte indlæggelser pr. 1.000 borgere med KOL i {year}",
        None, 2, "Sygeplejefaglig leder, Hjemmeplejen Odense Syd",
    ),
    GoalSpec(
        "DK", "0461", "dk-goal-integrated-pathways", ("dk-rehabilitation-waiting-time",),
        "Genoptræningen begynder hurtigere",
        "Genoptræningsplaner fra sygehuset visiteres samme dag, så borgeren kommer i gang "
        "inden for to uger.",
        "Højst 10 dages ventetid (median) til almen genoptræning i {year}",
        10.0, 1, "Leder af Træning og Aktivitet",
    ),
    GoalSpec(
        "NO", "5001", "no-safe-services", ("no-nursing-home-medication-review",),
        "Alle langtidsbeboere får legemiddelgjennomgang hvert år",
        "Sykehjemslegen og sykepleierne gjennomgår legemidlene til hver langtidsbeboer minst "
        "en gang i året og ved endringer i helsetilstanden.",
        "Minst 90 % av langtidsbeboerne innen utgangen av {year}",
        90.0, 1, "Kommunalsjef helse og velferd",
    ),
    GoalSpec(
        "NO", "5001", "no-coordinated-services", ("no-readmission-67-plus-30-days",),
        "Færre reinnleggelser av eldre etter utskrivning",
        "Hjemmetjenesten besøker eldre innen et døgn etter utskrivning og samstemmer "
        "legemiddellisten med fastlegen.",
        "Under 12 % reinnlagt innen 30 dager i {year}",
        12.0, 2, "Enhetsleder, Hjemmetjenesten Midtbyen",
    ),
)  # fmt: skip


def load_demo_goals(*, today: dt.date, by: Any) -> int:
    """Create the demo's local goals; returns how many. Municipalities missing from the
    database (the demo catalogue changed) are skipped rather than failing the whole demo."""
    areas = {
        (o.country, o.official_code): o
        for o in Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY,
            official_code__in={spec.code for spec in GOALS},
        )
    }
    made = 0
    for spec in GOALS:
        organisation = areas.get((spec.country, spec.code))
        if organisation is None:
            continue
        year = today.year + spec.years_ahead
        projects = Project.objects.filter(
            team__unit__organisation=organisation, team__name__in=spec.project_teams
        )
        create_local_goal(
            organisation=organisation, by=by, indicators=spec.indicators, projects=projects,
            national_goal=spec.national_goal, title=spec.title, description=spec.description,
            target=spec.target.format(year=year), target_value=spec.target_value,
            target_year=year, responsible=spec.responsible,
        )  # fmt: skip
        made += 1
    return made
