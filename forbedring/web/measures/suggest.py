"""Which chart suits a measure, from a few plain questions about its data.

Frontline staff rarely know the names of control charts, but they do know what they count.
The rules below are the textbook ones (Provost & Murray, *The Health Care Data Guide*, 2011,
ch. 5 and the chart selection flowchart; Anhøj & Olesen 2014 for run charts with few points),
reduced to the questions a nursing-home team can answer. The function is pure: no database, no
request, so the form, the live htmx hint and the tests all ask the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Below this many points control limits are too uncertain to trust; a run chart with the
# Anhøj rules finds signals from about 10 points (Provost & Murray 2011, p. 118: "20 to 25
# subgroups" for trial limits; Anhøj & Olesen 2014 for run charts).
MIN_POINTS_FOR_LIMITS = 20


class DataKind(models.TextChoices):
    """What a team counts, in words a team uses ("What do you count?")."""

    EXPOSURE = "exposure", _("Events with an exposure (e.g. falls and resident-days)")
    YES_NO = "yes_no", _("Yes or no for each case (e.g. residents with a risk assessment)")
    RARE = (
        "rare",
        _("Rare events, counted as days or cases between them (e.g. days between pressure ulcers)"),
    )
    MEASUREMENT = "measurement", _("A measurement (e.g. weight, minutes, a score)")


class Between(models.TextChoices):
    """For rare events: what is counted from one event to the next."""

    CASES = "cases", _("Cases between events (e.g. admissions, procedures)")
    TIME = "time", _("Days (or time) between events")


class Points(models.TextChoices):
    """Is there, or will there soon be, enough data for control limits?"""

    MANY = "many", _("20 or more periods (or past data ready to enter)")
    FEW = "few", _("Fewer than 20 periods, or no data yet")


# Kinds reported as numerator and denominator; the others as one value per period.
DENOMINATOR_KINDS = frozenset({DataKind.EXPOSURE, DataKind.YES_NO})
# Chart types that need a denominator, and those that plot one value per period.
RATIO_CHARTS = frozenset({"p", "pp", "u", "up"})
VALUE_CHARTS = frozenset({"i", "c", "g", "t"})


@dataclass(frozen=True)
class Suggestion:
    """A chart type (``Measure.ChartType`` value), why, and how the data is reported."""

    chart_type: str
    reason: str | Promise
    has_denominator: bool


def suggest_chart(
    data_kind: str | None, *, between: str | None = None, points: str | None = None
) -> Suggestion | None:
    """The chart for data of this kind, with a one-line reason; None until the kind is known.

    ``points`` of ``few`` (or no answer about rare events' spacing) never blocks an answer:
    few points always give a run chart, whatever is counted, because limits from fewer than
    :data:`MIN_POINTS_FOR_LIMITS` points mislead more than they help.
    """
    if data_kind not in DataKind.values:
        return None
    has_denominator = data_kind in DENOMINATOR_KINDS
    if points == Points.FEW:
        return Suggestion(
            "run",
            _(
                "A run chart: with fewer than 20 points control limits are uncertain, and the "
                "run chart rules find signals from about 10 points. Change the chart type when "
                "you have 20 points."
            ),
            has_denominator,
        )
    if data_kind == DataKind.EXPOSURE:
        return Suggestion(
            "u",
            _(
                "A U chart: it plots events per unit of exposure (e.g. falls per 1,000 "
                "resident-days), so months with more or fewer residents compare fairly."
            ),
            True,
        )
    if data_kind == DataKind.YES_NO:
        return Suggestion(
            "p",
            _(
                "A P chart: it plots the share of cases with a yes (e.g. the percentage of "
                "residents with a risk assessment), with limits that follow the number of cases."
            ),
            True,
        )
    if data_kind == DataKind.RARE:
        if between == Between.TIME:
            return Suggestion(
                "t",
                _(
                    "A T chart: rare events give mostly zeros per month, so it plots the days "
                    "between events instead; longer gaps mean fewer events."
                ),
                False,
            )
        return Suggestion(
            "g",
            _(
                "A G chart: rare events give mostly zeros per month, so it plots the number of "
                "cases between events instead; more cases between means fewer events."
            ),
            False,
        )
    return Suggestion(
        "i",
        _(
            "An I chart: it plots one measured value per period (e.g. average weight or "
            "minutes), with limits from the variation between neighbouring values."
        ),
        False,
    )


def fits_data(chart_type: str, has_denominator: bool) -> bool:
    """Whether a chart type can draw data reported this way (run charts draw either)."""
    if chart_type in RATIO_CHARTS:
        return has_denominator
    if chart_type in VALUE_CHARTS:
        return not has_denominator
    return True
