"""Large files go to the background worker (django-tasks-db): the request returns at once,
the status page shows the progress, and the worker saves all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from forbedring.web.imports import running
from forbedring.web.imports.models import ImportJob
from forbedring.web.measures.models import Observation
from tests.web.imports.conftest import World

DAYS = 40
# The worker closes its database connection between tasks, as in production; inside a test
# transaction that would lose the test's data, so these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _small_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    # A 40-row file stands in for a 100,000-row one; the settings' database backend stores
    # the task and `db_worker --batch` runs it, as in production.
    monkeypatch.setattr(running, "BACKGROUND_ROWS", 10)
    monkeypatch.setattr("forbedring.web.imports.checking.PROGRESS_EVERY", 10)


def daily_file(bad_row: bool = False) -> bytes:
    start = dt.date(2024, 1, 1)
    lines = [
        "Dag;Antal",
        *(f"{start + dt.timedelta(days=i):%d-%m-%Y};{i % 5}" for i in range(DAYS)),
    ]
    if bad_row:
        lines[7] = "08-01-2024;syv"
    return "\n".join(lines).encode()


def start(world: World, data: bytes) -> tuple[Client, ImportJob]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.member)
    url = reverse("imports:upload_measure", args=[world.team.pk, world.daily.pk])
    assert client.post(url, {"file": SimpleUploadedFile("days.csv", data)}).status_code == 302
    job = ImportJob.objects.latest("pk")
    client.post(
        reverse("imports:mapping", args=[job.pk]), {"column_0": "period", "column_1": "value"}
    )
    page = client.get(reverse("imports:preview", args=[job.pk])).content.decode()
    assert "checked and imported in the background" in page
    assert client.post(reverse("imports:confirm", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    return client, job


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_large_file_is_queued_then_imported_by_the_worker(world: World) -> None:
    client, job = start(world, daily_file())
    assert job.status == ImportJob.Status.QUEUED
    assert Observation.objects.count() == 0
    with translation.override("en"):
        status = client.get(reverse("imports:status", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in status and "<progress" in status
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.message
    assert job.counts["created"] == DAYS
    assert Observation.objects.filter(measure=world.daily).count() == DAYS
    partial = client.get(
        reverse("imports:status", args=[job.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in partial and "40 observations created" in partial


def test_worker_reports_progress_while_checking(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, job = start(world, daily_file())
    seen: list[tuple[str, int]] = []
    original = running._progress

    def spy(job: ImportJob, status: str, done: int) -> None:
        original(job, status, done)
        stored = ImportJob.objects.get(pk=job.pk)
        seen.append((stored.status, stored.processed_rows))

    monkeypatch.setattr(running, "_progress", spy)
    run_worker()
    assert (ImportJob.Status.CHECKING, 20) in seen and seen[-1][0] == ImportJob.Status.SAVING
    job.refresh_from_db()
    assert job.percent == 100


def test_worker_saves_nothing_when_a_row_is_wrong_and_offers_the_valid_rows(world: World) -> None:
    client, job = start(world, daily_file(bad_row=True))
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert Observation.objects.count() == 0
    assert job.counts["error"] == 1
    assert b"syv" in bytes(job.rejected_csv)
    client.post(reverse("imports:confirm", args=[job.pk]), {"valid_only": "1"})
    run_worker()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert Observation.objects.count() == DAYS - 1


def test_percent_follows_checking_then_saving() -> None:
    job = ImportJob(total_rows=200, processed_rows=100, status=ImportJob.Status.CHECKING)
    assert job.percent == 25
    job.status = ImportJob.Status.SAVING
    assert job.percent == 75
