"""Chart downloads: the measure page's own Vega-Lite spec drawn as PNG, SVG and PDF."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse

from forbedring.charts.render import render_svg
from forbedring.web.measures.models import Observation
from forbedring.web.measures.queries import series_view
from tests.web.exports.conftest import client_for

pytestmark = pytest.mark.django_db


def chart_url(w: dict[str, Any], fmt: str, measure: str = "falls") -> str:
    return reverse(f"exports:chart_{fmt}", args=[w["team_a"].pk, w[measure].pk])


@pytest.mark.parametrize(
    ("fmt", "content_type", "magic"),
    [("png", "image/png", b"\x89PNG\r\n\x1a\n"), ("svg", "image/svg+xml", b"<svg"),
     ("pdf", "application/pdf", b"%PDF-")],
)  # fmt: skip
def test_chart_downloads_have_type_filename_and_content(
    world: dict[str, Any], fmt: str, content_type: str, magic: bytes
) -> None:
    response = client_for(world["member_a"], "en").get(chart_url(world, fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == (
        f'attachment; filename="team-a-faldulykker-paa-aeroe-2025-03-15.{fmt}"'
    )
    assert magic in response.content[:200]


def test_svg_is_the_page_spec_drawn(world: dict[str, Any]) -> None:
    """The file is exactly what the page's spec draws (same engine run, same notes)."""
    client = client_for(world["member_a"], "da")
    page = client.get(reverse("measure_detail", args=[world["team_a"].pk, world["falls"].pk]))
    html = page.content.decode()
    start = html.index('<script id="measure-spec" type="application/json">') + len(
        '<script id="measure-spec" type="application/json">'
    )
    page_spec = json.loads(html[start : html.index("</script>", start)])
    assert client.get(chart_url(world, "svg")).content.decode() == render_svg(page_spec)
    assert "Natlys indført" in render_svg(page_spec)  # the phase's label is on it


def test_chart_language_follows_the_page(world: dict[str, Any]) -> None:
    danish = client_for(world["member_a"], "da").get(chart_url(world, "svg")).content.decode()
    english = client_for(world["member_a"], "en").get(chart_url(world, "svg")).content.decode()
    view = series_view(world["falls"], world["team_a"], lang="en")
    assert view.spec is not None
    assert english == render_svg(view.spec)
    assert danish != english


def test_chart_of_a_series_without_data_is_404(world: dict[str, Any]) -> None:
    Observation.objects.filter(measure=world["weighed"]).delete()
    for fmt in ("png", "svg", "pdf"):
        response = client_for(world["member_a"]).get(chart_url(world, fmt, "weighed"))
        assert response.status_code == 404
