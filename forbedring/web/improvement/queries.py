"""Reading a project for its pages: the aim in words, the measures as charts, the status in words.

The project page answers the Model for Improvement's second question ("how will we know that a
change is an improvement?") with the project's measures, grouped as outcome, process and
balancing, each drawn like the team's home page draws it (:func:`series_view` for the team),
and one line of status counted from the models, so a leader sees at a glance where it stands.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import dateformat, formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from forbedring.charts.model import Lang
from forbedring.web.improvement.models import (
    ChangeIdea,
    PdsaCycle,
    Project,
    ProjectMeasure,
    ProjectMember,
    WhatMatters,
)
from forbedring.web.measures.models import Measure, Observation, SeriesEvent
from forbedring.web.measures.queries import compact_spec, current_lang, series_view
from forbedring.web.measures.views_team import Card, describe_status
from forbedring.web.organisations.models import Team

# --- the aim ----------------------------------------------------------------------------------


def aim_date(day: dt.date) -> str:
    """A deadline written out as people write it: "31 December 2026", "31. december 2026"."""
    if current_lang() == "en":
        return dateformat.format(day, "j F Y")
    return formats.date_format(day, "DATE_FORMAT")


def compose_aim(what: str, how_much: str, for_whom: str, by_when: dt.date | None) -> str:
    """The aim statement from its parts: "Reduce falls by 50 % for residents of Solgården by
    31 December 2026". Empty without "what"; the missing parts are left out."""
    what, how_much, for_whom = what.strip(), how_much.strip(), for_whom.strip()
    if not what:
        return ""
    aim = what
    if how_much:
        aim = pgettext("aim: how much", "%(what)s by %(how_much)s") % {
            "what": aim, "how_much": how_much}  # fmt: skip
    if for_whom:
        aim = pgettext("aim: for whom", "%(aim)s for %(for_whom)s") % {
            "aim": aim, "for_whom": for_whom}  # fmt: skip
    if by_when:
        aim = pgettext("aim: by when", "%(aim)s by %(date)s") % {
            "aim": aim, "date": aim_date(by_when)}  # fmt: skip
    return aim


def aim_hints(what: str, how_much: str, by_when: dt.date | None) -> list[str]:
    """What keeps the aim from being measurable: a team that cannot say how much and by when
    cannot tell from its charts whether it got there."""
    hints = []
    if not what.strip():
        hints.append(_("Say what will improve, e.g. “Reduce falls”."))
    if not how_much.strip():
        hints.append(_("Say how much, e.g. “50 %” or “to 2 per 1,000 resident-days”."))
    if by_when is None:
        hints.append(_("Say by when, so that you know when to check."))
    return hints


# --- the team's projects ----------------------------------------------------------------------


def team_projects(team: Team) -> list[Project]:
    """The team's projects, active ones first, then the newest."""
    order = {status: i for i, status in enumerate(Project.Status.values)}
    projects = list(Project.objects.filter(team=team))
    return sorted(projects, key=lambda p: (order.get(p.status, 99), -p.start.toordinal()))


# --- the project page -------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasureGroup:
    """The project's measures of one kind (outcome, process or balancing)."""

    kind: str
    label: str
    cards: list[Card]


@dataclass(frozen=True)
class Overview:
    """Everything the project page shows besides the project's own fields."""

    groups: list[MeasureGroup]
    members: list[ProjectMember]
    status_lines: list[str]
    what_matters: list[WhatMatters] = field(default_factory=list)
    change_ideas: list[ChangeIdea] = field(default_factory=list)

    @property
    def has_measures(self) -> bool:
        return any(group.cards for group in self.groups)

    @property
    def has_charts(self) -> bool:
        return any(card.spec for group in self.groups for card in group.cards)


def _cards(project: Project, links: list[ProjectMeasure], lang: Lang) -> list[Card]:
    """The measures' charts for the project's team, reading observations and events once."""
    team = project.team
    ids = [link.measure_id for link in links]
    observations: dict[int, list[Observation]] = defaultdict(list)
    for obs in Observation.objects.filter(team=team, measure_id__in=ids).order_by("period"):
        observations[obs.measure_id].append(obs)
    events: dict[int, list[SeriesEvent]] = defaultdict(list)
    for event in SeriesEvent.objects.filter(team=team, measure_id__in=ids):
        events[event.measure_id].append(event)
    cards = []
    for link in links:
        view = series_view(
            link.measure, team, lang=lang,
            observations=observations[link.measure_id], events=events[link.measure_id],
        )  # fmt: skip
        spec = compact_spec(view.spec) if view.spec else None
        cards.append(Card(view, spec, describe_status(view, lang)))
    return cards


def _measure_line(kind: str, cards: list[Card]) -> str:
    """How many measures of a kind move the right way (balancing: how many show harm)."""
    total = len(cards)
    if kind == Measure.Kind.BALANCING:
        worse = sum(1 for c in cards if c.view.status.signal and c.view.status.improving is False)
        return ngettext(
            "%(n)d of %(total)d balancing measure shows a change for the worse",
            "%(n)d of %(total)d balancing measures show a change for the worse",
            total,
        ) % {"n": worse, "total": total}
    better = sum(1 for c in cards if c.view.status.signal and c.view.status.improving is True)
    if kind == Measure.Kind.OUTCOME:
        text = ngettext(
            "%(n)d of %(total)d outcome measure shows improvement",
            "%(n)d of %(total)d outcome measures show improvement",
            total,
        )
    else:
        text = ngettext(
            "%(n)d of %(total)d process measure shows improvement",
            "%(n)d of %(total)d process measures show improvement",
            total,
        )
    return text % {"n": better, "total": total}


def status_lines(project: Project, groups: list[MeasureGroup]) -> list[str]:
    """The latest status in words, e.g. "2 of 3 outcome measures show improvement", "1 PDSA
    cycle in progress": counts, so that the words never claim more than the data shows."""
    lines = [_measure_line(group.kind, group.cards) for group in groups if group.cards]
    if not lines:
        lines.append(_("No measures chosen yet."))
    in_progress = PdsaCycle.objects.filter(project=project, decision="").count()
    done = PdsaCycle.objects.filter(project=project).exclude(decision="").count()
    if in_progress or done:
        lines.append(
            ngettext("%(n)d PDSA cycle in progress", "%(n)d PDSA cycles in progress", in_progress)
            % {"n": in_progress}
        )
        lines.append(
            ngettext("%(n)d PDSA cycle completed", "%(n)d PDSA cycles completed", done)
            % {"n": done}
        )
    else:
        lines.append(_("No PDSA cycles yet."))
    implemented = ChangeIdea.objects.filter(
        project=project, status=ChangeIdea.Status.IMPLEMENTED
    ).count()
    if implemented:
        lines.append(
            ngettext("%(n)d change idea implemented", "%(n)d change ideas implemented", implemented)
            % {"n": implemented}
        )
    return lines


def project_overview(project: Project, lang: Lang | None = None) -> Overview:
    """The project page's data: measures grouped by kind with charts, members, status, what
    matters, and the change ideas that may answer it."""
    lang = lang or current_lang()
    links = list(project.project_measures.select_related("measure"))
    cards = dict(zip([link.pk for link in links], _cards(project, links, lang), strict=True))
    groups = [
        MeasureGroup(kind, str(label), [cards[link.pk] for link in links if link.kind == kind])
        for kind, label in Measure.Kind.choices
    ]
    return Overview(
        groups=groups,
        members=list(project.members.select_related("user")),
        status_lines=status_lines(project, groups),
        what_matters=list(project.what_matters.prefetch_related("change_ideas")),
        change_ideas=list(project.change_ideas.all()),
    )
