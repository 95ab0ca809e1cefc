"""A status report laid out: the HTML the page shows, the PDF (WeasyPrint, with the report's
print style sheet) and the PDF's file name. Used by the views and by the batch's processes,
which have no request: nothing here needs one or touches the database."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import pgettext

from forbedring.web.core.pdf import html_document
from forbedring.web.reports.content import StatusReport

PDF_TEMPLATE = "reports/status_pdf.html"
PDF_STYLESHEET = "reports/report-print.css"
# Letters slugify would drop: "Højby" must not become "hjby".
_NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})
# Words of an area's name that say what it is, left out of its file name ("aarhus").
_KIND_WORDS = frozenset({"kommune", "kommunes", "region", "regionskommune", "fylkeskommune"})


def report_context(
    report: StatusReport, *, for_pdf: bool, visible_team_ids: Collection[int] = ()
) -> dict[str, Any]:
    return {"report": report, "for_pdf": for_pdf, "visible_team_ids": set(visible_team_ids)}


def report_pdf(report: StatusReport) -> tuple[bytes, int]:
    """The report as PDF bytes and its number of pages, in the report's language."""
    with translation.override(report.lang):
        html = render_to_string(PDF_TEMPLATE, report_context(report, for_pdf=True))
        document = html_document(html, stylesheets=(PDF_STYLESHEET,), resources=dict(report.images))
        return bytes(document.write_pdf()), len(document.pages)


def _slug(text: str) -> str:
    return slugify(text.lower().translate(_NORDIC))


def pdf_filename(report: StatusReport) -> str:
    """e.g. ``statusrapport-0751-aarhus-2025.pdf`` (the first word in the report's language)."""
    with translation.override(report.lang):
        kind = pgettext("file name", "status-report")
    words = [w for w in report.area.name.split() if w.lower() not in _KIND_WORDS]
    parts = [
        _slug(kind) or "status-report",
        report.area.official_code,
        _slug(" ".join(words) or report.area.name) or f"area-{report.area.pk}",
        str(report.year or ""),
    ]
    return "-".join(p for p in parts if p) + ".pdf"
