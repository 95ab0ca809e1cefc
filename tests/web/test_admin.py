"""Django admin: for site administrators (staff) only; every model's pages work on the demo."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.db.models import Model
from django.test import Client
from django.urls import reverse

from forbedring.web.accounts.models import User
from forbedring.web.core import demo
from forbedring.web.measures.models import (
    Measure,
    Observation,
    ObservationRevision,
    SeriesEvent,
    TeamMeasure,
)
from forbedring.web.organisations.models import Membership, Organisation, Team, Unit

pytestmark = pytest.mark.django_db

MODELS = [Organisation, Unit, Team, Membership, Measure, TeamMeasure, Observation, SeriesEvent]


@pytest.fixture
def staff_client() -> Client:
    demo.load_demo(today=dt.date(2026, 11, 22))
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def _url(model: type[Model], view: str, *args: object) -> str:
    return str(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args))


def test_admin_index_200_for_the_site_administrator(staff_client: Client) -> None:
    response = staff_client.get("/admin/")
    assert response.status_code == 200
    for model in MODELS:
        assert _url(model, "changelist") in response.content.decode()


@pytest.mark.parametrize("username", ["team", "leader", "organiser", "analyst"])
def test_admin_index_redirects_other_users_to_login(username: str) -> None:
    demo.load_demo(today=dt.date(2026, 11, 22))
    client = Client()
    client.force_login(User.objects.get(username=username))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_index_redirects_anonymous_to_login(client: Client) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_pages_of_every_model_render(staff_client: Client, model: type[Model]) -> None:
    assert admin.site.is_registered(model)
    listing = staff_client.get(_url(model, "changelist"))
    assert listing.status_code == 200
    searched = staff_client.get(_url(model, "changelist"), {"q": "Solgården"})
    assert searched.status_code == 200
    first = model._default_manager.first()
    assert staff_client.get(_url(model, "change", first.pk)).status_code == 200


def test_admin_observation_shows_its_revisions_read_only(staff_client: Client) -> None:
    revision = ObservationRevision.objects.select_related("observation").first()
    assert revision is not None
    response = staff_client.get(_url(Observation, "change", revision.observation.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Rettet: to fald var registreret to gange" in page
    # The inline shows the earlier numerator, and no form field lets anyone change it.
    assert f"{revision.numerator:g}" in page
    assert 'name="revisions-0-numerator"' not in page
    assert 'name="numerator"' not in page


def test_admin_cannot_add_change_or_delete_observations(staff_client: Client) -> None:
    observation = Observation.objects.first()
    assert observation is not None
    assert staff_client.get(_url(Observation, "add")).status_code == 403
    before = observation.numerator
    staff_client.post(_url(Observation, "change", observation.pk), {"numerator": "999"})
    observation.refresh_from_db()
    assert observation.numerator == before
    assert staff_client.get(_url(Observation, "delete", observation.pk)).status_code == 403


def test_admin_series_event_records_who_made_it(staff_client: Client) -> None:
    link = TeamMeasure.objects.select_related("team", "measure").first()
    assert link is not None
    response = staff_client.post(
        _url(SeriesEvent, "add"),
        {
            "measure": link.measure.pk, "team": link.team.pk, "kind": SeriesEvent.Kind.NOTE,
            "period": "2026-01-01", "text": "Set up by the site administrator",
        },
    )  # fmt: skip
    assert response.status_code == 302
    event = SeriesEvent.objects.get(text="Set up by the site administrator")
    assert event.created_by.username == "admin"


def test_admin_membership_form_enforces_the_role_rules(staff_client: Client) -> None:
    user = User.objects.get(username="analyst")
    organisation = Organisation.objects.get(official_code="0751")
    response = staff_client.post(
        _url(Membership, "add"),
        {"user": user.pk, "role": "team_member", "organisation": organisation.pk},
    )
    assert response.status_code == 200  # the form again, with the error
    assert not Membership.objects.filter(user=user, role="team_member").exists()
