"""A team's home: every measure as a small chart with its status in words and symbols.

This is the page a team (and its leaders) open most, so it is built to stay fast with many
measures: all observations and all events of the team are read in one query each and handed to
:func:`series_view`, instead of two queries per measure.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from forbedring.charts.locales import DateUnit, format_date, format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.web import access
from forbedring.web.measures.models import Frequency, Observation, SeriesEvent, TeamMeasure
from forbedring.web.measures.queries import SeriesView, compact_spec, current_lang, series_view


@dataclass(frozen=True)
class StatusText:
    """A series' status as words, each with a symbol so that nothing rests on colour alone.

    ``tone`` (good, bad, neutral, none) only picks a colour in the style sheet.
    """

    signal: str
    signal_symbol: str
    signal_tone: str
    target: str
    target_symbol: str
    target_tone: str
    latest: str
    points: str


def period_text(day: dt.date, frequency: str, lang: Lang) -> str:
    """A period as readers name it: "jan. 2024" for a month, the date for a day or week."""
    unit: DateUnit = "month" if frequency == Frequency.MONTH else "day"
    return format_date(day, lang, unit)


def describe_status(view: SeriesView, lang: Lang) -> StatusText:
    """The status line of a series in the active language (used on the team and measure pages)."""
    status = view.status
    points = ngettext("%(n)d point", "%(n)d points", status.points) % {"n": status.points}
    if not status.points:
        return StatusText(_("No data yet"), "–", "none", "", "", "none", "", points)
    if not status.signal:
        signal = (_("No signal: common-cause variation only"), "○", "neutral")
    elif status.improving is True:
        signal = (_("Improving: signal of improvement"), "✓", "good")
    elif status.improving is False:
        signal = (_("Worsening: signal in the wrong direction"), "⚠", "bad")
    else:
        signal = (_("Signal: non-random variation"), "◆", "neutral")
    if status.target_met is True:
        target = (_("Target met"), "◎", "good")
    elif status.target_met is False:
        target = (_("Target not met"), "✗", "bad")
    else:
        target = (_("No target") if view.measure.target is None else "", "", "none")
    latest = ""
    if status.latest is not None:
        value = format_with_unit(format_number(status.latest, lang), view.measure.unit_label, lang)
        period = period_text(view.observations[-1].period, view.measure.frequency, lang)
        latest = _("Latest: %(value)s (%(period)s)") % {"value": value, "period": period}
    return StatusText(*signal, *target, latest, points)


@dataclass(frozen=True)
class Card:
    """One measure on the team's home page."""

    view: SeriesView
    spec: dict[str, Any] | None
    status: StatusText

    @property
    def dom_id(self) -> str:
        """A prefix for the card's element ids (chart, its data, its description)."""
        return f"measure-{self.view.measure.pk}"

    @property
    def spec_id(self) -> str:
        return f"{self.dom_id}-spec"


@login_required
@require_GET
def team_home(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id)
    links = list(TeamMeasure.objects.filter(team=team).select_related("measure"))
    observations: dict[int, list[Observation]] = defaultdict(list)
    for obs in Observation.objects.filter(team=team).order_by("period"):
        observations[obs.measure_id].append(obs)
    events: dict[int, list[SeriesEvent]] = defaultdict(list)
    for event in SeriesEvent.objects.filter(team=team):
        events[event.measure_id].append(event)
    lang = current_lang()
    cards = []
    for link in links:
        measure = link.measure
        view = series_view(
            measure, team, lang=lang,
            observations=observations[measure.pk], events=events[measure.pk],
        )  # fmt: skip
        spec = compact_spec(view.spec) if view.spec else None
        cards.append(Card(view, spec, describe_status(view, lang)))
    context = {
        "team": team,
        "cards": cards,
        "can_edit": access.can_edit_team(request.user, team),
        "can_create": access.can_create_measures(request.user, team),
    }
    return render(request, "measures/team_home.html", context)
