"""Monthly team reports (C5): the team's report form, the report page with faculty feedback,
the team's list of reports, "who has reported" and reminders.

Who may do what (through ``web.access``): the team's members and leads (and site
administrators) write their team's reports and see drafts; those who run the network and its
faculty (``can_comment_network``) read submitted reports, give feedback and see who has
reported; organisers send reminders. Anyone else gets 404; someone who may see the page but
not do the thing asked gets 403.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from forbedring.web import access
from forbedring.web.measures.models import Observation
from forbedring.web.networks import actions_reports
from forbedring.web.networks.forms_reports import FeedbackForm, ReportForm
from forbedring.web.networks.ihi_scale import LEVELS, level_for
from forbedring.web.networks.models import Enrolment, Network, NetworkMeasure, TeamReport
from forbedring.web.organisations.models import Team

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True)
class Access:
    network: Network
    team: Team
    write: bool  # the team's own while enrolled: drafts, saving, submitting, reopening
    comment: bool  # runs the network or is its faculty: submitted reports, feedback
    left_on: dt.date | None  # the day the team left the network (its reports stay readable)


@dataclass(frozen=True)
class DataRow:
    """One of the network's measures with the team's data for the month (None: missing)."""

    name: str
    unit: str
    has_denominator: bool
    observation: Observation | None


@dataclass(frozen=True)
class Cell:
    team: Team
    state: str  # "submitted", "draft", "missing" or "left" (not owed: the team had left)
    report: TeamReport | None
    overdue: bool


@dataclass(frozen=True)
class PeriodRow:
    period: dt.date
    due: dt.date
    cells: list[Cell]
    submitted: int
    draft: int
    missing: int
    overdue: int
    left: int

    @property
    def expected(self) -> int:
        """Teams that owe (or gave) this month's report: not those that had left."""
        return len(self.cells) - self.left


def left_on(enrolment: Enrolment) -> dt.date | None:
    """The local day the team left, or None while it is enrolled."""
    if enrolment.status != Enrolment.Status.LEFT or enrolment.left_at is None:
        return None
    return timezone.localdate(enrolment.left_at)


def _access(request: HttpRequest, network_id: int, team_id: int) -> Access:
    network = access.network_for(request.user, network_id)
    enrolment = access.reporting_enrolment(network, team_id)
    team = enrolment.team
    enrolled = enrolment.status == Enrolment.Status.ENROLLED
    write = enrolled and access.can_edit_team(request.user, team)
    comment = access.can_comment_network(request.user, network)
    if not (write or comment):
        raise Http404
    return Access(network, team, write, comment, left_on(enrolment))


def _period(network: Network, month: str) -> tuple[dt.date, dt.date]:
    """The reporting period ``YYYY-MM`` with its due date (404 for any other month)."""
    match = MONTH.match(month)
    if match is None:
        raise Http404
    year, number = int(match[1]), int(match[2])
    if not 1 <= number <= 12:
        raise Http404
    for period, due in actions_reports.reporting_periods(network, timezone.localdate()):
        if period == dt.date(year, number, 1):
            return period, due
    raise Http404


def _data_rows(network: Network, team: Team, period: dt.date) -> list[DataRow]:
    links = NetworkMeasure.objects.filter(network=network).select_related("measure")
    observations = {
        o.measure_id: o
        for o in Observation.objects.filter(
            team=team, period=period, measure__network_links__network=network
        )
    }
    rows = []
    for link in links:
        measure = link.measure
        observation = observations.get(measure.pk)
        if observation is not None and (
            (measure.has_denominator and observation.numerator is None)
            or (not measure.has_denominator and observation.value is None)
        ):
            observation = None
        rows.append(DataRow(measure.name, measure.unit_label, measure.has_denominator, observation))
    return rows


def _report(network: Network, team: Team, period: dt.date) -> TeamReport | None:
    return (
        TeamReport.objects.select_related("updated_by", "faculty_by", "network")
        .filter(network=network, team=team, period=period)
        .first()
    )


def _page(
    request: HttpRequest,
    acc: Access,
    period: dt.date,
    due: dt.date,
    report: TeamReport | None,
    *,
    form: ReportForm | None = None,
    feedback: FeedbackForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "network": acc.network, "team": acc.team, "period": period, "due": due,
        "month": period.strftime("%Y-%m"), "report": report, "acc": acc,
        "overdue": today > due and (report is None or report.status != TeamReport.Status.SUBMITTED),
        "data_rows": _data_rows(acc.network, acc.team, period),
        "entry_url": reverse("data_entry", args=[acc.team.pk]) + f"?period={period:%Y-%m-%d}",
    }  # fmt: skip
    if form is not None:
        chosen = form["progress_score"]
        context["form"] = form
        context["scale"] = list(zip(chosen, LEVELS, strict=True))
        return render(request, "networks/report_form.html", context, status=status)
    assert report is not None
    if acc.comment and feedback is None:
        feedback = FeedbackForm(
            initial={
                "score": report.faculty_score and f"{report.faculty_score:.1f}",
                "comment": report.faculty_comment,
            }
        )
    context.update(
        level=level_for(report.progress_score),
        faculty_level=level_for(report.faculty_score),
        can_reopen=acc.write and actions_reports.can_reopen(report, today),
        feedback=feedback if acc.comment else None,
        scale=list(zip(feedback["score"], LEVELS, strict=True)) if acc.comment and feedback else [],
    )
    return render(request, "networks/report_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def team_report(request: HttpRequest, network_id: int, team_id: int, month: str) -> HttpResponse:
    acc = _access(request, network_id, team_id)
    period, due = _period(acc.network, month)
    report = _report(acc.network, acc.team, period)
    submitted = report is not None and report.status == TeamReport.Status.SUBMITTED
    if not acc.write:
        if request.method == "POST":
            raise PermissionDenied
        if not submitted:
            raise Http404
        return _page(request, acc, period, due, report)
    if request.method == "GET":
        if submitted:
            return _page(request, acc, period, due, report)
        initial = {}
        if report is not None:
            initial = {
                "progress_score": report.progress_score and f"{report.progress_score:.1f}",
                "tested": report.tested, "learned": report.learned,
                "plan": report.plan, "support": report.support,
            }  # fmt: skip
        return _page(request, acc, period, due, report, form=ReportForm(initial=initial))
    if submitted:
        messages.error(request, _("The report has been submitted; reopen it to change it."))
        return redirect("team_report", acc.network.pk, acc.team.pk, month)
    submit = request.POST.get("action") == "submit"
    form = ReportForm(request.POST, submit=submit)
    if form.is_valid():
        try:
            actions_reports.save_report(
                network=acc.network, team=acc.team, period=period, submit=submit,
                by=request.user, **form.cleaned_data,
            )  # fmt: skip
        except ValidationError as error:
            problems = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            for name, texts in problems.items():
                form.add_error(name if name in form.fields else None, texts)
        else:
            if submit:
                messages.success(request, _("The report has been submitted. Thank you."))
            else:
                messages.success(request, _("The draft has been saved."))
            return redirect("team_report", acc.network.pk, acc.team.pk, month)
    return _page(request, acc, period, due, report, form=form, status=400)


@login_required
@require_POST
def team_report_reopen(
    request: HttpRequest, network_id: int, team_id: int, month: str
) -> HttpResponse:
    acc = _access(request, network_id, team_id)
    if not acc.write:
        raise PermissionDenied
    period, _due = _period(acc.network, month)
    report = _report(acc.network, acc.team, period)
    if report is None or report.status != TeamReport.Status.SUBMITTED:
        raise Http404
    try:
        actions_reports.reopen_report(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The report is a draft again. Submit it when it is ready."))
    return redirect("team_report", acc.network.pk, acc.team.pk, month)


@login_required
@require_POST
def team_report_feedback(
    request: HttpRequest, network_id: int, team_id: int, month: str
) -> HttpResponse:
    acc = _access(request, network_id, team_id)
    if not acc.comment:
        raise PermissionDenied
    period, due = _period(acc.network, month)
    report = _report(acc.network, acc.team, period)
    if report is None or report.status != TeamReport.Status.SUBMITTED:
        raise Http404
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            actions_reports.give_feedback(
                report=report, score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"], by=request.user,
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Your feedback has been saved; the team can see it."))
            return redirect("team_report", acc.network.pk, acc.team.pk, month)
    return _page(request, acc, period, due, report, feedback=form, status=400)


@login_required
@require_GET
def team_reports(request: HttpRequest, network_id: int, team_id: int) -> HttpResponse:
    acc = _access(request, network_id, team_id)
    today = timezone.localdate()
    reports = {r.period: r for r in TeamReport.objects.filter(network=acc.network, team=acc.team)}
    rows = [
        _cell(acc.team, reports.get(period), today > due, acc.write,
              left=acc.left_on is not None and due >= acc.left_on)
        | {"period": period, "due": due}
        for period, due in reversed(actions_reports.reporting_periods(acc.network, today))
    ]  # fmt: skip
    context = {"network": acc.network, "team": acc.team, "rows": rows, "acc": acc}
    return render(request, "networks/team_reports.html", context)


def _cell(
    team: Team, report: TeamReport | None, past_due: bool, own: bool, *, left: bool = False
) -> dict[str, Any]:
    """One month of one team. ``left``: the team had left by the report's due date, so a
    report it did not submit (none, or a draft left behind) is not owed, nor overdue."""
    state = "missing" if report is None else report.status
    if left and state != TeamReport.Status.SUBMITTED:
        state = "left"
    past_due = past_due and state != "left"
    return {
        "team": team, "state": state, "report": report,
        "overdue": past_due and state != TeamReport.Status.SUBMITTED,
        "readable": report is not None and (own or state == TeamReport.Status.SUBMITTED),
    }  # fmt: skip


def status_table(network: Network, today: dt.date) -> tuple[list[Team], list[PeriodRow]]:
    """Every reporting period (newest first) × team, with counts per period: the enrolled
    teams, and the teams that left (for the months before they left; later months show them
    as having left, not as missing)."""
    enrolments = list(
        Enrolment.objects.filter(
            network=network, status__in=[Enrolment.Status.ENROLLED, Enrolment.Status.LEFT]
        )
        .select_related("team")
        .order_by("team__name", "team__pk")
    )
    teams = [e.team for e in enrolments]
    left_days = {e.team_id: day for e in enrolments if (day := left_on(e)) is not None}
    reports = {
        (r.team_id, r.period): r for r in TeamReport.objects.filter(network=network, team__in=teams)
    }
    rows = []
    for period, due in reversed(actions_reports.reporting_periods(network, today)):
        cells = []
        for team in teams:
            left = team.pk in left_days and due >= left_days[team.pk]
            c = _cell(team, reports.get((team.pk, period)), today > due, False, left=left)
            cells.append(Cell(team, c["state"], c["report"], c["overdue"]))
        rows.append(
            PeriodRow(
                period, due, cells,
                submitted=sum(c.state == "submitted" for c in cells),
                draft=sum(c.state == "draft" for c in cells),
                missing=sum(c.state == "missing" for c in cells),
                overdue=sum(c.overdue for c in cells),
                left=sum(c.state == "left" for c in cells),
            )
        )  # fmt: skip
    return teams, rows


@login_required
@require_GET
def reporting_status(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id)
    if not access.can_comment_network(request.user, network):
        raise PermissionDenied
    today = timezone.localdate()
    teams, rows = status_table(network, today)
    latest = actions_reports.latest_due_period(network, today)
    context = {
        "network": network, "teams": teams, "rows": rows,
        "can_remind": access.can_run_network(request.user, network),
        "latest": next((row for row in rows if row.period == latest), None),
    }  # fmt: skip
    return render(request, "networks/reporting_status.html", context)


@login_required
@require_POST
def send_reminders(request: HttpRequest, network_id: int) -> HttpResponse:
    network = access.network_for(request.user, network_id, run=True)
    period = actions_reports.latest_due_period(network, timezone.localdate())
    if period is None:
        messages.error(request, _("No month's report is due yet."))
        return redirect("reporting_status", network.pk)
    sent = actions_reports.send_reminders(network=network, period=period, by=request.user)
    text = ngettext(
        "Reminders sent: %(count)d e-mail to the teams missing the report for %(month)s.",
        "Reminders sent: %(count)d e-mails to the teams missing the report for %(month)s.",
        sent,
    )
    messages.success(request, text % {"count": sent, "month": period.strftime("%m/%Y")})
    return redirect("reporting_status", network.pk)


REPORT = "<int:network_id>/teams/<int:team_id>/reports/<str:month>/"

urls: list[URLPattern] = [
    path("<int:network_id>/reporting/", reporting_status, name="reporting_status"),
    path("<int:network_id>/reporting/remind/", send_reminders, name="send_reminders"),
    path("<int:network_id>/teams/<int:team_id>/reports/", team_reports, name="team_reports"),
    path(REPORT, team_report, name="team_report"),
    path(REPORT + "reopen/", team_report_reopen, name="team_report_reopen"),
    path(REPORT + "feedback/", team_report_feedback, name="team_report_feedback"),
]
