"""A team's improvement projects: list, new and edit with the aim by its parts, the project page
with its measures and status in words, what matters, and who may see and change what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forbedring.web.improvement import actions_project
from forbedring.web.improvement.models import (
    ChangeIdea,
    PdsaCycle,
    Project,
    ProjectMember,
    WhatMatters,
)
from forbedring.web.improvement.queries import aim_hints, compose_aim, project_overview
from forbedring.web.measures.models import Measure
from tests.web import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    # The site's default language is Danish; these tests read the English messages.
    with translation.override("en"):
        yield


BACKEND = "django.contrib.auth.backends.ModelBackend"
FALLS = [6, 7, 5, 8, 6, 7, 6, 5, 7, 6, 8, 7, 3, 2, 3, 2, 1, 2, 3, 2, 2, 1, 2, 2]


def client_for(person: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.role_world()
    team_a = w["team_a"]
    falls = factories.measure([team_a])
    factories.monthly_data(falls, team_a, w["lead_a"], FALLS)
    audits = factories.measure([team_a], name="Fall risk assessed", chart_type="run")
    other = factories.measure([w["team_b"]], name="Team B's measure")
    project = actions_project.create_project(
        team=team_a, by=w["lead_a"], title="Fewer falls", problem="14 falls last quarter",
        aim_what="Reduce falls", aim_how_much="50 %", aim_for_whom="residents of Solgården",
        aim_by_when=dt.date(2026, 12, 31), start=dt.date(2025, 1, 1),
        members=[(w["lead_a"], "lead"), (w["member_a"], "member")],
        measures=[(falls, "outcome"), (audits, "process")],
    )  # fmt: skip
    project_b = actions_project.create_project(
        team=w["team_b"], by=w["member_b"], title="B's project", start=dt.date(2025, 1, 1)
    )
    return {**w, "falls": falls, "audits": audits, "other": other, "project": project,
            "project_b": project_b}  # fmt: skip


def form_data(w: dict[str, Any], **changes: str) -> dict[str, str]:
    data = {
        "title": "Fewer pressure ulcers", "problem": "", "aim_what": "Reduce pressure ulcers",
        "aim_how_much": "30 %", "aim_for_whom": "home-care citizens", "aim_by_when": "2026-06-30",
        "aim_statement": "", "start": "2025-02-01", "end": "", "status": "active",
        f"member_{w['member_a'].pk}": "lead", f"member_{w['lead_a'].pk}": "sponsor",
        f"measure_{w['falls'].pk}": "balancing", f"measure_{w['audits'].pk}": "",
    }  # fmt: skip
    return {**data, **changes}


# --- the aim ---


def test_compose_aim_joins_the_parts_into_one_sentence() -> None:
    with translation.override("en"):
        aim = compose_aim("Reduce falls", "50 %", "residents of Solgården", dt.date(2026, 12, 31))
    assert aim == "Reduce falls by 50 % for residents of Solgården by 31 December 2026"


def test_compose_aim_leaves_out_missing_parts_and_needs_what() -> None:
    with translation.override("en"):
        assert compose_aim("Reduce falls", "", "residents", None) == "Reduce falls for residents"
        assert compose_aim("", "50 %", "residents", None) == ""


def test_aim_hints_when_how_much_or_by_when_is_missing() -> None:
    with translation.override("en"):
        assert aim_hints("Reduce falls", "50 %", dt.date(2026, 1, 1)) == []
        assert len(aim_hints("Reduce falls", "", dt.date(2026, 1, 1))) == 1
        assert len(aim_hints("Reduce falls", "50 %", None)) == 1
        assert len(aim_hints("", "", None)) == 3


def test_create_project_composes_the_aim_statement(world: dict[str, Any]) -> None:
    assert world["project"].aim_statement.startswith("Reduce falls by 50 %")


def test_aim_preview_shows_sentence_and_measurability_hint(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    url = reverse("project_aim_preview", args=[world["team_a"].pk])
    response = client.post(url, {"aim_what": "Reduce falls", "aim_how_much": "50 %"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reduce falls by 50 %" in html
    assert "not measurable yet" in html
    response = client.post(
        url, {"aim_what": "Reduce falls", "aim_how_much": "50 %", "aim_by_when": "2026-12-31"}
    )
    assert "not measurable yet" not in response.content.decode()


def test_preview_button_without_javascript_saves_nothing(world: dict[str, Any]) -> None:
    url = reverse("project_new", args=[world["team_a"].pk])
    data = form_data(world, action="preview")
    response = client_for(world["member_a"]).post(url, data)
    assert response.status_code == 200
    assert "Reduce pressure ulcers by 30 %" in response.content.decode()
    assert not Project.objects.filter(title="Fewer pressure ulcers").exists()


# --- new and edit ---


def test_new_project_saves_members_measures_and_aim(world: dict[str, Any]) -> None:
    url = reverse("project_new", args=[world["team_a"].pk])
    response = client_for(world["member_a"]).post(url, form_data(world))
    project = Project.objects.get(title="Fewer pressure ulcers")
    assert response.status_code == 302
    assert response["Location"] == reverse("project_detail", args=[world["team_a"].pk, project.pk])
    assert project.team == world["team_a"] and project.created_by == world["member_a"]
    assert project.aim_statement == (
        "Reduce pressure ulcers by 30 % for home-care citizens by 30 June 2026"
    )
    roles = {m.user.username: m.role for m in project.members.all()}
    assert roles == {"member_a": "lead", "lead_a": "sponsor"}
    kinds = {pm.measure.name: pm.kind for pm in project.project_measures.all()}
    assert kinds == {world["falls"].name: "balancing"}


def test_new_project_keeps_the_teams_own_aim_sentence(world: dict[str, Any]) -> None:
    url = reverse("project_new", args=[world["team_a"].pk])
    data = form_data(world, aim_statement="No new pressure ulcers for 300 days")
    client_for(world["lead_a"]).post(url, data)
    assert Project.objects.get(title="Fewer pressure ulcers").aim_statement == (
        "No new pressure ulcers for 300 days"
    )


def test_new_project_with_errors_shows_summary_and_saves_nothing(world: dict[str, Any]) -> None:
    url = reverse("project_new", args=[world["team_a"].pk])
    data = form_data(world, title="", end="2024-01-01")
    response = client_for(world["member_a"]).post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and 'href="#id_title"' in html and "#id_end" in html
    assert Project.objects.filter(team=world["team_a"]).count() == 1


def test_new_project_form_lists_team_people_and_measures_only(world: dict[str, Any]) -> None:
    response = client_for(world["lead_a"]).get(reverse("project_new", args=[world["team_a"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="member_{world["member_a"].pk}"' in html
    assert f'name="member_{world["member_b"].pk}"' not in html
    assert f'name="measure_{world["falls"].pk}"' in html
    assert f'name="measure_{world["other"].pk}"' not in html
    assert reverse("measure_new", args=[world["team_a"].pk]) in html


def test_posted_person_or_measure_of_another_team_is_ignored(world: dict[str, Any]) -> None:
    url = reverse("project_new", args=[world["team_a"].pk])
    data = form_data(world, **{f"member_{world['member_b'].pk}": "lead",
                               f"measure_{world['other'].pk}": "outcome"})  # fmt: skip
    client_for(world["member_a"]).post(url, data)
    project = Project.objects.get(title="Fewer pressure ulcers")
    assert not project.members.filter(user=world["member_b"]).exists()
    assert not project.project_measures.filter(measure=world["other"]).exists()


def test_actions_refuse_people_and_measures_outside_the_team(world: dict[str, Any]) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions_project.update_project(
            project=world["project"], by=world["lead_a"], members=[(world["member_b"], "lead")]
        )
    with pytest.raises(ValidationError):
        actions_project.update_project(
            project=world["project"], by=world["lead_a"], measures=[(world["other"], "outcome")]
        )
    assert world["project"].members.count() == 2


def test_edit_project_replaces_members_and_measures(world: dict[str, Any]) -> None:
    project = world["project"]
    url = reverse("project_edit", args=[world["team_a"].pk, project.pk])
    client = client_for(world["lead_a"])
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="lead" selected' in form.content.decode()
    data = form_data(world, title="Fewer falls, round 2", status="paused")
    response = client.post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.title == "Fewer falls, round 2" and project.status == "paused"
    # The statement was the composed one, so the new parts compose a new one.
    assert project.aim_statement.startswith("Reduce pressure ulcers by 30 %")
    assert dict(project.members.values_list("user__username", "role")) == {
        "member_a": "lead", "lead_a": "sponsor"}  # fmt: skip
    assert list(project.project_measures.values_list("measure_id", "kind")) == [
        (world["falls"].pk, "balancing")
    ]


# --- the pages ---


def test_project_list_shows_title_status_aim_and_period(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).get(reverse("project_list", args=[world["team_a"].pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fewer falls" in html and "Active" in html and "Reduce falls by 50 %" in html
    assert "B&#x27;s project" not in html and "B's project" not in html
    assert reverse("project_new", args=[world["team_a"].pk]) in html


def test_project_list_for_leader_is_read_only(world: dict[str, Any]) -> None:
    response = client_for(world["leader_north"]).get(
        reverse("project_list", args=[world["team_a"].pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Fewer falls" in html
    assert reverse("project_new", args=[world["team_a"].pk]) not in html


def test_team_home_links_to_the_projects(world: dict[str, Any]) -> None:
    response = client_for(world["leader_north"]).get(
        reverse("team_home", args=[world["team_a"].pk])
    )
    assert reverse("project_list", args=[world["team_a"].pk]) in response.content.decode()


def test_project_page_shows_aim_members_measures_and_slots(world: dict[str, Any]) -> None:
    project = world["project"]
    response = client_for(world["member_a"]).get(
        reverse("project_detail", args=[world["team_a"].pk, project.pk])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Reduce falls by 50 % for residents of Solgården by 31 December 2026" in html
    assert "14 falls last quarter" in html
    assert "Project lead" in html and "lead_a" in html
    assert "Outcome measure" in html and "Process measure" in html
    assert f'data-chart-spec="measure-{world["falls"].pk}-spec"' in html
    assert "1 of 1 outcome measure shows improvement" in html
    assert 'id="driver-diagram"' in html and "PDSA" in html
    assert "What matters to you?" in html
    assert reverse("project_edit", args=[world["team_a"].pk, project.pk]) in html


def test_status_lines_count_pdsa_cycles_and_implemented_ideas(world: dict[str, Any]) -> None:
    project = world["project"]
    idea = ChangeIdea.objects.create(project=project, title="Hip protectors", status="implemented")
    PdsaCycle.objects.create(
        project=project, change_idea=idea, title="Test 1", start=dt.date(2025, 2, 1),
        created_by=world["lead_a"],
    )  # fmt: skip
    with translation.override("en"):
        lines = project_overview(project).status_lines
    assert "1 of 1 outcome measure shows improvement" in lines
    assert "0 of 1 process measures show improvement" not in lines
    assert "0 of 1 process measure shows improvement" in lines
    assert "1 PDSA cycle in progress" in lines
    assert "1 change idea implemented" in lines


# --- what matters ---


def test_what_matters_add_and_delete(world: dict[str, Any]) -> None:
    project = world["project"]
    idea = ChangeIdea.objects.create(project=project, title="Night lights")
    client = client_for(world["member_a"])
    url = reverse("project_what_matters_add", args=[world["team_a"].pk, project.pk])
    response = client.post(url, {
        "matters-source": "relative", "matters-text": "That mum can walk to the garden",
        "matters-heard_on": "2025-03-01", "matters-answers_aim": "on",
        "matters-change_ideas": [str(idea.pk)],
    })  # fmt: skip
    assert response.status_code == 302
    item = WhatMatters.objects.get(project=project)
    assert item.answers_aim and list(item.change_ideas.all()) == [idea]
    page = client.get(reverse("project_detail", args=[world["team_a"].pk, project.pk]))
    assert "That mum can walk to the garden" in page.content.decode()
    assert "Night lights" in page.content.decode()
    delete = reverse("project_what_matters_delete", args=[world["team_a"].pk, project.pk, item.pk])
    assert client.post(delete).status_code == 302
    assert not WhatMatters.objects.filter(project=project).exists()


def test_what_matters_refuses_another_projects_change_idea(world: dict[str, Any]) -> None:
    project = world["project"]
    foreign = ChangeIdea.objects.create(project=world["project_b"], title="Elsewhere")
    url = reverse("project_what_matters_add", args=[world["team_a"].pk, project.pk])
    response = client_for(world["member_a"]).post(url, {
        "matters-source": "citizen", "matters-text": "Quiet nights",
        "matters-change_ideas": [str(foreign.pk)],
    })  # fmt: skip
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not WhatMatters.objects.exists()


# --- access ---

# who -> expected status of (GET list, GET page, GET edit, POST what matters) on team A
MATRIX = {
    "member_a": (200, 200, 200, 302),
    "lead_a": (200, 200, 200, 302),
    "leader_north": (200, 200, 403, 403),
    "consultant_north": (200, 200, 403, 403),
    "member_b": (404, 404, 404, 404),
    "analyst": (404, 404, 404, 404),
    "nobody": (404, 404, 404, 404),
    "site_admin": (200, 200, 200, 302),
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_access_matrix_for_each_role(world: dict[str, Any], who: str) -> None:
    team, project = world["team_a"], world["project"]
    client = client_for(world[who])
    got = (
        client.get(reverse("project_list", args=[team.pk])).status_code,
        client.get(reverse("project_detail", args=[team.pk, project.pk])).status_code,
        client.get(reverse("project_edit", args=[team.pk, project.pk])).status_code,
        client.post(
            reverse("project_what_matters_add", args=[team.pk, project.pk]),
            {"matters-source": "staff", "matters-text": "Time to talk"},
        ).status_code,
    )
    assert got == MATRIX[who]


def test_leader_cannot_create_or_edit_projects(world: dict[str, Any]) -> None:
    team, project = world["team_a"], world["project"]
    client = client_for(world["leader_north"])
    assert client.get(reverse("project_new", args=[team.pk])).status_code == 403
    assert client.post(reverse("project_new", args=[team.pk]), form_data(world)).status_code == 403
    url = reverse("project_edit", args=[team.pk, project.pk])
    assert client.post(url, form_data(world)).status_code == 403
    page = client.get(reverse("project_detail", args=[team.pk, project.pk])).content.decode()
    assert "read-only" in page and url not in page
    assert 'name="matters-text"' not in page
    project.refresh_from_db()
    assert project.title == "Fewer falls"


def test_other_teams_project_is_missing_under_own_team(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    url = reverse("project_detail", args=[world["team_a"].pk, world["project_b"].pk])
    assert client.get(url).status_code == 404
    url = reverse("project_edit", args=[world["team_a"].pk, world["project_b"].pk])
    assert client.post(url, form_data(world)).status_code == 404


def test_what_matters_of_another_project_cannot_be_deleted(world: dict[str, Any]) -> None:
    item = actions_project.add_what_matters(
        project=world["project_b"], by=world["member_b"], source="staff", text="Calm"
    )
    url = reverse(
        "project_what_matters_delete", args=[world["team_a"].pk, world["project"].pk, item.pk]
    )
    assert client_for(world["member_a"]).post(url).status_code == 404
    assert WhatMatters.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize("name", ["project_list", "project_new"])
def test_anonymous_is_sent_to_login(world: dict[str, Any], name: str) -> None:
    response = client_for(None).get(reverse(name, args=[world["team_a"].pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_anonymous_is_sent_to_login_from_the_project_page(world: dict[str, Any]) -> None:
    url = reverse("project_detail", args=[world["team_a"].pk, world["project"].pk])
    response = client_for(None).get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_members_keep_roles_model_choices(world: dict[str, Any]) -> None:
    assert set(ProjectMember.Role.values) == {"lead", "member", "sponsor", "adviser"}
    assert set(Measure.Kind.values) == {"outcome", "process", "balancing"}
