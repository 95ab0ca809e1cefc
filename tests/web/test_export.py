"""Seminar export of a learning network: the team's and the network's PDF (and their HTML
preview), the zip of PNG charts, and who may download what."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from forbedring.web.networks.models import (
    Enrolment,
    LearningSession,
    Network,
    NetworkMeasure,
    NetworkMember,
    TeamReport,
)
from forbedring.web.networks.views_export import network_document, team_document
from tests.web import factories

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"
TODAY = dt.date(2025, 3, 15)
PNG = b"\x89PNG\r\n\x1a\n"


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture(autouse=True)
def today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def world() -> dict[str, Any]:
    """A network run by an organiser with a faculty member; teams A and B enrolled (both with
    a year of falls data, A also a value measure), team C only invited; a learning session
    ahead; team A's reports for January (old: December) with faculty feedback."""
    w: dict[str, Any] = factories.role_world()
    organiser = factories.user("organiser")
    faculty = factories.user("faculty")
    network = Network.objects.create(
        organiser=factories.organisation("KL Netværk"),
        name="Sikker pleje",
        start=dt.date(2024, 3, 1),
        created_by=organiser,
    )
    NetworkMember.objects.create(network=network, user=organiser, role="organiser")
    NetworkMember.objects.create(network=network, user=faculty, role="faculty")
    team_c = factories.team(w["south"], "Team C")
    member_c = factories.user("member_c", "team_member", team=team_c)
    for team, status in ((w["team_a"], "enrolled"), (w["team_b"], "enrolled"), (team_c, "invited")):
        Enrolment.objects.create(network=network, team=team, status=status, invited_by=organiser)
    falls = factories.measure([w["team_a"], w["team_b"]], name="Faldulykker")
    weight = factories.measure(
        [w["team_a"]], name="Vejede beboere", has_denominator=False, chart_type="run",
        multiplier=1,
    )  # fmt: skip
    NetworkMeasure.objects.create(network=network, measure=falls, position=0)
    NetworkMeasure.objects.create(network=network, measure=weight, position=1)
    first = dt.date(2024, 3, 1)
    factories.monthly_data(
        falls, w["team_a"], w["member_a"], [9, 8, 9, 7, 8, 9, 5, 4, 4, 3, 4, 3], first=first
    )
    factories.monthly_data(
        falls, w["team_b"], w["member_b"], [6, 7, 6, 5, 7, 6, 6, 7, 5, 6, 6, 7], first=first
    )
    factories.monthly_data(
        weight,
        w["team_a"],
        w["member_a"],
        [20, 22, 21, 25, 24, 26, 27, 28, 27, 29, 30, 31],
        first=first,
    )
    LearningSession.objects.create(
        network=network, title="Læringsseminar 2", date=dt.date(2025, 4, 2), place="Vejle"
    )
    LearningSession.objects.create(
        network=network, title="Læringsseminar 1", date=dt.date(2024, 9, 2)
    )
    for period, score, tested in (
        (dt.date(2025, 1, 1), "3.0", "Natlys på værelserne"),
        (dt.date(2024, 11, 1), "2.0", "Gammel test"),
    ):
        TeamReport.objects.create(
            network=network, team=w["team_a"], period=period, progress_score=Decimal(score),
            tested=tested, learned="Færre fald om natten", plan="Spredning", support="Data",
            status="submitted", submitted_at=timezone.now(), updated_by=w["member_a"],
            faculty_score=Decimal("3.5"), faculty_comment="Flot arbejde med natlys",
            faculty_by=faculty,
        )  # fmt: skip
    TeamReport.objects.create(
        network=network, team=w["team_a"], period=dt.date(2025, 2, 1), tested="Kladde",
        status="draft", updated_by=w["member_a"],
    )  # fmt: skip
    return {**w, "network": network, "organiser": organiser, "faculty": faculty,
            "team_c": team_c, "member_c": member_c}  # fmt: skip


def network_url(w: dict[str, Any], name: str) -> str:
    return reverse(name, args=[w["network"].pk])


def team_url(w: dict[str, Any], name: str, team: str = "team_a") -> str:
    return reverse(name, args=[w["network"].pk, w[team].pk])


def test_team_preview_shows_charts_reports_and_feedback(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"]).get(team_url(world, "team_export")).content.decode()
    assert "Team A" in html and "Nordby Kommune" in html and "Sikker pleje" in html
    assert html.count("<svg") == 2  # both network measures, static
    assert "Faldulykker" in html and "Vejede beboere" in html
    assert "signal" in html.lower()  # the status in words
    assert "Natlys på værelserne" in html and "Færre fald om natten" in html
    assert "Progress score 3.0" in html
    assert "Flot arbejde med natlys" in html  # faculty feedback
    assert "Gammel test" not in html  # older than three months
    assert "Kladde" not in html  # drafts are not shown
    assert "Læringsseminar 2" in html
    assert team_url(world, "team_export_pdf") in html


def test_network_preview_shows_teams_aggregates_and_grid(world: dict[str, Any]) -> None:
    html = client_for(world["organiser"]).get(network_url(world, "network_export")).content.decode()
    assert "Læringsseminar 2" in html and "Læringsseminar 1" not in html
    assert "Team A" in html and "Team B" in html and "Team C" not in html  # C only invited
    assert "3.0" in html  # team A's latest progress score
    # Per measure: the aggregate plus one small chart per team with data (B has no weights).
    assert html.count("<svg") == (1 + 2) + (1 + 1)
    assert "2 teams with data" in html and "1 team with data" in html
    # The one aggregate rule, said in words: summed for the rate, the mean for the values.
    assert "numerators and denominators are summed" in html and "mean of the values" in html
    assert network_url(world, "network_export_png") in html
    assert team_url(world, "team_export_pdf", "team_b") in html


def test_team_member_preview_links_only_own_team(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"]).get(network_url(world, "network_export")).content.decode()
    assert team_url(world, "team_export_pdf", "team_a") in html
    assert team_url(world, "team_export_pdf", "team_b") not in html
    assert network_url(world, "network_export_png") not in html


def test_network_aggregate_sums_numerators_and_denominators(world: dict[str, Any]) -> None:
    from forbedring.web.networks import export

    network = world["network"]
    data = export.NetworkData(network, export.enrolled_teams(network))
    falls = data.measures[0]
    series = data.network_series(falls, network, "en")
    assert series.teams_with_data == 2
    view = series.view
    assert view is not None
    first = view.observations[0]
    assert (first.numerator, first.denominator) == (15, 3000)
    assert view.chart is not None and view.chart.chart_type == "u"


def _pages(document: Any) -> list[tuple[int, int]]:
    return [(round(p.width * 25.4 / 96), round(p.height * 25.4 / 96)) for p in document.pages]


def test_team_pdf(world: dict[str, Any]) -> None:
    response = client_for(world["lead_a"]).get(team_url(world, "team_export_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="sikker-pleje-team-a.pdf"' in response["Content-Disposition"]
    request = RequestFactory().get("/")
    request.user = world["lead_a"]
    pages = _pages(team_document(request, world["network"], world["team_a"]))
    assert 1 <= len(pages) <= 2
    assert set(pages) == {(210, 297)}


def test_network_pdf(world: dict[str, Any]) -> None:
    response = client_for(world["faculty"]).get(network_url(world, "network_export_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert 'filename="sikker-pleje.pdf"' in response["Content-Disposition"]
    request = RequestFactory().get("/")
    request.user = world["faculty"]
    pages = _pages(network_document(request, world["network"]))
    assert 1 <= len(pages) <= 3  # teams, then each measure's block kept on one page
    assert set(pages) == {(210, 297)}


def test_charts_zip(world: dict[str, Any]) -> None:
    response = client_for(world["organiser"]).get(network_url(world, "network_export_png"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = sorted(archive.namelist())
        assert names == [
            "network-faldulykker.png",
            "network-vejede-beboere.png",
            "team-a-faldulykker.png",
            "team-a-vejede-beboere.png",
            "team-b-faldulykker.png",
        ]
        for name in names:
            assert archive.read(name).startswith(PNG)


EVERYTHING = ("organiser", "faculty", "site_admin")


@pytest.mark.parametrize(
    ("person", "network", "own_team", "other_team", "charts"),
    [
        *[(p, 200, 200, 200, 200) for p in EVERYTHING],
        ("member_a", 200, 200, 404, 404),
        ("lead_a", 200, 200, 404, 404),
        ("member_b", 200, 404, 200, 404),  # "own" is team A; B's own is "other" here
        ("member_c", 404, 404, 404, 404),  # invited, not enrolled
        ("leader_north", 404, 404, 404, 404),
        ("nobody", 404, 404, 404, 404),
    ],
)
def test_access(
    world: dict[str, Any], person: str, network: int, own_team: int, other_team: int, charts: int
) -> None:
    client = client_for(world[person])
    for name in ("network_export", "network_export_pdf"):
        assert client.get(network_url(world, name)).status_code == network, name
    for name in ("team_export", "team_export_pdf"):
        assert client.get(team_url(world, name, "team_a")).status_code == own_team, name
        assert client.get(team_url(world, name, "team_b")).status_code == other_team, name
    assert client.get(network_url(world, "network_export_png")).status_code == charts


def test_invited_team_has_no_team_pdf(world: dict[str, Any]) -> None:
    url = team_url(world, "team_export", "team_c")
    assert client_for(world["organiser"]).get(url).status_code == 404


def test_anonymous_to_login(world: dict[str, Any]) -> None:
    for url in (
        network_url(world, "network_export_pdf"),
        network_url(world, "network_export_png"),
        team_url(world, "team_export_pdf"),
        network_url(world, "network_export"),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]
