"""The status report of a municipality or region, as a page and as a PDF (issue #8). Every
logged-in user may read any area's report: indicator values are public national data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forbedring.web import access
from forbedring.web.exports.views import download
from forbedring.web.measures.queries import current_lang
from forbedring.web.reports.documents import pdf_filename, report_context, report_pdf
from forbedring.web.reports.forms import ReportOptionsForm
from forbedring.web.reports.making import area_report, drawn_report, options


@login_required
@require_http_methods(["GET", "HEAD"])
def status(request: HttpRequest, area_id: int) -> HttpResponse:
    area = access.status_report_area(area_id)
    period, settings = options(request.GET)
    report, found = area_report(area, period, settings, current_lang())
    report = drawn_report(report, found)
    visible = access.teams_visible_to(request.user).values_list("pk", flat=True)
    query = request.GET.urlencode()
    context = report_context(report, for_pdf=False, visible_team_ids=set(visible))
    context |= {
        "form": ReportOptionsForm(request.GET, report.years),
        "pdf_url": reverse("reports:status_pdf", args=[area.pk]) + (f"?{query}" if query else ""),
        "can_publish": access.can_publish_status_reports(request.user),
        "page_title": _("Status report"),
    }
    return render(request, "reports/status.html", context)


@login_required
@require_http_methods(["GET", "HEAD"])
def status_pdf(request: HttpRequest, area_id: int) -> HttpResponse:
    area = access.status_report_area(area_id)
    period, settings = options(request.GET)
    report, found = area_report(area, period, settings, current_lang())
    content, _pages = report_pdf(drawn_report(report, found, for_pdf=True))
    return download(content, "application/pdf", pdf_filename(report))
