"""Demo learning networks, so `make run` shows networks, calendars and monthly reports.

"Trygg omsorg" (Bergen and Trondheim) and "Sikker pleje" (six Danish nursing homes) work on
falls and pressure ulcers; they use the demo's shared measures (which the teams already report)
rather than fresh copies of the package's, so their charts have three years of data. Teams
report monthly with a progress score that rises as their work matures; the newest month is left
for the demo. (The network on patient pathways is set up from its package instead: see
``core.demo.pathways``.)
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
    """A network on the demo's shared measures: its calendar, the teams' enrolment and 18
    months of reports."""
    danish = lang == "da"
    network = Network.objects.create(
        organiser=organiser,
        name="Sikker pleje – tryksår og fald (demo)" if danish
        else "Trygg omsorg – fall og trykksår (demo)",
        description="Læringsnetværk for plejecentre i Aarhus, Odense, Aalborg og Vejle om "
        "tryksår og fald." if danish
        else "Læringsnettverk for sykehjem i Bergen og Trondheim om fall og trykksår.",
        package_id="pressure-ulcers" if danish else "falls", language=lang,
        start=months[-REPORT_MONTHS], created_by=by,
    )  # fmt: skip
    NetworkMember.objects.create(network=network, user=by, role=NetworkMember.Role.ORGANISER)
    NetworkMeasure.objects.bulk_create(
        NetworkMeasure(network=network, measure=m, position=i) for i, m in enumerate(measures)
    )
    add_sessions(network, months, place="Aarhus" if danish else "Bergen")
    now = timezone.now()
    Enrolment.objects.bulk_create(
        Enrolment(network=network, team=team, status=Enrolment.Status.ENROLLED,
                  invited_by=by, responded_by=by, responded_at=now)
        for team in teams
    )  # fmt: skip
    add_reports(network, teams, months, texts=TEXTS_DA if danish else TEXTS_NB, by=by, seed=seed)
    return network


def add_sessions(network: Network, months: list[dt.date], *, place: str) -> None:
    """Three learning sessions, six months apart, from the network's first month."""
    danish = network.language == "da"
    for number, offset in enumerate((0, 6, 12), start=1):
        day = months[-REPORT_MONTHS + offset] + dt.timedelta(days=14)
        LearningSession.objects.create(
            network=network, date=day,
            title=f"Læringsseminar {number}" if danish else f"Læringssamling {number}",
            place=place,
            programme="Status fra teamene, forbedringsmodellen og næste PDSA-cyklusser."
            if danish else "Status fra teamene, forbedringsmodellen og neste PDSA-sirkler.",
        )  # fmt: skip


def add_reports(
    network: Network, teams: list[Team], months: list[dt.date], *,
    texts: tuple[tuple[str, str, str, str], ...], by: User, seed: int,
    pace: dict[str, float] | None = None,
) -> None:  # fmt: skip
    """Submitted monthly reports of every team but for the newest month (left for the demo),
    with a progress score that rises as the team's work matures: by half a point in a month
    with the team's ``pace`` as probability (a third by default)."""
    rng = np.random.default_rng(seed)
    now = timezone.now()
    reports = []
    for team_index, team in enumerate(teams):
        score = 1.0
        for index, period in enumerate(months[-REPORT_MONTHS:-1]):
            step = rng.random() < (pace or {}).get(team.name, 1 / 3)
            score = min(5.0, score + (0.5 if step else 0.0))
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
