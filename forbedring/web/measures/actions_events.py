"""Adding and deleting a team's series events: new phases, baseline end, excluded points, notes.

Events change how the chart is computed (phases split the limits, a baseline freezes them,
an excluded point leaves the calculations), so each of those needs a reason a later reader can
judge; a note is nothing but its text. The rules live here rather than in the form so that
every way in (page, admin, a future API) gets the same checks. Access is the caller's job
(``access.team_for(..., edit=True)``); these functions trust ``by`` to be allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forbedring.web.measures.models import Measure, Observation, SeriesEvent, period_start
from forbedring.web.organisations.models import Team

TEXT_MAX = SeriesEvent._meta.get_field("text").max_length

# Making Data Count charts rebase at a new phase and take notes; they have no frozen baseline
# or excluded points (queries._mdc_series ignores those), so offering them would mislead.
MDC_KINDS = frozenset({SeriesEvent.Kind.PHASE, SeriesEvent.Kind.NOTE})


def allowed_kinds(measure: Measure) -> list[str]:
    """The event kinds that change this measure's chart."""
    if measure.rule_set == Measure.RuleSet.MDC:
        return [k for k in SeriesEvent.Kind.values if k in MDC_KINDS]
    return list(SeriesEvent.Kind.values)


def _check(measure: Measure, team: Team, kind: str, period: dt.date, text: str) -> None:
    """Raise a ValidationError naming the field and what is expected; nothing is saved."""
    if kind not in allowed_kinds(measure):
        raise ValidationError(
            {"kind": _("This kind of event does not apply to this measure's chart.")}
        )
    if not text:
        message = (
            _("Write the note.")
            if kind == SeriesEvent.Kind.NOTE
            else _("Give a reason, so that later readers know why the chart was changed.")
        )
        raise ValidationError({"text": message})
    if len(text) > TEXT_MAX:
        raise ValidationError(
            {"text": _("Keep the text within %(max)d characters.") % {"max": TEXT_MAX}}
        )
    periods = list(
        Observation.objects.filter(measure=measure, team=team)
        .order_by("period")
        .values_list("period", flat=True)
    )
    existing = SeriesEvent.objects.filter(measure=measure, team=team, kind=kind)
    if kind == SeriesEvent.Kind.EXCLUDE and period not in periods:
        raise ValidationError({"period": _("There is no value for this period to exclude.")})
    if kind == SeriesEvent.Kind.PHASE:
        if periods and period <= periods[0]:
            raise ValidationError(
                {"period": _("A new phase must start after the first point of the series.")}
            )
        if existing.filter(period=period).exists():
            raise ValidationError({"period": _("A phase already starts in this period.")})
    if kind == SeriesEvent.Kind.BASELINE and existing.exists():
        raise ValidationError(
            {"period": _("The baseline end is already set. Delete it first to move it.")}
        )
    if kind == SeriesEvent.Kind.EXCLUDE and existing.filter(period=period).exists():
        raise ValidationError({"period": _("This point is already excluded.")})


@transaction.atomic
def add_event(
    *, measure: Measure, team: Team, kind: str, period: dt.date, text: str, by: Any
) -> SeriesEvent:
    """Record an event on the team's series of the measure (period moved to its first day)."""
    text = (text or "").strip()
    period = period_start(period, measure.frequency)
    _check(measure, team, kind, period, text)
    return SeriesEvent.objects.create(
        measure=measure, team=team, kind=kind, period=period, text=text, created_by=by
    )


@transaction.atomic
def delete_event(*, event: SeriesEvent, by: Any) -> None:
    """Remove an event; the chart is computed without it from the next view on.

    ``by`` is taken, like every write's, for the audit log of C10 (not built yet); until then
    the event's author and text are simply gone, as a deleted note should be.
    """
    event.delete()
