"""A measure's page for a team: chart, summary, table of values, events and the definition.

Leaders of the team's organisation see everything read-only; the event controls are shown and
accepted only for people who may change the team's data (``access.team_for(..., edit=True)``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from forbedring.charts.locales import format_number
from forbedring.charts.model import Lang
from forbedring.web import access
from forbedring.web.measures import actions_events
from forbedring.web.measures.forms_measure import EventForm
from forbedring.web.measures.models import (
    Measure,
    Observation,
    ObservationRevision,
    SeriesEvent,
    period_start,
)
from forbedring.web.measures.queries import (
    SeriesView,
    compact_spec,
    current_lang,
    series_view,
)
from forbedring.web.measures.views_team import describe_status, period_text
from forbedring.web.organisations.models import Team

# The chart's height on screens too narrow for the full chart (phones): the plot then fills
# the width, and the text keeps its size instead of shrinking with a scaled-down picture.
NARROW_CHART_HEIGHT = 240


@dataclass(frozen=True)
class Row:
    """One period in the table of values, formatted for the active language."""

    observation: Observation
    period: str
    numerator: str
    denominator: str
    value: str
    plotted: str
    revisions: list[dict[str, Any]]


def _fmt(value: float | None, lang: Lang) -> str:
    return format_number(value, lang)


def _revision(revision: ObservationRevision, lang: Lang) -> dict[str, Any]:
    """An earlier version of a value, its numbers in the language's format."""
    return {
        "version": revision.version,
        "numerator": _fmt(revision.numerator, lang),
        "denominator": _fmt(revision.denominator, lang),
        "value": _fmt(revision.value, lang),
        "comment": revision.comment,
        "entered_by": revision.entered_by,
        "entered_at": revision.entered_at,
        "replaced_by": revision.replaced_by,
        "replaced_at": revision.replaced_at,
    }


def _rows(view: SeriesView, lang: Lang) -> list[Row]:
    """Table rows, newest first; the plotted value is the chart's own y (ratio × multiplier)."""
    measure = view.measure
    panel_y: list[float] = []
    if view.chart is not None:
        panel_y = list(view.chart.panels[0].y)
    rows = []
    for i, obs in enumerate(view.observations):
        plotted = panel_y[i] if len(panel_y) == len(view.observations) else math.nan
        rows.append(
            Row(
                observation=obs,
                period=period_text(obs.period, measure.frequency, lang),
                numerator=_fmt(obs.numerator, lang),
                denominator=_fmt(obs.denominator, lang),
                value=_fmt(obs.value, lang),
                plotted=_fmt(plotted, lang),
                revisions=[_revision(r, lang) for r in obs.revisions.all()],
            )
        )
    return rows[::-1]


def _event_rows(view: SeriesView, lang: Lang) -> list[dict[str, Any]]:
    return [
        {"event": e, "period": period_text(e.period, view.measure.frequency, lang)}
        for e in sorted(view.events, key=lambda e: (e.period, e.created_at))
    ]


def _event_form(view: SeriesView, data: Any = None) -> EventForm:
    return EventForm(
        data,
        periods=[o.period for o in view.observations],
        kinds=actions_events.allowed_kinds(view.measure),
        frequency=view.measure.frequency,
    )


def _series(team: Team, measure: Measure) -> SeriesView:
    """The series with everything the page shows, in three queries."""
    revisions = ObservationRevision.objects.select_related("entered_by", "replaced_by")
    observations = list(
        Observation.objects.filter(measure=measure, team=team)
        .select_related("entered_by")
        .prefetch_related(Prefetch("revisions", queryset=revisions))
        .order_by("period")
    )
    events = list(
        SeriesEvent.objects.filter(measure=measure, team=team).select_related("created_by")
    )
    return series_view(measure, team, observations=observations, events=events)


def _page(
    request: HttpRequest,
    team: Team,
    measure: Measure,
    *,
    event_form: EventForm | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = current_lang()
    view = _series(team, measure)
    can_edit = access.can_edit_team(request.user, team)
    context = {
        "team": team,
        "measure": measure,
        "view": view,
        "narrow_spec": compact_spec(view.spec, height=NARROW_CHART_HEIGHT) if view.spec else None,
        "status": describe_status(view, lang),
        "rows": _rows(view, lang),
        "events": _event_rows(view, lang),
        "can_edit": can_edit,
        "event_form": (event_form or _event_form(view)) if can_edit else None,
        "phase_offers": _phase_offers(team, measure, view, lang) if can_edit else [],
        "is_mdc": measure.rule_set == Measure.RuleSet.MDC,
        # queries.series_view ignores a frozen baseline when the series has phases; say so.
        "phase_and_baseline": {SeriesEvent.Kind.PHASE, SeriesEvent.Kind.BASELINE}
        <= {e.kind for e in view.events},
        "target_text": format_number(measure.target, lang) if measure.target is not None else "",
        "multiplier_text": format_number(float(measure.multiplier), lang),
    }
    return render(request, "measures/measure_detail.html", context, status=status)


def _phase_offers(
    team: Team, measure: Measure, view: SeriesView, lang: Lang
) -> list[dict[str, str]]:
    """ "Start a new phase here" at each adopted change of the team's projects on this measure,
    where the series has that period and no phase starts there yet."""
    from forbedring.web.improvement.annotations import adopted_changes

    periods = {o.period for o in view.observations}
    phases = {e.period for e in view.events if e.kind == SeriesEvent.Kind.PHASE}
    offers = []
    for change in adopted_changes(team, measure.pk):
        period = period_start(change.day, measure.frequency)
        if period in periods and period not in phases and period != min(periods):
            offers.append(
                {"title": change.title, "period": period.isoformat(),
                 "period_text": period_text(period, measure.frequency, lang)}
            )  # fmt: skip
    return offers


@login_required
@require_GET
def measure_detail(request: HttpRequest, team_id: int, measure_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id)
    measure = access.measure_for(team, measure_id)
    return _page(request, team, measure)


@login_required
@require_POST
def add_event(request: HttpRequest, team_id: int, measure_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    measure = access.measure_for(team, measure_id)
    periods = list(
        Observation.objects.filter(measure=measure, team=team)
        .order_by("period")
        .values_list("period", flat=True)
    )
    form = EventForm(
        request.POST,
        periods=periods,
        kinds=actions_events.allowed_kinds(measure),
        frequency=measure.frequency,
    )
    if form.is_valid():
        try:
            event = actions_events.add_event(
                measure=measure, team=team, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Saved: %(event)s.") % {"event": event.get_kind_display()})
            return redirect(reverse("measure_detail", args=[team.pk, measure.pk]) + "#events")
    return _page(request, team, measure, event_form=form, status=400)


@login_required
@require_POST
def delete_event(
    request: HttpRequest, team_id: int, measure_id: int, event_id: int
) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    measure = access.measure_for(team, measure_id)
    event = get_object_or_404(SeriesEvent, pk=event_id, team=team, measure=measure)
    kind = event.get_kind_display()
    actions_events.delete_event(event=event, by=request.user)
    messages.success(request, _("Deleted: %(event)s.") % {"event": kind})
    return redirect(reverse("measure_detail", args=[team.pk, measure.pk]) + "#events")
