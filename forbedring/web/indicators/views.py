"""Indicator value pages: upload → preview (counts and errors) → confirm, for national
analysts and site administrators. An indicator's own page and the index are in
:mod:`forbedring.web.indicators.views_indicator`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.imports.reading import MAX_BYTES, ReadError
from forbedring.web.indicators.importing import ImportPlan, PlanError, apply_plan, plan_import
from forbedring.web.indicators.models import IndicatorImport, library_indicators
from forbedring.web.indicators.table import read_indicator_table

LISTED_ERRORS = 200
ABANDONED_AFTER = dt.timedelta(days=1)


def _language() -> str:
    lang = (get_language() or "en")[:2]
    return lang if lang in ("da", "nb", "en") else "en"


def indicator_choices() -> list[tuple[str, str]]:
    lang = _language()
    return [
        (indicator_id, f"{indicator.title.get(lang)} ({country})")
        for indicator_id, (indicator, country) in library_indicators().items()
    ]


class IndicatorUploadForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"))
    source = forms.CharField(
        label=gettext_lazy("Source"), max_length=300,
        help_text=gettext_lazy("Which publication or file the figures come from."),
    )  # fmt: skip
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV or Excel (.xlsx): one row per area and year (Kommune;Kommunekode;År;Tæller;"
            "Nævner;Værdi), or one row per area with one column per year."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = indicator_choices()


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    access.require_indicator_importer(request.user)
    form = IndicatorUploadForm(request.POST or None, request.FILES or None)
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
                read_indicator_table(data, upload_file.name)
            except ReadError as error:
                form.add_error("file", error.message)
            else:
                # Uploads never confirmed are dropped after a day: files should not pile up.
                IndicatorImport.objects.filter(
                    imported_by=request.user, status=IndicatorImport.Status.PENDING,
                    created_at__lt=timezone.now() - ABANDONED_AFTER,
                ).delete()  # fmt: skip
                record = IndicatorImport.objects.create(
                    indicator=form.cleaned_data["indicator"], source=form.cleaned_data["source"],
                    filename=Path(upload_file.name).name[:255], data=data,
                    imported_by=request.user,
                )  # fmt: skip
                return redirect("indicators:preview", record.pk)
    return render(
        request, "indicators/upload.html",
        {"form": form, "page_title": _("Import indicator values")},
    )  # fmt: skip


def _pending(request: HttpRequest, import_id: int) -> IndicatorImport:
    """The person's own upload that waits for confirmation; anyone else's is missing (404)."""
    access.require_indicator_importer(request.user)
    record = IndicatorImport.objects.filter(
        pk=import_id, imported_by=request.user, status=IndicatorImport.Status.PENDING
    ).first()
    if record is None:
        raise Http404
    return record


def _plan(record: IndicatorImport) -> tuple[ImportPlan | None, str]:
    try:
        table = read_indicator_table(bytes(record.data), record.filename)
        return plan_import(table, record.indicator), ""
    except (ReadError, PlanError) as error:
        return None, error.message


@login_required
@require_http_methods(["GET", "HEAD"])
def preview(request: HttpRequest, import_id: int) -> HttpResponse:
    record = _pending(request, import_id)
    plan, problem = _plan(record)
    context: dict[str, object] = {"record": record, "plan": plan, "problem": problem}
    if plan is not None:
        context.update(
            indicator_title=plan.indicator.title.get(_language()),
            counts={o: plan.count(o) for o in ("new", "updated", "unchanged")},
            errors=plan.errors[:LISTED_ERRORS],
            more_errors=max(0, len(plan.errors) - LISTED_ERRORS),
            first_values=plan.values[:10],
        )
    return render(request, "indicators/preview.html", context)


@login_required
@require_POST
def confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    record = _pending(request, import_id)
    plan, _problem = _plan(record)
    if plan is None or plan.errors:
        return redirect("indicators:preview", record.pk)
    apply_plan(plan, record)
    return redirect("indicators:values", record.indicator)
