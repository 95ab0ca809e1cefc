"""Monthly team reports to a learning network: saving, submitting, reopening, faculty
feedback and reminders (DESIGN.md C5).

Decisions:

- A team reports each month of the network's reporting periods (``periods.reporting_periods``:
  from the start month to the end month or the current month, so a team may start the
  current month's draft); a report is due on the network's ``report_due_day`` of the following
  month. Reminders are about the latest month that is over (:func:`latest_due_period`).
- A draft is the team's own: only the team (and site administrators) see it. Submitting needs
  a progress score on the IHI scale; the texts may stay empty.
- After submitting, the team may reopen its report (back to draft) to correct it **until the
  due date**, and only while faculty have not yet given feedback on it: the feedback is about
  what was submitted, and after the due date the organiser counts and compares the reports.
  Later corrections go to the next month's report.
- Faculty feedback (a comment and/or faculty's own score, beside the team's) is only given on a
  submitted report; giving it again replaces the earlier one.
- Reminders go to the team members (members and leads with an e-mail address) of every
  enrolled team without a submitted report for the period: one message per person, in the
  network's language, so no one sees the others' addresses.

Access is the caller's job (``access.can_edit_team`` for the team's writes,
``access.can_comment_network`` for feedback, ``access.can_run_network`` for reminders).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forbedring.web.networks import periods
from forbedring.web.networks.ihi_scale import is_on_scale
from forbedring.web.networks.models import Enrolment, Network, TeamReport
from forbedring.web.organisations.models import TEAM_ROLES, Membership, Team


def reporting_periods(network: Network, today: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The network's reporting months with their due dates, oldest first (see ``periods``)."""
    return periods.reporting_periods(network, today)


def due_date(network: Network, period: dt.date) -> dt.date:
    """The day the report of ``period`` (first of a month) is due."""
    return periods.due_date(period, network.report_due_day)


def latest_due_period(network: Network, today: dt.date) -> dt.date | None:
    """The newest month that is over, whose report the teams owe now (None before the first)."""
    this_month = today.replace(day=1)
    done = [period for period, _due in reporting_periods(network, today) if period < this_month]
    return done[-1] if done else None


def can_reopen(report: TeamReport, today: dt.date) -> bool:
    """A submitted report goes back to draft until its due date, unless faculty answered."""
    return (
        report.status == TeamReport.Status.SUBMITTED
        and today <= due_date(report.network, report.period)
        and report.faculty_by_id is None
        and not report.faculty_comment
        and report.faculty_score is None
    )


def _check_score(score: Decimal | None, field: str) -> None:
    if score is not None and not is_on_scale(score):
        raise ValidationError({field: _("Choose a score on the scale from 0.5 to 5.0.")})


@transaction.atomic
def save_report(
    *,
    network: Network,
    team: Team,
    period: dt.date,
    progress_score: Decimal | None,
    tested: str = "",
    learned: str = "",
    plan: str = "",
    support: str = "",
    submit: bool = False,
    by: Any,
) -> TeamReport:
    """Create or change the team's report of ``period`` as a draft, or submit it.

    A submitted report cannot be saved again: the team reopens it first.
    """
    _check_score(progress_score, "progress_score")
    if submit and progress_score is None:
        raise ValidationError({"progress_score": _("Choose a progress score to submit.")})
    report = (
        TeamReport.objects.select_for_update()
        .filter(network=network, team=team, period=period)
        .first()
    )
    if report is None:
        report = TeamReport(network=network, team=team, period=period)
    elif report.status == TeamReport.Status.SUBMITTED:
        raise ValidationError(_("The report has been submitted; reopen it to change it."))
    report.progress_score = progress_score
    report.tested, report.learned, report.plan, report.support = tested, learned, plan, support
    report.updated_by = by
    if submit:
        report.status = TeamReport.Status.SUBMITTED
        report.submitted_at = timezone.now()
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def reopen_report(*, report: TeamReport, today: dt.date | None = None, by: Any) -> TeamReport:
    """Put a submitted report back to draft so the team can correct it (see :func:`can_reopen`)."""
    report = TeamReport.objects.select_for_update().select_related("network").get(pk=report.pk)
    if not can_reopen(report, today or timezone.localdate()):
        raise ValidationError(
            _("The report can no longer be reopened: it is past its due date or has feedback.")
        )
    report.status = TeamReport.Status.DRAFT
    report.submitted_at = None
    report.updated_by = by
    report.save()
    return report


@transaction.atomic
def give_feedback(
    *, report: TeamReport, score: Decimal | None, comment: str, by: Any
) -> TeamReport:
    """Faculty's comment and own score on a submitted report (replacing earlier feedback)."""
    report = TeamReport.objects.select_for_update().get(pk=report.pk)
    if report.status != TeamReport.Status.SUBMITTED:
        raise ValidationError(_("Feedback can only be given on a submitted report."))
    _check_score(score, "score")
    comment = comment.strip()
    if score is None and not comment:
        raise ValidationError({"comment": _("Write a comment or choose a score.")})
    report.faculty_score = score
    report.faculty_comment = comment
    report.faculty_by = by
    report.save(update_fields=["faculty_score", "faculty_comment", "faculty_by"])
    return report


def teams_missing(network: Network, period: dt.date) -> list[Team]:
    """Enrolled teams without a submitted report for ``period`` (a draft counts as missing)."""
    submitted = TeamReport.objects.filter(
        network=network, period=period, status=TeamReport.Status.SUBMITTED
    ).values("team_id")
    return list(
        Team.objects.filter(
            enrolments__network=network, enrolments__status=Enrolment.Status.ENROLLED
        )
        .exclude(pk__in=submitted)
        .order_by("name")
    )


def _team_addresses(team: Team) -> list[str]:
    emails = (
        Membership.objects.filter(team=team, role__in=list(TEAM_ROLES), user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def _site_url() -> str:
    """Where the links in e-mails point: ``SITE_URL`` if set, else the first trusted origin
    (production sets ``CSRF_TRUSTED_ORIGINS``), else the local development server."""
    origins = list(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    url = getattr(settings, "SITE_URL", "") or (origins[0] if origins else "http://localhost:8000")
    return str(url).rstrip("/")


def send_reminders(*, network: Network, period: dt.date, by: Any) -> int:
    """E-mail the members of every team missing ``period``'s report; returns how many messages
    were sent. ``by`` is the organiser (or None for the daily command)."""
    due = due_date(network, period)
    base = _site_url()
    messages: list[tuple[str, str, str | None, list[str]]] = []
    with translation.override(network.language):
        subject = _("Reminder: monthly report to %(network)s") % {"network": network.name}
        for team in teams_missing(network, period):
            link = base + reverse(
                "team_report", args=[network.pk, team.pk, period.strftime("%Y-%m")]
            )
            body = _(
                "Dear %(team)s,\n\n"
                "The learning network %(network)s has not yet received your team's report for "
                "%(month)s. It is due on %(due)s.\n\n"
                "Fill in the progress score and the four short texts, and submit the report "
                "here:\n%(link)s\n\n"
                "Thank you, and good luck with your improvement work."
            ) % {
                "team": team.name,
                "network": network.name,
                "month": period.strftime("%m/%Y"),
                "due": due.strftime("%d.%m.%Y"),
                "link": link,
            }
            messages.extend((subject, body, None, [address]) for address in _team_addresses(team))
    if not messages:
        return 0
    return send_mass_mail(tuple(messages), fail_silently=False)
