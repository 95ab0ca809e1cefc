"""What the demo is made of: organisations, units and teams, the shared measures, the teams'
notes and one login per role. Data only; ``simulate`` makes the numbers and ``__init__`` loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from forbedring.web.measures.models import Frequency, Measure
from forbedring.web.organisations.models import Organisation, Role, Unit

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
    # How the team charts its bundle: a new phase from the change (the limits of the new level),
    # or the months before it frozen as the baseline, so the change shows as a signal against
    # it (as IHI collaboratives chart it; the networks' dashboards count such signals).
    freeze_baseline: bool = False


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
WARD = str(Unit.Kind.WARD)
TRYGG_OMSORG = "Læringsnettverk Trygg omsorg (demo)"
PATHWAYS_ORGANISER = "Læringsnettverk Gode pasientforløp Trøndelag (demo)"
SIKKER_PLEJE = "Læringsnetværk Sikker pleje (demo)"
ORGANISATIONS = (
    OrganisationSpec("Aarhus Kommune", "DK", "0751", (
        UnitSpec("Plejecentret Solgården", NURSING, (
            TeamSpec("Solgården 1. sal", 32, 9.0, 1.0, frozenset({FALLS, ULCER_DAYS, RISK}),
                     freeze_baseline=True),
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
    OrganisationSpec("Aalborg Kommune", "DK", "0851", (
        UnitSpec("Plejecentret Lindely", NURSING, (
            TeamSpec("Lindely afsnit A", 36, 8.5, 0.9, frozenset({FALLS, RISK}),
                     freeze_baseline=True),
            TeamSpec("Lindely afsnit B", 34, 7.0, 0.7, frozenset({ULCER_DAYS})),
        )),
    )),
    OrganisationSpec("Vejle Kommune", "DK", "0630", (
        UnitSpec("Plejecentret Bøgely", NURSING, (TeamSpec("Bøgely", 42, 7.8, 0.8),)),
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
    # Two more municipalities and their hospital, for the network on patient pathways.
    OrganisationSpec("Melhus kommune", "NO", "5028", (
        UnitSpec("Hjemmetjenesten Melhus", HOME_CARE, (TeamSpec("Hjemmetjenesten Melhus", 90),)),
    )),
    OrganisationSpec("Malvik kommune", "NO", "5031", (
        UnitSpec("Hjemmetjenesten Malvik", HOME_CARE, (TeamSpec("Hjemmetjenesten Malvik", 70),)),
    )),
    OrganisationSpec("St. Olavs hospital", "NO", "", (
        UnitSpec("Geriatrisk avdeling", WARD, (TeamSpec("Geriatrisk sengepost", 24),)),
    ), kind=str(Organisation.Kind.HOSPITAL)),
    # The organisers' own organisations; the learning networks (C5) hang from them.
    OrganisationSpec(TRYGG_OMSORG, "NO", "", kind=str(Organisation.Kind.NETWORK_ORGANISER)),
    OrganisationSpec(PATHWAYS_ORGANISER, "NO", "", kind=str(Organisation.Kind.NETWORK_ORGANISER)),
    OrganisationSpec(SIKKER_PLEJE, "DK", "", kind=str(Organisation.Kind.NETWORK_ORGANISER)),
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
# What each kind of unit reports of the shared measures; the hospital ward reports only the
# measures of its learning network.
MEASURES_BY_UNIT_KIND: dict[str, tuple[str, ...]] = {
    NURSING: (FALLS, ULCER_DAYS, RISK, MEDICATION),
    HOME_CARE: (RISK, MEDICATION),
    WARD: (),
}

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
BUNDLE_BASELINE_NOTE = {"DK": "Baseline: før pakken", "NO": "Baseline: før tiltakspakken"}


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
    # Organises the three demo networks; sees every team of Bergen and Trondheim, and the
    # other networks' teams through the networks only.
    DemoUser("organiser", "Ingrid", "Berg", str(Role.NETWORK_ORGANISER),
             (TRYGG_OMSORG, PATHWAYS_ORGANISER, SIKKER_PLEJE, "Bergen kommune",
              "Trondheim kommune")),
    DemoUser("analyst", "Ole", "Hansen", str(Role.NATIONAL_ANALYST)),
    DemoUser("admin", "Anne", "Admin", str(Role.SITE_ADMINISTRATOR), superuser=True),
)  # fmt: skip
