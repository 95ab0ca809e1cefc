"""The background import (C7): large files are checked and saved by ``manage.py db_worker``
while the user's page polls the job's progress."""

from __future__ import annotations

from django.tasks import task

from forbedring.web.imports import running
from forbedring.web.imports.models import ImportJob


@task
def import_file(job_id: int) -> None:
    job = (
        ImportJob.objects.select_related("team", "measure", "created_by").filter(pk=job_id).first()
    )
    if job is None or job.status != ImportJob.Status.QUEUED:
        return  # deleted, or already run (a task may be delivered twice)
    running.run(job)
