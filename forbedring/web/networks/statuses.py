"""Every enrolled team's status on a network measure (signal, improving, target), fast.

The dashboard's one status path. The rule is the one ``measures.queries.series_view`` applies
to a team's chart: a signal is a runs signal in the latest phase or a point of it outside the
control limits; the series is improving when, with a signal, the latest point lies on the
better side of the centre line (``queries.improving_now``). Here it is read straight from the
engine, without charts, specs or summaries, and across many series at once: series that share
the same phases, baseline and excluded positions (``queries.position_options``) go through ONE
vectorised ``qic`` call, so a network of 100 teams costs one or two calls per measure. Making
Data Count series go through ONE vectorised ``mdc`` call per measure, each series rebased at its
own new phases, and are read as ``series_view`` reads a Making Data Count chart: a signal is a
variation icon other than common cause, improving with an improvement icon, worsening with a
concern icon. The leader's overview of an organisation uses this path too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np

from forbedring.charts.model import Lang
from forbedring.spc import mdc, qic
from forbedring.web.measures.models import Measure, SeriesEvent
from forbedring.web.measures.queries import (
    EPOCH,
    Status,
    improving_now,
    position_options,
    target_met,
)
from forbedring.web.organisations.models import Team

NO_DATA = Status(points=0, signal=False, improving=None, target_met=None, latest=None)

# Phase breakpoints, baseline end (without phases) and excluded positions: series that share
# them are analysed in one engine call.
type Options = tuple[tuple[int, ...], int | None, tuple[int, ...]]


def _rules(measure: Measure) -> Literal["anhoej", "ihi"]:
    ihi = measure.rule_set == Measure.RuleSet.IHI and measure.chart_type == "run"
    return "ihi" if ihi else "anhoej"


def _options(rows: Sequence[Any], events: Sequence[SeriesEvent]) -> Options:
    breakpoints, freeze, exclude, _notes, _reasons = position_options(
        [row.period for row in rows], events
    )
    return tuple(breakpoints), None if breakpoints else freeze, tuple(exclude)


def measure_statuses(
    measure: Measure,
    teams: Sequence[Team],
    observations: Mapping[tuple[int, int], Sequence[Any]],
    events: Mapping[tuple[int, int], Sequence[SeriesEvent]],
    lang: Lang,
    mdc_assurance: dict[int, str] | None = None,
) -> dict[int, Status]:
    """Each team's status on ``measure`` (by team id), from its rows (``Observation`` objects
    or rows with the same attributes) and series events, keyed by (measure id, team id).
    ``lang`` is not needed for statuses (they hold no words); callers pass the page's.

    ``mdc_assurance``, where given, receives the assurance icon (``pass``, ``fail``,
    ``inconsistent`` or empty) of each Making Data Count series by team id, which ``Status``
    does not carry (the leader's overview shows it)."""
    statuses: dict[int, Status] = {}
    groups: dict[Options, dict[int, Sequence[Any]]] = defaultdict(dict)
    mdc_series: dict[int, Sequence[Any]] = {}
    for team in teams:
        key = (measure.pk, team.pk)
        rows = observations.get(key, [])
        team_events = events.get(key, [])
        if not rows:
            statuses[team.pk] = NO_DATA
        elif measure.rule_set == Measure.RuleSet.MDC:
            mdc_series[team.pk] = rows
        else:
            groups[_options(rows, team_events)][team.pk] = rows
    for options, series in groups.items():
        statuses.update(shared_option_statuses(measure, series, options))
    if mdc_series:
        found, assurance = mdc_statuses(measure, mdc_series, events)
        statuses.update(found)
        if mdc_assurance is not None:
            mdc_assurance.update(assurance)
    return statuses


def mdc_statuses(
    measure: Measure,
    series: Mapping[int, Sequence[Any]],
    events: Mapping[tuple[int, int], Sequence[SeriesEvent]],
) -> tuple[dict[int, Status], dict[int, str]]:
    """The status and the assurance icon of each Making Data Count series (by team id; none
    empty) from ONE engine call, with the values, rebases and reading of
    ``queries._mdc_series``."""
    team_ids = list(series)
    values: list[float] = []
    days: list[float] = []
    ids: list[int] = []
    rebase: list[float] = []
    rebase_series: list[int] = []
    for index, team_id in enumerate(team_ids):
        rows = series[team_id]
        if measure.has_denominator:
            nums = np.array([math.nan if r.numerator is None else r.numerator for r in rows])
            dens = np.array([math.nan if r.denominator is None else r.denominator for r in rows])
            with np.errstate(invalid="ignore", divide="ignore"):
                ratios = nums / dens
            values += ratios.tolist()
        else:
            values += [math.nan if r.value is None else r.value for r in rows]
        days += [float((r.period - EPOCH).days) for r in rows]
        ids += [index] * len(rows)
        # A new phase on a Making Data Count chart is a rebase, as on the team's chart.
        for event in events.get((measure.pk, team_id), []):
            if event.kind == SeriesEvent.Kind.PHASE:
                rebase.append(float((event.period - EPOCH).days))
                rebase_series.append(index)
    direction: Literal["increase", "decrease", "neutral"] = measure.direction
    result = mdc(
        np.asarray(values, dtype=float) * float(measure.multiplier), days, series=ids,
        improvement=direction, target=measure.target,
        rebase=rebase or None, rebase_series=rebase_series or None,
    )  # fmt: skip
    points, summary = result.points, result.summary
    # Points are sorted by series and date; the summary's icons are on each series' last row.
    last_points = np.flatnonzero(np.append(points.series[1:] != points.series[:-1], True))
    point_counts = np.bincount(points.series[~np.isnan(points.y)], minlength=len(team_ids))
    last_groups = np.flatnonzero(np.append(summary.series[1:] != summary.series[:-1], True))
    variation, assurance = summary.variation_icon, summary.assurance_icon
    statuses: dict[int, Status] = {}
    icons: dict[int, str] = {}
    for row, group in zip(last_points.tolist(), last_groups.tolist(), strict=True):
        team_id = team_ids[int(points.series[row])]
        latest = float(points.y[row])
        icon = str(variation[group])
        statuses[team_id] = Status(
            points=int(point_counts[int(points.series[row])]),
            signal=icon != "common_cause",
            improving=True if icon.startswith("improvement")
            else False if icon.startswith("concern") else None,
            target_met=target_met(measure, latest),
            latest=None if math.isnan(latest) else latest,
        )  # fmt: skip
        icons[team_id] = str(assurance[group])
    return statuses, icons


def shared_option_statuses(
    measure: Measure, series: Mapping[int, Sequence[Any]], options: Options = ((), None, ())
) -> dict[int, Status]:
    """The status of each series (by team id; none empty) from ONE engine call across all of
    them, every series with the same phases, baseline and excluded positions."""
    team_ids = list(series)
    y: list[float] = []
    n: list[float] = []
    x: list[float] = []
    ids: list[int] = []
    for index, team_id in enumerate(team_ids):
        rows = series[team_id]
        if measure.has_denominator:
            y += [math.nan if r.numerator is None else r.numerator for r in rows]
            n += [math.nan if r.denominator is None else r.denominator for r in rows]
        else:
            y += [math.nan if r.value is None else r.value for r in rows]
        x += [float((r.period - EPOCH).days) for r in rows]
        ids += [index] * len(rows)
    part, freeze, exclude = options
    result = qic(
        y, x=x, n=n if measure.has_denominator else None, series=ids, chart=measure.chart_type,
        part=list(part) or None, freeze=freeze, exclude=list(exclude),
        multiply=float(measure.multiplier), rules=_rules(measure),
    )  # fmt: skip
    # Rows are sorted by series, then period. A segment is one phase of one series; the
    # latest phase of a series is the segment of its last row.
    series_ids = result.series
    new_segment = np.ones(series_ids.shape, dtype=bool)
    new_segment[1:] = (series_ids[1:] != series_ids[:-1]) | (result.part[1:] != result.part[:-1])
    segment_starts = np.flatnonzero(new_segment)
    segment = np.cumsum(new_segment) - 1
    outside_in_segment = np.logical_or.reduceat(result.sigma_signal, segment_starts)
    last_rows = np.flatnonzero(np.append(series_ids[1:] != series_ids[:-1], True))
    series_starts = np.concatenate(([0], last_rows[:-1] + 1))
    points = np.add.reduceat(~np.isnan(result.y), series_starts)
    statuses: dict[int, Status] = {}
    for k, row in enumerate(last_rows.tolist()):
        latest = float(result.y[row])
        # Runs statistics are per segment: the last row carries its latest phase's.
        signal = bool(result.runs_signal[row]) or bool(outside_in_segment[segment[row]])
        improving = improving_now(measure.direction, latest, float(result.cl[row]))
        statuses[team_ids[int(series_ids[row])]] = Status(
            points=int(points[k]),
            signal=signal,
            improving=improving if signal else None,
            target_met=target_met(measure, latest),
            latest=None if math.isnan(latest) else latest,
        )
    return statuses
