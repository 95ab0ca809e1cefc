"""Rows of a series for Making Data Count measures: phases from rebases, the point
classification in words, the engine's limits."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from forbedring.web.exports.rows import series_rows
from forbedring.web.measures.models import Measure, SeriesEvent
from forbedring.web.measures.queries import series_view
from tests.web import factories

pytestmark = pytest.mark.django_db

# Low and steady, then a clear rise: the high points are special causes of concern (lower is
# better), the low run before them one of improvement; a rebase in the ninth month starts
# phase 2.
VALUES = [10, 11, 10, 12, 11, 10, 11, 10, 30, 31, 32, 33, 30, 31, 32]


def test_mdc_rows_number_phases_and_name_special_causes(world: dict[str, Any]) -> None:
    measure = factories.measure(
        [world["team_a"]], name="Ventetid", chart_type="i", has_denominator=False,
        multiplier=1, rule_set=Measure.RuleSet.MDC,
    )  # fmt: skip
    factories.monthly_data(measure, world["team_a"], world["member_a"], VALUES)
    with translation.override("en"):
        view = series_view(measure, world["team_a"], lang="en")
        rows = series_rows(view)
    assert [row["phase"] for row in rows] == [1] * 15
    assert rows[0]["value"] == 10 and rows[0]["runs_signal"] == ""
    assert view.chart is not None
    panel = view.chart.panels[0]
    assert [row["centre"] for row in rows] == panel.mean
    words = {
        "common_cause": "", "special_cause_improvement": "Special cause: improvement",
        "special_cause_concern": "Special cause: concern",
    }  # fmt: skip
    assert [row["special_cause"] for row in rows] == [words[t] for t in panel.point_type]
    assert "Special cause: concern" in {row["special_cause"] for row in rows}
    SeriesEvent.objects.create(
        measure=measure, team=world["team_a"], kind=SeriesEvent.Kind.PHASE,
        period=dt.date(2024, 9, 1), text="Ny visitation", created_by=world["lead_a"],
    )  # fmt: skip
    with translation.override("en"):
        rebased = series_rows(series_view(measure, world["team_a"], lang="en"))
    assert [row["phase"] for row in rebased] == [1] * 8 + [2] * 7
    assert rebased[8]["note"] == "New phase: Ny visitation"  # once, though the chart notes it
    assert rebased[8]["centre"] == pytest.approx(sum(VALUES[8:]) / 7)


def test_rows_without_comments_leave_them_out(world: dict[str, Any]) -> None:
    view = series_view(world["falls"], world["team_a"], lang="en")
    assert series_rows(view)[1]["comment"]
    assert all(row["comment"] == "" for row in series_rows(view, comments=False))
