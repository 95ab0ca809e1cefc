"""The placement traffic light: units against the national value, with the funnel engine as
its twin (the lights are the funnel's outlier flags, sided by the indicator's direction)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from forbedring.spc.errors import SpcDataError
from forbedring.spc.funnel import FunnelDataError, funnel
from forbedring.spc.traffic_lights import (
    PLACEMENT_LABELS,
    FunnelLevel,
    PlacementLight,
    placement,
)


def arr(*values: float) -> np.ndarray:
    return np.array(values, dtype=np.float64)


# Placement: fourteen municipalities with whole counts, overdispersed, with units outside the
# adjusted and unadjusted limits on both sides.
O_PR = arr(30, 45, 12, 80, 60, 5, 90, 33, 41, 250, 20, 70, 66, 10)
N_PR = arr(100, 120, 90, 150, 200, 40, 180, 100, 120, 300, 70, 160, 140, 60)


@pytest.mark.parametrize("limits", ["unadjusted", "overdispersed", "both"])
@pytest.mark.parametrize(
    ("data_type", "rate_funnel", "n"),
    [
        ("pr", "poisson", N_PR),
        ("rc", "poisson", N_PR * 3),
        ("rc", "counts", N_PR * 3),
        ("sr", "poisson", N_PR * 0.4),
    ],
)
def test_placement_agrees_with_the_funnels_outlier_flags(
    limits: Any, data_type: Any, rate_funnel: Any, n: np.ndarray
) -> None:
    if data_type == "rc" and rate_funnel == "poisson":
        # A rate's twin: its events against population x the national (pooled) rate.
        national = O_PR.sum() / n.sum()
        twin = funnel(O_PR, n * national, data_type="sr", limits=limits)
    else:
        national = 1.0 if data_type == "sr" else O_PR.sum() / n.sum()
        twin = funnel(O_PR, n, data_type=data_type, limits=limits)
    levels: list[tuple[FunnelLevel, np.ndarray]] = [
        ("95", twin.units.outlier95),
        ("998", twin.units.outlier998),
    ]
    for level, flags in levels:
        for better_up in (True, False):
            result = placement(
                O_PR,
                n,
                data_type=data_type,
                higher_is_better=better_up,
                level=level,
                limits=limits,
                rate_funnel=rate_funnel,
            )
            assert np.array_equal(result.light != PlacementLight.AS_EXPECTED, flags)
            high = result.value > national
            better = flags & (high if better_up else ~high)
            assert np.array_equal(result.light == PlacementLight.BETTER, better)
            assert result.limits_used == twin.outlier_limits
            assert result.target == pytest.approx(national, rel=1e-15)
    # Both sides occur in these data (for the adjusted rate funnel the lower side only), so
    # the sidedness above is tested, not vacuous.
    above = twin.units.outlier95 & (O_PR / n > national)
    assert (twin.units.outlier95 & ~above).any()
    assert above.any() or (
        data_type == "rc" and rate_funnel == "poisson" and limits != "unadjusted"
    )


def test_placement_of_poisson_rates_flags_chance_rarely_unlike_ratio_of_counts() -> None:
    # 98 municipalities whose events are pure Poisson at one national rate of 1 %: the Poisson
    # funnel puts about 5 % outside its 95 % limits; the ratio-of-counts funnel, whose limits
    # take the population as the count, puts most of them outside.
    rng = np.random.default_rng(2026)
    population = rng.integers(1000, 50_000, 98).astype(float)
    events = rng.poisson(population * 0.01).astype(float)
    poisson = placement(events, population, data_type="rc", higher_is_better=False)
    counts = placement(
        events, population, data_type="rc", higher_is_better=False, rate_funnel="counts"
    )
    outside = np.count_nonzero(poisson.light != PlacementLight.AS_EXPECTED)
    assert outside == 3  # seed 2026: 3 of 98
    assert np.count_nonzero(counts.light != PlacementLight.AS_EXPECTED) > 80
    assert poisson.funnel_type == "sr" and counts.funnel_type == "rc"
    assert "expected at the national rate" in poisson.description()


def test_placement_direction_on_a_hand_case() -> None:
    # 40 % nationally; unit 0 at 80/100 is far above, unit 1 at 0/100 far below.
    o, n = arr(80, 0, 40, 40, 40, 40), arr(100, 100, 100, 100, 100, 100)
    up = placement(o, n, data_type="pr", higher_is_better=True, limits="unadjusted")
    down = placement(o, n, data_type="pr", higher_is_better=False, limits="unadjusted")
    assert up.target == pytest.approx(0.4)
    assert [PLACEMENT_LABELS[c] for c in up.light[:3]] == ["better", "worse", "as_expected"]
    assert [PLACEMENT_LABELS[c] for c in down.light[:3]] == ["worse", "better", "as_expected"]


def test_placement_leaves_units_without_data_out_of_the_funnel() -> None:
    o = np.concatenate([O_PR, arr(math.nan, 3)])
    n = np.concatenate([N_PR, arr(50, 0)])
    result = placement(o, n, data_type="pr", higher_is_better=True)
    alone = placement(O_PR, N_PR, data_type="pr", higher_is_better=True)
    assert result.light[-2:].tolist() == [PlacementLight.NO_DATA] * 2
    assert np.isnan(result.value[-2:]).all() and np.isnan(result.lower[-2:]).all()
    assert np.array_equal(result.light[:-2], alone.light)
    assert result.target == alone.target


def test_placement_without_any_data_is_all_no_data() -> None:
    result = placement(arr(math.nan, 1), arr(10, 0), data_type="rc", higher_is_better=False)
    assert result.light.tolist() == [PlacementLight.NO_DATA] * 2
    assert result.limits_used == "none"


def test_placement_of_rates_without_events_is_as_expected() -> None:
    result = placement(arr(0, 0, 0), arr(900, 1200, 400), data_type="rc", higher_is_better=False)
    assert result.light.tolist() == [PlacementLight.AS_EXPECTED] * 3
    assert result.target == 0.0
    assert "no funnel" in result.description()


@pytest.mark.parametrize("limits", ["unadjusted", "overdispersed", "both"])
@pytest.mark.parametrize(
    ("data_type", "rate_funnel"), [("pr", "poisson"), ("rc", "counts"), ("rc", "poisson")]
)
def test_placement_at_a_given_target_equal_to_the_pooled_one_is_the_funnel(
    data_type: Any, rate_funnel: Any, limits: Any
) -> None:
    n = N_PR if data_type == "pr" else N_PR * 3
    options: dict[str, Any] = {
        "data_type": data_type,
        "higher_is_better": True,
        "limits": limits,
        "rate_funnel": rate_funnel,
    }
    pooled = placement(O_PR, n, **options)
    given_ = placement(O_PR, n, target=pooled.target, **options)
    for name in ("light", "value", "lower", "upper"):
        assert np.array_equal(getattr(pooled, name), getattr(given_, name)), name
    assert (given_.limits_used, given_.tau2) == (pooled.limits_used, pooled.tau2)
    assert given_.target_given and not pooled.target_given


def test_placement_against_a_given_national_value_moves_the_funnel() -> None:
    # A national value above every unit makes the largest units worse (higher is better).
    low = placement(
        O_PR, N_PR, data_type="pr", higher_is_better=True, limits="unadjusted", target=0.9
    )
    assert low.target == 0.9
    assert np.all(low.light == PlacementLight.WORSE)
    # For sr a national ratio theta scales the limits around theta instead of 1.
    sr_one = placement(O_PR, N_PR * 0.4, data_type="sr", higher_is_better=False, target=1.0)
    sr_base = placement(O_PR, N_PR * 0.4, data_type="sr", higher_is_better=False)
    assert np.array_equal(sr_one.light, sr_base.light)
    sr_high = placement(
        O_PR,
        N_PR * 0.4,
        data_type="sr",
        higher_is_better=False,
        target=1.5,
        limits="unadjusted",
        shmi_rounding=False,
    )
    twin = funnel(O_PR, N_PR * 0.6, data_type="sr", limits="unadjusted", shmi_rounding=False)
    assert np.allclose(sr_high.lower, twin.units.unadjusted.lcl95 * 1.5, rtol=1e-14)
    assert np.array_equal(sr_high.light != PlacementLight.AS_EXPECTED, twin.units.outlier95)


def test_placement_names_the_callers_unit_in_funnel_errors() -> None:
    with pytest.raises(FunnelDataError, match="unit 2") as caught:
        placement(arr(1, 1, 0), arr(math.nan, 5, 0.001), data_type="sr", higher_is_better=False)
    assert caught.value.unit == 2


def test_placement_refuses_bad_options_and_values() -> None:
    with pytest.raises(SpcDataError, match="level"):
        placement(O_PR, N_PR, data_type="pr", higher_is_better=True, level="99")  # type: ignore[arg-type]
    with pytest.raises(SpcDataError, match="exceeds"):
        placement(arr(5), arr(4), data_type="pr", higher_is_better=True)
    with pytest.raises(SpcDataError, match="national proportion"):
        placement(O_PR, N_PR, data_type="pr", higher_is_better=True, target=1.5)


def test_placement_describes_the_limits_in_force() -> None:
    adjusted = placement(O_PR, N_PR, data_type="pr", higher_is_better=True, level="998")
    assert adjusted.limits_used == "adjusted"
    text = adjusted.description()
    assert "99.8 %" in text and "random effect" in text and "arcsine" in text
    plain = placement(O_PR, N_PR * 0.4, data_type="sr", higher_is_better=False, limits="unadjusted")
    assert "exact Poisson" in plain.description() and "95 %" in plain.description()
