"""The background generation of a batch of status reports (``manage.py db_worker``)."""

from __future__ import annotations

from django.tasks import task

from forbedring.web.reports import batch as batches
from forbedring.web.reports.models import ReportBatch


@task
def generate_reports(batch_id: int) -> None:
    found = ReportBatch.objects.filter(pk=batch_id).first()
    if found is None or found.status != ReportBatch.Status.QUEUED:
        return  # deleted, or already run (a task may be delivered twice)
    batches.run(found)
