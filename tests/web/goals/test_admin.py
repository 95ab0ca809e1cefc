"""The local goal admin: its pages work, and it keeps the actions' rule for projects."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from forbedring.web.goals import actions
from forbedring.web.goals.admin import LocalGoalAdminForm
from tests.web.goals.conftest import DK_PATHWAYS, READMISSIONS

pytestmark = pytest.mark.django_db


def form_data(world: dict[str, Any], projects: list[Any]) -> dict[str, Any]:
    return {
        "organisation": world["north"].pk, "national_goal": DK_PATHWAYS, "title": "Safe discharge",
        "projects": [p.pk for p in projects],
    }  # fmt: skip


def test_admin_form_accepts_the_organisations_own_projects(world: dict[str, Any]) -> None:
    assert LocalGoalAdminForm(data=form_data(world, [world["falls"]])).is_valid()


def test_admin_form_refuses_another_organisations_project(world: dict[str, Any]) -> None:
    form = LocalGoalAdminForm(data=form_data(world, [world["south_project"]]))
    assert not form.is_valid()
    assert form.errors["projects"] == [
        "“Sydby's project” is not a project of a team in Nordby Kommune."
    ]


def test_admin_pages_of_a_local_goal_work_for_site_administrators(world: dict[str, Any]) -> None:
    goal = actions.create_local_goal(
        organisation=world["north"], by=world["leader_north"], national_goal=DK_PATHWAYS,
        title="Safe discharge", indicators=[READMISSIONS], projects=[world["falls"]],
    )  # fmt: skip
    world["site_admin"].is_staff = world["site_admin"].is_superuser = True
    world["site_admin"].save()
    client = Client()
    client.force_login(world["site_admin"])
    assert client.get(reverse("admin:goals_localgoal_changelist")).status_code == 200
    change = client.get(reverse("admin:goals_localgoal_change", args=[goal.pk]))
    assert change.status_code == 200 and READMISSIONS in change.content.decode()
    assert client.get(reverse("admin:goals_localgoal_add")).status_code == 200
