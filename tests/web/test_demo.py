"""The web demo (`manage.py load_demo`): what it holds, its logins, and when it loads."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db.models import Count, Max, Min
from django.test import Client
from pytest_django.fixtures import Settings

from forbedring.web import access
from forbedring.web.accounts.models import User
from forbedring.web.core import demo
from forbedring.web.improvement.models import PdsaCycle, Project
from forbedring.web.measures.models import (
    Measure,
    Observation,
    ObservationRevision,
    SeriesEvent,
    TeamMeasure,
)
from forbedring.web.measures.queries import series_view
from forbedring.web.organisations.models import Membership, Organisation, Role, Team, Unit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
LOGINS = ["team", "leader", "organiser", "analyst", "admin"]


@pytest.fixture
def loaded() -> demo.DemoResult:
    return demo.load_demo(today=TODAY)


def test_demo_has_danish_and_norwegian_municipalities_with_real_codes(
    loaded: demo.DemoResult,
) -> None:
    # With teams: the status report's other municipalities have no units (see the last test).
    municipalities = Organisation.objects.filter(
        kind=Organisation.Kind.MUNICIPALITY, units__isnull=False
    ).distinct()
    codes = {(o.country, o.official_code): o.name for o in municipalities}
    assert codes == {
        ("DK", "0751"): "Aarhus Kommune", ("DK", "0461"): "Odense Kommune",
        ("DK", "0851"): "Aalborg Kommune", ("DK", "0630"): "Vejle Kommune",
        ("NO", "4601"): "Bergen kommune", ("NO", "5001"): "Trondheim kommune",
        ("NO", "5028"): "Melhus kommune", ("NO", "5031"): "Malvik kommune",
    }  # fmt: skip
    assert Organisation.objects.filter(kind=Organisation.Kind.HOSPITAL).count() == 1
    for organisation in Organisation.objects.all():
        organisation.full_clean()


def test_demo_has_units_teams_and_shared_measures(loaded: demo.DemoResult) -> None:
    assert Unit.objects.count() == 13
    assert set(Unit.objects.values_list("kind", flat=True)) == {
        Unit.Kind.NURSING_HOME, Unit.Kind.HOME_CARE, Unit.Kind.WARD
    }  # fmt: skip
    assert Team.objects.count() == 16
    shared = Measure.objects.filter(organisation=None)
    charts = dict(shared.values_list("name", "chart_type"))
    assert charts == {  # one set per country, in its language
        "Fald pr. 1.000 beboerdøgn": "u",
        "Dage mellem nye tryksår": "g",
        "Beboere med risikovurdering for tryksår": "p",
        "Medicinafstemning inden for 24 timer": "p",
        "Fall per 1 000 beboerdøgn": "u",
        "Dager mellom nye trykksår": "g",
        "Beboere med risikovurdering for trykksår": "p",
        "Legemiddelsamstemming innen 24 timer": "p",
    }
    for measure in shared:
        assert measure.description and measure.inclusion and measure.exclusion
        assert measure.data_source and measure.sampling and measure.numerator
        assert measure.denominator or not measure.has_denominator
        measure.full_clean()
    # 9 nursing-home teams × 4 and 6 home-care teams × 2 shared measures.
    assert TeamMeasure.objects.filter(measure__organisation=None).count() == 48
    assert loaded.counts["teams"] == 16


def test_demo_teams_report_on_measures_in_their_countrys_language(
    loaded: demo.DemoResult,
) -> None:
    """Danish teams' shared measures are written in Danish, Norwegian teams' in Norwegian:
    one set of rows per country, charted alike, and no team reports on the other's."""
    fields = ["kind", "chart_type", "direction", "multiplier", "target", "has_denominator",
              "frequency", "rule_set"]  # fmt: skip

    def measures(country: str) -> list[Measure]:
        teams = Team.objects.filter(unit__organisation__country=country)
        links = TeamMeasure.objects.filter(team__in=teams, measure__organisation=None)
        return list(Measure.objects.filter(teammeasure__in=links).distinct().order_by("pk"))

    danish, norwegian = measures("DK"), measures("NO")
    assert len(danish) == len(norwegian) == 4
    assert not {m.pk for m in danish} & {m.pk for m in norwegian}
    assert [m.name for m in danish] == [
        "Fald pr. 1.000 beboerdøgn", "Dage mellem nye tryksår",
        "Beboere med risikovurdering for tryksår", "Medicinafstemning inden for 24 timer",
    ]  # fmt: skip
    assert [m.name for m in norwegian] == [
        "Fall per 1 000 beboerdøgn", "Dager mellom nye trykksår",
        "Beboere med risikovurdering for trykksår", "Legemiddelsamstemming innen 24 timer",
    ]  # fmt: skip
    assert [m.unit_label for m in danish] == ["pr. 1.000 beboerdøgn", "dage", "%", "%"]
    assert [m.unit_label for m in norwegian] == ["per 1 000 beboerdøgn", "dager", "%", "%"]
    for dk, no in zip(danish, norwegian, strict=True):
        assert [getattr(dk, f) for f in fields] == [getattr(no, f) for f in fields]
        for text in ("description", "numerator", "inclusion", "exclusion", "data_source",
                     "sampling"):  # fmt: skip
            assert getattr(dk, text) != getattr(no, text)
    # No English left in either set's texts.
    for measure in danish + norwegian:
        words = " ".join(
            str(getattr(measure, f)) for f in ("name", "unit_label", "description", "numerator",
                                              "denominator", "inclusion", "exclusion",
                                              "data_source", "sampling")
        )  # fmt: skip
        for english in (" the ", " of ", " per 1,000", "resident", " days", " with "):
            assert english not in f" {words} ", (measure.name, english)
    # The demo team and the Danish network chart the Danish measures; the Norwegian network
    # the Norwegian ones.
    from forbedring.web.networks.models import Network

    team = Team.objects.get(name=demo.DEMO_TEAM)
    links = TeamMeasure.objects.filter(team=team)
    assert set(links.values_list("measure_id", flat=True)) == {m.pk for m in danish}
    client = Client()
    client.force_login(User.objects.get(username="team"))
    home = client.get(f"/teams/{team.pk}/").content.decode()
    assert "Fald pr. 1.000 beboerdøgn" in home and "Dage mellem nye tryksår" in home
    assert "resident-days" not in home and "pressure ulcer" not in home
    network_names = {
        n.language: set(n.network_measures.values_list("measure__name", flat=True))
        for n in Network.objects.exclude(package_id="patient-pathways")
    }
    assert network_names["da"] <= {m.name for m in danish}
    assert network_names["nb"] <= {m.name for m in norwegian}
    assert "Dage mellem nye tryksår" in network_names["da"]
    assert "Fall per 1 000 beboerdøgn" in network_names["nb"]


def test_demo_series_cover_24_to_36_months_with_plausible_counts(loaded: demo.DemoResult) -> None:
    monthly = (
        Observation.objects.filter(measure__organisation=None)
        .exclude(measure__chart_type="g")
        .values("team", "measure")
        .annotate(n=Count("id"), first=Min("period"), last=Max("period"))
    )
    assert len(monthly) == 39
    for series in monthly:
        assert 24 <= series["n"] <= 36
        assert series["first"] == dt.date(2023, 11, 1)
    for o in Observation.objects.exclude(measure__chart_type="g"):
        assert o.numerator is not None and o.denominator is not None and o.value is None
        assert 0 <= o.numerator <= o.denominator and o.numerator == int(o.numerator)
        assert o.entered_at.date() > o.period
    ulcers = Observation.objects.filter(measure__chart_type="g")
    assert ulcers.count() > 50
    assert all(o.value is not None and o.value >= 1 for o in ulcers)


def test_demo_team_has_the_latest_month_left_to_enter(loaded: demo.DemoResult) -> None:
    team = Team.objects.get(name=demo.DEMO_TEAM)
    latest = Observation.objects.filter(team=team, measure__chart_type="u").latest("period")
    assert latest.period == dt.date(2026, 9, 1)
    other = Observation.objects.filter(team__name="Egebakken", measure__chart_type="u")
    assert other.latest("period").period == dt.date(2026, 10, 1)


def test_demo_improving_teams_mark_the_change_with_a_phase_or_a_frozen_baseline(
    loaded: demo.DemoResult,
) -> None:
    """Each bundle starts with "PDSA 1: ..." on the chart: either a new phase starts there, or
    the months before it are the frozen baseline; the gradual series freezes its first year."""
    shared = SeriesEvent.objects.filter(measure__organisation=None)
    phases = shared.filter(kind=SeriesEvent.Kind.PHASE)
    baselines = shared.filter(kind=SeriesEvent.Kind.BASELINE)
    assert phases.count() == 6  # Egebakken, Syd, Lindely B, Fjordtun A (2), Midtbyen
    assert baselines.count() == 6  # Solgården 1. sal (3), Lindely A (2), and the gradual one
    bundle = demo.month_starts(TODAY)[demo.BUNDLE_MONTH]
    changes = [(p.team, p.measure, p.period) for p in phases]
    changes += [(b.team, b.measure, bundle) for b in baselines if b.period.month != 10]
    assert len(changes) == 11
    for team, measure, period in changes:
        assert period == bundle
        note = shared.filter(
            team=team, measure=measure, kind=SeriesEvent.Kind.NOTE, period=period
        ).first()
        # The demo team's falls cycles are PDSA cycles of its improvement project instead.
        cycle = PdsaCycle.objects.filter(project__team=team, start=period).first()
        text = note.text if note else cycle.title if cycle else ""
        assert text.startswith("PDSA 1: ")
    gradual = baselines.get(text__contains="12")
    assert gradual.period == dt.date(2024, 10, 1)  # the first 12 months


def test_demo_improvement_shows_in_the_data(loaded: demo.DemoResult) -> None:
    """Falls at Solgården 1. sal halve after the bundle; a team without one stays put."""

    def rate(team: str, after: bool) -> float:
        rows = Observation.objects.filter(team__name=team, measure__chart_type="u")
        bundle = demo.month_starts(TODAY)[demo.BUNDLE_MONTH]
        rows = rows.filter(period__gte=bundle) if after else rows.filter(period__lt=bundle)
        return sum(o.numerator or 0 for o in rows) / sum(o.denominator or 0 for o in rows)

    assert rate("Solgården 1. sal", after=True) < 0.7 * rate("Solgården 1. sal", after=False)
    assert rate("Egebakken", after=True) == pytest.approx(rate("Egebakken", after=False), rel=0.3)


def test_demo_has_corrections_in_the_audit_trail(loaded: demo.DemoResult) -> None:
    revisions = ObservationRevision.objects.select_related("observation")
    assert revisions.count() == 2
    for revision in revisions:
        assert revision.observation.version == revision.version + 1


def test_demo_is_reproducible() -> None:
    def values() -> list[tuple[object, ...]]:
        fields = ["team__name", "measure__name", "period", "numerator", "denominator", "value"]
        return list(Observation.objects.order_by(*fields[:3]).values_list(*fields))

    demo.load_demo(today=TODAY)
    first = values()
    demo.load_demo(reset=True, today=TODAY)
    assert values() == first


def test_demo_logins_have_their_roles_and_the_password_demo(loaded: demo.DemoResult) -> None:
    users = {u.username: u for u in User.objects.filter(username__in=LOGINS)}
    assert sorted(users) == sorted(LOGINS)
    for user in users.values():
        assert check_password("demo", user.password)
    roles = {(m.user.username, m.role) for m in Membership.objects.select_related("user")}
    assert ("team", Role.TEAM_MEMBER) in roles
    assert ("leader", Role.ORGANISATION_LEADER) in roles
    assert ("organiser", Role.NETWORK_ORGANISER) in roles
    assert ("analyst", Role.NATIONAL_ANALYST) in roles
    assert ("admin", Role.SITE_ADMINISTRATOR) in roles
    assert users["admin"].is_superuser and users["admin"].is_staff
    assert not any(users[name].is_staff for name in ["team", "leader", "organiser", "analyst"])
    for membership in Membership.objects.all():
        membership.full_clean()


def test_demo_logins_see_what_their_roles_allow(loaded: demo.DemoResult) -> None:
    def visible(username: str) -> set[str]:
        user = User.objects.get(username=username)
        return set(access.teams_visible_to(user).values_list("name", flat=True))

    assert visible("team") == {demo.DEMO_TEAM}
    assert visible("leader") == {"Solgården 1. sal", "Solgården 2. sal", "Hjemmeplejen Vest"}
    assert len(visible("organiser")) == 5  # the Bergen and Trondheim teams
    assert visible("analyst") == set()
    assert len(visible("admin")) == 16
    team_user = User.objects.get(username="team")
    assert list(access.teams_editable_by(team_user).values_list("name", flat=True)) == [
        demo.DEMO_TEAM
    ]


def test_load_demo_does_nothing_when_organisations_exist(loaded: demo.DemoResult) -> None:
    Observation.objects.filter(team__name="Egebakken").delete()
    before = Observation.objects.count()
    result = demo.load_demo(today=TODAY)
    assert not result.loaded
    assert Observation.objects.count() == before
    # 8 municipalities with teams, a hospital, 3 organisers, 94 other municipalities, 5
    # regions and the two nations.
    assert Organisation.objects.count() == 113


def test_load_demo_reset_reloads_everything(loaded: demo.DemoResult) -> None:
    Observation.objects.filter(team__name="Egebakken").delete()
    result = demo.load_demo(reset=True, today=TODAY)
    assert result.loaded
    assert result.counts == loaded.counts


def test_load_demo_keeps_an_existing_account_with_a_demo_user_name() -> None:
    existing = User.objects.create_user("admin", password="a-real-long-password")
    demo.load_demo(today=TODAY)
    existing.refresh_from_db()
    assert existing.check_password("a-real-long-password")
    assert not existing.memberships.exists()


def test_demo_users_not_created_when_demo_mode_is_off(settings: Settings) -> None:
    settings.DEMO_MODE = False
    result = demo.load_demo(today=TODAY)
    assert result.loaded and not result.logins
    assert not User.objects.filter(username__in=LOGINS).exists()
    assert not any(user.has_usable_password() for user in User.objects.all())
    assert not User.objects.filter(is_active=True).exists()
    assert Observation.objects.exists()


def test_demo_reset_refused_when_demo_mode_is_off(settings: Settings) -> None:
    demo.load_demo(today=TODAY)
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="demo mode only"):
        call_command("load_demo", "--reset", stdout=io.StringIO())
    assert User.objects.filter(username="team").exists()


def test_load_demo_command_prints_the_logins_and_the_url() -> None:
    out = io.StringIO()
    call_command("load_demo", "--url", "http://127.0.0.1:8123/", stdout=out)
    text = out.getvalue()
    assert "Demo loaded" in text and "16 teams" in text
    assert "http://127.0.0.1:8123/" in text
    assert 'password "demo"' in text
    for username in LOGINS:
        assert f"\n  {username} " in text
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert "already has organisations" in again.getvalue()
    assert "  team " in again.getvalue()


def test_load_demo_command_without_demo_mode_says_so(settings: Settings) -> None:
    settings.DEMO_MODE = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "no demo logins were created" in out.getvalue()
    assert 'password "demo"' not in out.getvalue()


@pytest.mark.parametrize("username", LOGINS)
def test_demo_front_page_works_for_every_login(username: str, loaded: demo.DemoResult) -> None:
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/", follow=True)
    assert response.status_code == 200


def test_demo_team_pages_render(loaded: demo.DemoResult) -> None:
    """The pages of the demo team work on the demo's data: home, entry and every measure."""
    client = Client()
    client.force_login(User.objects.get(username="team"))
    team = Team.objects.get(name=demo.DEMO_TEAM)
    assert client.get(f"/teams/{team.pk}/").status_code == 200
    assert client.get(f"/teams/{team.pk}/entry/").status_code == 200
    for link in TeamMeasure.objects.filter(team=team):
        response = client.get(f"/teams/{team.pk}/measures/{link.measure_id}/")
        assert response.status_code == 200, link.measure.name


def test_demo_team_has_an_improvement_project_shown_on_its_chart(
    loaded: demo.DemoResult,
) -> None:
    project = Project.objects.get(team__name=demo.DEMO_TEAM)
    assert project.aim_statement
    assert project.drivers.filter(parent=None).count() == 2
    assert project.pdsa_cycles.count() == 2
    assert project.what_matters.count() == 1
    falls = project.project_measures.get(kind="outcome").measure
    view = series_view(falls, project.team, lang="en")
    notes = [row["note"] for row in view.spec["data"]["values"] if row["row_type"] == "note"]
    assert sum(note.startswith("PDSA") for note in notes) == 2


def test_demo_has_three_networks_with_enrolled_teams_and_reports(loaded: demo.DemoResult) -> None:
    from forbedring.web.networks.models import Enrolment, Network, TeamReport

    networks = {n.name: n for n in Network.objects.all()}
    expected = {  # name: (language, countries, enrolled teams)
        "Sikker pleje – tryksår og fald (demo)": ("da", {"DK"}, 6),
        "Trygg omsorg – fall og trykksår (demo)": ("nb", {"NO"}, 3),
        "Gode pasientforløp Trøndelag (demo)": ("nb", {"NO"}, 4),
    }
    assert set(networks) == set(expected)
    for name, (lang, countries, teams) in expected.items():
        network = networks[name]
        assert network.language == lang
        enrolled = Enrolment.objects.filter(network=network, status=Enrolment.Status.ENROLLED)
        assert enrolled.count() == teams
        assert {e.team.unit.organisation.country for e in enrolled} == countries
        reports = TeamReport.objects.filter(network=network, status=TeamReport.Status.SUBMITTED)
        assert reports.count() == teams * 17  # 18 months, the newest left for the demo
        assert network.sessions.count() == 3
        assert Enrolment.objects.filter(network=network).count() == teams


def test_demo_danish_network_is_of_nursing_homes(loaded: demo.DemoResult) -> None:
    from forbedring.web.networks.models import Network

    network = Network.objects.get(language="da")
    kinds = {e.team.unit.kind for e in network.enrolments.select_related("team__unit")}
    assert kinds == {Unit.Kind.NURSING_HOME}
    assert network.package_id == "pressure-ulcers"


def test_demo_pathway_network_joins_municipalities_and_a_hospital_from_its_package(
    loaded: demo.DemoResult,
) -> None:
    """Made as an organiser makes it: the package's measures, adopted by every team (the ward
    drops the home visit and the bundle audit), 30 months of data each with the twelve months
    before the network as a frozen baseline, and improvement after a team's first PDSA."""
    from forbedring.packages.library import DATA, load_package
    from forbedring.web.networks.models import Network

    network = Network.objects.get(package_id="patient-pathways")
    package = load_package(DATA / "patient-pathways.yaml")
    measures = list(network.network_measures.order_by("position").select_related("measure"))
    assert [link.measure.name for link in measures] == [m.name.get("nb") for m in package.measures]
    organisations = {
        e.team.unit.organisation.kind
        for e in network.enrolments.select_related("team__unit__organisation")
    }
    assert organisations == {Organisation.Kind.MUNICIPALITY, Organisation.Kind.HOSPITAL}
    ward = Team.objects.get(unit__kind=Unit.Kind.WARD)
    assert TeamMeasure.objects.filter(team=ward).count() == len(measures) - 2
    for link in TeamMeasure.objects.filter(measure__organisation=network.organiser):
        rows = Observation.objects.filter(team=link.team, measure=link.measure)
        assert rows.count() == 30
        assert rows.earliest("period").period == dt.date(2024, 5, 1)
        assert all(0 <= o.numerator <= o.denominator for o in rows)  # type: ignore[operator]
    # A team whose change shows: the share after its phase differs clearly from before.
    team = Team.objects.get(name="Hjemmetjenesten Midtbyen")
    what_matters = measures[0].measure
    events = SeriesEvent.objects.filter(team=team, measure=what_matters)
    baseline = events.get(kind=SeriesEvent.Kind.BASELINE)
    assert baseline.period == dt.date(2025, 4, 1)  # the month before the network starts
    change = events.get(kind=SeriesEvent.Kind.NOTE)
    assert change.text.startswith("PDSA 1: ")
    rows = Observation.objects.filter(team=team, measure=what_matters)

    def share(selected: object) -> float:
        chosen = list(selected)  # type: ignore[call-overload]
        return sum(o.numerator for o in chosen) / sum(o.denominator for o in chosen)

    before = share(rows.filter(period__lt=change.period))
    after = share(rows.filter(period__gte=change.period))
    assert after > before + 0.3
    # ... and the chart reads it as improvement against the baseline; Malvik, unchanged, not.
    status = series_view(what_matters, team, lang="nb").status
    assert status.signal and status.improving
    malvik = Team.objects.get(name="Hjemmetjenesten Malvik")
    assert not series_view(what_matters, malvik, lang="nb").status.signal
    assert not SeriesEvent.objects.filter(team=malvik, kind=SeriesEvent.Kind.NOTE).exists()


def test_demo_has_all_danish_municipalities_and_labelled_indicator_values(
    loaded: demo.DemoResult,
) -> None:
    from forbedring.web.indicators.demo import DK_SHAPES, NO_SHAPES
    from forbedring.web.indicators.models import DEMO_SOURCE, IndicatorValue

    danish = Organisation.objects.filter(country="DK", kind=Organisation.Kind.MUNICIPALITY)
    codes = list(danish.values_list("official_code", flat=True))
    assert len(codes) == len(set(codes)) == 98
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    names = dict(danish.values_list("official_code", "name"))
    assert names["0101"] == "Københavns Kommune" and names["0825"] == "Læsø Kommune"
    assert names["0751"] == "Aarhus Kommune"  # the demo's own, not a second one
    assert "0411" not in names  # Christiansø is no municipality
    # The added municipalities have no units, so they add no teams to anyone's lists.
    assert Unit.objects.count() == 13
    assert Organisation.objects.filter(kind=Organisation.Kind.REGION, country="DK").count() == 5
    for name in ("Danmark", "Norge"):
        assert Organisation.objects.filter(kind=Organisation.Kind.NATIONAL_BODY, name=name).exists()
    years = {dt.date(TODAY.year - 5 + i, 1, 1) for i in range(5)}
    for indicator in DK_SHAPES:
        rows = IndicatorValue.objects.filter(indicator=indicator, area__in=danish)
        assert rows.count() == 98 * 5
        assert set(rows.values_list("period", flat=True)) == years
    norwegian = Organisation.objects.filter(country="NO", kind=Organisation.Kind.MUNICIPALITY)
    for indicator in NO_SHAPES:
        assert IndicatorValue.objects.filter(indicator=indicator, area__in=norwegian).count() == 20
    assert not IndicatorValue.objects.exclude(is_demo=True, source=DEMO_SOURCE).exists()
    # Labelled on the page, too.
    client = Client()
    client.force_login(User.objects.get(username="team"))
    page = client.get("/indicators/dk-preventable-admissions-65-plus/")
    assert page.status_code == 200
    assert "demo-badge" in page.content.decode()
