"""The web demo (`manage.py load_demo`): what it holds, its logins, and when it loads."""

from __future__ import annotations

import datetime as dt
import io
import time

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
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    codes = {(o.country, o.official_code): o.name for o in municipalities}
    assert codes == {
        ("DK", "0751"): "Aarhus Kommune", ("DK", "0461"): "Odense Kommune",
        ("NO", "4601"): "Bergen kommune", ("NO", "5001"): "Trondheim kommune",
    }  # fmt: skip
    for organisation in Organisation.objects.all():
        organisation.full_clean()


def test_demo_has_units_teams_and_shared_measures(loaded: demo.DemoResult) -> None:
    assert Unit.objects.count() == 8
    assert set(Unit.objects.values_list("kind", flat=True)) == {
        Unit.Kind.NURSING_HOME, Unit.Kind.HOME_CARE
    }  # fmt: skip
    assert Team.objects.count() == 10
    charts = dict(Measure.objects.values_list("name", "chart_type"))
    assert charts == {
        "Falls per 1,000 resident-days": "u",
        "Days between new pressure ulcers": "g",
        "Residents with a pressure ulcer risk assessment": "p",
        "Medication reconciliation within 24 hours": "p",
    }
    for measure in Measure.objects.all():
        assert measure.organisation is None  # shared by every team
        assert measure.description and measure.inclusion and measure.exclusion
        assert measure.data_source and measure.sampling and measure.numerator
        assert measure.denominator or not measure.has_denominator
        measure.full_clean()
    assert TeamMeasure.objects.count() == 32
    assert loaded.counts["teams"] == 10


def test_demo_series_cover_24_to_36_months_with_plausible_counts(loaded: demo.DemoResult) -> None:
    monthly = (
        Observation.objects.exclude(measure__chart_type="g")
        .values("team", "measure")
        .annotate(n=Count("id"), first=Min("period"), last=Max("period"))
    )
    assert len(monthly) == 26
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


def test_demo_improving_teams_have_a_phase_with_a_pdsa_note_at_the_change(
    loaded: demo.DemoResult,
) -> None:
    phases = SeriesEvent.objects.filter(kind=SeriesEvent.Kind.PHASE)
    assert phases.count() >= 5
    for phase in phases:
        note = SeriesEvent.objects.filter(
            team=phase.team, measure=phase.measure, kind=SeriesEvent.Kind.NOTE,
            period=phase.period,
        ).first()  # fmt: skip
        # The demo team's falls cycles are PDSA cycles of its improvement project instead.
        cycle = PdsaCycle.objects.filter(project__team=phase.team, start=phase.period).first()
        text = note.text if note else cycle.title if cycle else ""
        assert text.startswith("PDSA 1: ")
    baselines = SeriesEvent.objects.filter(kind=SeriesEvent.Kind.BASELINE)
    assert baselines.count() == 1
    assert baselines.get().period == dt.date(2024, 10, 1)  # the first 12 months


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
    assert len(visible("organiser")) == 5  # the Bergen and Trondheim teams of the network
    assert visible("analyst") == set()
    assert len(visible("admin")) == 10
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
    assert Organisation.objects.count() == 5


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
    assert "Demo loaded" in text and "10 teams" in text
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


def test_load_demo_takes_a_few_seconds_at_most() -> None:
    started = time.perf_counter()
    demo.load_demo(today=TODAY)
    assert time.perf_counter() - started < 5


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


def test_demo_has_a_network_with_enrolled_teams_and_reports(loaded: demo.DemoResult) -> None:
    from forbedring.web.networks.models import Enrolment, Network, TeamReport

    networks = {n.language: n for n in Network.objects.all()}
    assert set(networks) == {"da", "nb"}
    for lang, country in (("da", "DK"), ("nb", "NO")):
        network = networks[lang]
        enrolled = Enrolment.objects.filter(network=network, status=Enrolment.Status.ENROLLED)
        assert enrolled.count() >= 2
        assert {e.team.unit.organisation.country for e in enrolled} == {country}
        reports = TeamReport.objects.filter(network=network, status=TeamReport.Status.SUBMITTED)
        assert reports.count() == enrolled.count() * 17
        assert network.sessions.count() == 3
