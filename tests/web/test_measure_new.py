"""Creating a measure: who may, the suggested chart (live and on submit), validation, saving."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from forbedring.web.measures.models import Measure, TeamMeasure
from tests.web import factories

pytestmark = pytest.mark.django_db

BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(person: Any, lang: str = "en") -> Client:
    client = Client(headers={"accept-language": lang})
    if person is not None:
        client.force_login(person, backend=BACKEND)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    return factories.role_world()


def new_url(w: dict[str, Any]) -> str:
    return reverse("measure_new", args=[w["team_a"].pk])


def suggest_url(w: dict[str, Any]) -> str:
    return reverse("measure_suggest_chart", args=[w["team_a"].pk])


def falls_form(**changes: str) -> dict[str, str]:
    data = {
        "name": "Falls per 1,000 resident-days",
        "kind": "outcome",
        "data_kind": "exposure",
        "between": "cases",
        "points": "many",
        "numerator": "Falls registered in EOJ",
        "denominator": "Resident-days",
        "chart_type": "",
        "unit_label": "per 1,000 resident-days",
        "multiplier": "1000",
        "direction": "decrease",
        "target": "",
        "target_date": "",
        "frequency": "month",
        "rule_set": "anhoej",
        "first_period": "",
    }
    return {**data, **changes}


# who -> status of GET and of the htmx suggestion
ACCESS = {
    "lead_a": 200,
    "site_admin": 200,
    "member_a": 403,  # enters data, but does not define measures
    "leader_north": 403,
    "consultant_north": 403,
    "member_b": 404,
    "analyst": 404,
    "nobody": 404,
}


@pytest.mark.parametrize("who", sorted(ACCESS))
def test_measure_new_access_matrix(world: dict[str, Any], who: str) -> None:
    client = client_for(world[who])
    assert client.get(new_url(world)).status_code == ACCESS[who]
    assert client.post(suggest_url(world), {"data_kind": "yes_no"}).status_code == ACCESS[who]
    posted = client.post(new_url(world), falls_form())
    assert posted.status_code == (302 if ACCESS[who] == 200 else ACCESS[who])
    assert Measure.objects.exists() is (ACCESS[who] == 200)


def test_measure_new_anonymous_must_log_in(world: dict[str, Any]) -> None:
    response = client_for(None).get(new_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_measure_new_creates_measure_for_the_team_and_shows_it(world: dict[str, Any]) -> None:
    team = world["team_a"]
    existing = factories.measure([team], name="Already there")
    client = client_for(world["lead_a"])
    response = client.post(new_url(world), falls_form(target="3", target_date="2026-12-31"))
    measure = Measure.objects.get(name="Falls per 1,000 resident-days")
    assert response.status_code == 302
    assert response["Location"] == reverse("measure_detail", args=[team.pk, measure.pk])
    # The chart type comes from the suggestion; the data is reported as a ratio.
    assert measure.chart_type == "u" and measure.has_denominator
    assert measure.organisation == world["north"]
    assert measure.multiplier == Decimal("1000") and measure.target == 3.0
    link = TeamMeasure.objects.get(team=team, measure=measure)
    assert link.position > TeamMeasure.objects.get(team=team, measure=existing).position
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "was created" in page.content.decode()
    assert "Falls registered in EOJ" in page.content.decode()


@pytest.mark.parametrize(
    ("answers", "chart", "has_denominator"),
    [
        ({"data_kind": "yes_no", "multiplier": "100"}, "p", True),
        ({"data_kind": "rare", "between": "time", "denominator": ""}, "t", False),
        ({"data_kind": "rare", "between": "cases", "denominator": ""}, "g", False),
        ({"data_kind": "measurement", "denominator": ""}, "i", False),
        ({"data_kind": "exposure", "points": "few"}, "run", True),
    ],
)
def test_measure_new_takes_the_suggested_chart_on_submit(
    world: dict[str, Any], answers: dict[str, str], chart: str, has_denominator: bool
) -> None:
    response = client_for(world["lead_a"]).post(new_url(world), falls_form(**answers))
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.chart_type == chart
    assert measure.has_denominator is has_denominator


def test_measure_new_keeps_a_chosen_chart_type(world: dict[str, Any]) -> None:
    response = client_for(world["lead_a"]).post(new_url(world), falls_form(chart_type="up"))
    assert response.status_code == 302
    assert Measure.objects.get().chart_type == "up"


def test_suggest_chart_partial_for_htmx(world: dict[str, Any]) -> None:
    client = client_for(world["lead_a"])
    response = client.post(
        suggest_url(world), {"data_kind": "exposure"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html  # a fragment, not a page
    assert "U chart (rates)" in html and "exposure" in html
    empty = client.post(suggest_url(world), {}).content.decode()
    assert "What do you count?" in empty
    assert client.get(suggest_url(world)).status_code == 405


def test_measure_new_page_wires_the_live_suggestion(world: dict[str, Any]) -> None:
    html = client_for(world["lead_a"]).get(new_url(world)).content.decode()
    assert f'hx-post="{suggest_url(world)}"' in html
    assert 'id="suggestion"' in html and 'aria-live="polite"' in html
    assert "vendor/htmx/htmx.min.js" in html
    # Without JavaScript, a button asks the server for the suggestion.
    assert 'name="action" value="suggest"' in html


def test_measure_new_suggestion_without_javascript_does_not_save(world: dict[str, Any]) -> None:
    data = {"action": "suggest", "data_kind": "rare", "between": "time", "name": "Days between"}
    response = client_for(world["lead_a"]).post(new_url(world), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "T chart (time between events)" in html
    assert 'value="Days between"' in html  # what was typed is kept
    assert "Please correct" not in html  # a half-filled form is not judged yet
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"rule_set": "ihi"}, "rule_set", "The IHI rules are for run charts only"),
        ({"multiplier": "0"}, "multiplier", "greater than 0"),
        ({"multiplier": "-5"}, "multiplier", "greater than 0"),
        ({"target_date": "2026-12-31"}, "target_date", "A target date needs a target value"),
        ({"chart_type": "i"}, "chart_type", "plots one value per period"),
        ({"data_kind": "measurement", "chart_type": "p"}, "chart_type", "needs a numerator"),
        ({"denominator": ""}, "denominator", "divided by"),
        ({"data_kind": ""}, "data_kind", "required"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_measure_new_validation_names_the_field(
    world: dict[str, Any], changes: dict[str, str], field: str, message: str
) -> None:
    response = client_for(world["lead_a"]).post(new_url(world), falls_form(**changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Please correct the following" in html
    assert not Measure.objects.exists()


def test_measure_new_reads_numbers_the_danish_way(world: dict[str, Any]) -> None:
    client = client_for(world["lead_a"], "da")
    response = client.post(new_url(world), falls_form(multiplier="1.000", target="2,5"))
    assert response.status_code == 302
    measure = Measure.objects.get()
    assert measure.multiplier == Decimal("1000") and measure.target == 2.5


def test_measure_new_refuses_a_number_it_cannot_read(world: dict[str, Any]) -> None:
    response = client_for(world["lead_a"], "en").post(new_url(world), falls_form(target="12,5"))
    assert response.status_code == 400
    assert "target" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_measure_new_ihi_rules_are_fine_for_run_charts(world: dict[str, Any]) -> None:
    response = client_for(world["lead_a"]).post(
        new_url(world), falls_form(rule_set="ihi", chart_type="run")
    )
    assert response.status_code == 302
    assert Measure.objects.get().rule_set == "ihi"


def test_measure_new_first_period_is_the_start_of_its_month(world: dict[str, Any]) -> None:
    client_for(world["lead_a"]).post(new_url(world), falls_form(first_period="2025-03-17"))
    assert str(Measure.objects.get().first_period) == "2025-03-01"


def test_measure_new_returns_to_a_safe_next_page(world: dict[str, Any]) -> None:
    client = client_for(world["lead_a"])
    back = f"/teams/{world['team_a'].pk}/projects/new/"
    response = client.post(new_url(world), {**falls_form(), "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    evil = {**falls_form(name="Another"), "next": "https://evil.example/"}
    response = client.post(new_url(world), evil)
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
