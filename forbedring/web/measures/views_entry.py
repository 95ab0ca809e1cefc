"""Periodic data entry: one page with all of a team's measures for one period (C3).

GET shows the period (by default the last completed one: teams report last month's numbers);
POST saves every row through ``actions.save_period`` and redirects back (post/redirect/get), or
shows the page again with the errors or the conflicting saves and the typed values kept.
Only the team's members and lead, and site administrators, may enter data; leaders see the data
on the team and measure pages and get 403 here.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from forbedring.web import access
from forbedring.web.measures import actions
from forbedring.web.measures.forms_entry import PeriodEntryForm, period_label
from forbedring.web.measures.models import Frequency, Measure, TeamMeasure, period_start
from forbedring.web.organisations.models import Team

# Monthly first: most teams report monthly, and the page opens on the first frequency a team has.
FREQUENCY_ORDER: list[str] = list(reversed(Frequency.values))  # month, week, day


def shift(period: dt.date, frequency: str, steps: int) -> dt.date:
    """The period ``steps`` periods after (or before) ``period``."""
    if frequency == Frequency.MONTH:
        months = period.year * 12 + period.month - 1 + steps
        return dt.date(months // 12, months % 12 + 1, 1)
    days = 7 if frequency == Frequency.WEEK else 1
    return period + dt.timedelta(days=days * steps)


def default_period(frequency: str, today: dt.date) -> dt.date:
    """The last completed period: last month, last week or yesterday."""
    return shift(period_start(today, frequency), frequency, -1)


def chosen_period(text: str | None, frequency: str, today: dt.date) -> dt.date:
    """``?period=YYYY-MM-DD`` normalised to its period's start, at most the current period;
    the default period when absent or unreadable."""
    try:
        day = dt.date.fromisoformat(text or "")
    except ValueError:
        return default_period(frequency, today)
    return min(period_start(day, frequency), period_start(today, frequency))


def _page_url(team: Team, frequency: str, period: dt.date) -> str:
    query = urlencode({"frequency": frequency, "period": period.isoformat()})
    return f"{reverse('data_entry', args=[team.pk])}?{query}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def data_entry(request: HttpRequest, team_id: int) -> HttpResponse:
    team = access.team_for(request.user, team_id, edit=True)
    all_measures = [
        link.measure for link in TeamMeasure.objects.filter(team=team).select_related("measure")
    ]
    frequencies = [f for f in FREQUENCY_ORDER if any(m.frequency == f for m in all_measures)]
    # A POST names its period in the form itself: a page opened on the last day of a month and
    # saved after midnight must still save the period it showed.
    params = request.POST if request.method == "POST" else request.GET
    wanted = params.get("frequency")
    frequency = wanted if wanted in frequencies else (frequencies or FREQUENCY_ORDER)[0]
    today = timezone.localdate()
    period = chosen_period(params.get("period"), frequency, today)
    measures = [m for m in all_measures if m.frequency == frequency]

    def make_form(data: QueryDict | None) -> PeriodEntryForm:
        return PeriodEntryForm(
            data, team=team, measures=measures, frequency=frequency, period=period, today=today
        )

    form = make_form(None)
    if request.method == "POST" and measures:
        form = make_form(request.POST)
        if form.is_valid():
            result = actions.save_period(
                team=team, period=period, entries=form.entries(), by=request.user
            )
            if result.ok:
                _report(request, result, period_label(period, frequency))
                return redirect(_page_url(team, frequency, period))
            # Show the colleague's values next to the user's and take their version as seen:
            # pressing Save again is then a deliberate correction (the colleague's values go
            # to the history), never a silent overwrite.
            data = request.POST.copy()
            for conflict in result.conflicts:
                data[f"m{conflict.measure.pk}-version"] = str(conflict.version)
            form = make_form(data)
            form.is_valid()
            form.set_conflicts(result.conflicts)
    return render(
        request,
        "measures/entry.html",
        _context(team, form, measures, frequencies, frequency, period, today),
    )


def _report(request: HttpRequest, result: actions.SaveResult, label: str) -> None:
    count = len(result.saved)
    if count:
        text = ngettext(
            "Saved %(count)d measure for %(period)s.",
            "Saved %(count)d measures for %(period)s.",
            count,
        )
        messages.success(request, text % {"count": count, "period": label})
    else:
        messages.info(request, _("Nothing changed for %(period)s.") % {"period": label})


def _context(
    team: Team,
    form: PeriodEntryForm,
    measures: list[Measure],
    frequencies: list[str],
    frequency: str,
    period: dt.date,
    today: dt.date,
) -> dict[str, object]:
    previous, following = shift(period, frequency, -1), shift(period, frequency, 1)
    # Going back stops at the earliest first period when every measure has one.
    firsts = [m.first_period for m in measures]
    earliest = (
        min(period_start(f, frequency) for f in firsts if f is not None)
        if firsts and all(firsts)
        else None
    )
    labels = dict(Frequency.choices)

    def link(to: dt.date) -> dict[str, str]:
        return {"url": _page_url(team, frequency, to), "label": period_label(to, frequency)}

    return {
        "team": team,
        "form": form,
        "measures": measures,
        "frequency": frequency,
        "frequencies": [
            {
                "value": f,
                "label": labels[f],
                "url": _page_url(team, f, default_period(f, today)),
                "current": f == frequency,
            }
            for f in frequencies
        ],
        "period": period,
        "period_label": period_label(period, frequency),
        "previous": None if earliest is not None and previous < earliest else link(previous),
        "next": None if following > period_start(today, frequency) else link(following),
        "today": today,
        "error_summary": form.error_summary(),
    }
