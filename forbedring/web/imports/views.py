"""Import pages: upload → mapping → preview → confirm → status (C7).

Only people who may enter a team's data import into it (``access.team_for(edit=True)``:
404 for other organisations' teams, 403 for read-only roles). An upload belongs to the person
who made it; anyone else gets 404 for it. Files up to ``running.BACKGROUND_ROWS`` rows are
checked for the preview and saved within the request; larger files are checked and saved by
the background worker, and the status page shows the progress.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.core.numbers import format_number
from forbedring.web.imports import running
from forbedring.web.imports.cells import read_text
from forbedring.web.imports.forms import MappingForm, UploadForm
from forbedring.web.imports.mapping import field_labels, mapping_problems, remember, suggest
from forbedring.web.imports.models import ImportJob
from forbedring.web.imports.plan import Outcome, PlanError, RowPlan
from forbedring.web.imports.reading import MAX_BYTES, ReadError, Table, read_table
from forbedring.web.imports.tasks import import_file
from forbedring.web.measures.actions import Values
from forbedring.web.measures.models import TeamMeasure

PREVIEW_ROWS = 10
LISTED_ERRORS = 200
SAMPLE_ROWS = 5
ABANDONED_AFTER = dt.timedelta(days=1)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest, team_id: int, measure_id: int | None = None) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    measure = access.measure_for(team, measure_id) if measure_id is not None else None
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        if upload_file.size > MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(size)s MB. Split it into smaller files.")
                % {"size": MAX_BYTES // (1024 * 1024)},
            )
        else:
            data = upload_file.read()
            try:
                table = read_table(data, upload_file.name)
            except ReadError as error:
                form.add_error("file", error.message)
            else:
                _drop_abandoned(request)
                job = ImportJob.objects.create(
                    team=team, measure=measure, created_by=request.user,
                    filename=Path(upload_file.name).name[:255], data=data,
                    mapping=suggest(table.header, team), total_rows=len(table.rows),
                )  # fmt: skip
                return redirect("imports:mapping", job.pk)
    return render(
        request,
        "imports/upload.html",
        {"team": team, "measure": measure, "form": form, "page_title": _("Import from file")},
    )


def _drop_abandoned(request: HttpRequest) -> None:
    """Forget the uploader's files that were never imported and are a day old: they were
    abandoned, and files should not pile up in the database."""
    ImportJob.objects.filter(
        created_by=request.user,
        status__in=[ImportJob.Status.UPLOADED, ImportJob.Status.FAILED],
        created_at__lt=timezone.now() - ABANDONED_AFTER,
    ).delete()


def _job_for(request: HttpRequest, job_id: int) -> ImportJob:
    job = (
        ImportJob.objects.select_related("team", "measure", "created_by")
        .filter(pk=job_id, created_by=request.user)
        .first()
    )
    if job is None:
        raise Http404
    access.team_for(request.user, job.team_id, edit=True)  # the right may have gone since
    return job


def _table(job: ImportJob) -> Table:
    return read_table(bytes(job.data), job.filename)


def _single_measure(job: ImportJob) -> bool:
    return TeamMeasure.objects.filter(team=job.team).count() == 1


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mapping(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    if job.status != ImportJob.Status.UPLOADED:
        return redirect("imports:status", job.pk)
    table = _table(job)
    current = {f: int(i) for f, i in job.mapping.items()}
    form = MappingForm(request.POST or None, header=table.header, initial_mapping=current)
    if request.method == "POST" and form.is_valid():
        chosen = form.mapping()
        problems = mapping_problems(
            chosen, width=len(table.header), measure_fixed=job.measure is not None,
            single_measure=_single_measure(job) and "team" not in chosen,
        )  # fmt: skip
        for problem in problems:
            form.add_error(None, problem)
        if not problems:
            job.mapping = chosen
            job.save(update_fields=["mapping"])
            remember(job.team, table.header, chosen)
            return redirect("imports:preview", job.pk)
    sample = [[read_text(c) for c in row.cells] for row in table.rows[:SAMPLE_ROWS]]
    columns = [
        {
            "name": name,
            "field": form[f"column_{i}"],
            "examples": [r[i] for r in sample if i < len(r) and r[i]],
        }
        for i, name in enumerate(table.header)
    ]
    return render(
        request,
        "imports/mapping.html",
        {
            "job": job,
            "team": job.team,
            "table": table,
            "form": form,
            "columns": columns,
            "page_title": _("Import from file"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def preview(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    if job.status != ImportJob.Status.UPLOADED:
        return redirect("imports:status", job.pk)
    table = _table(job)
    context: dict[str, object] = {
        "job": job,
        "team": job.team,
        "labels": field_labels(),
        "page_title": _("Import from file"),
    }
    if len(table.rows) > running.BACKGROUND_ROWS:
        context["background"] = True
        context["rows"] = len(table.rows)
        return render(request, "imports/preview.html", context)
    try:
        plan = running.plan_for(job, table)
    except PlanError as error:
        context["plan_errors"] = error.messages
        return render(request, "imports/preview.html", context)
    kinds = {
        kind: [r for r in plan.rows if r.outcome == kind]
        for kind in (Outcome.NEW, Outcome.CORRECTION, Outcome.UNCHANGED)
    }
    errors = plan.errors
    context.update(
        plan=plan,
        counts=plan.counts,
        errors=errors[:LISTED_ERRORS],
        more_errors=max(0, len(errors) - LISTED_ERRORS),
        new_rows=_shown(kinds[Outcome.NEW]),
        corrections=_shown(kinds[Outcome.CORRECTION]),
        unchanged_rows=_shown(kinds[Outcome.UNCHANGED]),
        saveable=len(plan.to_save),
        total_rows=table.total_rows,
    )
    return render(request, "imports/preview.html", context)


def _numbers(values: Values | None) -> str:
    if values is None:
        return ""
    if values.value is not None:
        return format_number(values.value)
    parts = (format_number(values.numerator), format_number(values.denominator))
    return " / ".join(p or "–" for p in parts)


def _shown(rows: list[RowPlan]) -> list[dict[str, object]]:
    """The first rows of a kind as the preview shows them, numbers in the page's language."""
    return [
        {
            "number": r.row.number,
            "team": r.team,
            "measure": r.measure,
            "period": r.period,
            "numbers": _numbers(r.values),
            "previous": _numbers(r.previous) if r.outcome == Outcome.CORRECTION else "",
            "comment": r.values.comment if r.values else "",
        }
        for r in rows[:PREVIEW_ROWS]
    ]


@login_required
@require_POST
def confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    retry = job.status == ImportJob.Status.FAILED and bool(job.data)
    if job.status != ImportJob.Status.UPLOADED and not retry:
        return redirect("imports:status", job.pk)
    job.valid_only = request.POST.get("valid_only") == "1"
    if job.total_rows > running.BACKGROUND_ROWS:
        job.status, job.processed_rows, job.message = ImportJob.Status.QUEUED, 0, ""
        job.save(update_fields=["valid_only", "status", "processed_rows", "message"])
        import_file.enqueue(job.pk)
    else:
        running.run(job)
    return redirect("imports:status", job.pk)


@login_required
@require_http_methods(["GET", "HEAD"])
def status(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_for(request, job_id)
    template = "imports/_progress.html" if request.htmx else "imports/status.html"
    return render(
        request, template, {"job": job, "team": job.team, "page_title": _("Import from file")}
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def rejected(request: HttpRequest, job_id: int) -> HttpResponse:
    """The rows with errors, as a CSV with an error column, to correct and upload again."""
    job = _job_for(request, job_id)
    if job.rejected_csv:
        content = bytes(job.rejected_csv)
    elif job.data:
        try:
            content = running.rejected_rows_csv(running.plan_for(job))
        except (ReadError, PlanError):
            raise Http404 from None
    else:
        raise Http404
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    # Outside the f-string, where makemessages finds it.
    suffix = _("rejected")
    name = f"{Path(job.filename).stem}-{suffix}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def start_url(job: ImportJob) -> str:
    if job.measure_id is not None:
        return reverse("imports:upload_measure", args=[job.team_id, job.measure_id])
    return reverse("imports:upload", args=[job.team_id])
