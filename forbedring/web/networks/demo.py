"""A demo learning network, so `make run` shows networks, calendars and monthly reports.

The Norwegian organiser runs "Trygg omsorg" for the Bergen and Trondheim teams on falls and
pressure ulcers; the network uses the demo's shared measures (which the teams already report)
rather than fresh copies of the package's, so its charts have data. Teams report monthly with
a progress score that rises as their work matures; the newest month is left for the demo.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.utils import timezone

from forbedring.web.accounts.models import User
from forbedring.web.measures.models import Measure
from forbedring.web.networks.models import (
    Enrolment,
    LearningSession,
    Network,
    NetworkMeasure,
    NetworkMember,
    TeamReport,
)
from forbedring.web.organisations.models import Organisation, Team

REPORT_MONTHS = 18
TEXTS_DA = (
    ("Faldrisikovurdering ved indflytning for alle nye beboere.",
     "Vurderingen tager under et kvarter og giver tiltag, vi ikke havde tænkt på.",
     "Afprøve natlys hos beboerne med høj faldrisiko.",
     "Gode råd til opfølgning i nattevagten."),
    ("Daglig hudinspektion i dagvagten hos beboere i risiko for tryksår.",
     "To begyndende tryksår fundet tidligt; skemaet skal være kortere.",
     "Teste et kortere skema i to uger.",
     "Ingen lige nu."),
)  # fmt: skip
TEXTS_NB = (
    ("Risikovurdering ved innflytting for alle nye beboere.",
     "Vurderingen tar under et kvarter og gir tiltak vi ikke hadde tenkt på.",
     "Teste nattlys hos beboerne med høy fallrisiko.",
     "Tips til hvordan vi følger opp nattevakten."),
    ("Tilsyn hver time om natten hos tre beboere.",
     "Færre fall om natten, men beboerne våkner oftere.",
     "Prøve nattlys i stedet for tilsyn.",
     "Ingen akkurat nå."),
)  # fmt: skip


def load_demo_network(
    *, organiser: Organisation, teams: list[Team], measures: list[Measure], by: User,
    months: list[dt.date], seed: int, lang: str = "nb",
) -> Network:  # fmt: skip
    """Create the network, its calendar, the teams' enrolment and 18 months of reports."""
    first = months[-REPORT_MONTHS]
    danish = lang == "da"
    network = Network.objects.create(
        organiser=organiser,
        name="Sikker pleje – tryksår og fald (demo)" if danish
        else "Trygg omsorg – fall og trykksår (demo)",
        description="Læringsnetværk for plejecentre i Aarhus og Odense om tryksår og fald."
        if danish else "Læringsnettverk for sykehjem i Bergen og Trondheim om fall og trykksår.",
        package_id="pressure-ulcers" if danish else "falls", language=lang, start=first,
        created_by=by,
    )  # fmt: skip
    NetworkMember.objects.create(network=network, user=by, role=NetworkMember.Role.ORGANISER)
    NetworkMeasure.objects.bulk_create(
        NetworkMeasure(network=network, measure=m, position=i) for i, m in enumerate(measures)
    )
    for number, offset in enumerate((0, 6, 12), start=1):
        day = months[-REPORT_MONTHS + offset] + dt.timedelta(days=14)
        LearningSession.objects.create(
            network=network, date=day,
            title=f"Læringsseminar {number}" if danish else f"Læringssamling {number}",
            place="Aarhus" if danish else "Bergen",
            programme="Status fra teamene, forbedringsmodellen og næste PDSA-cyklusser."
            if danish else "Status fra teamene, forbedringsmodellen og neste PDSA-sirkler.",
        )  # fmt: skip
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(network=network, team=team, status=Enrolment.Status.ENROLLED,
                  invited_by=by, responded_by=by, responded_at=now)
        for team in teams
    )  # fmt: skip
    rng = np.random.default_rng(seed)
    reports = []
    for team_index, team in enumerate(teams):
        score = 1.0
        for index, period in enumerate(months[-REPORT_MONTHS:-1]):
            score = min(5.0, score + float(rng.choice([0.0, 0.0, 0.5])))
            texts = TEXTS_DA if danish else TEXTS_NB
            tested, learned, plan, support = texts[(team_index + index) % len(texts)]
            reports.append(
                TeamReport(
                    network=network, team=team, period=period,
                    progress_score=Decimal(str(score)), tested=tested, learned=learned,
                    plan=plan, support=support, status=TeamReport.Status.SUBMITTED,
                    updated_by=by, submitted_at=now,
                )
            )  # fmt: skip
    TeamReport.objects.bulk_create(reports)
    return network
