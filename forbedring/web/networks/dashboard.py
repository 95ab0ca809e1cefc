"""The network dashboard's data (C5): for one measure, every enrolled team's small chart, the
network's aggregate chart and a table of teams; for every measure, the share of teams with a
signal of improvement; and the teams' progress scores over time.

Queries are few and fixed in number, whatever the number of teams: the enrolled teams, the
network's measures, all their observations and series events, and the submitted reports. Full
charts are built only for the measure shown; the other measures' statuses come from one
vectorised engine call per measure across all teams (``qic`` with ``series``), except for
series the vectorised call cannot reproduce (phases, baseline, excluded points, Making Data
Count rules), which go through ``series_view`` like everywhere else.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from django.utils.translation import gettext as _

from forbedring.charts import spec_parts as parts
from forbedring.charts.locales import format_number
from forbedring.charts.model import Lang, spc_chart_from_qic
from forbedring.charts.spc_spec import spc_spec
from forbedring.charts.summary import summarise_spc
from forbedring.spc import qic
from forbedring.web.measures.models import Measure, Observation, SeriesEvent
from forbedring.web.measures.queries import (
    EPOCH,
    SeriesView,
    Status,
    compact_spec,
    improving_now,
    position_options,
    series_view,
    target_met,
)
from forbedring.web.measures.views_team import StatusText, describe_status
from forbedring.web.networks.models import Enrolment, Network, NetworkMeasure, TeamReport
from forbedring.web.organisations.models import Team

# The collaborative's success measure: a progress score of 4.0 ("significant improvement") or
# more on the IHI assessment scale.
SUCCESS_SCORE = Decimal("4.0")
# Bands of the IHI scale for the distribution chart: (lowest score, highest score).
SCORE_BANDS: tuple[tuple[Decimal, Decimal], ...] = (
    (Decimal("0.5"), Decimal("1.5")),
    (Decimal("2.0"), Decimal("2.5")),
    (Decimal("3.0"), Decimal("3.5")),
    (Decimal("4.0"), Decimal("4.5")),
    (Decimal("5.0"), Decimal("5.0")),
)
# Light to dark blue-green for rising bands (Okabe-Ito hues; the legend and table say the band).
BAND_COLOURS = ("#BBBBBB", "#E69F00", "#56B4E9", "#0072B2", "#009E73")
# Series events the vectorised status cannot reproduce (it charts every series as one phase).
SHAPING_EVENTS = frozenset(
    {SeriesEvent.Kind.PHASE, SeriesEvent.Kind.BASELINE, SeriesEvent.Kind.EXCLUDE}
)

SortKey = Literal["team", "organisation", "latest", "signal", "score"]
SORT_KEYS: tuple[SortKey, ...] = ("team", "organisation", "latest", "signal", "score")


@dataclass(frozen=True)
class TeamCard:
    """One enrolled team's series of the measure shown: its small chart and its row."""

    team: Team
    view: SeriesView
    spec: dict[str, Any] | None
    status: StatusText
    score: Decimal | None

    @property
    def dom_id(self) -> str:
        return f"team-{self.team.pk}"

    @property
    def spec_id(self) -> str:
        return f"{self.dom_id}-spec"

    @property
    def signal_rank(self) -> int:
        """Improving first, then other signals, no signal, worsening, and no data last."""
        status = self.view.status
        if not status.points:
            return 4
        if not status.signal:
            return 2
        return {True: 0, None: 1, False: 3}[status.improving]


@dataclass(frozen=True)
class Share:
    """The share of teams with a signal of improvement on one measure."""

    measure: Measure
    improving: int
    with_data: int
    teams: int

    @property
    def percent(self) -> float | None:
        return 100 * self.improving / self.with_data if self.with_data else None


@dataclass(frozen=True)
class Aggregate:
    """The network's aggregate chart of the measure: summed numerators and denominators per
    period, or the mean of the teams' values for measures without a denominator."""

    spec: dict[str, Any] | None
    summary: str
    method: str
    periods: list[dt.date]
    numerators: list[float]
    denominators: list[float] | None
    reporting: list[int]


@dataclass(frozen=True)
class ScoreMonth:
    month: dt.date
    counts: list[int]
    total: int
    successful: int

    @property
    def share(self) -> float:
        return self.successful / self.total if self.total else 0.0


@dataclass(frozen=True)
class Scores:
    bands: list[str]
    months: list[ScoreMonth]
    spec: dict[str, Any] | None


@dataclass(frozen=True)
class Dashboard:
    network: Network
    measures: list[Measure]
    measure: Measure | None
    teams: list[Team]
    cards: list[TeamCard]
    rows: list[TeamCard]
    shares: list[Share]
    aggregate: Aggregate | None
    scores: Scores


def band_label(band: tuple[Decimal, Decimal], lang: Lang) -> str:
    low, high = (format_number(float(b), lang, decimals=1) for b in band)
    return low if low == high else f"{low}–{high}"


def band_of(score: Decimal) -> int:
    return next(i for i, (low, high) in enumerate(SCORE_BANDS) if low <= score <= high)


def load_series(
    teams: Sequence[Team], measures: Sequence[Measure], chosen: Measure | None = None
) -> tuple[dict[tuple[int, int], list[Any]], dict[tuple[int, int], list[SeriesEvent]]]:
    """All observations and series events of the teams' series of the measures, by (measure
    id, team id), in three queries: the chosen measure's as ``Observation`` objects (for its
    charts), the others' as light rows with the same attributes (only statuses need them)."""
    team_ids = [t.pk for t in teams]
    fields = ("measure_id", "team_id", "period", "numerator", "denominator", "value")
    observations: dict[tuple[int, int], list[Any]] = defaultdict(list)
    if chosen is not None:
        for obs in (
            Observation.objects.filter(team_id__in=team_ids, measure=chosen)
            .only(*fields)
            .order_by("period")
        ):
            observations[obs.measure_id, obs.team_id].append(obs)
    others = [m.pk for m in measures if m != chosen]
    if others:
        rows = (
            Observation.objects.filter(team_id__in=team_ids, measure_id__in=others)
            .order_by("period")
            .values_list(*fields, named=True)
        )
        for row in rows:
            observations[row.measure_id, row.team_id].append(row)
    events: dict[tuple[int, int], list[SeriesEvent]] = defaultdict(list)
    measure_ids = [m.pk for m in measures]
    for event in SeriesEvent.objects.filter(team_id__in=team_ids, measure_id__in=measure_ids):
        events[event.measure_id, event.team_id].append(event)
    return observations, events


def _rules(measure: Measure) -> Literal["anhoej", "ihi"]:
    ihi = measure.rule_set == Measure.RuleSet.IHI and measure.chart_type == "run"
    return "ihi" if ihi else "anhoej"


def _values(measure: Measure, observations: Sequence[Any]) -> tuple[list[float], ...]:
    nan = math.nan
    if measure.has_denominator:
        return (
            [nan if o.numerator is None else o.numerator for o in observations],
            [nan if o.denominator is None else o.denominator for o in observations],
        )
    return ([nan if o.value is None else o.value for o in observations],)


def vectorised_statuses(measure: Measure, series: dict[int, list[Any]]) -> dict[int, Status]:
    """The status of each team's series (by team id) from ONE engine call across all of them:
    the same as ``series_view(...).status`` for a series of one phase, no baseline and no
    excluded points on a run or Shewhart chart."""
    team_ids = [team_id for team_id, rows in series.items() if rows]
    if not team_ids:
        return {}
    y: list[float] = []
    n: list[float] = []
    x: list[float] = []
    ids: list[int] = []
    for index, team_id in enumerate(team_ids):
        rows = series[team_id]
        values = _values(measure, rows)
        y += values[0]
        if measure.has_denominator:
            n += values[1]
        x += [float((o.period - EPOCH).days) for o in rows]
        ids += [index] * len(rows)
    result = qic(
        y, x=x, n=n if measure.has_denominator else None, series=ids,
        chart=measure.chart_type, multiply=float(measure.multiplier), rules=_rules(measure),
    )  # fmt: skip
    last = np.flatnonzero(np.append(result.series[1:] != result.series[:-1], True))
    first = np.concatenate(([0], last[:-1] + 1))
    sigma = np.logical_or.reduceat(result.sigma_signal, first)
    points = np.add.reduceat(~np.isnan(result.y), first)
    statuses: dict[int, Status] = {}
    for k, series_id in enumerate(result.series[last].tolist()):
        latest = float(result.y[last[k]])
        # One phase: the runs statistics on the last point are the whole series'.
        signal = bool(result.runs_signal[last[k]]) or bool(sigma[k])
        improving = improving_now(measure.direction, latest, float(result.cl[last[k]]))
        statuses[team_ids[series_id]] = Status(
            points=int(points[k]),
            signal=signal,
            improving=improving if signal else None,
            target_met=target_met(measure, latest),
            latest=None if math.isnan(latest) else latest,
        )
    return statuses


def phased_status(measure: Measure, rows: Sequence[Any], events: Sequence[SeriesEvent]) -> Status:
    """The status ``series_view`` gives a series with phases, a baseline or excluded points,
    from the engine alone (no chart, spec or summary)."""
    periods = [o.period for o in rows]
    breakpoints, freeze, exclude, _notes, _reasons = position_options(periods, events)
    values = _values(measure, rows)
    result = qic(
        values[0], x=[float((p - EPOCH).days) for p in periods],
        n=values[1] if measure.has_denominator else None, chart=measure.chart_type,
        part=breakpoints or None, freeze=None if breakpoints else freeze, exclude=exclude,
        multiply=float(measure.multiplier), rules=_rules(measure),
    )  # fmt: skip
    last_part = result.part[-1]
    latest = float(result.y[-1])
    signal = bool(result.runs_signal[-1]) or bool(
        result.sigma_signal[result.part == last_part].any()
    )
    improving = improving_now(measure.direction, latest, float(result.cl[-1]))
    return Status(
        points=int((~np.isnan(result.y)).sum()),
        signal=signal,
        improving=improving if signal else None,
        target_met=target_met(measure, latest),
        latest=None if math.isnan(latest) else latest,
    )


def measure_statuses(
    measure: Measure,
    teams: Sequence[Team],
    observations: dict[tuple[int, int], list[Any]],
    events: dict[tuple[int, int], list[SeriesEvent]],
    lang: Lang,
) -> dict[int, Status]:
    """Every team's status on the measure: vectorised where it can be, else one by one."""
    simple: dict[int, list[Any]] = {}
    statuses: dict[int, Status] = {}
    for team in teams:
        key = (measure.pk, team.pk)
        rows = observations.get(key, [])
        shaped = any(e.kind in SHAPING_EVENTS for e in events.get(key, []))
        if not rows:
            statuses[team.pk] = Status(0, False, None, None, None)
        elif shaped and measure.rule_set != Measure.RuleSet.MDC:
            statuses[team.pk] = phased_status(measure, rows, events.get(key, []))
        elif measure.rule_set == Measure.RuleSet.MDC:
            view = series_view(
                measure, team, lang=lang, observations=rows, events=events.get(key, []),
                annotations=[],
            )  # fmt: skip
            statuses[team.pk] = view.status
        else:
            simple[team.pk] = rows
    statuses.update(vectorised_statuses(measure, simple))
    return statuses


def share_of(measure: Measure, statuses: dict[int, Status], teams: int) -> Share:
    improving = sum(s.improving is True for s in statuses.values())
    with_data = sum(s.points > 0 for s in statuses.values())
    return Share(measure, improving, with_data, teams)


def aggregate(
    measure: Measure,
    teams: Sequence[Team],
    observations: dict[tuple[int, int], list[Any]],
    lang: Lang,
) -> Aggregate:
    """The network-level series: per period, the sum of the teams' numerators and of their
    denominators (periods where a team gave both), or the mean of the teams' values."""
    sums: dict[dt.date, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for team in teams:
        for o in observations.get((measure.pk, team.pk), []):
            if measure.has_denominator:
                if o.numerator is None or o.denominator is None:
                    continue
                acc = sums[o.period]
                acc[0] += o.numerator
                acc[1] += o.denominator
                acc[2] += 1
            elif o.value is not None:
                acc = sums[o.period]
                acc[0] += o.value
                acc[2] += 1
    periods = sorted(sums)
    reporting = [int(sums[p][2]) for p in periods]
    if measure.has_denominator:
        numerators = [sums[p][0] for p in periods]
        denominators: list[float] | None = [sums[p][1] for p in periods]
        method = _(
            "The teams' numerators and denominators are summed per period and charted as one "
            "series."
        )
    else:
        numerators = [sums[p][0] / sums[p][2] for p in periods]
        denominators = None
        method = _(
            "This measure has no denominator: the network's value per period is the mean of the "
            "values of the teams that reported it."
        )
    if not periods:
        return Aggregate(None, "", method, [], [], None, [])
    result = qic(
        numerators, x=[float((p - EPOCH).days) for p in periods], n=denominators,
        chart=measure.chart_type, multiply=float(measure.multiplier), rules=_rules(measure),
    )  # fmt: skip
    chart = spc_chart_from_qic(
        result, measure.chart_type, periods, "date", lang=lang,
        title=_("%(measure)s: the network") % {"measure": measure.name},
        y_label=measure.unit_label or None, target=measure.target,
    )  # fmt: skip
    return Aggregate(
        spc_spec(chart), summarise_spc(chart), method, periods, numerators, denominators,
        reporting,
    )  # fmt: skip


def scores_over_time(network: Network, teams: Sequence[Team], lang: Lang) -> Scores:
    """Per month, how many submitted reports fall in each band of the IHI scale, and the share
    of them at 4.0 or more."""
    bands = [band_label(b, lang) for b in SCORE_BANDS]
    counts: dict[dt.date, list[int]] = defaultdict(lambda: [0] * len(SCORE_BANDS))
    successful: dict[dt.date, int] = defaultdict(int)
    reports = TeamReport.objects.filter(
        network=network, team__in=[t.pk for t in teams], status=TeamReport.Status.SUBMITTED,
        progress_score__isnull=False,
    ).values_list("period", "progress_score")  # fmt: skip
    for period, score in reports:
        counts[period][band_of(score)] += 1
        successful[period] += score >= SUCCESS_SCORE
    months = [
        ScoreMonth(month, counts[month], sum(counts[month]), successful[month])
        for month in sorted(counts)
    ]
    return Scores(bands, months, score_spec(bands, months, lang) if months else None)


def score_spec(bands: list[str], months: list[ScoreMonth], lang: Lang) -> dict[str, Any]:
    """A stacked bar per month (reports by score band) under a line of the share at 4.0 or
    more, on its own axis (0–100 %)."""
    band_field = _("Progress score")
    count_field = _("Teams")
    share_field = _("Share at 4.0 or more")
    bars = [
        {"month": m.month.isoformat(), "band": band, "order": i, "count": count}
        for m in months
        for i, (band, count) in enumerate(zip(bands, m.counts, strict=True))
        if count
    ]
    line = [{"month": m.month.isoformat(), "share": m.share} for m in months]
    month_axis = {
        "field": "month", "type": "temporal", "timeUnit": "utcyearmonth",
        "title": None, "axis": {"format": "%b %Y", "labelAngle": 0, "labelOverlap": "greedy"},
    }  # fmt: skip
    return {
        "$schema": parts.VEGA_LITE_SCHEMA,
        "description": _("Progress scores per month and the share of teams at 4.0 or more"),
        "width": "container",
        "height": 220,
        "config": parts.config(lang),
        "layer": [
            {
                "name": "bands",
                "data": {"values": bars},
                "mark": {"type": "bar", "tooltip": True},
                "encoding": {
                    "x": month_axis,
                    "y": {
                        "field": "count",
                        "type": "quantitative",
                        "stack": "zero",
                        "title": count_field,
                        "axis": {"tickMinStep": 1},
                    },
                    "color": {
                        "field": "band",
                        "type": "ordinal",
                        "title": band_field,
                        "scale": {"domain": bands, "range": list(BAND_COLOURS)},
                    },
                    "order": {"field": "order", "type": "quantitative"},
                    "tooltip": [
                        {
                            "field": "month",
                            "type": "temporal",
                            "timeUnit": "utcyearmonth",
                            "format": "%B %Y",
                            "title": _("Month"),
                        },
                        {"field": "band", "type": "ordinal", "title": band_field},
                        {"field": "count", "type": "quantitative", "title": count_field},
                    ],
                },
            },
            {
                "name": "success_share",
                "data": {"values": line},
                "mark": {"type": "line", "point": True, "color": parts.DARK, "strokeDash": [4, 2]},
                "encoding": {
                    "x": month_axis,
                    "y": {
                        "field": "share",
                        "type": "quantitative",
                        "title": share_field,
                        "scale": {"domain": [0, 1]},
                        "axis": {"format": ".0%", "orient": "right"},
                    },
                    "tooltip": [
                        {
                            "field": "month",
                            "type": "temporal",
                            "timeUnit": "utcyearmonth",
                            "format": "%B %Y",
                            "title": _("Month"),
                        },
                        {
                            "field": "share",
                            "type": "quantitative",
                            "format": ".0%",
                            "title": share_field,
                        },
                    ],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


def _sort_cards(cards: list[TeamCard], key: SortKey, descending: bool) -> list[TeamCard]:
    """Sort the table's rows; rows without a value stay last in either direction."""

    def value(card: TeamCard) -> Any:
        if key == "team":
            return card.team.name.casefold()
        if key == "organisation":
            return card.team.unit.organisation.name.casefold()
        if key == "latest":
            return card.view.status.latest
        if key == "signal":
            return card.signal_rank
        return card.score

    present = [c for c in cards if value(c) is not None]
    missing = [c for c in cards if value(c) is None]
    present.sort(key=lambda c: (value(c), c.team.name.casefold()), reverse=descending)
    return present + missing


def build(
    network: Network,
    *,
    measure_id: int | None,
    lang: Lang,
    sort: SortKey = "team",
    descending: bool = False,
) -> Dashboard:
    """The dashboard of the network for the chosen measure (the first when none is chosen)."""
    teams = list(
        Team.objects.filter(
            enrolments__network=network, enrolments__status=Enrolment.Status.ENROLLED
        )
        .select_related("unit__organisation")
        .order_by("name", "pk")
    )
    measures: list[Measure] = [
        link.measure
        for link in NetworkMeasure.objects.filter(network=network).select_related("measure")
    ]
    chosen = next((m for m in measures if m.pk == measure_id), measures[0] if measures else None)
    observations, events = load_series(teams, measures, chosen)
    latest_scores: dict[int, Decimal] = {}
    for team_id, score in (
        TeamReport.objects.filter(
            network=network, status=TeamReport.Status.SUBMITTED, progress_score__isnull=False
        )
        .order_by("period")
        .values_list("team_id", "progress_score")
    ):
        latest_scores[team_id] = score
    cards: list[TeamCard] = []
    shares: list[Share] = []
    for measure in measures:
        if chosen is not None and measure is chosen:
            statuses: dict[int, Status] = {}
            for team in teams:
                key = (measure.pk, team.pk)
                view = series_view(
                    measure, team, lang=lang, observations=observations.get(key, []),
                    events=events.get(key, []), annotations=[],
                )  # fmt: skip
                statuses[team.pk] = view.status
                spec = compact_spec(view.spec, height=120) if view.spec else None
                cards.append(
                    TeamCard(
                        team, view, spec, describe_status(view, lang), latest_scores.get(team.pk)
                    )
                )
        else:
            statuses = measure_statuses(measure, teams, observations, events, lang)
        shares.append(share_of(measure, statuses, len(teams)))
    return Dashboard(
        network=network,
        measures=measures,
        measure=chosen,
        teams=teams,
        cards=cards,
        rows=_sort_cards(cards, sort, descending),
        shares=shares,
        aggregate=aggregate(chosen, teams, observations, lang) if chosen else None,
        scores=scores_over_time(network, teams, lang),
    )
