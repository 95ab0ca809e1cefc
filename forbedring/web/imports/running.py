"""One import from start to end, as the views and the background task run it: read the
stored file, check it with the job's mapping, save, and record progress and the outcome on
the job (C7)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forbedring.web.imports.actions import ImportRefusedError, save_plan
from forbedring.web.imports.cells import read_text
from forbedring.web.imports.checking import make_plan
from forbedring.web.imports.models import ImportJob
from forbedring.web.imports.plan import Plan, PlanError
from forbedring.web.imports.reading import ReadError, Table, read_table

# An ImportJob.Status member (Django's choices carry no types without the mypy plugin, so mypy
# sees their members as tuples).
type Status = Any

# Files with more data rows than this are imported by the background worker.
BACKGROUND_ROWS = 5_000


def plan_for(job: ImportJob, table: Table | None = None) -> Plan:
    """The job's file checked with its mapping; raises ReadError or PlanError."""
    table = table or read_table(bytes(job.data), job.filename)
    mapping = {field: int(index) for field, index in job.mapping.items()}
    return make_plan(
        table, mapping, team=job.team, measure=job.measure, by=job.created_by,
        progress=lambda done: _progress(job, ImportJob.Status.CHECKING, done),
    )  # fmt: skip


def _progress(job: ImportJob, status: Status, done: int) -> None:
    job.status, job.processed_rows = status, done
    ImportJob.objects.filter(pk=job.pk).update(status=status, processed_rows=done)


def run(job: ImportJob) -> ImportJob:
    """Check and save the job's file; the job records the outcome (never raises for bad
    input: the message goes to the job)."""
    try:
        table = read_table(bytes(job.data), job.filename)
        job.total_rows = len(table.rows)
        _progress(job, ImportJob.Status.CHECKING, 0)
        ImportJob.objects.filter(pk=job.pk).update(total_rows=job.total_rows)
        plan = plan_for(job, table)
        if plan.errors:
            job.rejected_csv = rejected_rows_csv(plan)
        if plan.errors and not job.valid_only:
            raise ImportRefusedError
        _progress(job, ImportJob.Status.SAVING, 0)
        counts = save_plan(plan, by=job.created_by, valid_only=job.valid_only)
    except (ReadError, PlanError) as error:
        messages = error.messages if isinstance(error, PlanError) else [error.message]
        return _finish(job, ImportJob.Status.FAILED, " ".join(messages))
    except ImportRefusedError:
        job.counts = {**plan.counts, "errors": plan.counts["error"]}
        return _finish(
            job,
            ImportJob.Status.FAILED,
            _(
                "Nothing was saved: some rows have errors. "
                "Correct them, or import the valid rows only."
            ),
        )
    except IntegrityError:
        return _finish(
            job,
            ImportJob.Status.FAILED,
            _("Nothing was saved: someone saved data for the same periods meanwhile. Try again."),
        )
    # Rows with errors (a row may have several): the status page counts rows not imported.
    counts["errors"] = plan.counts["error"]
    job.counts = counts
    return _finish(job, ImportJob.Status.DONE, "")


def _finish(job: ImportJob, status: Status, message: str) -> ImportJob:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    if status == ImportJob.Status.DONE:
        job.data = b""  # imported: the file is no longer needed
    with transaction.atomic():
        job.save()
    return job


def rejected_rows_csv(plan: Plan) -> bytes:
    """The rows with errors as they were in the file, plus the row number and the errors, as a
    CSV that Danish and Norwegian Excel opens directly (``;``, UTF-8 with a byte-order mark)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("Row"), *plan.table.header, _("Errors")])
    for row in plan.errors:
        problems = " | ".join(
            f"{e.column}: {e.message}" if e.column else e.message for e in row.errors
        )
        writer.writerow([row.row.number, *(read_text(c) for c in row.row.cells), problems])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
