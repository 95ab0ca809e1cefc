"""A team's series of one measure as the API returns it: the chart's numbers, not its picture.

Everything statistical comes from ``measures.queries.series_view``, the code the web's charts
use (the engine in ``forbedring.spc``); this module only lays its chart model out point by
point and phase by phase.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from forbedring.charts.model import MdcChart, SpcChart, SpcPanel
from forbedring.web.measures.models import Measure, Observation
from forbedring.web.measures.queries import series_view
from forbedring.web.organisations.models import Team


def _number(value: float | None) -> float | None:
    """JSON has no NaN or infinity: a missing value or an absent limit is null."""
    return None if value is None or not math.isfinite(value) else float(value)


def _exceeds(value: int | None, limit: int | None) -> bool:
    # The same comparison as the chart's caption and summary (charts.summary).
    return value is not None and limit is not None and value > limit


def _phases(chart: SpcChart, panel: SpcPanel) -> list[dict[str, Any]]:
    phases = []
    for part, stats in sorted(panel.runs.items()):
        long_run = _exceeds(stats.longest_run, stats.longest_run_max)
        few = _exceeds(stats.n_crossings_min, stats.n_crossings)
        outside = (
            sum(s for s, p in zip(panel.sigma_signal, panel.part, strict=True) if p == part)
            if chart.has_limits
            else 0
        )
        phases.append(
            {
                "phase": part,
                "useful_points": stats.n_useful,
                "longest_run": stats.longest_run,
                "longest_run_max": stats.longest_run_max,
                "crossings": stats.n_crossings,
                "crossings_min": stats.n_crossings_min,
                "long_run": long_run,
                "few_crossings": few,
                "runs_signal": stats.signal or long_run or few,
                "points_outside_limits": outside,
            }
        )
    return phases


def _reported(observation: Observation) -> dict[str, Any]:
    return {
        "period": observation.period,
        "numerator": observation.numerator,
        "denominator": observation.denominator,
        "value": observation.value,
    }


def _spc_points(
    chart: SpcChart, panel: SpcPanel, observations: Sequence[Observation]
) -> list[dict[str, Any]]:
    # One observation per period, so the chart's points and the observations pair up in order.
    return [
        {
            **_reported(observation),
            "y": _number(panel.y[i]),
            "centre": _number(panel.cl[i]),
            "lower_limit": _number(panel.lcl[i]) if chart.has_limits else None,
            "upper_limit": _number(panel.ucl[i]) if chart.has_limits else None,
            "phase": panel.part[i],
            "baseline": panel.baseline[i],
            "included": panel.include[i],
            "outside_limits": panel.sigma_signal[i] if chart.has_limits else None,
            "point_type": None,
        }
        for i, observation in enumerate(observations)
    ]


def series_data(measure: Measure, team: Team) -> dict[str, Any]:
    """The series as the ``SeriesOut`` schema describes it."""
    view = series_view(measure, team)
    chart = view.chart
    data: dict[str, Any] = {
        "team_id": team.pk,
        "measure_id": measure.pk,
        "chart_type": measure.chart_type,
        "rule_set": measure.rule_set,
        "kind": "empty",
        "points": [],
        "phases": [],
        "variation_icon": None,
        "assurance_icon": None,
        "status": {
            "points": view.status.points,
            "signal": view.status.signal,
            "improving": view.status.improving,
            "target_met": view.status.target_met,
            "latest": _number(view.status.latest),
        },
        "summary": view.summary,
    }
    if isinstance(chart, SpcChart):
        panel = chart.panels[0]
        data["kind"] = "spc"
        data["points"] = _spc_points(chart, panel, view.observations)
        data["phases"] = _phases(chart, panel)
    elif isinstance(chart, MdcChart):
        mdc = chart.panels[0]
        data["kind"] = "mdc"
        data["points"] = [
            {
                **_reported(observation),
                "y": _number(mdc.y[i]),
                "centre": _number(mdc.mean[i]),
                "lower_limit": _number(mdc.lpl[i]),
                "upper_limit": _number(mdc.upl[i]),
                "phase": mdc.rebase_group[i] + 1,  # counted from 0 by the engine
                "baseline": False,
                "included": True,
                "outside_limits": None,
                "point_type": mdc.point_type[i],
            }
            for i, observation in enumerate(view.observations)
        ]
        data["variation_icon"] = mdc.variation_icon or None
        data["assurance_icon"] = mdc.assurance_icon or None
    return data
