"""Point types, the Making Data Count variation and assurance icons, and the summary.

The variation icon tells what the latest point says about the process: common cause, or a
special cause of improvement, of concern, or (with no preferred direction) a neutral one, high
or low. The assurance icon tells whether the process, as its current limits describe it, will
consistently meet a target (both limits on the right side of it), consistently miss it, or
sometimes meet it (the target between the limits). Semantics of NHSRplotthedots 0.2.2
(``ptd_point_type`` in ``R/ptd_calculate_point_type.R``, ``R/ptd_calculate_assurance_type.R``
and ``ptd_get_icons`` in ``R/geom_ptd_icon.R``).

References
----------
NHS England and NHS Improvement. Making Data Count: Strengthening your decisions. 2019
(the variation and assurance icons).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Literal

import numpy as np
import numpy.typing as npt

from forbedring.spc.mdc_rules import SPECIAL_CAUSE_SIDE
from forbedring.spc.segments import (
    BoolArray,
    FloatArray,
    IntArray,
    segment_count,
    segment_starts_mask,
)

ImprovementDirection = Literal["increase", "decrease", "neutral"]
IMPROVEMENT_DIRECTIONS: tuple[ImprovementDirection, ...] = ("increase", "decrease", "neutral")

# ptd_spc's integer coding of the direction: the sign a value must move to be an improvement.
DIRECTION_SIGN: dict[ImprovementDirection, int] = {"increase": 1, "decrease": -1, "neutral": 0}


class PointType(IntEnum):
    """NHSRplotthedots' ``point_type``; see :data:`POINT_TYPE_LABELS`."""

    COMMON_CAUSE = 0
    IMPROVEMENT = 1
    CONCERN = 2
    NEUTRAL_HIGH = 3
    NEUTRAL_LOW = 4


POINT_TYPE_LABELS: tuple[str, ...] = (
    "common_cause",
    "special_cause_improvement",
    "special_cause_concern",
    "special_cause_neutral_high",
    "special_cause_neutral_low",
)


class VariationIcon(IntEnum):
    """The variation icon (its svg name in NHSRplotthedots); NONE on a non-final rebase group."""

    NONE = 0
    COMMON_CAUSE = 1
    IMPROVEMENT_HIGH = 2
    IMPROVEMENT_LOW = 3
    CONCERN_HIGH = 4
    CONCERN_LOW = 5
    NEUTRAL_HIGH = 6
    NEUTRAL_LOW = 7


VARIATION_ICON_LABELS: tuple[str, ...] = (
    "",
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neutral_high",
    "neutral_low",
)


class Assurance(IntEnum):
    """The assurance type of a series' latest limits against its target; NONE without one."""

    NONE = 0
    CONSISTENT_PASS = 1
    CONSISTENT_FAIL = 2
    INCONSISTENT = 3


ASSURANCE_TYPE_LABELS: tuple[str, ...] = ("", "consistent_pass", "consistent_fail", "inconsistent")
# The assurance icon of each Assurance code (its svg name in NHSRplotthedots).
ASSURANCE_ICON_LABELS: tuple[str, ...] = ("", "pass", "fail", "inconsistent")

StrArray = npt.NDArray[np.str_]


def labels(codes: IntArray, table: tuple[str, ...]) -> StrArray:
    """Text labels of integer codes."""
    result: StrArray = np.asarray(table, dtype=np.str_)[codes]
    return result


def point_types(special_cause: IntArray, direction: ImprovementDirection) -> IntArray:
    """The :class:`PointType` of every point from its special cause and the direction.

    A signal of high values (above the mean, beyond the upper limit, increasing) is an
    improvement when an increase is better and a concern when a decrease is; with a neutral
    direction it is simply high (or low).
    """
    side = SPECIAL_CAUSE_SIDE[special_cause].astype(np.intp)
    if direction == "neutral":
        high, low = PointType.NEUTRAL_HIGH, PointType.NEUTRAL_LOW
    else:
        # Oriented so that +1 is the improving side.
        side = side * DIRECTION_SIGN[direction]
        high, low = PointType.IMPROVEMENT, PointType.CONCERN
    result: IntArray = np.select(
        [side > 0, side < 0], [high, low], default=PointType.COMMON_CAUSE
    ).astype(np.intp)
    return result


# Icon of each point type (rows: PointType) for an increase, decrease and neutral direction.
# An improvement when decreasing is better is "improvement_low", a concern "concern_high".
_VARIATION_ICON_TABLE: dict[ImprovementDirection, tuple[VariationIcon, ...]] = {
    "increase": (
        VariationIcon.COMMON_CAUSE,
        VariationIcon.IMPROVEMENT_HIGH,
        VariationIcon.CONCERN_LOW,
        VariationIcon.NEUTRAL_HIGH,
        VariationIcon.NEUTRAL_LOW,
    ),
    "decrease": (
        VariationIcon.COMMON_CAUSE,
        VariationIcon.IMPROVEMENT_LOW,
        VariationIcon.CONCERN_HIGH,
        VariationIcon.NEUTRAL_HIGH,
        VariationIcon.NEUTRAL_LOW,
    ),
    "neutral": (
        VariationIcon.COMMON_CAUSE,
        VariationIcon.IMPROVEMENT_HIGH,
        VariationIcon.CONCERN_LOW,
        VariationIcon.NEUTRAL_HIGH,
        VariationIcon.NEUTRAL_LOW,
    ),
}


def variation_icons(point_type: IntArray, direction: ImprovementDirection) -> IntArray:
    """The :class:`VariationIcon` for the point type of a series' latest point."""
    table = np.asarray(_VARIATION_ICON_TABLE[direction], dtype=np.intp)
    result: IntArray = table[point_type]
    return result


def assurance_types(
    target: FloatArray, lpl: FloatArray, upl: FloatArray, direction: ImprovementDirection
) -> IntArray:
    """The :class:`Assurance` of a target against the process limits of a series' latest point.

    Both limits beyond the target on the side of improvement is a consistent pass, on the other
    side a consistent fail; a target between (or on) the limits is inconsistent. As in
    NHSRplotthedots, a missing target or missing limits fall through to ``inconsistent``
    (with per-series targets, a series without one is reported so); a neutral direction has
    no assurance at all.
    """
    if direction == "neutral":
        return np.full(target.shape, Assurance.NONE, dtype=np.intp)
    above, below = target > upl, target < lpl
    if direction == "increase":
        above_type, below_type = Assurance.CONSISTENT_FAIL, Assurance.CONSISTENT_PASS
    else:
        above_type, below_type = Assurance.CONSISTENT_PASS, Assurance.CONSISTENT_FAIL
    result: IntArray = np.select(
        [above, below], [above_type, below_type], default=Assurance.INCONSISTENT
    ).astype(np.intp)
    return result


@dataclass(frozen=True)
class MdcSummary:
    """One row per series and rebase group, sorted by series and then rebase group (ptd's
    ``summary()`` with the icons of ``ptd_get_icons``).

    ``variation_type_code`` is the point type of the group's last point. The icons and the
    assurance describe the series' latest point, so they are given on its last rebase group
    only (code 0, an empty label, on earlier groups), as NHSRplotthedots reports them.
    """

    series: IntArray
    rebase_group: IntArray
    mean: FloatArray
    lpl: FloatArray
    upl: FloatArray
    n: IntArray
    common_cause: IntArray
    special_cause_improvement: IntArray
    special_cause_concern: IntArray
    variation_type_code: IntArray
    assurance_code: IntArray
    variation_icon_code: IntArray

    @property
    def variation_type(self) -> StrArray:
        return labels(self.variation_type_code, POINT_TYPE_LABELS)

    @property
    def assurance_type(self) -> StrArray:
        """``consistent_pass``, ``consistent_fail``, ``inconsistent`` or empty."""
        return labels(self.assurance_code, ASSURANCE_TYPE_LABELS)

    @property
    def assurance_icon(self) -> StrArray:
        """``pass``, ``fail``, ``inconsistent`` or empty."""
        return labels(self.assurance_code, ASSURANCE_ICON_LABELS)

    @property
    def variation_icon(self) -> StrArray:
        """``common_cause``, ``improvement_high``, ..., ``neutral_low`` or empty."""
        return labels(self.variation_icon_code, VARIATION_ICON_LABELS)


def summarise(
    seg: IntArray,
    n_seg: int,
    *,
    series: IntArray,
    rebase_group: IntArray,
    point_type: IntArray,
    special_cause_flag: BoolArray,
    mean: FloatArray,
    lpl: FloatArray,
    upl: FloatArray,
    improvement: ImprovementDirection,
    target: FloatArray | None,
) -> MdcSummary:
    """ptd's ``summary()`` per segment, with the icons on each series' last segment.

    Parameters
    ----------
    seg, n_seg
        Segment (series x rebase group) of every point, ascending, and the number of segments.
    series, rebase_group, point_type, special_cause_flag
        Per point, sorted by series and date.
    mean, lpl, upl
        Per segment.
    improvement
        The improvement direction.
    target
        Per point, the target of its series (NaN: none), or None when no target was given.
    """
    n = segment_count(seg, n_seg)
    first = np.flatnonzero(segment_starts_mask(seg))
    last = first + n - 1
    # The icons describe a series' latest point: only its last segment gets them.
    last_of_series = np.ones(n_seg, dtype=bool)
    last_of_series[:-1] = series[last[:-1]] != series[last[1:]]
    variation_type = point_type[last]

    icon = np.full(n_seg, VariationIcon.NONE, dtype=np.intp)
    icon[last_of_series] = variation_icons(variation_type[last_of_series], improvement)
    assurance = np.full(n_seg, Assurance.NONE, dtype=np.intp)
    if target is not None:
        final = np.flatnonzero(last_of_series)
        assurance[final] = assurance_types(target[last[final]], lpl[final], upl[final], improvement)

    flagged = segment_count(seg, n_seg, special_cause_flag)
    return MdcSummary(
        series=series[first],
        rebase_group=rebase_group[first],
        mean=mean,
        lpl=lpl,
        upl=upl,
        n=n,
        common_cause=n - flagged,
        special_cause_improvement=segment_count(seg, n_seg, point_type == PointType.IMPROVEMENT),
        special_cause_concern=segment_count(seg, n_seg, point_type == PointType.CONCERN),
        variation_type_code=variation_type,
        assurance_code=assurance,
        variation_icon_code=icon,
    )
