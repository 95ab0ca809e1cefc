"""The demo's network on patient pathways: three municipalities' home care and a hospital ward
in Trøndelag, set up from the change package "patient-pathways" the way an organiser does it
(network from the package, invitations, teams accept and adopt its measures in one step).

The measures are new with the network, so the teams' series start a year before it: the
baseline they bring to the first learning session, frozen as the chart's baseline, as IHI
collaboratives do, so that a change shows as a signal against it. Three of the four teams
improve some months into the network (a PDSA note marks the change); the last has not changed
yet, as happens in every collaborative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from forbedring.packages.library import DATA, load_package
from forbedring.web.accounts.models import User
from forbedring.web.core.demo.simulate import entered_after
from forbedring.web.measures.models import Observation, SeriesEvent, TeamMeasure
from forbedring.web.networks.actions_network import create_network, invite, respond
from forbedring.web.networks.demo import REPORT_MONTHS, add_reports, add_sessions
from forbedring.web.networks.models import Network
from forbedring.web.organisations.models import Organisation, Team

PACKAGE = "patient-pathways"
# Of 31 seeds tried, one where the unchanged team shows no signal and every changed team's
# process measures show their improvement (the readmission outcome may or may not: its
# monthly samples are small, as in real home care).
PATHWAYS_SEED = 20_231_133
BASELINE_MONTHS = 12  # of data before the network starts
PATHWAYS_HOSPITAL = "Geriatrisk sengepost"
# Months after the network's start at which each team's change shows; None: not yet.
CHANGE_AFTER: dict[str, int | None] = {
    "Hjemmetjenesten Midtbyen": 4,
    "Hjemmetjenesten Melhus": 7,
    "Hjemmetjenesten Malvik": None,
    PATHWAYS_HOSPITAL: 5,
}
PATHWAYS_TEAMS = tuple(CHANGE_AFTER)
BASELINE, NOTE = SeriesEvent.Kind.BASELINE, SeriesEvent.Kind.NOTE
BASELINE_TEXT = "Baseline: de tolv månedene før nettverket"
# The ward does not visit people at home after discharge, nor audit the whole bundle, most of
# whose elements are the municipality's.
NOT_FOR_HOSPITAL = frozenset({"pathways-reception-visit", "pathways-bundle-compliance"})


@dataclass(frozen=True)
class Level:
    before: float  # share before the team's change
    after: float
    patients: tuple[int, int]  # monthly denominator range in home care
    hospital_patients: tuple[int, int]


LEVELS = {
    "pathways-what-matters": Level(0.30, 0.78, (12, 30), (35, 60)),
    "pathways-reception-visit": Level(0.55, 0.86, (8, 20), (0, 0)),
    "pathways-discharge-report": Level(0.62, 0.91, (10, 24), (45, 70)),
    "pathways-readmission": Level(0.21, 0.13, (10, 24), (45, 70)),
    "pathways-bundle-compliance": Level(0.12, 0.64, (8, 20), (0, 0)),
}
CHANGES = {
    "pathways-what-matters": "PDSA 1: tre spørsmål om hva som er viktig, testet hos to pasienter",
    "pathways-reception-visit": "PDSA 1: mottaksbesøk innen fire timer, testet i én sone",
    "pathways-discharge-report": "PDSA 1: felles sjekkliste for utskrivningsklar pasient testet",
    "pathways-readmission": "PDSA 1: telefon fra sykepleier dag 2 etter hjemkomst testet",
    "pathways-bundle-compliance": "PDSA 1: sjekkliste for pakken i pasientens mappe testet",
}
TEXTS = (
    ("Samtalen «Hva er viktig for deg?» med fem nye pasienter i pasientforløpet.",
     "Pasientenes egne mål endret tre av planene; samtalen tar ti minutter.",
     "Ta målene inn i tiltaksplanen og følge dem opp ved evaluering.",
     "Hjelp til å måle andelen samtaler uten manuell telling."),
    ("Felles sjekkliste for utskrivning med sykehuset på fire pasienter.",
     "Epikrisen kom samme dag for alle fire; to manglet legemiddelliste.",
     "Ta med legemiddellisten i sjekklisten og teste i to uker til.",
     "Kontakt med sykehusets IKT om meldingsflyten."),
    ("Mottaksbesøk samme dag som pasienten kom hjem.",
     "Besøket fanget opp to pasienter med feil medisiner i dosett.",
     "Innføre mottaksbesøk i alle soner.",
     "Ingen akkurat nå."),
)  # fmt: skip


def load_pathways_network(
    *, organiser: Organisation, teams: list[Team], hospital: Team, by: User, data_user: User,
    months: list[dt.date], seed: int,
) -> Network:  # fmt: skip
    """Create the network from the package, enrol the teams and simulate their data and
    reports."""
    network = create_network(
        by=by, organiser=organiser, package=load_package(DATA / f"{PACKAGE}.yaml"),
        language="nb", name="Gode pasientforløp Trøndelag (demo)",
        description="Læringsnettverk for kommunene Trondheim, Melhus og Malvik og St. Olavs "
        "hospital om gode pasientforløp for eldre og kronisk syke.",
        start=months[-REPORT_MONTHS],
    )  # fmt: skip
    add_sessions(network, months, place="Trondheim")
    for enrolment in invite(network=network, by=by, teams=teams):
        respond(enrolment=enrolment, accept=True, by=data_user)
    measure_ids = _package_measure_ids(network)
    skipped = [m for m, package_id in measure_ids.items() if package_id in NOT_FOR_HOSPITAL]
    TeamMeasure.objects.filter(team=hospital, measure_id__in=skipped).delete()
    span = months[-(REPORT_MONTHS + BASELINE_MONTHS) :]
    observations, events = [], []
    for team_index, team in enumerate(teams):
        links = TeamMeasure.objects.filter(team=team, measure_id__in=measure_ids)
        change = CHANGE_AFTER[team.name]
        start = None if change is None else BASELINE_MONTHS + change
        for link in links.select_related("measure"):
            key = measure_ids[link.measure_id]
            level = LEVELS[key]
            size = level.hospital_patients if team == hospital else level.patients
            rng = np.random.default_rng([seed, team_index, link.position])
            for index, month in enumerate(span):
                share = level.after if start is not None and index >= start else level.before
                den = int(rng.integers(size[0], size[1] + 1))
                observations.append(
                    Observation(
                        measure=link.measure, team=team, period=month,
                        numerator=float(rng.binomial(den, share)), denominator=float(den),
                        entered_by=data_user, entered_at=entered_after(month, index),
                    )
                )  # fmt: skip
            made = [(BASELINE, span[BASELINE_MONTHS - 1], BASELINE_TEXT)]
            if start is not None:
                made.append((NOTE, span[start], CHANGES[key]))
            events += [
                SeriesEvent(measure=link.measure, team=team, kind=kind, period=period, text=text,
                            created_by=data_user)
                for kind, period, text in made
            ]  # fmt: skip
    Observation.objects.bulk_create(observations)
    SeriesEvent.objects.bulk_create(events)
    # The team that has not changed yet scores its progress lower, as the faculty would.
    pace = {name: 0.15 if change is None else 0.35 for name, change in CHANGE_AFTER.items()}
    add_reports(network, teams, months, texts=TEXTS, by=data_user, seed=seed, pace=pace)
    return network


def _package_measure_ids(network: Network) -> dict[int, str]:
    """The network's measures by database id → the package's measure id (same order)."""
    package = load_package(DATA / f"{PACKAGE}.yaml")
    links = network.network_measures.order_by("position")
    return {link.measure_id: d.id for link, d in zip(links, package.measures, strict=True)}
