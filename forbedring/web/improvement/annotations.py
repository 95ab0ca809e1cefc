"""PDSA cycles and implemented changes as notes on a team's measure charts (DESIGN.md C2, C4).

A team reads its chart to see whether a change made a difference, so the chart shows when each
PDSA cycle started ("PDSA: <title>") and when each change became the way of working ("Change:
<title>"), for the measures its projects follow. The notes are computed, not stored as series
events: editing a cycle's date or title moves its note, and nothing is left behind when a cycle
is deleted.

The team home draws every measure of the team, so the notes of all the team's projects are read
in one query and kept on the team object for the rest of the request (see
:func:`team_annotations`); each :func:`project_notes` call after the first costs nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import CharField, F, Value
from django.utils import translation
from django.utils.translation import gettext as _

from forbedring.charts.model import Lang, Note
from forbedring.web.improvement.models import ChangeIdea, PdsaCycle
from forbedring.web.measures.models import Measure, period_start
from forbedring.web.organisations.models import Team

PDSA = "pdsa"
CHANGE = "change"

# The attribute the team's annotations are kept under for the rest of the request. Team
# objects come from access.team_for once per request, so the memo lives exactly as long as the
# page being drawn; a write in the same request does not refresh it (no view draws a chart after
# a write: they redirect).
_MEMO = "_forbedring_project_annotations"


@dataclass(frozen=True)
class Annotation:
    """A PDSA cycle or an implemented change of one of the team's projects, for one measure."""

    measure_id: int
    day: dt.date
    kind: str
    title: str


def _rows(team: Team) -> list[Annotation]:
    """Every cycle start and implementation date of the team's projects, once per measure the
    project follows, in one query (a project without measures contributes nothing)."""
    cycles = (
        PdsaCycle.objects.filter(project__team=team, project__project_measures__isnull=False)
        .annotate(
            measure=F("project__project_measures__measure_id"),
            day=F("start"),
            kind=Value(PDSA, output_field=CharField()),
        )
        .order_by()
        .values_list("measure", "day", "kind", "title")
    )
    changes = (
        ChangeIdea.objects.filter(
            project__team=team,
            project__project_measures__isnull=False,
            status=ChangeIdea.Status.IMPLEMENTED,
            implemented_on__isnull=False,
        )
        .annotate(
            measure=F("project__project_measures__measure_id"),
            day=F("implemented_on"),
            kind=Value(CHANGE, output_field=CharField()),
        )
        .order_by()
        .values_list("measure", "day", "kind", "title")
    )
    rows = [Annotation(*row) for row in cycles.union(changes, all=True).order_by()]
    return sorted(rows, key=lambda a: (a.day, a.kind, a.title))


def team_annotations(team: Team) -> dict[int, list[Annotation]]:
    """The team's annotations by measure id, read once per team object."""
    memo: dict[int, list[Annotation]] | None = getattr(team, _MEMO, None)
    if memo is None:
        memo = defaultdict(list)
        for row in _rows(team):
            memo[row.measure_id].append(row)
        memo = dict(memo)
        setattr(team, _MEMO, memo)
    return memo


def forget(team: Team) -> None:
    """Drop the memo, so that the next chart of this team object reads the notes again."""
    if hasattr(team, _MEMO):
        delattr(team, _MEMO)


def note_text(annotation: Annotation) -> str:
    """The note's words in the active language."""
    if annotation.kind == PDSA:
        # Teams often name cycles "PDSA 1: ..." themselves; no need to say PDSA twice.
        if annotation.title.upper().startswith("PDSA"):
            return annotation.title
        return _("PDSA: %(title)s") % {"title": annotation.title}
    return _("Change: %(title)s") % {"title": annotation.title}


def within(notes: Sequence[Note], periods: Sequence[dt.date], frequency: str) -> list[Note]:
    """The notes that fall inside the series (from its first period to the end of its last).

    A note outside would stretch the chart's time axis to a date without data, shrinking the
    points the team came to read; such a cycle shows on the chart once data reaches it.
    """
    if not periods:
        return []
    first, last = periods[0], periods[-1]
    return [
        n for n in notes
        if isinstance(n.x, dt.date) and first <= n.x and period_start(n.x, frequency) <= last
    ]  # fmt: skip


def project_notes(
    team: Team,
    measure: Measure,
    *,
    lang: Lang | None = None,
    periods: Sequence[dt.date] | None = None,
) -> list[Note]:
    """The notes of the team's projects on this measure's chart, in ``lang`` (default: the
    active language), limited to the series' time span when ``periods`` are given."""
    annotations = team_annotations(team).get(measure.pk, [])
    with translation.override(lang or translation.get_language()):
        notes = [Note(a.day, note_text(a)) for a in annotations]
    if periods is not None:
        notes = within(notes, periods, measure.frequency)
    return notes


@dataclass(frozen=True)
class AdoptedChange:
    """A change of one of the team's projects that became the way of working, with its date."""

    title: str
    day: dt.date


def adopted_changes(team: Team, measure_id: int) -> list[AdoptedChange]:
    """Changes implemented, or adopted after a PDSA cycle, in projects that follow the measure.

    The measure page offers "start a new phase here" at each: a change that became the way of
    working is where the process may have shifted, so the chart should judge it afresh.
    """
    ideas = ChangeIdea.objects.filter(
        project__team=team, project__project_measures__measure_id=measure_id
    ).distinct()
    found: dict[int, AdoptedChange] = {}
    for idea in ideas.filter(status=ChangeIdea.Status.IMPLEMENTED, implemented_on__isnull=False):
        assert idea.implemented_on is not None
        found[idea.pk] = AdoptedChange(idea.title, idea.implemented_on)
    adopted = PdsaCycle.objects.filter(
        change_idea__in=ideas, decision=PdsaCycle.Decision.ADOPT
    ).select_related("change_idea")
    for cycle in adopted:
        if cycle.change_idea_id not in found:
            found[cycle.change_idea_id] = AdoptedChange(
                cycle.change_idea.title, cycle.end or cycle.start
            )
    return sorted(found.values(), key=lambda change: change.day)
