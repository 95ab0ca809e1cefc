"""A measure's page: chart, summary, table of values, events; and adding and deleting events."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forbedring.web.measures import actions_events
from forbedring.web.measures.models import (
    Measure,
    Observation,
    ObservationRevision,
    SeriesEvent,
)
from tests.web import factories

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"
FALLS = [6, 7, 5, 8, 6, 7, 6, 5, 7, 6, 8, 7, 3, 2, 3, 2, 1, 2, 3, 2, 2, 1, 2, 2]


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


def page_spec(html: str) -> dict[str, Any]:
    found = re.search(
        r'<script id="measure-spec" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "the chart spec is embedded as JSON"
    return json.loads(found.group(1))


def phases(spec: dict[str, Any]) -> set[int]:
    return {row["part"] for row in spec["data"]["values"] if row.get("row_type") == "point"}


@pytest.fixture
def world() -> dict[str, Any]:
    w = factories.role_world()
    team_a, lead = w["team_a"], w["lead_a"]
    falls = factories.measure(
        [team_a], target=3.0, target_date=dt.date(2026, 12, 31), numerator="Falls in EOJ",
        denominator="Resident-days", data_source="EOJ monthly extract",
    )  # fmt: skip
    rows = factories.monthly_data(falls, team_a, lead, FALLS)
    # The last-but-one value was corrected once: its earlier version is kept.
    corrected = rows[-2]
    ObservationRevision.objects.create(
        observation=corrected, version=1, numerator=9, denominator=1500, value=None,
        comment="typo", entered_by=w["member_a"], entered_at=timezone.now(),
        replaced_by=lead, replaced_at=timezone.now(),
    )  # fmt: skip
    Observation.objects.filter(pk=corrected.pk).update(version=2, comment="Checked in EOJ")
    return {**w, "falls": falls}


def detail(w: dict[str, Any]) -> str:
    return reverse("measure_detail", args=[w["team_a"].pk, w["falls"].pk])


def add_url(w: dict[str, Any]) -> str:
    return reverse("measure_add_event", args=[w["team_a"].pk, w["falls"].pk])


def test_measure_page_shows_chart_summary_table_and_definition(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).get(detail(world))
    assert response.status_code == 200
    html = response.content.decode()
    spec = page_spec(html)
    assert spec["width"] == 640  # the full chart, not the small multiple
    # ... and a variant that fills a phone's width, which charts.js draws on narrow screens.
    assert 'data-chart-narrow-spec="measure-spec-narrow"' in html
    narrow = re.search(
        r'<script id="measure-spec-narrow" type="application/json">(.*?)</script>', html
    )
    assert narrow and json.loads(narrow.group(1))["width"] == "container"
    assert 'aria-describedby="chart-summary"' in html
    assert '<figcaption id="chart-summary"' in html
    assert "U chart (rates), 24 points from Jan 2024 to Dec 2025" in html
    # One table row per period, newest first, with the plotted value (2 / 1,500 x 1,000).
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == 24
    assert body.index("Dec 2025") < body.index("Jan 2024")
    assert "1.3" in body and "1,500" in body
    # The corrected value and its history.
    assert "Corrected" in body and "Checked in EOJ" in body
    assert "Version 1" in body and "typo" in body
    # The operational definition.
    for words in ("Falls in EOJ", "Resident-days", "EOJ monthly extract", "Lower is better"):
        assert words in html
    assert "Anhøj rules" in html and "Month" in html


def test_measure_page_event_controls_only_for_editors(world: dict[str, Any]) -> None:
    SeriesEvent.objects.create(
        measure=world["falls"], team=world["team_a"], kind="note", period=dt.date(2024, 6, 1),
        text="PDSA 1: safety huddle", created_by=world["lead_a"],
    )  # fmt: skip
    member = client_for(world["member_a"]).get(detail(world)).content.decode()
    assert f'action="{add_url(world)}#events"' in member
    assert "/delete/" in member and "PDSA 1: safety huddle" in member
    leader = client_for(world["leader_north"]).get(detail(world)).content.decode()
    assert "PDSA 1: safety huddle" in leader  # sees the events ...
    assert add_url(world) not in leader and "/delete/" not in leader  # ... but cannot change them
    assert "read-only" in leader


# who -> (GET status, POST event status)
ACCESS = {
    "member_a": (200, 302),
    "lead_a": (200, 302),
    "site_admin": (200, 302),
    "leader_north": (200, 403),
    "consultant_north": (200, 403),
    "member_b": (404, 404),
    "analyst": (404, 404),
    "nobody": (404, 404),
}


@pytest.mark.parametrize("who", sorted(ACCESS))
def test_measure_page_access_matrix(world: dict[str, Any], who: str) -> None:
    client = client_for(world[who])
    seen, posted = ACCESS[who]
    response = client.get(detail(world))
    assert response.status_code == seen
    if seen == 404:
        assert world["falls"].name not in response.content.decode()
    data = {"kind": "note", "period": "2024-06-01", "text": "A note"}
    assert client.post(add_url(world), data).status_code == posted
    assert SeriesEvent.objects.exists() is (posted == 302)


def test_measure_page_anonymous_must_log_in(world: dict[str, Any]) -> None:
    client = client_for(None)
    for response in (client.get(detail(world)), client.post(add_url(world), {})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_measure_page_other_teams_measure_is_missing(world: dict[str, Any]) -> None:
    other = factories.measure([world["team_b"]], name="Sydby measure")
    response = client_for(world["member_a"]).get(
        reverse("measure_detail", args=[world["team_a"].pk, other.pk])
    )
    assert response.status_code == 404


def test_add_phase_gives_two_phases_and_delete_gives_one(world: dict[str, Any]) -> None:
    client = client_for(world["lead_a"])
    assert phases(page_spec(client.get(detail(world)).content.decode())) == {1}
    response = client.post(
        add_url(world), {"kind": "phase", "period": "2025-01-01", "text": "Falls bundle"}
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#events")
    html = client.get(detail(world)).content.decode()
    assert phases(page_spec(html)) == {1, 2}
    assert "Falls bundle" in html
    event = SeriesEvent.objects.get()
    assert event.created_by == world["lead_a"] and event.kind == "phase"
    delete = reverse("measure_delete_event", args=[world["team_a"].pk, world["falls"].pk, event.pk])
    assert client.post(delete).status_code == 302
    assert not SeriesEvent.objects.exists()
    assert phases(page_spec(client.get(detail(world)).content.decode())) == {1}


def test_add_exclude_and_baseline_change_the_chart(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    client.post(add_url(world), {"kind": "exclude", "period": "2024-04-01", "text": "Flu"})
    spec = page_spec(client.get(detail(world)).content.decode())
    excluded = [r for r in spec["data"]["values"] if r.get("status") == "excluded"]
    assert [r["x"] for r in excluded] == ["2024-04-01"]
    client.post(add_url(world), {"kind": "baseline", "period": "2024-12-01", "text": "Year 1"})
    spec = page_spec(client.get(detail(world)).content.decode())
    baseline = [r["x"] for r in spec["data"]["values"] if r.get("baseline")]
    assert baseline[-1] == "2024-12-01"


def test_add_event_without_reason_is_refused_with_a_message(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    response = client.post(add_url(world), {"kind": "phase", "period": "2025-01-01", "text": " "})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not SeriesEvent.objects.exists()


def test_delete_event_refused_for_leaders_and_other_teams(world: dict[str, Any]) -> None:
    event = SeriesEvent.objects.create(
        measure=world["falls"], team=world["team_a"], kind="note", period=dt.date(2024, 6, 1),
        text="Keep me", created_by=world["lead_a"],
    )  # fmt: skip
    delete = reverse("measure_delete_event", args=[world["team_a"].pk, world["falls"].pk, event.pk])
    assert client_for(world["leader_north"]).post(delete).status_code == 403
    assert client_for(world["member_b"]).post(delete).status_code == 404
    assert client_for(world["member_a"]).get(delete).status_code == 405
    assert SeriesEvent.objects.filter(pk=event.pk).exists()


def test_actions_add_event_requires_reasons_and_text(world: dict[str, Any]) -> None:
    falls, team, by = world["falls"], world["team_a"], world["lead_a"]
    for kind in ("phase", "baseline", "exclude", "note"):
        with pytest.raises(ValidationError) as problem:
            actions_events.add_event(
                measure=falls, team=team, kind=kind, period=dt.date(2025, 1, 1), text="", by=by
            )
        assert "text" in problem.value.message_dict
    assert not SeriesEvent.objects.exists()


def test_actions_add_event_checks_the_period(world: dict[str, Any]) -> None:
    falls, team, by = world["falls"], world["team_a"], world["lead_a"]
    add = actions_events.add_event
    with pytest.raises(ValidationError):  # no value to exclude
        add(measure=falls, team=team, kind="exclude", period=dt.date(2030, 1, 1), text="x", by=by)
    with pytest.raises(ValidationError):  # a phase at the first point
        add(measure=falls, team=team, kind="phase", period=dt.date(2024, 1, 1), text="x", by=by)
    event = add(measure=falls, team=team, kind="note", period=dt.date(2024, 6, 17), text="x", by=by)
    assert event.period == dt.date(2024, 6, 1)  # moved to the start of its month
    add(measure=falls, team=team, kind="baseline", period=dt.date(2024, 12, 1), text="y", by=by)
    with pytest.raises(ValidationError):  # one baseline end only
        add(measure=falls, team=team, kind="baseline", period=dt.date(2025, 3, 1), text="y", by=by)


def test_making_data_count_measures_offer_phases_and_notes_only(world: dict[str, Any]) -> None:
    falls = world["falls"]
    Measure.objects.filter(pk=falls.pk).update(rule_set=Measure.RuleSet.MDC)
    html = client_for(world["member_a"]).get(detail(world)).content.decode()
    assert 'value="phase"' in html and 'value="note"' in html
    assert 'value="exclude"' not in html and 'value="baseline"' not in html
    response = client_for(world["member_a"]).post(
        add_url(world), {"kind": "exclude", "period": "2024-04-01", "text": "Flu"}
    )
    assert response.status_code == 400
    assert not SeriesEvent.objects.exists()


def test_measure_page_in_norwegian_formats_numbers(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"], "nb").get(detail(world)).content.decode()
    assert 'lang="nb"' in html
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "1\u00a0500" in body  # Norwegian thousands separator: a non-breaking space
    assert "1,3" in body  # decimal comma
