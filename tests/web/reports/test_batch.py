"""The reports of all areas in the background: who may start and download them, the task end
to end with its progress, one failing area that does not stop the others, the ZIP, the
process pool, and deleting a batch."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forbedring.web.reports import batch as batches
from forbedring.web.reports.models import ReportBatch, ReportResult
from tests.web.reports.conftest import client_for

# The worker closes its database connection between tasks, as in production; inside a test
# transaction that would lose the test's data, so the end-to-end tests commit for real.
REGIONS = 5


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def start(person: Any, **fields: str) -> ReportBatch:
    data = {"country": "DK", "level": "region", "year": "", "limits": "95", "adjust": "yes",
            "dev": "0.95", **fields}  # fmt: skip
    response = client_for(person).post(reverse("reports:batches"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ReportBatch.objects.latest("pk")


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["nobody", "member", "outsider"])
def test_other_users_may_not_start_see_download_or_delete_batches(
    dk: dict[str, Any], who: str
) -> None:
    made = ReportBatch.objects.create(country="DK", level="region", language="en")
    client = client_for(dk[who])
    assert client.get(reverse("reports:batches")).status_code == 403
    assert client.post(reverse("reports:batches"), {"country": "DK"}).status_code == 403
    for name in ("reports:batch", "reports:batch_download"):
        assert client.get(reverse(name, args=[made.pk])).status_code == 403
    assert client.post(reverse("reports:batch_delete", args=[made.pk])).status_code == 403
    assert ReportBatch.objects.filter(pk=made.pk).exists()


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in(dk: dict[str, Any]) -> None:
    response = client_for(None).get(reverse("reports:batches"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["analyst", "site_admin"])
def test_analysts_and_administrators_see_the_batch_page(dk: dict[str, Any], who: str) -> None:
    html = client_for(dk[who]).get(reverse("reports:batches")).content.decode()
    assert "Generate all reports" in html


@pytest.mark.django_db
def test_bad_form_is_shown_again_not_saved(dk: dict[str, Any]) -> None:
    response = client_for(dk["analyst"]).post(
        reverse("reports:batches"), {"country": "XX", "level": "planet", "year": "abc"}
    )
    assert response.status_code == 200 and not ReportBatch.objects.exists()
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_batch_runs_in_the_worker_with_progress_and_a_failing_area(
    dk: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = batches.report_pdf

    def failing_for_one(report: Any) -> tuple[bytes, int]:
        if report.area.name == "Region Sjælland":
            raise ValueError("the layout broke")
        return real(report)

    monkeypatch.setattr(batches, "report_pdf", failing_for_one)
    monkeypatch.setattr(batches, "PROCESSES", 1)
    made = start(dk["analyst"], limits="998")
    assert made.status == ReportBatch.Status.QUEUED and made.options == "limits=998"
    client = client_for(dk["analyst"])
    queued = client.get(reverse("reports:batch", args=[made.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in queued and "<progress" in queued

    run_worker()
    made.refresh_from_db()
    assert made.status == ReportBatch.Status.DONE, made.error
    assert (made.total, made.done, made.failed) == (REGIONS, REGIONS - 1, 1)
    partial = client.get(
        reverse("reports:batch", args=[made.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hx-trigger" not in partial and "4 reports made." in partial
    assert "Region Sjælland (1085): ValueError: the layout broke" in partial

    results = ReportResult.objects.filter(batch=made)
    assert results.count() == REGIONS
    for result in results.exclude(error=""):
        assert result.area.name == "Region Sjælland" and not bytes(result.pdf)
    for result in results.filter(error=""):
        assert bytes(result.pdf).startswith(b"%PDF-") and result.pages >= 2
        assert result.filename.startswith(f"status-report-{result.area.official_code}-")

    response = client.get(reverse("reports:batch_download", args=[made.pk]))
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="status-reports-dk-')
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    pdfs = sorted(n for n in archive.namelist() if n.endswith(".pdf"))
    assert len(pdfs) == REGIONS - 1 and "status-report-1082-midtjylland-2025.pdf" in pdfs
    assert all(archive.read(n).startswith(b"%PDF-") for n in pdfs)
    index = list(
        csv.reader(io.StringIO(archive.read("index.csv").decode("utf-8-sig")), delimiter=";")
    )
    assert index[0] == ["Code", "Area", "File", "Pages", "Error"] and len(index) == REGIONS + 1
    failed = next(row for row in index if row[1] == "Region Sjælland")
    assert failed[2] == "" and failed[4] == "ValueError: the layout broke"


@pytest.mark.django_db(transaction=True)
def test_process_pool_makes_the_same_reports(
    dk: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batches, "POOL_FROM", 2)
    made = ReportBatch.objects.create(country="DK", level="region", language="da")
    batches.run(made, processes=2)
    made.refresh_from_db()
    assert (made.status, made.done, made.failed) == (ReportBatch.Status.DONE, REGIONS, 0)
    names = set(ReportResult.objects.filter(batch=made).values_list("filename", flat=True))
    # The file names in the batch's language (Danish until the translator adds the word, the
    # English one).
    assert any(n.endswith("-1082-midtjylland-2025.pdf") for n in names)
    assert all(bytes(r.pdf).startswith(b"%PDF-") for r in ReportResult.objects.filter(batch=made))


@pytest.mark.django_db
def test_download_of_an_unfinished_batch_is_not_found(dk: dict[str, Any]) -> None:
    made = ReportBatch.objects.create(country="DK", level="region", language="en")
    response = client_for(dk["analyst"]).get(reverse("reports:batch_download", args=[made.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_delete_keeps_a_running_batch_and_removes_a_finished_one(dk: dict[str, Any]) -> None:
    client = client_for(dk["site_admin"])
    running = ReportBatch.objects.create(
        country="DK", level="region", language="en", status=ReportBatch.Status.RUNNING,
        started_at=timezone.now(),
    )  # fmt: skip
    client.post(reverse("reports:batch_delete", args=[running.pk]))
    assert ReportBatch.objects.filter(pk=running.pk).exists()
    done = ReportBatch.objects.create(
        country="DK", level="region", language="en", status=ReportBatch.Status.DONE
    )
    ReportResult.objects.create(batch=done, area=dk["midtjylland"], filename="x.pdf", pdf=b"%PDF")
    response = client.post(reverse("reports:batch_delete", args=[done.pk]))
    assert response.status_code == 302 and not ReportBatch.objects.filter(pk=done.pk).exists()
    assert not ReportResult.objects.filter(batch_id=done.pk).exists()
    listing = client.get(reverse("reports:batches")).content.decode()
    assert reverse("reports:batch", args=[running.pk]) in listing
