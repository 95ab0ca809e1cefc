"""An improvement project in a real browser: a team member creates a project with an aim,
tests a change idea in two PDSA cycles, sees them on the measure's chart and prints the summary.

The project is created through the project form and the driver diagram (primary driver,
secondary driver, change idea) through its edit page.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import (
    Demo,
    assert_no_horizontal_scroll,
    axe_violations,
    log_in,
    screenshot,
    wait_for_charts,
)

pytestmark = pytest.mark.django_db(transaction=True)

AIM = "Halvér faldene på 1. sal inden udgangen af året"
CYCLES = ("Natlys på stue 12", "Natlys på hele gangen")


def _months_ago(months: int) -> dt.date:
    today = timezone.localdate()
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 10)


def _create_project(page: Any, demo: Demo) -> Any:
    from forbedring.web.improvement.models import Project

    page.goto(demo.team_url("projects/new/"))
    page.fill("#id_title", "Færre fald")
    page.fill("#id_aim_statement", AIM)
    page.fill("#id_start", _months_ago(12).isoformat())
    page.select_option(f"#id_measure_{demo.falls.pk}", "outcome")
    page.locator("form button[type=submit].primary").first.click()
    page.wait_for_load_state("networkidle")
    return Project.objects.get(title="Færre fald")


def _add_diagram(page: Any, demo: Demo, project: Any) -> Any:
    """Primary driver, secondary driver and change idea, through the diagram's edit page."""
    from forbedring.web.improvement.models import ChangeIdea, Driver

    page.goto(demo.team_url(f"projects/{project.pk}/drivers/"))
    page.fill("#form-add-primary input[type=text]", "Trygge omgivelser")
    page.click("#submit-add-primary")
    expect(page.locator(".dd-edit-list")).to_contain_text("Trygge omgivelser")
    primary = Driver.objects.get(project=project, parent=None)
    add_secondary = page.locator(f"form[action$='/drivers/{primary.pk}/add/']")
    # The add forms sit folded in <details>, as a user opens them.
    page.locator("details.dd-add-details", has=add_secondary).locator("summary").click()
    add_secondary.locator("input[type=text]").fill("Lys om natten")
    add_secondary.locator("button[type=submit]").click()
    expect(page.locator(".dd-edit-secondaries")).to_contain_text("Lys om natten")
    secondary = Driver.objects.get(project=project, parent=primary)
    add_idea = page.locator(f"form[action$='/drivers/{secondary.pk}/ideas/add/']")
    page.locator("details.dd-add-details", has=add_idea).locator("summary").click()
    add_idea.locator("input[name$='title']").fill("Natlys")
    add_idea.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    expect(page.locator("main")).to_contain_text("Natlys")
    return ChangeIdea.objects.get(project=project, title="Natlys")


def _add_cycle(page: Any, demo: Demo, project: Any, idea: Any, title: str, start: dt.date) -> None:
    page.goto(demo.team_url(f"projects/{project.pk}/pdsa/new/"))
    page.select_option("#id_change_idea", str(idea.pk))
    page.fill("#id_title", title)
    page.fill("#id_start", start.isoformat())
    page.fill("#id_prediction", "Færre fald om natten")
    page.locator("form.pdsa-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(title)


def test_team_tests_a_change_and_prints_the_summary(page: Any, demo: Demo) -> None:
    log_in(page, demo.url, "team", "demo")
    project = _create_project(page, demo)
    assert project.aim_statement == AIM
    idea = _add_diagram(page, demo, project)

    _add_cycle(page, demo, project, idea, CYCLES[0], _months_ago(5))
    assert axe_violations(page) == []
    page.click(".page-actions a[href$='/edit/']")
    page.check("input[name=decision][value=adapt]")
    page.fill("#id_next_steps", "Prøv hele gangen")
    page.locator("form.pdsa-form button[type=submit]").click()
    page.click(".page-actions a[href*='previous=']")  # "Start the next cycle"
    expect(page.locator("#id_objective")).to_have_value("Prøv hele gangen")
    assert axe_violations(page) == []
    page.select_option("#id_change_idea", str(idea.pk))
    page.fill("#id_title", CYCLES[1])
    page.fill("#id_start", _months_ago(3).isoformat())
    page.locator("form.pdsa-form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text(CYCLES[1])

    page.goto(demo.team_url(f"projects/{project.pk}/"))
    timeline = page.locator("#pdsa-cycles")
    expect(timeline).to_contain_text(CYCLES[0])
    expect(timeline).to_contain_text(CYCLES[1])
    assert axe_violations(page) == []

    page.goto(demo.measure_url())
    wait_for_charts(page)
    for title in CYCLES:
        # Labels near the right edge are cut to the space left ("PDSA: Natlys på hele gan…").
        expect(page.locator(".chart svg text", has_text=f"PDSA: {title[:14]}")).to_have_count(1)

    page.goto(demo.team_url(f"projects/{project.pk}/summary/"))
    summary = page.locator("main")
    expect(summary).to_contain_text(AIM)
    expect(summary).to_contain_text(CYCLES[0])
    expect(summary).to_contain_text(CYCLES[1])
    expect(page.locator("[data-print]")).to_be_visible()  # shown by print.js
    expect(page.locator("a[href$='summary.pdf']")).to_be_visible()
    assert page.locator(".chart-svg svg").count() == 1
    assert axe_violations(page) == []
    assert_no_horizontal_scroll(page)
    screenshot(page, "project-summary")
    response = page.request.get(demo.team_url(f"projects/{project.pk}/summary.pdf"))
    assert response.ok and response.body().startswith(b"%PDF")
    assert re.search(r'filename="faerre-fald-\d{4}\.pdf"', response.headers["content-disposition"])
