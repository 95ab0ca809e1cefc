"""The driver diagram: the tree, the editor's actions and pages, the project page's partial, SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from forbedring.web.improvement import actions_diagram
from forbedring.web.improvement.diagram import diagram_svg, driver_tree
from forbedring.web.improvement.models import ChangeIdea, Driver, PdsaCycle, Project
from tests.web import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    # The site's default language is Danish; these tests read the English messages.
    with translation.override("en"):
        yield


BACKEND = "django.contrib.auth.backends.ModelBackend"
SVG = "{http://www.w3.org/2000/svg}"


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def make_project(team: Any, by: Any, **fields: Any) -> Project:
    return Project.objects.create(
        team=team,
        title=fields.pop("title", "Færre fald"),
        aim_statement=fields.pop("aim_statement", "50 % fewer falls by the end of 2026"),
        start=dt.date(2025, 1, 1),
        created_by=by,
        **fields,
    )


@pytest.fixture
def world() -> dict[str, Any]:
    """A project with two primaries, secondaries and ideas in every status."""
    w = factories.role_world()
    lead = w["lead_a"]
    project = make_project(w["team_a"], lead)
    add = actions_diagram.add_driver
    staff = add(project=project, text="Staff know each resident's fall risk", by=lead)
    env = add(project=project, text="Safe surroundings", by=lead)
    screening = add(project=project, text="Screening on admission", parent=staff, by=lead)
    huddle = add(project=project, text="Daily safety huddle", parent=staff, by=lead)
    light = add(project=project, text="Night lighting", parent=env, by=lead)
    idea = actions_diagram.add_idea
    fra = idea(project=project, driver=screening, title="Use a fall-risk checklist", by=lead)
    board = idea(project=project, driver=huddle, title="Safety board", status="testing", by=lead)
    sensor = idea(
        project=project, driver=light, title="Motion-sensor lamps", status="implemented",
        implemented_on=dt.date(2025, 3, 1), by=lead,
    )  # fmt: skip
    return {
        **w, "project": project, "staff": staff, "env": env, "screening": screening,
        "huddle": huddle, "light": light, "fra": fra, "board": board, "sensor": sensor,
    }  # fmt: skip


def url(w: dict[str, Any], name: str, *ids: int, team: str = "team_a") -> str:
    return reverse(name, args=[w[team].pk, w["project"].pk, *ids])


# ---- the tree ---------------------------------------------------------------------------


def test_driver_tree_orders_levels_and_ideas(world: dict[str, Any]) -> None:
    with CaptureQueriesContext(connection) as queries:
        tree = driver_tree(world["project"])
    assert len(queries) == 2
    assert tree.aim == "50 % fewer falls by the end of 2026"
    assert [p.text for p in tree.primaries] == [
        "Staff know each resident's fall risk",
        "Safe surroundings",
    ]
    assert [s.text for s in tree.primaries[0].children] == [
        "Screening on admission",
        "Daily safety huddle",
    ]
    sensor = tree.primaries[1].children[0].ideas[0]
    assert (sensor.status, sensor.symbol, sensor.implemented_on) == (
        "implemented",
        "✓",
        dt.date(2025, 3, 1),
    )
    assert not tree.unplaced


def test_driver_tree_falls_back_to_aim_parts_and_keeps_unplaced_ideas(
    world: dict[str, Any],
) -> None:
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(
        aim_statement="", aim_what="Fewer falls", aim_how_much="50 %"
    )
    project.refresh_from_db()
    actions_diagram.delete_driver(driver=world["env"], by=world["lead_a"])
    tree = driver_tree(project)
    assert tree.aim == "Fewer falls 50 %"
    assert [i.title for i in tree.unplaced] == ["Motion-sensor lamps"]


# ---- actions ----------------------------------------------------------------------------


def test_add_driver_places_last_and_validates_parent(world: dict[str, Any]) -> None:
    lead, project = world["lead_a"], world["project"]
    third = actions_diagram.add_driver(project=project, text="  Residents   move safely ", by=lead)
    assert (third.text, third.position, third.parent_id) == ("Residents move safely", 2, None)
    with pytest.raises(ValidationError) as error:
        actions_diagram.add_driver(project=project, text="x", parent=world["screening"], by=lead)
    assert "primary driver" in error.value.message_dict["parent"][0]
    other = make_project(world["team_a"], lead, title="Other")
    with pytest.raises(ValidationError) as error:
        actions_diagram.add_driver(project=other, text="x", parent=world["staff"], by=lead)
    assert error.value.message_dict["parent"] == ["Choose a primary driver of this project."]
    with pytest.raises(ValidationError) as error:
        actions_diagram.add_driver(project=project, text="   ", by=lead)
    assert error.value.message_dict["text"] == ["Write the driver."]


def test_update_driver_renames_and_moves_secondary_to_another_primary(
    world: dict[str, Any],
) -> None:
    huddle = actions_diagram.update_driver(
        driver=world["huddle"], text="Huddle", parent=world["env"], by=world["lead_a"]
    )
    assert (huddle.text, huddle.parent_id, huddle.position) == ("Huddle", world["env"].pk, 1)
    staff = actions_diagram.update_driver(
        driver=world["staff"], text="Staff", parent=world["env"], by=world["lead_a"]
    )
    assert staff.parent_id is None  # a primary stays primary


def test_move_driver_swaps_with_neighbour_and_stops_at_the_ends(world: dict[str, Any]) -> None:
    lead = world["lead_a"]
    assert actions_diagram.move_driver(driver=world["env"], direction="up", by=lead)
    assert driver_tree(world["project"]).primaries[0].text == "Safe surroundings"
    world["env"].refresh_from_db()
    assert not actions_diagram.move_driver(driver=world["env"], direction="up", by=lead)
    assert actions_diagram.move_driver(driver=world["screening"], direction="down", by=lead)
    children = driver_tree(world["project"]).primaries[1].children
    assert [c.text for c in children] == ["Daily safety huddle", "Screening on admission"]


def test_delete_driver_cascades_secondaries_and_keeps_ideas(world: dict[str, Any]) -> None:
    kept = actions_diagram.delete_driver(driver=world["staff"], by=world["lead_a"])
    assert kept == 2
    assert not Driver.objects.filter(pk__in=[world["screening"].pk, world["huddle"].pk]).exists()
    assert ChangeIdea.objects.filter(driver=None).count() == 2


def test_idea_status_needs_date_when_implemented_and_clears_it_otherwise(
    world: dict[str, Any],
) -> None:
    lead, sensor = world["lead_a"], world["sensor"]
    with pytest.raises(ValidationError) as error:
        actions_diagram.add_idea(
            project=world["project"],
            driver=world["light"],
            title="x",
            status="implemented",
            by=lead,
        )
    assert error.value.message_dict["implemented_on"] == [
        "Give the date the change was implemented."
    ]
    actions_diagram.update_idea(
        idea=sensor, driver=world["light"], title="Motion-sensor lamps", status="testing",
        implemented_on=dt.date(2025, 3, 1), by=lead,
    )  # fmt: skip
    sensor.refresh_from_db()
    assert (sensor.status, sensor.implemented_on) == ("testing", None)


def test_update_idea_moves_it_to_another_driver(world: dict[str, Any]) -> None:
    fra = actions_diagram.update_idea(
        idea=world["fra"],
        driver=world["huddle"],
        title="Checklist",
        status="idea",
        by=world["lead_a"],
    )
    assert (fra.driver_id, fra.position, fra.title) == (world["huddle"].pk, 1, "Checklist")
    with pytest.raises(ValidationError) as error:
        actions_diagram.update_idea(
            idea=fra, driver=None, title="x", status="idea", by=world["lead_a"]
        )
    assert "driver" in error.value.message_dict


def test_move_and_delete_idea(world: dict[str, Any]) -> None:
    lead = world["lead_a"]
    second = actions_diagram.add_idea(
        project=world["project"], driver=world["screening"], title="Second", by=lead
    )
    assert actions_diagram.move_idea(idea=second, direction="up", by=lead)
    ideas = driver_tree(world["project"]).primaries[0].children[0].ideas
    assert [i.title for i in ideas] == ["Second", "Use a fall-risk checklist"]
    actions_diagram.delete_idea(idea=second, by=lead)
    assert not ChangeIdea.objects.filter(pk=second.pk).exists()


def test_delete_idea_with_pdsa_cycles_is_refused(world: dict[str, Any]) -> None:
    PdsaCycle.objects.create(
        project=world["project"], change_idea=world["board"], title="Try it",
        start=dt.date(2025, 2, 1), created_by=world["lead_a"],
    )  # fmt: skip
    with pytest.raises(ValidationError, match="abandoned"):
        actions_diagram.delete_idea(idea=world["board"], by=world["lead_a"])
    assert ChangeIdea.objects.filter(pk=world["board"].pk).exists()


# ---- the editor's pages -----------------------------------------------------------------


def test_edit_page_shows_every_driver_and_idea_for_editors(world: dict[str, Any]) -> None:
    for who in ("member_a", "lead_a", "site_admin"):
        response = client_for(world[who]).get(url(world, "driver_diagram_edit"))
        assert response.status_code == 200, who
    html = response.content.decode()
    for text in ("Screening on admission", "Safety board", "Motion-sensor lamps", "Night lighting"):
        assert text in html
    assert 'hx-boost="true"' in html


@pytest.mark.parametrize("who", ["leader_north", "consultant_north"])
def test_leaders_read_only_get_403_on_edit_page_and_posts(world: dict[str, Any], who: str) -> None:
    client = client_for(world[who])
    assert client.get(url(world, "driver_diagram_edit")).status_code == 403
    posts = [
        (url(world, "driver_add"), {"add-primary-text": "x"}),
        (url(world, "driver_update", world["staff"].pk), {f"driver-{world['staff'].pk}-text": "x"}),
        (url(world, "driver_delete", world["staff"].pk), {}),
        (url(world, "driver_move", world["env"].pk), {"direction": "up"}),
        (url(world, "idea_delete", world["fra"].pk), {}),
        (url(world, "idea_move", world["fra"].pk), {"direction": "down"}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == 403, path
    assert Driver.objects.filter(pk=world["staff"].pk, text__startswith="Staff know").exists()


def test_other_team_gets_404_and_anonymous_goes_to_login(world: dict[str, Any]) -> None:
    assert client_for(world["member_b"]).get(url(world, "driver_diagram_edit")).status_code == 404
    assert (
        client_for(world["member_b"])
        .post(url(world, "driver_delete", world["staff"].pk))
        .status_code
        == 404
    )
    response = client_for(None).get(url(world, "driver_diagram_edit"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client_for(None).post(url(world, "driver_delete", world["staff"].pk))
    assert response.status_code == 302 and Driver.objects.filter(pk=world["staff"].pk).exists()


def test_driver_of_another_project_is_404(world: dict[str, Any]) -> None:
    other = make_project(world["team_a"], world["lead_a"], title="Other")
    foreign = actions_diagram.add_driver(project=other, text="Foreign", by=world["lead_a"])
    client = client_for(world["member_a"])
    assert client.post(url(world, "driver_delete", foreign.pk)).status_code == 404
    assert client.post(url(world, "driver_add_secondary", foreign.pk), {}).status_code == 404


def test_post_add_primary_secondary_and_idea_redirect(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    response = client.post(url(world, "driver_add"), {"add-primary-text": "Residents move safely"})
    assert response.status_code == 302
    new = Driver.objects.get(text="Residents move safely")
    assert response["Location"].endswith(f"#driver-{new.pk}")
    prefix = f"add-secondary-{new.pk}"
    client.post(url(world, "driver_add_secondary", new.pk), {f"{prefix}-text": "Exercise"})
    exercise = Driver.objects.get(text="Exercise")
    assert exercise.parent_id == new.pk
    p = f"add-idea-{exercise.pk}"
    response = client.post(
        url(world, "idea_add", exercise.pk),
        {
            f"{p}-title": "Chair yoga",
            f"{p}-status": "implemented",
            f"{p}-implemented_on": "2025-04-02",
        },
    )
    assert response.status_code == 302
    idea = ChangeIdea.objects.get(title="Chair yoga")
    assert (idea.driver_id, idea.implemented_on) == (exercise.pk, dt.date(2025, 4, 2))
    page = client.get(url(world, "driver_diagram_edit")).content.decode()
    assert "Added: Chair yoga." in page


def test_post_rename_move_delete_driver(world: dict[str, Any]) -> None:
    client = client_for(world["lead_a"])
    staff = world["staff"]
    client.post(url(world, "driver_update", staff.pk), {f"driver-{staff.pk}-text": "Staff"})
    staff.refresh_from_db()
    assert staff.text == "Staff"
    huddle = world["huddle"]
    response = client.post(
        url(world, "driver_update", huddle.pk),
        {f"driver-{huddle.pk}-text": "Huddle", f"driver-{huddle.pk}-parent": str(world["env"].pk)},
    )
    assert response.status_code == 302
    huddle.refresh_from_db()
    assert huddle.parent_id == world["env"].pk
    client.post(url(world, "driver_move", world["env"].pk), {"direction": "up"})
    assert driver_tree(world["project"]).primaries[0].text == "Safe surroundings"
    assert (
        client.post(
            url(world, "driver_move", world["env"].pk), {"direction": "sideways"}
        ).status_code
        == 400
    )
    client.post(url(world, "driver_delete", world["env"].pk))
    assert not Driver.objects.filter(pk=world["env"].pk).exists()


def test_post_update_move_delete_idea(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    board = world["board"]
    p = f"idea-{board.pk}"
    response = client.post(
        url(world, "idea_update", board.pk),
        {f"{p}-title": "Safety board", f"{p}-driver": str(world["huddle"].pk),
         f"{p}-status": "abandoned", f"{p}-description": "Nobody looked at it"},
    )  # fmt: skip
    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.status, board.description) == ("abandoned", "Nobody looked at it")
    second = actions_diagram.add_idea(
        project=world["project"], driver=world["huddle"], title="Second", by=world["lead_a"]
    )
    client.post(url(world, "idea_move", second.pk), {"direction": "up"})
    assert driver_tree(world["project"]).primaries[0].children[1].ideas[0].title == "Second"
    client.post(url(world, "idea_delete", second.pk))
    assert not ChangeIdea.objects.filter(pk=second.pk).exists()


def test_invalid_posts_show_messages_in_place(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    response = client.post(url(world, "driver_add"), {"add-primary-text": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'href="#id_add-primary-text"' in html
    sensor = world["sensor"]
    p = f"idea-{sensor.pk}"
    data = {
        f"{p}-title": "Lamps",
        f"{p}-driver": str(world["light"].pk),
        f"{p}-status": "implemented",
    }
    response = client.post(url(world, "idea_update", sensor.pk), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give the date the change was implemented." in html
    assert f'id="form-{p}"' in html
    sensor.refresh_from_db()
    assert sensor.title == "Motion-sensor lamps"  # nothing half-saved
    # htmx swaps only 2xx answers, so it gets the same page with 200.
    response = client.post(
        url(world, "driver_add"), {"add-primary-text": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and 'class="error-summary"' in response.content.decode()


def test_delete_idea_with_cycles_says_why(world: dict[str, Any]) -> None:
    PdsaCycle.objects.create(
        project=world["project"], change_idea=world["board"], title="Try",
        start=dt.date(2025, 2, 1), created_by=world["lead_a"],
    )  # fmt: skip
    client = client_for(world["member_a"])
    response = client.post(url(world, "idea_delete", world["board"].pk), follow=True)
    assert "Set its status to abandoned instead." in response.content.decode()


# ---- the project page's partial ---------------------------------------------------------


def render_partial(w: dict[str, Any], can_edit: bool) -> str:
    return render_to_string(
        "improvement/_driver_diagram.html",
        {"team": w["team_a"], "project": w["project"], "can_edit": can_edit},
    )


def test_partial_shows_the_diagram_as_nested_lists(world: dict[str, Any]) -> None:
    html = render_partial(world, can_edit=True)
    assert html.count('class="dd-primary"') == 2 and html.count('class="dd-secondary"') == 3
    assert "50 % fewer falls by the end of 2026" in html
    assert '<span class="dd-symbol" aria-hidden="true">✓</span> Implemented' in html
    assert 'datetime="2025-03-01"' in html
    assert url(world, "driver_diagram_edit") in html
    assert url(world, "driver_diagram_edit") not in render_partial(world, can_edit=False)


def test_partial_for_an_empty_project(world: dict[str, Any]) -> None:
    world["project"] = make_project(world["team_a"], world["lead_a"], title="Empty")
    html = render_partial(world, can_edit=False)
    assert "No drivers yet." in html and 'class="dd"' not in html


# ---- SVG --------------------------------------------------------------------------------


def test_svg_parses_and_contains_every_text(world: dict[str, Any]) -> None:
    svg = diagram_svg(driver_tree(world["project"]), "en")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("aria-label") == "Driver diagram: Færre fald"
    assert root.find(f"{SVG}title") is not None
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    words = " ".join(texts.split())
    expected = (
        "50 % fewer falls by the end of 2026", "Screening on admission", "Daily safety huddle",
        "Night lighting", "Use a fall-risk checklist", "Safety board", "Motion-sensor lamps",
        "○ Idea", "◐ Testing", "✓ Implemented",
    )  # fmt: skip
    for text in expected:
        assert all(w in words for w in text.split()), text
    assert len(list(root.iter(f"{SVG}path"))) == 2 + 3 + 3  # aim→primaries, →secondaries, →ideas


def test_svg_escapes_user_text_and_follows_the_language(world: dict[str, Any]) -> None:
    lead, project = world["lead_a"], world["project"]
    actions_diagram.add_driver(project=project, text="<script> & Co", by=lead)
    Project.objects.filter(pk=project.pk).update(title="A < B & C")
    project.refresh_from_db()
    svg = diagram_svg(driver_tree(project), "da")
    assert "<script>" not in svg and "&lt;script&gt; &amp; Co" in svg
    root = ET.fromstring(svg)
    assert "A < B & C" in (root.findtext(f"{SVG}title") or "")
    assert "01.03.2025" in svg  # Danish short date of the implemented idea


def test_svg_of_an_empty_project_is_valid() -> None:
    w = factories.role_world()
    project = make_project(w["team_a"], w["lead_a"], aim_statement="")
    root = ET.fromstring(diagram_svg(driver_tree(project), "nb"))
    assert root.find(f"{SVG}title") is not None
