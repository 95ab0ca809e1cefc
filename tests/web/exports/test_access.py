"""Who may download what: a team's files for those who may see the team (404 for everyone
else, whatever the file), the network workbook for its staff and enrolled teams."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.web.exports.conftest import client_for

pytestmark = pytest.mark.django_db

MEASURE_FILES = [
    "series_csv", "observations_csv", "series_xlsx", "observations_xlsx",
    "chart_png", "chart_svg", "chart_pdf",
]  # fmt: skip


def measure_urls(w: dict[str, Any], team: str = "team_a", measure: str = "falls") -> list[str]:
    return [reverse(f"exports:{name}", args=[w[team].pk, w[measure].pk]) for name in MEASURE_FILES]


def team_url(w: dict[str, Any], team: str = "team_a") -> str:
    return reverse("exports:team_xlsx", args=[w[team].pk])


@pytest.mark.parametrize(
    "person", ["member_a", "lead_a", "leader_north", "consultant_north", "site_admin"]
)
def test_everyone_who_sees_the_team_downloads_its_files(world: dict[str, Any], person: str) -> None:
    """Leaders read only, and downloads are reads: they get every file too."""
    client = client_for(world[person])
    for url in [*measure_urls(world), team_url(world)]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("person", ["member_b", "analyst", "nobody"])
def test_other_organisations_and_strangers_get_404(world: dict[str, Any], person: str) -> None:
    client = client_for(world[person])
    for url in [*measure_urls(world), team_url(world)]:
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_log_in(world: dict[str, Any]) -> None:
    for url in [*measure_urls(world), team_url(world)]:
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login" in response["Location"], url


def test_a_measure_the_team_does_not_report_is_404(world: dict[str, Any]) -> None:
    """Team B reports falls but not the value measure: even its own people get 404 for it,
    and team A's people get 404 for team B's falls."""
    for url in measure_urls(world, team="team_b", measure="weighed"):
        assert client_for(world["member_b"]).get(url).status_code == 404, url
    for url in measure_urls(world, team="team_b"):
        assert client_for(world["member_a"]).get(url).status_code == 404, url


def test_downloads_refuse_writes(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    for url in [*measure_urls(world)[:2], team_url(world)]:
        assert client.post(url).status_code == 405, url


def network_url(w: dict[str, Any]) -> str:
    return reverse("exports:network_xlsx", args=[w["network"].pk])


@pytest.mark.parametrize("person", ["organiser", "faculty", "member_a", "lead_a", "member_b"])
def test_network_staff_and_enrolled_teams_download_the_network_workbook(
    network_world: dict[str, Any], person: str
) -> None:
    response = client_for(network_world[person]).get(network_url(network_world))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="sikker-pleje-2025-03-15.xlsx"'


@pytest.mark.parametrize("person", ["member_c", "leader_north", "analyst", "nobody"])
def test_invited_teams_and_outsiders_get_404_for_the_network_workbook(
    network_world: dict[str, Any], person: str
) -> None:
    """Team C is only invited; the leader of team A's municipality does not take part."""
    assert client_for(network_world[person]).get(network_url(network_world)).status_code == 404


def test_pages_link_to_the_downloads(network_world: dict[str, Any]) -> None:
    w = network_world
    client = client_for(w["member_a"], "en")
    page = client.get(reverse("measure_detail", args=[w["team_a"].pk, w["falls"].pk]))
    html = page.content.decode()
    for url in measure_urls(w):
        assert f'href="{url}"' in html
    home = client.get(reverse("team_home", args=[w["team_a"].pk])).content.decode()
    assert f'href="{team_url(w)}"' in home
    network = client.get(reverse("network_detail", args=[w["network"].pk])).content.decode()
    assert f'href="{network_url(w)}"' in network
    invited = client_for(w["member_c"], "en").get(reverse("network_detail", args=[w["network"].pk]))
    assert network_url(w) not in invited.content.decode()
