"""A demo improvement project for the demo team, so `make run` shows the Model for Improvement.

Solgården 1. sal works on falls: an aim, a driver diagram, change ideas and the two PDSA
cycles of its falls bundle. The cycles take the place of the two PDSA notes the measure demo
put on the falls chart (they appear there as project annotations instead).
"""

from __future__ import annotations

import datetime as dt

from forbedring.web.accounts.models import User
from forbedring.web.improvement.models import (
    ChangeIdea,
    Driver,
    PdsaCycle,
    Project,
    ProjectMeasure,
    ProjectMember,
    WhatMatters,
)
from forbedring.web.measures.models import Measure, SeriesEvent
from forbedring.web.organisations.models import Team

PDSA_NOTE_PREFIX = "PDSA "


def load_demo_project(
    *, team: Team, falls: Measure, others: list[Measure], by: User, bundle: dt.date
) -> Project:
    """Create the falls project of the demo team, its diagram, cycles and what matters."""
    # The measure demo noted the two cycles on the chart; the project's cycles replace them.
    SeriesEvent.objects.filter(
        team=team, measure=falls, kind=SeriesEvent.Kind.NOTE, text__startswith=PDSA_NOTE_PREFIX
    ).delete()
    start = dt.date(bundle.year - (bundle.month <= 3), (bundle.month - 4) % 12 + 1, 1)
    project = Project.objects.create(
        team=team,
        title="Færre fald på Solgården",
        problem=(
            "Beboerne faldt i gennemsnit 9 gange pr. 1.000 beboerdøgn, flest om natten og "
            "i den første måned efter indflytning."
        ),
        aim_what="Færre fald",
        aim_how_much="halvering, fra 9 til 4,5 fald pr. 1.000 beboerdøgn",
        aim_for_whom="beboerne på Solgården 1. sal",
        aim_by_when=dt.date(bundle.year + 1, 12, 31),
        aim_statement=(
            f"Vi halverer antallet af fald fra 9 til 4,5 pr. 1.000 beboerdøgn for beboerne "
            f"på Solgården 1. sal senest den 31. december {bundle.year + 1}."
        ),
        start=start,
        created_by=by,
    )
    ProjectMember.objects.create(project=project, user=by, role=ProjectMember.Role.LEAD)
    ProjectMeasure.objects.create(project=project, measure=falls, kind=Measure.Kind.OUTCOME)
    for position, measure in enumerate(others):
        ProjectMeasure.objects.create(
            project=project, measure=measure, kind=Measure.Kind.PROCESS, position=position
        )
    risk = Driver.objects.create(project=project, text="Kendt faldrisiko hos hver beboer")
    night = Driver.objects.create(project=project, text="Tryghed om natten", position=1)
    assess = Driver.objects.create(
        project=project, parent=risk, text="Faldrisikovurdering ved indflytning"
    )
    rounds = Driver.objects.create(project=project, parent=night, text="Tilsyn og lys om natten")
    idea_assess = ChangeIdea.objects.create(
        project=project, driver=assess, title="Faldrisikovurdering inden for 24 timer",
        status=ChangeIdea.Status.IMPLEMENTED, implemented_on=bundle,
    )  # fmt: skip
    idea_rounds = ChangeIdea.objects.create(
        project=project, driver=rounds, title="Tilsyn hver time hos beboere med høj faldrisiko",
        status=ChangeIdea.Status.TESTING, position=1,
    )  # fmt: skip
    ChangeIdea.objects.create(
        project=project, driver=rounds, title="Natlys på badeværelset", position=2
    )
    first = PdsaCycle.objects.create(
        project=project, change_idea=idea_assess, created_by=by,
        title="PDSA 1: faldrisikovurdering ved indflytning afprøvet på to beboere",
        start=bundle, end=bundle + dt.timedelta(days=14),
        objective="Kan vi vurdere faldrisikoen inden for et døgn efter indflytning?",
        prediction="Vurderingen tager under 15 minutter og finder mindst én risiko pr. beboer.",
        plan="Aftenvagten vurderer de næste to nye beboere med skemaet.",
        data_to_collect="Tid brugt og fundne risici.",
        what_happened="Begge vurderet samme dag; 12 og 9 minutter.",
        results="Forudsigelsen holdt: 3 og 2 risici fundet.",
        decision=PdsaCycle.Decision.ADOPT,
        next_steps="Indfør for alle nye beboere.",
    )  # fmt: skip
    PdsaCycle.objects.create(
        project=project, change_idea=idea_rounds, created_by=by,
        title="PDSA 2: tilsyn hver time om natten hos beboere med høj faldrisiko",
        start=_months_after(bundle, 2), end=_months_after(bundle, 2) + dt.timedelta(days=7),
        objective="Færre fald om natten hos de tre beboere med højest risiko.",
        prediction="Ingen fald om natten i testugen.",
        plan="Nattevagten ser til de tre beboere hver time i en uge.",
        what_happened="Ét fald (uden skade) natten til torsdag.",
        results="Færre fald end ugen før (3), men ikke nul.",
        decision=PdsaCycle.Decision.ADAPT,
        next_steps="Prøv natlys i stedet for at vække beboerne.",
    )  # fmt: skip
    del first
    matters = WhatMatters.objects.create(
        project=project, source=WhatMatters.Source.RELATIVE, heard_on=start,
        text="At min mor tør gå alene på toilettet om natten.", answers_aim=True,
    )  # fmt: skip
    matters.change_ideas.set([idea_rounds])
    return project


def _months_after(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)
