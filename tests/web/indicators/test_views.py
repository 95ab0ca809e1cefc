"""The import pages: who may use them, and upload → preview → confirm."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forbedring.web.accounts.models import User
from forbedring.web.indicators.models import IndicatorImport, IndicatorValue
from forbedring.web.organisations.models import Organisation
from tests.web import factories
from tests.web.indicators.conftest import create_dk, csv_bytes

pytestmark = pytest.mark.django_db
INDICATOR = "dk-preventable-admissions-65-plus"
GOOD = "Kommune;År;Tæller;Nævner;Værdi\nAarhus;2023;10;200;50,0\nOdense;2023;30;300;100\n"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client: Client, text: str = GOOD) -> object:
    return client.post(
        "/indicators/import/",
        {
            "indicator": INDICATOR,
            "source": "eSundhed 2024",
            "file": SimpleUploadedFile("tal.csv", csv_bytes(text)),
        },
    )


@pytest.fixture
def world(db: None) -> dict[str, object]:
    people = factories.role_world()
    # The factory's made-up municipalities take real codes; free them for the real ones.
    Organisation.objects.update(official_code="")
    create_dk()
    return people


@pytest.mark.parametrize(
    "who", ["member_a", "lead_a", "leader_north", "consultant_north", "nobody"]
)
def test_only_analysts_and_site_admins_may_import(world: dict[str, object], who: str) -> None:
    client = client_for(world[who])  # type: ignore[arg-type]
    assert client.get("/indicators/import/").status_code == 403
    assert upload(client).status_code == 403
    assert not IndicatorImport.objects.exists()


def test_anonymous_is_sent_to_login(world: dict[str, object]) -> None:
    response = Client().get("/indicators/import/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["analyst", "site_admin"])
def test_upload_preview_confirm(world: dict[str, object], who: str) -> None:
    client = client_for(world[who])  # type: ignore[arg-type]
    assert client.get("/indicators/import/").status_code == 200
    response = upload(client)
    record = IndicatorImport.objects.get()
    assert response["Location"] == f"/indicators/import/{record.pk}/"
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert not IndicatorValue.objects.exists()  # nothing before the confirmation
    assert client.post(f"/indicators/import/{record.pk}/confirm/").status_code == 302
    record.refresh_from_db()
    assert (record.status, record.created, record.source) == ("imported", 2, "eSundhed 2024")
    assert record.imported_by == world[who] and bytes(record.data) == b""
    value = IndicatorValue.objects.get(area__official_code="0751")
    assert value.value == pytest.approx(50.0) and value.imported_by == world[who]
    # Confirmed once: the upload is done, a second confirmation finds nothing.
    assert client.post(f"/indicators/import/{record.pk}/confirm/").status_code == 404


def test_rows_with_errors_are_listed_and_nothing_can_be_saved(world: dict[str, object]) -> None:
    client = client_for(world["analyst"])  # type: ignore[arg-type]
    upload(client, GOOD + "Atlantis;2023;1;10;100\n")
    record = IndicatorImport.objects.get()
    page = client.get(f"/indicators/import/{record.pk}/").content.decode()
    assert "Atlantis" in page and f"/indicators/import/{record.pk}/confirm/" not in page
    client.post(f"/indicators/import/{record.pk}/confirm/")
    assert not IndicatorValue.objects.exists()
    record.refresh_from_db()
    assert record.status == "pending"


def test_a_file_that_cannot_be_read_is_refused_on_the_upload_page(
    world: dict[str, object],
) -> None:
    client = client_for(world["analyst"])  # type: ignore[arg-type]
    response = upload(client, "Navn;Alder\nx;1\n")
    assert response.status_code == 200
    assert "Kommune;2022;2023;2024" in response.content.decode()
    assert not IndicatorImport.objects.exists()


def test_someone_elses_upload_is_missing(world: dict[str, object]) -> None:
    upload(client_for(world["analyst"]))  # type: ignore[arg-type]
    record = IndicatorImport.objects.get()
    admin = client_for(world["site_admin"])  # type: ignore[arg-type]
    assert admin.get(f"/indicators/import/{record.pk}/").status_code == 404
    assert admin.post(f"/indicators/import/{record.pk}/confirm/").status_code == 404
    member = client_for(world["member_a"])  # type: ignore[arg-type]
    assert member.get(f"/indicators/import/{record.pk}/").status_code == 403
    assert not IndicatorValue.objects.exists()


def test_values_page_shows_imported_values_without_demo_label(world: dict[str, object]) -> None:
    analyst = client_for(world["analyst"])  # type: ignore[arg-type]
    upload(analyst)
    analyst.post(f"/indicators/import/{IndicatorImport.objects.get().pk}/confirm/")
    page = client_for(world["member_a"]).get(f"/indicators/{INDICATOR}/")  # type: ignore[arg-type]
    html = page.content.decode()
    assert page.status_code == 200 and "Aarhus Kommune" in html and "demo-badge" not in html
    assert client_for(world["member_a"]).get("/indicators/no-such/").status_code == 404  # type: ignore[arg-type]


def test_abandoned_uploads_are_dropped_on_the_next_upload(world: dict[str, object]) -> None:
    import datetime as dt

    from django.utils import timezone

    client = client_for(world["analyst"])  # type: ignore[arg-type]
    upload(client)
    IndicatorImport.objects.update(created_at=timezone.now() - dt.timedelta(days=2))
    upload(client)
    assert IndicatorImport.objects.count() == 1
