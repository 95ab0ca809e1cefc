"""Saving PDSA cycles and what they do to their change idea and to the project's charts.

Decisions (DESIGN.md C4):

- Creating a cycle for a change idea that is still an *idea* moves it to *testing*: testing is
  what a cycle is. An idea already testing, implemented or abandoned keeps its status (a team
  may test an implemented change again, for spread, without un-implementing it).
- Adopting is not the same as implementing: a team may adopt after a small test and still ramp
  up. So adopting only *offers* to mark the change implemented (the form's checkbox, with a
  date); ticked, the change becomes implemented on that date and shows on the charts as
  "Change: <title>". Adapting or abandoning changes nothing by itself: abandoning one test
  rarely means abandoning the idea, and the team says so on the driver diagram.
- "Start a new phase here" puts a new phase on every measure of the project for the project's
  team (via :func:`measures.actions_events.add_event`, so the same checks hold). A measure
  whose phase cannot start there (a phase already starts in that period, or the date is at or
  before its first point) is skipped and named; the others get their phase. Each measure's
  series is its own record, so a skipped one does not undo the rest.

Access is the caller's job (``access.team_for(..., edit=True)``); ``by`` is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from forbedring.web.improvement.models import ChangeIdea, PdsaCycle, Project
from forbedring.web.measures import actions_events
from forbedring.web.measures.models import Measure, SeriesEvent


@transaction.atomic
def save_cycle(
    *,
    cycle: PdsaCycle,
    project: Project,
    implemented_on: dt.date | None = None,
    by: Any,
) -> PdsaCycle:
    """Save a new or changed cycle (validated by the form) and update its change idea.

    ``implemented_on`` marks the change implemented from that date; it is only accepted with
    the decision to adopt.
    """
    if cycle.change_idea.project_id != project.pk:
        raise ValidationError({"change_idea": _("The change idea belongs to another project.")})
    if implemented_on is not None and cycle.decision != PdsaCycle.Decision.ADOPT:
        raise ValidationError({"mark_implemented": _("Only an adopted change is implemented.")})
    created = cycle.pk is None
    cycle.project = project
    if created:
        cycle.created_by = by
    cycle.full_clean()
    cycle.save()
    idea = ChangeIdea.objects.select_for_update().get(pk=cycle.change_idea_id)
    changed: list[str] = []
    if created and idea.status == ChangeIdea.Status.IDEA:
        idea.status = ChangeIdea.Status.TESTING
        changed.append("status")
    if implemented_on is not None:
        idea.status = ChangeIdea.Status.IMPLEMENTED
        idea.implemented_on = implemented_on
        changed += ["status", "implemented_on"]
    if changed:
        idea.save(update_fields=sorted(set(changed)))
        cycle.change_idea = idea
    return cycle


def phase_day(cycle: PdsaCycle) -> dt.date:
    """Where a new phase for an adopted change naturally starts: the day the change was
    implemented, else the end of the adopting cycle, else its start."""
    return cycle.change_idea.implemented_on or cycle.end or cycle.start


@dataclass
class PhaseResult:
    """What "start a new phase here" did: measures that got a phase, and those skipped, why."""

    created: list[SeriesEvent] = field(default_factory=list)
    skipped: list[tuple[Measure, str]] = field(default_factory=list)


@transaction.atomic
def start_phase_for_change(
    *, project: Project, change: ChangeIdea, day: dt.date, by: Any
) -> PhaseResult:
    """A new phase from ``day`` (moved to its period's start) on each of the project's measures,
    for the project's team, named after the change."""
    if change.project_id != project.pk:
        raise ValidationError(_("The change belongs to another project."))
    text = change.title[: actions_events.TEXT_MAX]
    result = PhaseResult()
    links = project.project_measures.select_related("measure").order_by("kind", "position")
    for link in links:
        try:
            # A savepoint per measure: a refused one leaves the others' phases in place.
            with transaction.atomic():
                event = actions_events.add_event(
                    measure=link.measure, team=project.team, kind=SeriesEvent.Kind.PHASE,
                    period=day, text=text, by=by,
                )  # fmt: skip
        except ValidationError as error:
            reasons = [m for messages in error.message_dict.values() for m in messages]
            result.skipped.append((link.measure, " ".join(reasons)))
        else:
            result.created.append(event)
    return result
