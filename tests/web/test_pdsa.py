"""PDSA cycles: create, edit, chain into ramps, their effects on the change idea, the timeline,
the chart annotations, "start a new phase here" and who may do what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from forbedring.web.improvement.models import ChangeIdea, Driver, PdsaCycle, Project, ProjectMeasure
from forbedring.web.measures.models import SeriesEvent
from forbedring.web.measures.queries import series_view
from forbedring.web.organisations.models import Team
from tests.web import factories

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def project_world() -> dict[str, Any]:
    """The role world, with a project of team A following one measure with two years of data,
    a driver diagram with two change ideas, and the same measure reported by team B."""
    world: dict[str, Any] = factories.role_world()
    team_a, team_b = world["team_a"], world["team_b"]
    falls = factories.measure([team_a, team_b])
    factories.monthly_data(falls, team_a, world["member_a"], [6, 7, 5, 8, 6, 7, 6, 5] * 3)
    factories.monthly_data(falls, team_b, world["member_b"], [3, 4, 3, 4] * 6)
    project = Project.objects.create(
        team=team_a, title="Fewer falls", aim_statement="Halve falls by December 2025",
        start=dt.date(2024, 1, 1), created_by=world["lead_a"],
    )  # fmt: skip
    ProjectMeasure.objects.create(project=project, measure=falls, kind="outcome")
    primary = Driver.objects.create(project=project, text="Safe surroundings")
    secondary = Driver.objects.create(project=project, parent=primary, text="Light at night")
    idea = ChangeIdea.objects.create(project=project, driver=secondary, title="Night lights")
    other = ChangeIdea.objects.create(project=project, driver=secondary, title="Hip protectors")
    return {**world, "falls": falls, "project": project, "idea": idea, "other": other}


@pytest.fixture
def world() -> dict[str, Any]:
    return project_world()


def url(world: dict[str, Any], name: str, *args: int) -> str:
    return reverse(name, args=[world["team_a"].pk, world["project"].pk, *args])


def form_data(idea: ChangeIdea, **fields: Any) -> dict[str, Any]:
    return {
        "change_idea": idea.pk, "title": "Lights in room 12", "start": "2024-06-03",
        "end": "2024-06-17", "prediction": "Fewer falls at night", "decision": "", **fields,
    }  # fmt: skip


def cycle(world: dict[str, Any], **fields: Any) -> PdsaCycle:
    values = {
        "project": world["project"], "change_idea": world["idea"], "title": "Cycle",
        "start": dt.date(2024, 6, 3), "created_by": world["lead_a"], **fields,
    }  # fmt: skip
    return PdsaCycle.objects.create(**values)


def test_pdsa_create_saves_the_cycle_and_starts_testing_the_idea(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).post(url(world, "pdsa_new"), form_data(world["idea"]))
    saved = PdsaCycle.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "pdsa_detail", saved.pk)
    assert saved.created_by == world["member_a"] and saved.project == world["project"]
    world["idea"].refresh_from_db()
    assert world["idea"].status == ChangeIdea.Status.TESTING


def test_pdsa_create_keeps_an_implemented_idea_implemented(world: dict[str, Any]) -> None:
    ChangeIdea.objects.filter(pk=world["idea"].pk).update(
        status="implemented", implemented_on=dt.date(2024, 3, 1)
    )
    client_for(world["member_a"]).post(url(world, "pdsa_new"), form_data(world["idea"]))
    world["idea"].refresh_from_db()
    assert world["idea"].status == ChangeIdea.Status.IMPLEMENTED


def test_pdsa_edit_records_study_and_act(world: dict[str, Any]) -> None:
    saved = cycle(world)
    data = form_data(world["idea"], results="Two falls fewer", decision="adapt", next_steps="Ward")
    response = client_for(world["lead_a"]).post(url(world, "pdsa_edit", saved.pk), data)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.results, saved.decision, saved.next_steps) == ("Two falls fewer", "adapt", "Ward")


def test_pdsa_adopt_with_implemented_marks_the_change(world: dict[str, Any]) -> None:
    saved = cycle(world)
    data = form_data(
        world["idea"], decision="adopt", mark_implemented="on", implemented_on="2024-07-01"
    )
    client_for(world["member_a"]).post(url(world, "pdsa_edit", saved.pk), data)
    world["idea"].refresh_from_db()
    assert world["idea"].status == ChangeIdea.Status.IMPLEMENTED
    assert world["idea"].implemented_on == dt.date(2024, 7, 1)


def test_pdsa_implemented_without_adopt_is_refused(world: dict[str, Any]) -> None:
    saved = cycle(world)
    data = form_data(world["idea"], decision="adapt", mark_implemented="on")
    response = client_for(world["member_a"]).post(url(world, "pdsa_edit", saved.pk), data)
    assert response.status_code == 400
    assert b"Only an adopted change is marked as implemented." in response.content
    world["idea"].refresh_from_db()
    assert world["idea"].status == ChangeIdea.Status.IDEA


def test_pdsa_end_before_start_is_refused(world: dict[str, Any]) -> None:
    data = form_data(world["idea"], start="2024-06-10", end="2024-06-01")
    response = client_for(world["member_a"]).post(url(world, "pdsa_new"), data)
    assert response.status_code == 400
    assert b"The end cannot be before the start." in response.content
    assert not PdsaCycle.objects.exists()


def test_pdsa_previous_of_another_change_idea_is_refused(world: dict[str, Any]) -> None:
    first = cycle(world, change_idea=world["other"])
    data = form_data(world["idea"], previous=first.pk)
    response = client_for(world["member_a"]).post(url(world, "pdsa_new"), data)
    assert response.status_code == 400
    assert b"A cycle follows an earlier cycle of the same change idea." in response.content
    assert PdsaCycle.objects.count() == 1


def test_pdsa_previous_starting_later_is_refused(world: dict[str, Any]) -> None:
    later = cycle(world, start=dt.date(2024, 9, 1))
    response = client_for(world["member_a"]).post(
        url(world, "pdsa_new"), form_data(world["idea"], previous=later.pk)
    )
    assert response.status_code == 400
    assert PdsaCycle.objects.count() == 1


def test_pdsa_change_idea_of_another_project_is_refused(world: dict[str, Any]) -> None:
    elsewhere = Project.objects.create(
        team=world["team_b"], title="B", start=dt.date(2024, 1, 1), created_by=world["member_b"]
    )
    foreign = ChangeIdea.objects.create(project=elsewhere, title="Not ours")
    response = client_for(world["member_a"]).post(url(world, "pdsa_new"), form_data(foreign))
    assert response.status_code == 400
    assert not PdsaCycle.objects.exists()


def test_pdsa_next_cycle_prefills_the_ramp(world: dict[str, Any]) -> None:
    first = cycle(world, decision="adapt", next_steps="Try the whole corridor")
    response = client_for(world["member_a"]).get(url(world, "pdsa_new") + f"?previous={first.pk}")
    form = response.context["form"]
    assert form.initial["previous"] == first.pk
    assert form.initial["change_idea"] == world["idea"].pk
    assert form.initial["objective"] == "Try the whole corridor"
    data = form_data(world["idea"], previous=first.pk, title="Corridor", start="2024-07-01", end="")
    client_for(world["member_a"]).post(url(world, "pdsa_new"), data)
    second = PdsaCycle.objects.get(title="Corridor")
    assert second.previous == first
    assert list(first.next_cycles.all()) == [second]


def test_pdsa_timeline_lists_ramps_with_progress_and_decision(world: dict[str, Any]) -> None:
    from django.template.loader import render_to_string

    first = cycle(world, title="Room 12", objective="o", what_happened="w", decision="adapt")
    cycle(world, title="Corridor", previous=first, start=dt.date(2024, 7, 1))
    cycle(world, title="Protectors", change_idea=world["other"], start=dt.date(2024, 5, 1))
    from django.utils import translation

    with translation.override("en"):
        html = render_to_string(
            "improvement/_pdsa_timeline.html",
            {"team": world["team_a"], "project": world["project"], "can_edit": True},
        )
    assert html.index("Room 12") < html.index("Corridor")
    assert "Night lights" in html and "Hip protectors" in html
    assert "Plan written" in html and "Study not written yet" in html
    assert "Decision: Adapt" in html
    assert url(world, "pdsa_new") in html
    assert f"?previous={first.pk}" in html
    readonly = render_to_string(
        "improvement/_pdsa_timeline.html",
        {"team": world["team_a"], "project": world["project"], "can_edit": False},
    )
    assert url(world, "pdsa_new") not in readonly


def _notes(measure: Any, team: Team) -> list[str]:
    view = series_view(measure, Team.objects.get(pk=team.pk), lang="en")
    assert view.spec is not None
    rows = [r for r in view.spec["data"]["values"] if r.get("row_type") == "note"]
    return [r["note"] for r in rows]


def test_annotations_show_cycles_and_implemented_changes_for_the_team(
    world: dict[str, Any],
) -> None:
    cycle(world, title="Room 12", start=dt.date(2024, 6, 3))
    ChangeIdea.objects.filter(pk=world["idea"].pk).update(
        status="implemented", implemented_on=dt.date(2024, 9, 1)
    )
    notes = _notes(world["falls"], world["team_a"])
    assert "PDSA: Room 12" in notes and "Change: Night lights" in notes
    assert _notes(world["falls"], world["team_b"]) == []


def test_annotations_leave_out_dates_outside_the_series(world: dict[str, Any]) -> None:
    cycle(world, title="Long ago", start=dt.date(2020, 1, 1))
    cycle(world, title="Future", start=dt.date(2030, 1, 1))
    assert _notes(world["falls"], world["team_a"]) == []


def test_annotations_show_on_the_measure_page(world: dict[str, Any]) -> None:
    cycle(world, title="Room 12")
    response = client_for(world["leader_north"]).get(
        reverse("measure_detail", args=[world["team_a"].pk, world["falls"].pk])
    )
    assert "PDSA: Room 12" in response.content.decode()


def test_new_phase_here_creates_a_phase_on_each_project_measure(world: dict[str, Any]) -> None:
    adopted = cycle(world, decision="adopt", end=dt.date(2024, 8, 20))
    detail = client_for(world["member_a"]).get(url(world, "pdsa_detail", adopted.pk))
    assert detail.context["phase_form"].initial["day"] == dt.date(2024, 8, 20)
    response = client_for(world["member_a"]).post(
        url(world, "pdsa_new_phase", adopted.pk), {"day": "2024-08-20"}
    )
    assert response.status_code == 302
    event = SeriesEvent.objects.get()
    assert (event.kind, event.period, event.text) == ("phase", dt.date(2024, 8, 1), "Night lights")
    assert event.team == world["team_a"] and event.measure == world["falls"]
    again = client_for(world["member_a"]).post(
        url(world, "pdsa_new_phase", adopted.pk), {"day": "2024-08-20"}, follow=True
    )
    assert SeriesEvent.objects.count() == 1
    assert "A phase already starts in this period." in again.content.decode()


def test_new_phase_here_needs_an_adopted_change(world: dict[str, Any]) -> None:
    adapted = cycle(world, decision="adapt")
    response = client_for(world["member_a"]).post(
        url(world, "pdsa_new_phase", adapted.pk), {"day": "2024-08-20"}
    )
    assert response.status_code == 400
    assert not SeriesEvent.objects.exists()


@pytest.mark.parametrize(
    ("who", "read", "write"),
    [
        ("member_a", 200, 302),
        ("lead_a", 200, 302),
        ("site_admin", 200, 302),
        ("leader_north", 200, 403),
        ("consultant_north", 200, 403),
        ("member_b", 404, 404),
        ("nobody", 404, 404),
        ("analyst", 404, 404),
    ],
)
def test_pdsa_access(world: dict[str, Any], who: str, read: int, write: int) -> None:
    saved = cycle(world, decision="adopt")
    client = client_for(world[who])
    assert client.get(url(world, "pdsa_detail", saved.pk)).status_code == read
    assert client.get(url(world, "pdsa_edit", saved.pk)).status_code == (
        200 if write == 302 else write
    )
    assert client.post(url(world, "pdsa_new"), form_data(world["idea"])).status_code == write
    phase = client.post(url(world, "pdsa_new_phase", saved.pk), {"day": "2024-08-20"})
    assert phase.status_code == write


def test_pdsa_anonymous_goes_to_login(world: dict[str, Any]) -> None:
    saved = cycle(world)
    for name, args in (("pdsa_detail", [saved.pk]), ("pdsa_new", [])):
        response = Client().get(url(world, name, *args))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_pdsa_of_another_project_is_missing(world: dict[str, Any]) -> None:
    elsewhere = Project.objects.create(
        team=world["team_b"], title="B", start=dt.date(2024, 1, 1), created_by=world["member_b"]
    )
    idea = ChangeIdea.objects.create(project=elsewhere, title="Not ours")
    foreign = PdsaCycle.objects.create(
        project=elsewhere, change_idea=idea, title="X", start=dt.date(2024, 1, 1),
        created_by=world["member_b"],
    )  # fmt: skip
    response = client_for(world["member_a"]).get(url(world, "pdsa_detail", foreign.pk))
    assert response.status_code == 404


def test_measure_page_offers_a_new_phase_at_an_adopted_change(world: dict[str, Any]) -> None:
    idea = world["idea"]
    idea.status = ChangeIdea.Status.IMPLEMENTED
    idea.implemented_on = dt.date(2025, 3, 12)
    idea.save()
    page = reverse("measure_detail", args=[world["team_a"].pk, world["falls"].pk])
    html = client_for(world["member_a"]).get(page).content.decode()
    assert "Start a new phase here" in html
    assert 'name="period" value="2025-03-01"' in html
    # Taking the offer starts the phase; then it is no longer offered.
    response = client_for(world["member_a"]).post(
        reverse("measure_add_event", args=[world["team_a"].pk, world["falls"].pk]),
        {"kind": "phase", "period": "2025-03-01", "text": "Night lights"},
    )
    assert response.status_code == 302
    assert SeriesEvent.objects.filter(kind="phase", period=dt.date(2025, 3, 1)).exists()
    html = client_for(world["member_a"]).get(page).content.decode()
    assert 'name="period" value="2025-03-01"' not in html.split("Adopted changes")[-1][:400]
    # Leaders see the chart, not the offer; another team's page shows none of it.
    assert (
        "Start a new phase here" not in client_for(world["leader_north"]).get(page).content.decode()
    )
    other = reverse("measure_detail", args=[world["team_b"].pk, world["falls"].pk])
    assert "Night lights" not in client_for(world["member_b"]).get(other).content.decode()
