"""The "development" traffic light of the national status report: each unit's change since the
previous period, for many units and indicators at once (the placement light, and the public
names of both, are in :mod:`forbedring.spc.traffic_lights`).

Each row (unit x indicator) compares period t with t - 1 by a confidence interval for the
change (:mod:`forbedring.spc.change_intervals`): improved or worsened when the interval excludes
no change, in the indicator's better direction or against it; unchanged when it includes it.
Missing data or a zero denominator gives "no data", never an error. The result keeps the
method's parameters and :func:`describe_development` says them in plain words, so that a report
can print "our method: ...". The texts are English; the web layer translates them.

References
----------
Newcombe, R. G. (1998). Stat Med 17:873-890. Breslow, N. E. & Day, N. E. (1987), Statistical
Methods in Cancer Research II, IARC.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from forbedring.spc.beta import critical_value
from forbedring.spc.change_intervals import newcombe_difference, poisson_ratio_exact
from forbedring.spc.errors import SpcDataError
from forbedring.spc.funnel import DATA_TYPES
from forbedring.spc.funnel_limits import DataType
from forbedring.spc.segments import BoolArray, FloatArray, IntArray

DEFAULT_DEVELOPMENT_LEVEL = 0.95


class DevelopmentLight(IntEnum):
    """Development since the previous period; see :data:`DEVELOPMENT_LABELS`."""

    NO_DATA = 0
    IMPROVED = 1
    UNCHANGED = 2
    WORSENED = 3


DEVELOPMENT_LABELS: tuple[str, ...] = ("no_data", "improved", "unchanged", "worsened")

# The development method per data type, and the value of "no change" on its scale.
DEVELOPMENT_METHODS: dict[DataType, str] = {
    "pr": "newcombe-hybrid-score",
    "rc": "poisson-exact-conditional",
    "sr": "poisson-exact-conditional",
}
NO_CHANGE: dict[DataType, float] = {"pr": 0.0, "rc": 1.0, "sr": 1.0}

_DEVELOPMENT_TEXT: dict[DataType, str] = {
    "pr": (
        "Development: the change in the proportion since the previous period (this period "
        "minus the previous one), with a {level} confidence interval for the difference of "
        "two independent proportions by Newcombe's hybrid score method (the two periods' "
        "Wilson score intervals combined; Newcombe 1998, method 10). "
    ),
    "rc": (
        "Development: this period's rate divided by the previous period's, with an exact "
        "{level} confidence interval for the ratio of two Poisson rates, conditional on the "
        "events of both periods together (binomial, Clopper-Pearson limits). "
    ),
    "sr": (
        "Development: this period's standardised ratio (observed / expected) divided by the "
        "previous period's, with an exact {level} confidence interval conditional on the "
        "observed events of both periods together (binomial, Clopper-Pearson limits; the "
        "expected counts are taken as fixed). "
    ),
}
_DEVELOPMENT_RULE = (
    "Improved or worsened when the whole interval lies on the better or the worse side of "
    "no change ({null}); unchanged when it includes no change; no data when a period is "
    "missing or its denominator is 0."
)


def _percent(level: float) -> str:
    return f"{100.0 * level:.4g} %"


def describe_development(data_type: DataType, level: float = DEFAULT_DEVELOPMENT_LEVEL) -> str:
    """The development method in plain words, for "our method: ..." on a report."""
    null = "a difference of 0" if data_type == "pr" else "a ratio of 1"
    return _DEVELOPMENT_TEXT[data_type].format(level=_percent(level)) + _DEVELOPMENT_RULE.format(
        null=null
    )


@dataclass(frozen=True)
class Development:
    """One entry per row (unit x indicator).

    ``estimate`` is the difference of proportions (pr) or the ratio of rates or standardised
    ratios (rc, sr), ``lower`` and ``upper`` its interval at ``level``; all NaN for no data.
    ``light`` holds :class:`DevelopmentLight` codes. ``z`` is the normal critical value of
    ``level`` (used by the Wilson intervals).
    """

    estimate: FloatArray
    lower: FloatArray
    upper: FloatArray
    light: IntArray
    data_type: npt.NDArray[np.str_]
    higher_is_better: BoolArray
    level: float
    z: float

    def method(self, row: int) -> str:
        """The method's name for one row (a key of :data:`DEVELOPMENT_METHODS`' values)."""
        return DEVELOPMENT_METHODS[as_data_type(str(self.data_type[row]))]

    def description(self, row: int) -> str:
        return describe_development(as_data_type(str(self.data_type[row])), self.level)


def as_data_type(code: str) -> DataType:
    if code == "pr":
        return "pr"
    if code == "rc":
        return "rc"
    if code == "sr":
        return "sr"
    raise SpcDataError(f"data_type must be one of {', '.join(DATA_TYPES)}, got {code!r}")


def _rows(values: object, shape: tuple[int, ...], name: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.ndim > 1:
        raise SpcDataError(f"{name} must be one value per row")
    return np.asarray(np.broadcast_to(array, shape), dtype=np.float64)


def check_counts(name: str, values: FloatArray, used: BoolArray) -> None:
    bad = np.flatnonzero(used & (~np.isfinite(values) | (values < 0)))
    if bad.size:
        raise SpcDataError(
            f"row {int(bad[0])}: the {name} must be a finite number of 0 or more, "
            f"got {values[bad[0]]}"
        )


def development(
    previous_numerator: FloatArray,
    previous_denominator: FloatArray,
    numerator: FloatArray,
    denominator: FloatArray,
    *,
    data_type: DataType | npt.ArrayLike,
    higher_is_better: bool | npt.ArrayLike,
    level: float = DEFAULT_DEVELOPMENT_LEVEL,
) -> Development:
    """Development since the previous period for every row (unit x indicator) at once.

    Parameters
    ----------
    previous_numerator, previous_denominator : period t - 1, one value per row.
    numerator, denominator : period t. Events and cases (pr), events and population or
        person-time (rc), observed and expected counts (sr). NaN means missing.
    data_type : "pr", "rc" or "sr", one for all rows or one per row.
    higher_is_better : the indicator's direction, one for all rows or one per row.
    level : confidence level of the interval, in (0, 1); 0.95 by default.

    Returns
    -------
    Development. A row with a missing value or a denominator of 0 in either period is
    :attr:`DevelopmentLight.NO_DATA` (with NaN estimate and limits).

    Raises
    ------
    SpcDataError
        A negative or infinite value, a proportion above 1, or an unknown data type, naming
        the row.

    References
    ----------
    Newcombe (1998), Stat Med 17:873-890 (method 10). Breslow & Day (1987), IARC, vol. II.
    """
    if not 0.0 < level < 1.0:
        raise SpcDataError(f"the confidence level must be between 0 and 1, got {level}")
    raw = [
        np.asarray(v, dtype=np.float64)
        for v in (previous_numerator, previous_denominator, numerator, denominator)
    ]
    shape = np.broadcast_shapes(*(v.shape for v in raw))
    names = ("previous numerator", "previous denominator", "numerator", "denominator")
    o0, e0, o1, e1 = (_rows(v, shape, n) for v, n in zip(raw, names, strict=True))
    types = np.asarray(np.broadcast_to(np.asarray(data_type, dtype=np.str_), shape))
    unknown = ~np.isin(types, DATA_TYPES)
    if unknown.any():
        bad = int(np.flatnonzero(unknown)[0])
        raise SpcDataError(f"row {bad}: data_type must be one of {', '.join(DATA_TYPES)}")
    better_up = np.asarray(np.broadcast_to(np.asarray(higher_is_better, dtype=bool), shape))

    present = ~(np.isnan(o0) | np.isnan(e0) | np.isnan(o1) | np.isnan(e1))
    for name, values in zip(names, (o0, e0, o1, e1), strict=True):
        check_counts(name, values, present)
    usable = present & (e0 > 0) & (e1 > 0)
    is_pr = types == "pr"
    above = np.flatnonzero(usable & is_pr & ((o0 > e0) | (o1 > e1)))
    if above.size:
        raise SpcDataError(
            f"row {int(above[0])}: a numerator exceeds its denominator; "
            "a proportion cannot be above 1"
        )

    z = critical_value(level)
    estimate = np.full(shape, np.nan)
    lower = np.full(shape, np.nan)
    upper = np.full(shape, np.nan)
    pr = usable & is_pr
    if pr.any():
        estimate[pr], lower[pr], upper[pr] = newcombe_difference(o1[pr], e1[pr], o0[pr], e0[pr], z)
    ratio = usable & ~is_pr
    if ratio.any():
        estimate[ratio], lower[ratio], upper[ratio] = poisson_ratio_exact(
            o1[ratio], e1[ratio], o0[ratio], e0[ratio], level
        )
    null = np.where(is_pr, NO_CHANGE["pr"], NO_CHANGE["rc"])
    rose = lower > null
    fell = upper < null
    light = np.where(
        (rose & better_up) | (fell & ~better_up),
        DevelopmentLight.IMPROVED,
        np.where(
            (fell & better_up) | (rose & ~better_up),
            DevelopmentLight.WORSENED,
            DevelopmentLight.UNCHANGED,
        ),
    )
    light = np.where(usable, light, DevelopmentLight.NO_DATA).astype(np.intp)
    return Development(
        estimate=estimate,
        lower=lower,
        upper=upper,
        light=light,
        data_type=types.copy(),
        higher_is_better=better_up.copy(),
        level=level,
        z=z,
    )
