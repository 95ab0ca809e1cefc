"""The printable one-page project summary: its content, the PDF, and who may see them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from forbedring.web.improvement.models import PdsaCycle, WhatMatters
from forbedring.web.improvement.views_pdsa import summary_document
from tests.web.test_pdsa import client_for, project_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict[str, Any]:
    world = project_world()
    project, idea = world["project"], world["idea"]
    first = PdsaCycle.objects.create(
        project=project, change_idea=idea, title="Lights in room 12", start=dt.date(2024, 6, 3),
        end=dt.date(2024, 6, 17), objective="Fewer night falls", decision="adapt",
        created_by=world["member_a"],
    )  # fmt: skip
    PdsaCycle.objects.create(
        project=project, change_idea=idea, previous=first, title="Lights on the corridor",
        start=dt.date(2024, 7, 1), created_by=world["member_a"],
    )  # fmt: skip
    WhatMatters.objects.create(project=project, source="citizen", text="Sleeping without fear")
    return world


def url(world: dict[str, Any], name: str) -> str:
    return reverse(name, args=[world["team_a"].pk, world["project"].pk])


def test_summary_shows_aim_diagram_charts_and_cycles(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).get(url(world, "project_summary"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fewer falls" in html and "Halve falls by December 2025" in html
    assert "Light at night" in html and "Night lights" in html  # the driver diagram
    assert html.count("<svg") >= 2  # the diagram and the measure's chart, drawn on the server
    assert "Falls per 1,000 resident-days" in html
    assert "Lights in room 12" in html and "Lights on the corridor" in html
    assert "Sleeping without fear" in html
    assert url(world, "project_summary_pdf") in html
    assert "<script>" not in html  # the CSP allows no inline script


def test_summary_pdf_is_one_a4_page(world: dict[str, Any]) -> None:
    response = client_for(world["leader_north"]).get(url(world, "project_summary_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="fewer-falls-2024.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    request = RequestFactory().get(url(world, "project_summary_pdf"))
    request.user = world["leader_north"]
    document = summary_document(request, world["team_a"], world["project"])
    assert len(document.pages) == 1
    page = document.pages[0]
    assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (210, 297)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("member_a", 200),
        ("lead_a", 200),
        ("site_admin", 200),
        ("leader_north", 200),
        ("consultant_north", 200),
        ("member_b", 404),
        ("nobody", 404),
    ],
)
def test_summary_access(world: dict[str, Any], who: str, status: int) -> None:
    assert client_for(world[who]).get(url(world, "project_summary")).status_code == status


def test_summary_pdf_refused_to_others(world: dict[str, Any]) -> None:
    assert client_for(world["member_b"]).get(url(world, "project_summary_pdf")).status_code == 404
    anonymous = Client().get(url(world, "project_summary_pdf"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
