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

# How each shared measure is charted: the same in both countries, only the words differ.
MEASURE_SETTINGS: dict[str, dict[str, Any]] = {
    FALLS: {
        "kind": Measure.Kind.OUTCOME, "chart_type": Measure.ChartType.U,
        "direction": Measure.Direction.DECREASE, "multiplier": 1000, "target": 4.0,
    },
    ULCER_DAYS: {
        "kind": Measure.Kind.OUTCOME, "chart_type": Measure.ChartType.G,
        "direction": Measure.Direction.INCREASE, "has_denominator": False, "target": 300.0,
        "frequency": Frequency.DAY,
    },
    RISK: {
        "kind": Measure.Kind.PROCESS, "chart_type": Measure.ChartType.P,
        "direction": Measure.Direction.INCREASE, "multiplier": 100, "target": 90.0,
    },
    MEDICATION: {
        "kind": Measure.Kind.PROCESS, "chart_type": Measure.ChartType.P,
        "direction": Measure.Direction.INCREASE, "multiplier": 100, "target": 90.0,
    },
}  # fmt: skip
# The operational definitions in the country's language (Danish; Norwegian bokmål), as the
# teams there write them; the two say the same.
MEASURE_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "DK": {
        FALLS: {
            "name": "Fald pr. 1.000 beboerdøgn",
            "unit_label": "pr. 1.000 beboerdøgn",
            "description": "Hvor ofte beboerne falder. Et fald er en uventet hændelse, hvor "
            "beboeren ender på jorden, gulvet eller et andet lavere niveau (ProFaNE). "
            "Faldpakken sigter mod 50 % færre fald.",
            "numerator": "Beboernes fald i måneden, med eller uden skade. Alle fald tæller, "
            "også gentagne fald hos samme beboer.",
            "denominator": "Beboerdøgn i måneden: for hver dag antallet af beboere, der er til "
            "stede ved midnat, lagt sammen for hele måneden.",
            "inclusion": "Alle beboere i enheden, også på korttids- og aflastningsophold.",
            "exclusion": "Fald hos personale og besøgende; fald, mens beboeren var væk fra "
            "enheden (indlagt på sygehus, på besøg hos familien).",
            "data_source": "Indrapporterede utilsigtede hændelser, holdt op mod "
            "omsorgsjournalen; beboerdøgn fra belægningslisten.",
            "sampling": "Ingen stikprøve: alle fald og alle beboerdøgn i måneden.",
        },
        ULCER_DAYS: {
            "name": "Dage mellem nye tryksår",
            "unit_label": "dage",
            "description": "Dage fra ét nyt tryksår, der er opstået i enheden, til det næste; "
            "højere er bedre. Hvert nyt tryksår er ét punkt, registreret den dag, det findes. "
            "Pakkens mål: 300 dage uden nyt tryksår.",
            "numerator": "Dage fra den dag, det forrige nye tryksår blev fundet, til den dag, "
            "dette blev fundet (det første punkt tælles fra målingens start).",
            "inclusion": "Tryksår i kategori 2, 3 eller 4, ikke-klassificerbare tryksår og "
            "formodet dyb vævsskade (EPUAP/NPIAP 2019), opstået mens beboeren boede i enheden.",
            "exclusion": "Kategori 1 (rødme, der ikke blegner ved tryk); tryksår, der var til "
            "stede ved indflytning eller er opstået andetsteds, fx under indlæggelse på "
            "sygehus; fugtlæsioner.",
            "data_source": "Sårdokumentationen i omsorgsjournalen.",
            "sampling": "Ingen stikprøve: hvert nyt tryksår.",
        },
        RISK: {
            "name": "Beboere med risikovurdering for tryksår",
            "unit_label": "%",
            "description": "Andel af beboerne (i hjemmeplejen: borgerne) med en dokumenteret "
            "risikovurdering for tryksår med en valideret skala (Braden eller Norton) inden for "
            "de seneste tre måneder.",
            "numerator": "Personer i nævneren, hvis journal viser en gennemført "
            "risikovurdering dateret inden for de tre måneder før tælledagen, eller inden for "
            "24 timer efter indflytning for personer, der er flyttet ind siden.",
            "denominator": "Beboere til stede på tælledagen (månedens første hverdag); i "
            "hjemmeplejen de udtrukne borgere.",
            "inclusion": "Alle beboere; i hjemmeplejen borgere, der får personlig pleje mindst "
            "én gang om ugen.",
            "exclusion": "Personer i terminal fase, hvis plejeplan siger, at der ikke skal "
            "foretages en vurdering; personer, der er flyttet ind mindre end 24 timer før "
            "tælledagen.",
            "data_source": "Journalaudit i den elektroniske omsorgsjournal på tælledagen.",
            "sampling": "Plejecentre: alle beboere. Hjemmepleje: 20 borgere udtrukket "
            "tilfældigt hver måned fra listen over borgere med personlig pleje.",
        },
        MEDICATION: {
            "name": "Medicinafstemning inden for 24 timer",
            "unit_label": "%",
            "description": "Andel af indflytninger og hjemkomster fra sygehus, hvor personens "
            "medicinliste blev afstemt inden for 24 timer.",
            "numerator": "Indflytninger og hjemkomster i nævneren, hvor en sygeplejerske eller "
            "læge sammenholdt medicinlisten i omsorgsjournalen med sygehusets "
            "udskrivningsbrev og Fælles Medicinkort (FMK), afklarede forskellene og "
            "dokumenterede det inden for 24 timer.",
            "denominator": "Indflytninger af nye beboere (borgere) og hjemkomster fra sygehus i "
            "måneden.",
            "inclusion": "Alle indflytninger og alle hjemkomster efter en indlæggelse på 24 "
            "timer eller mere.",
            "exclusion": "Personer, der selv administrerer al deres medicin.",
            "data_source": "Journalaudit af hver indflytning og hjemkomst.",
            "sampling": "Ingen stikprøve; enheder med mere end 20 indflytninger og hjemkomster "
            "om måneden auditerer de første 20.",
        },
    },
    "NO": {
        FALLS: {
            "name": "Fall per 1 000 beboerdøgn",
            "unit_label": "per 1 000 beboerdøgn",
            "description": "Hvor ofte beboerne faller. Et fall er en uventet hendelse der "
            "beboeren havner på bakken, gulvet eller et annet lavere nivå (ProFaNE). "
            "Tiltakspakken for fall har som mål 50 % færre fall.",
            "numerator": "Beboernes fall i måneden, med eller uten skade. Alle fall telles, "
            "også gjentatte fall hos samme beboer.",
            "denominator": "Beboerdøgn i måneden: for hver dag antall beboere til stede ved "
            "midnatt, summert over måneden.",
            "inclusion": "Alle beboere i enheten, også på korttids- og avlastningsopphold.",
            "exclusion": "Fall hos ansatte og besøkende; fall mens beboeren var borte fra "
            "enheten (innlagt på sykehus, på besøk hos familien).",
            "data_source": "Avviksmeldinger i avvikssystemet, kontrollert mot journalen; "
            "beboerdøgn fra beleggsoversikten.",
            "sampling": "Ingen utvalg: alle fall og alle beboerdøgn i måneden.",
        },
        ULCER_DAYS: {
            "name": "Dager mellom nye trykksår",
            "unit_label": "dager",
            "description": "Dager fra ett nytt trykksår som har oppstått i enheten, til det "
            "neste; høyere er bedre. Hvert nytt trykksår er ett punkt, registrert den dagen det "
            "blir oppdaget. Målet for tiltakspakken: 300 dager uten nytt trykksår.",
            "numerator": "Dager fra dagen det forrige nye trykksåret ble oppdaget, til dagen "
            "dette ble oppdaget (det første punktet telles fra målestart).",
            "inclusion": "Trykksår i kategori 2, 3 eller 4, ikke klassifiserbare trykksår og "
            "mistenkt dyp vevsskade (EPUAP/NPIAP 2019) som oppsto mens beboeren bodde i "
            "enheten.",
            "exclusion": "Kategori 1 (rødhet som ikke blekner ved trykk); trykksår som var til "
            "stede ved innflytting eller oppsto et annet sted, f.eks. på sykehus; fuktskader.",
            "data_source": "Sårdokumentasjonen i journalen.",
            "sampling": "Ingen utvalg: hvert nytt trykksår.",
        },
        RISK: {
            "name": "Beboere med risikovurdering for trykksår",
            "unit_label": "%",
            "description": "Andel av beboerne (i hjemmetjenesten: pasientene) med dokumentert "
            "risikovurdering for trykksår med et validert verktøy (Braden eller Norton) i løpet "
            "av de siste tre månedene.",
            "numerator": "Personer i nevneren der journalen viser en gjennomført "
            "risikovurdering datert innen de tre månedene før telledagen, eller innen 24 timer "
            "etter innflytting for dem som har flyttet inn siden.",
            "denominator": "Beboere til stede på telledagen (første virkedag i måneden); i "
            "hjemmetjenesten pasientene i utvalget.",
            "inclusion": "Alle beboere; i hjemmetjenesten pasienter som får personlig stell "
            "minst én gang i uka.",
            "exclusion": "Personer i livets sluttfase der pleieplanen sier at det ikke skal "
            "gjøres noen vurdering; personer som flyttet inn mindre enn 24 timer før "
            "telledagen.",
            "data_source": "Journalgjennomgang i den elektroniske pasientjournalen på telledagen.",
            "sampling": "Sykehjem: alle beboere. Hjemmetjenesten: 20 pasienter trukket "
            "tilfeldig hver måned fra listen over pasienter med personlig stell.",
        },
        MEDICATION: {
            "name": "Legemiddelsamstemming innen 24 timer",
            "unit_label": "%",
            "description": "Andel av innflyttinger og hjemkomster fra sykehus der personens "
            "legemiddelliste ble samstemt innen 24 timer.",
            "numerator": "Innflyttinger og hjemkomster i nevneren der en sykepleier eller lege "
            "sammenlignet legemiddellisten i journalen med epikrisen fra sykehuset og "
            "pasientens legemiddelliste (PLL), løste avvikene og dokumenterte det innen 24 "
            "timer.",
            "denominator": "Innflyttinger av nye beboere (pasienter) og hjemkomster fra sykehus "
            "i måneden.",
            "inclusion": "Alle innflyttinger og alle hjemkomster etter et sykehusopphold på 24 "
            "timer eller mer.",
            "exclusion": "Personer som selv håndterer alle legemidlene sine.",
            "data_source": "Journalgjennomgang ved hver innflytting og hjemkomst.",
            "sampling": "Ingen utvalg; enheter med mer enn 20 innflyttinger og hjemkomster i "
            "måneden går gjennom de 20 første.",
        },
    },
}
# The shared measures as the demo creates them, by country and key: one set of rows for each
# country, none owned by an organisation; a team reports on its own country's set.
MEASURES: dict[str, dict[str, dict[str, Any]]] = {
    country: {key: {**settings, **texts[key]} for key, settings in MEASURE_SETTINGS.items()}
    for country, texts in MEASURE_TEXTS.items()
}
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
