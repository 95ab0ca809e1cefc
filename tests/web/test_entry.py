"""The data entry page: its form's rules, the page itself, and who may use it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from forbedring.web.measures.actions import Entry, save_period
from forbedring.web.measures.forms_entry import MeasureRowForm, PeriodEntryForm
from forbedring.web.measures.models import Measure, Observation, ObservationRevision
from forbedring.web.organisations.models import Team
from tests.web import factories

pytestmark = pytest.mark.django_db

MARCH = dt.date(2025, 3, 1)
TODAY = dt.date(2025, 4, 10)


@pytest.fixture
def world() -> dict[str, Any]:
    """role_world's people and teams, with four monthly measures and one weekly for team A."""
    w = factories.role_world()
    team_a = w["team_a"]
    member = w["member_a"]
    member.first_name, member.last_name = "Mette", "Hansen"
    member.save()
    w["falls"] = factories.measure([team_a], name="Falls", numerator="Falls in the month")
    w["ulcers"] = factories.measure(
        [team_a], name="Residents with pressure ulcers", chart_type=Measure.ChartType.P,
        multiplier=100, description="Share of residents with a new pressure ulcer.",
        numerator="Residents with a new pressure ulcer", denominator="Residents examined",
    )  # fmt: skip
    w["weight"] = factories.measure(
        [team_a], name="Weight change", chart_type=Measure.ChartType.I, has_denominator=False,
        multiplier=1,
    )  # fmt: skip
    w["days"] = factories.measure(
        [team_a], name="Days between falls", chart_type=Measure.ChartType.C,
        has_denominator=False, multiplier=1,
    )  # fmt: skip
    w["weekly"] = factories.measure(
        [team_a], name="Hand hygiene audits", chart_type=Measure.ChartType.C,
        has_denominator=False, frequency="week",
    )  # fmt: skip
    w["other"] = factories.measure([w["team_b"]], name="Team B's own measure")
    return w


def row_form(
    measure: Measure, data: dict[str, str], period: dt.date = MARCH, version: int = 0
) -> MeasureRowForm:
    prefixed = {f"m{measure.pk}-{k}": v for k, v in data.items()}
    prefixed.setdefault(f"m{measure.pk}-version", str(version))
    page = PeriodEntryForm(
        prefixed, team=measure.teams.first(), measures=[measure],
        frequency=measure.frequency, period=period, today=TODAY,
    )  # fmt: skip
    page.is_valid()
    return page.rows[0]


def errors(form: MeasureRowForm) -> list[str]:
    return [str(m) for messages in form.errors.values() for m in messages]


# The form's rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "data", "field", "fragment"),
    [
        ("falls", {"numerator": "abc", "denominator": "10"}, "numerator", "“abc” is not a number"),
        ("falls", {"numerator": "-1", "denominator": "10"}, "numerator", "cannot be below 0"),
        ("falls", {"numerator": "1", "denominator": "-10"}, "denominator", "cannot be below 0"),
        ("days", {"value": "-3"}, "value", "cannot be below 0"),
        ("ulcers", {"numerator": "11", "denominator": "10"}, "numerator", "larger than"),
        ("falls", {"numerator": "2", "denominator": "0"}, "denominator", "denominator is 0"),
        ("falls", {"numerator": "2"}, "denominator", "enter the denominator too"),
        ("falls", {"denominator": "1500"}, "numerator", "enter the numerator too"),
    ],
)
def test_entry_form_invalid_numbers_name_the_measure_and_field(
    world: dict[str, Any], key: str, data: dict[str, str], field: str, fragment: str
) -> None:
    with translation.override("en"):
        form = row_form(world[key], data)
        assert list(form.errors) == [field]
        (message,) = errors(form)
    assert message.startswith(world[key].name)
    assert fragment in message


def test_entry_form_not_a_number_names_the_field(world: dict[str, Any]) -> None:
    with translation.override("en"):
        form = row_form(world["falls"], {"numerator": "1", "denominator": "many"})
        assert errors(form)[0].startswith("Falls, denominator:")


@pytest.mark.parametrize(
    ("key", "data"),
    [
        ("falls", {"numerator": "12", "denominator": "10"}),  # a rate may exceed its denominator
        ("ulcers", {"numerator": "10", "denominator": "10"}),
        ("falls", {"numerator": "0", "denominator": "0"}),
        ("weight", {"value": "-2,5"}),  # a measurement may be negative
        ("days", {"value": "0"}),
        ("falls", {"numerator": "", "denominator": "", "comment": "Closed for renovation"}),
    ],
)
def test_entry_form_valid_numbers_pass(
    world: dict[str, Any], key: str, data: dict[str, str]
) -> None:
    with translation.override("da"):
        assert row_form(world[key], data).errors == {}


def test_entry_form_period_before_first_period_is_refused(world: dict[str, Any]) -> None:
    falls = world["falls"]
    falls.first_period = dt.date(2025, 5, 1)
    falls.save()
    with translation.override("en"):
        form = row_form(falls, {"numerator": "1", "denominator": "10"})
        (message,) = errors(form)
    assert "May 2025" in message and "within the measure's range" in message
    assert form.entry() is None


def test_entry_form_future_period_is_refused(world: dict[str, Any]) -> None:
    with translation.override("en"):
        form = row_form(
            world["falls"], {"numerator": "1", "denominator": "10"}, dt.date(2025, 5, 1)
        )
        (message,) = errors(form)
    assert "has not begun yet" in message and "within the measure's range" in message


def test_entry_form_out_of_range_row_without_data_is_skipped(world: dict[str, Any]) -> None:
    form = row_form(world["falls"], {}, dt.date(2025, 5, 1))
    assert form.errors == {} and form.entry() is None


@pytest.mark.parametrize(("language", "text"), [("da", "1.234,5"), ("nb", "1 234,5")])
def test_entry_form_decimal_comma_in_danish_and_norwegian(
    world: dict[str, Any], language: str, text: str
) -> None:
    with translation.override(language):
        # A rate's denominator (resident-days, hours) may have decimals; its count may not.
        form = row_form(world["falls"], {"numerator": "12", "denominator": text})
        assert form.errors == {}
    entry = form.entry()
    assert entry is not None and (entry.numerator, entry.denominator) == (12, 1234.5)


def test_entry_form_english_decimal_point(world: dict[str, Any]) -> None:
    with translation.override("en"):
        form = row_form(world["falls"], {"numerator": "12", "denominator": "1,234.5"})
        assert form.errors == {}
        entry = form.entry()
        assert entry is not None and (entry.numerator, entry.denominator) == (12, 1234.5)
        assert (
            "is not written as a number"
            in errors(row_form(world["falls"], {"numerator": "1", "denominator": "10,5"}))[0]
        )


@pytest.mark.parametrize(
    ("chart", "numbers", "field"),
    [
        ("u", {"numerator": "2.5", "denominator": "1500"}, "numerator"),
        ("p", {"numerator": "2", "denominator": "10.5"}, "denominator"),
        ("p", {"numerator": "2.5", "denominator": "10"}, "numerator"),
    ],
)
def test_counts_are_whole_numbers(
    world: dict[str, Any], chart: str, numbers: dict[str, str], field: str
) -> None:
    measure = factories.measure([world["team_a"]], name=f"Counted ({chart})", chart_type=chart)
    with translation.override("en"):
        assert errors(row_form(measure, numbers)) == [
            f"Counted ({chart}), {field}: a count is a whole number."
        ]


def test_a_rates_denominator_and_a_measurement_may_have_decimals(world: dict[str, Any]) -> None:
    with translation.override("en"):
        assert errors(row_form(world["falls"], {"numerator": "2", "denominator": "1500.5"})) == []
        assert errors(row_form(world["weight"], {"value": "71.5"})) == []


def test_entry_form_shows_stored_values_in_the_languages_format(world: dict[str, Any]) -> None:
    save_period(
        team=world["team_a"], period=MARCH, by=world["member_a"],
        entries=[Entry(world["falls"], numerator=2, denominator=1500.5)],
    )  # fmt: skip
    for language, expected in [("da", "1500,5"), ("nb", "1500,5"), ("en", "1500.5")]:
        with translation.override(language):
            page = PeriodEntryForm(
                None, team=world["team_a"], measures=[world["falls"]], frequency="month",
                period=MARCH, today=TODAY,
            )  # fmt: skip
            html = str(page.rows[0]["denominator"])
        assert f'value="{expected}"' in html


def test_entry_form_comment_too_long_names_the_measure(world: dict[str, Any]) -> None:
    pct = factories.measure([world["team_a"]], name="Weighed (%)", chart_type="p")
    with translation.override("en"):
        form = row_form(pct, {"numerator": "1", "denominator": "2", "comment": "x" * 1001})
        assert errors(form) == ["Weighed (%), comment: write at most 1000 characters."]


# The page -----------------------------------------------------------------------------------


def url(team: Team, **query: str) -> str:
    base = reverse("data_entry", args=[team.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def client_for(person: Any, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(person)
    return client


def post_data(rows: dict[Measure, dict[str, str]], period: dt.date = MARCH) -> dict[str, str]:
    data = {"period": period.isoformat(), "frequency": "month"}
    for measure, values in rows.items():
        data[f"m{measure.pk}-version"] = "0"
        data.update({f"m{measure.pk}-{k}": v for k, v in values.items()})
    return data


def test_entry_page_get_renders_all_monthly_measures_of_the_team(world: dict[str, Any]) -> None:
    response = client_for(world["member_a"]).get(url(world["team_a"], period="2025-03-17"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter data for March 2025" in html
    for key in ("falls", "ulcers", "weight", "days"):
        assert f"<legend>{world[key].name}" in html
    assert "Hand hygiene audits" not in html  # weekly: behind the frequency switch
    assert "Team B&#x27;s own measure" not in html and "Team B's own measure" not in html
    assert 'name="period" value="2025-03-01"' in html
    assert "Residents with a new pressure ulcer" in html  # the definition, one click away
    assert '<details class="definition">' in html


def test_entry_page_default_period_is_last_month(world: dict[str, Any]) -> None:
    today = timezone.localdate()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    html = client_for(world["member_a"]).get(url(world["team_a"])).content.decode()
    assert f'name="period" value="{last_month.isoformat()}"' in html


def test_entry_page_future_period_is_clamped_to_the_current_one(world: dict[str, Any]) -> None:
    this_month = timezone.localdate().replace(day=1)
    client = client_for(world["member_a"])
    html = client.get(url(world["team_a"], period="2999-01-01")).content.decode()
    assert f'name="period" value="{this_month.isoformat()}"' in html
    assert 'rel="next"' not in html and 'rel="prev"' in html


def test_entry_page_links_to_previous_and_next_period(world: dict[str, Any]) -> None:
    html = client_for(world["member_a"]).get(url(world["team_a"], period="2025-03-01")).content
    text = html.decode()
    assert "period=2025-02-01" in text and "February 2025" in text
    assert "period=2025-04-01" in text and "April 2025" in text


def test_entry_page_frequency_switch_only_with_several_frequencies(world: dict[str, Any]) -> None:
    team_a = world["team_a"]
    html = client_for(world["member_a"]).get(url(team_a, frequency="week")).content.decode()
    assert 'aria-label="Reporting frequency"' in html
    assert "Hand hygiene audits" in html and "<legend>Falls" not in html
    assert "week " in html  # "Enter data for week 14, 2025"
    html_b = client_for(world["member_b"]).get(url(world["team_b"])).content.decode()
    assert 'aria-label="Reporting frequency"' not in html_b


def test_entry_page_post_saves_and_redirects_with_a_message(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    data = post_data(
        {
            world["falls"]: {"numerator": "3", "denominator": "1500"},
            world["ulcers"]: {"numerator": "2", "denominator": "40", "comment": "New routine"},
            world["weight"]: {"value": "-1.5"},
            world["days"]: {"value": "12"},
        }
    )
    response = client.post(url(world["team_a"]), data)
    assert response.status_code == 302
    assert response["Location"] == url(world["team_a"], frequency="month", period="2025-03-01")
    page = client.get(response["Location"]).content.decode()
    assert "Saved 4 measures for March 2025." in page
    assert "Last saved by Mette Hansen" in page
    assert Observation.objects.filter(team=world["team_a"], period=MARCH).count() == 4
    assert Observation.objects.get(measure=world["weight"]).value == -1.5


def test_entry_page_post_in_danish_accepts_decimal_comma(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"], "da")
    data = post_data({world["falls"]: {"numerator": "2", "denominator": "1.500,5"}})
    assert client.post(url(world["team_a"]), data).status_code == 302
    falls = Observation.objects.get(measure=world["falls"])
    assert (falls.numerator, falls.denominator) == (2, 1500.5)
    html = client.get(url(world["team_a"], period="2025-03-01")).content.decode()
    assert 'value="1500,5"' in html and "marts 2025" in html


def test_entry_page_errors_rerender_with_messages_and_typed_values(world: dict[str, Any]) -> None:
    data = post_data(
        {
            world["falls"]: {"numerator": "3", "denominator": "1500"},
            world["ulcers"]: {"numerator": "50", "denominator": "40"},
            world["weight"]: {"value": "abc"},
        }
    )
    response = client_for(world["member_a"]).post(url(world["team_a"]), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved. Please correct 2 problems:" in html
    assert "Residents with pressure ulcers: the numerator cannot be larger" in html
    assert "Weight change, value: “abc” is not a number" in html
    ulcers_id = f"id_m{world['ulcers'].pk}-numerator"
    assert f'href="#{ulcers_id}"' in html
    assert 'value="abc"' in html and 'value="50"' in html and 'value="1500"' in html
    assert 'aria-invalid="true"' in html
    assert not Observation.objects.exists()  # the valid falls row was not saved either


def test_entry_page_conflict_rerenders_with_the_colleagues_save(world: dict[str, Any]) -> None:
    team_a, falls = world["team_a"], world["falls"]
    save_period(
        team=team_a, period=MARCH, by=world["member_a"],
        entries=[Entry(falls, numerator=3, denominator=1500)],
    )  # fmt: skip
    # The lead opens the page (version 1); the member corrects falls; the lead saves.
    stale = post_data({falls: {"numerator": "9", "denominator": "1500"}, world["days"]: {}})
    stale[f"m{falls.pk}-version"] = "1"
    save_period(
        team=team_a, period=MARCH, by=world["member_a"],
        entries=[Entry(falls, numerator=4, denominator=1500, version=1)],
    )  # fmt: skip
    client = client_for(world["lead_a"])
    response = client.post(url(team_a), stale)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved: a colleague saved this period" in html
    assert "Mette Hansen saved this measure on" in html
    assert re.search(r"<dt>Numerator</dt><dd>4</dd>", html)
    assert 'value="9"' in html  # the lead's own value is kept in the field
    assert f'name="m{falls.pk}-version" value="2"' in html
    assert Observation.objects.get(measure=falls).numerator == 4
    # Saving again is a deliberate correction: the colleague's 4 goes to the history.
    stale[f"m{falls.pk}-version"] = "2"
    assert client.post(url(team_a), stale).status_code == 302
    assert Observation.objects.get(measure=falls).numerator == 9
    assert ObservationRevision.objects.filter(numerator=4, version=2).exists()


def test_entry_page_shows_earlier_versions(world: dict[str, Any]) -> None:
    save_period(
        team=world["team_a"], period=MARCH, by=world["member_a"],
        entries=[Entry(world["falls"], numerator=3, denominator=1500)],
    )  # fmt: skip
    save_period(
        team=world["team_a"], period=MARCH, by=world["lead_a"],
        entries=[Entry(world["falls"], numerator=4, denominator=1500, version=1)],
    )  # fmt: skip
    html = client_for(world["member_a"]).get(url(world["team_a"], period="2025-03-01")).content
    text = html.decode()
    assert "1 earlier version" in text and "Numerator: 3" in text
    assert "Entered by Mette Hansen" in text and "replaced by lead_a" in text


def test_entry_page_clearing_a_row_saves_an_empty_observation(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    client.post(url(world["team_a"]), post_data({world["days"]: {"value": "5"}}))
    data = post_data({world["days"]: {"value": ""}})
    data[f"m{world['days'].pk}-version"] = "1"
    response = client.post(url(world["team_a"]), data, follow=True)
    assert "Saved 1 measure for March 2025." in response.content.decode()
    days = Observation.objects.get(measure=world["days"])
    assert days.value is None and days.version == 2


def test_entry_page_identical_post_reports_nothing_changed(world: dict[str, Any]) -> None:
    client = client_for(world["member_a"])
    client.post(url(world["team_a"]), post_data({world["days"]: {"value": "5"}}))
    data = post_data({world["days"]: {"value": "5"}})
    data[f"m{world['days'].pk}-version"] = "1"
    response = client.post(url(world["team_a"]), data, follow=True)
    assert "Nothing changed for March 2025." in response.content.decode()


def test_entry_page_saves_the_period_named_in_the_form(world: dict[str, Any]) -> None:
    data = post_data({world["days"]: {"value": "5"}}, period=dt.date(2025, 1, 1))
    client_for(world["member_a"]).post(url(world["team_a"], period="2025-03-01"), data)
    assert Observation.objects.get(measure=world["days"]).period == dt.date(2025, 1, 1)


def test_entry_page_without_measures_says_so(world: dict[str, Any]) -> None:
    empty = factories.team(world["north"], "Team Empty")
    person = factories.user("empty_member", "team_member", team=empty)
    html = client_for(person).get(url(empty)).content.decode()
    assert "This team reports no measures yet." in html


# Who may enter data ---------------------------------------------------------------------------

# role -> status of GET and of POST on team A's entry page
MATRIX = {
    "member_a": (200, 302),
    "lead_a": (200, 302),
    "site_admin": (200, 302),
    "leader_north": (403, 403),
    "consultant_north": (403, 403),
    "member_b": (404, 404),
    "analyst": (404, 404),
    "nobody": (404, 404),
}


@pytest.mark.parametrize("who", sorted(MATRIX))
def test_entry_page_access_matrix_for_each_role(world: dict[str, Any], who: str) -> None:
    client = client_for(world[who])
    get_status, post_status = MATRIX[who]
    assert client.get(url(world["team_a"])).status_code == get_status
    data = post_data({world["days"]: {"value": "5"}})
    assert client.post(url(world["team_a"]), data).status_code == post_status
    assert Observation.objects.exists() is (post_status == 302)


def test_entry_page_anonymous_is_redirected_to_login(world: dict[str, Any]) -> None:
    client = Client()
    for response in (
        client.get(url(world["team_a"])),
        client.post(url(world["team_a"]), post_data({world["days"]: {"value": "5"}})),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert not Observation.objects.exists()


# Accessibility of the markup ------------------------------------------------------------------


class FormMarkup(HTMLParser):
    """Collects inputs, labels and ids of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "label" and found.get("for"):
            self.label_for.add(str(found["for"]))
        if tag in {"input", "select", "textarea"} and found.get("type") not in {
            "hidden",
            "submit",
        }:
            self.inputs.append(found)


def test_entry_page_every_input_has_a_label_and_valid_descriptions(world: dict[str, Any]) -> None:
    data = post_data(
        {world["falls"]: {"numerator": "x", "denominator": "1"}, world["weight"]: {"value": "1"}}
    )
    for response in (
        client_for(world["member_a"]).get(url(world["team_a"], period="2025-03-01")),
        client_for(world["member_a"]).post(url(world["team_a"]), data),
    ):
        markup = FormMarkup()
        markup.feed(response.content.decode())
        entry_inputs = [i for i in markup.inputs if str(i.get("name", "")).startswith("m")]
        assert len(entry_inputs) == 2 + 2 + 1 + 1 + 4  # numbers of the 4 measures + comments
        for found in markup.inputs:
            assert found.get("id") in markup.label_for, found
            for described in str(found.get("aria-describedby") or "").split():
                assert described in markup.ids, (found, described)
        numbers = [i for i in entry_inputs if "number" in str(i.get("class"))]
        assert all(i.get("inputmode") in {"decimal", "text"} for i in numbers)
        assert sum(i.get("inputmode") == "decimal" for i in numbers) == 5  # weight may be < 0
