"""The teams' progress scores over time on the network dashboard (C5): per month, how many
submitted reports fall in each band of the IHI assessment scale, and the share at 4.0 or more
(the collaborative's success measure), as a table and a stacked bar chart with a line.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from forbedring.charts import spec_parts as parts
from forbedring.charts.locales import format_number
from forbedring.charts.model import Lang
from forbedring.web.networks.models import Network, TeamReport
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


def band_label(band: tuple[Decimal, Decimal], lang: Lang) -> str:
    low, high = (format_number(float(b), lang, decimals=1) for b in band)
    return low if low == high else f"{low}–{high}"


def band_of(score: Decimal) -> int:
    return next(i for i, (low, high) in enumerate(SCORE_BANDS) if low <= score <= high)


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
