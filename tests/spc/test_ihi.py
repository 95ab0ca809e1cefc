"""The IHI run chart rules (Perla, Provost & Murray, BMJ Qual Saf 2011;20:46-51).

Hand-checkable series per rule, the runs limits against the exact distribution and against
published values, and the vectorised engine against a slow per-series twin written the obvious
way, on hypothesis-generated multi-series data.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from forbedring.spc.errors import SpcDataError
from forbedring.spc.ihi import (
    IHI_RUNS_TABLE_FIRST_N,
    IHI_RUNS_TABLE_LAST_N,
    IhiAnalysis,
    ihi_analysis,
    runs_distribution,
    runs_limits,
)
from forbedring.spc.qic import qic

NAN = float("nan")
ABOVE, BELOW = 9.0, 1.0


def analyse(values: list[float], cl: float = 5.0, include: list[bool] | None = None) -> IhiAnalysis:
    """One series, one phase, against a given centre line."""
    y = np.asarray(values, dtype=np.float64)
    mask = np.ones(y.shape, dtype=bool) if include is None else np.asarray(include)
    return ihi_analysis(y, np.full(y.shape, cl), mask, np.zeros(y.shape, dtype=np.intp), 1)


def flagged(mask: np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(mask)]


def sides(pattern: str) -> list[float]:
    """``"AAB."`` -> above, above, below, on the median (centre line 5)."""
    return [{"A": ABOVE, "B": BELOW, ".": 5.0}[c] for c in pattern]


# --- Rule 1: shift ---------------------------------------------------------------------------


def test_shift_six_points_above_signals() -> None:
    result = analyse([9, 8, 9, 8, 9, 8, 1, 2])
    assert flagged(result.shift) == [0, 1, 2, 3, 4, 5]
    assert result.signal.tolist() == [True]


def test_shift_five_points_gives_no_signal() -> None:
    result = analyse([9, 8, 9, 8, 9, 1, 2, 1])
    assert not result.shift.any()
    assert result.signal.tolist() == [False]


def test_shift_six_points_below_signals() -> None:
    result = analyse([9, 2, 1, 2, 1, 2, 1, 8])
    assert flagged(result.shift) == [1, 2, 3, 4, 5, 6]


def test_shift_point_on_median_neither_breaks_nor_counts() -> None:
    # Three above, one on the median, three above: a shift of six; the median point is skipped.
    result = analyse([9, 8, 9, 5, 8, 9, 8, 1])
    assert flagged(result.shift) == [0, 1, 2, 4, 5, 6]


def test_shift_points_on_median_do_not_make_a_shift() -> None:
    # Five above and two on the median are not six points above.
    result = analyse([9, 5, 8, 9, 5, 8, 9, 1])
    assert not result.shift.any()


def test_shift_longer_than_six_flags_every_point() -> None:
    result = analyse([1, 9, 8, 9, 8, 9, 8, 9, 8, 2])
    assert flagged(result.shift) == [1, 2, 3, 4, 5, 6, 7, 8]


# --- Rule 2: trend ---------------------------------------------------------------------------


def test_trend_five_points_up_signals() -> None:
    # 5 -> 1 goes down; 1, 2, 3, 4, 6 go up: five points.
    result = analyse([5, 1, 2, 3, 4, 6, 3])
    assert flagged(result.trend) == [1, 2, 3, 4, 5]
    assert result.signal.tolist() == [True]


def test_trend_four_points_gives_no_signal() -> None:
    # Centre line 3.5, so no six points lie on one side either.
    result = analyse([5, 1, 2, 3, 4, 2, 3], cl=3.5)
    assert not result.trend.any()
    assert result.signal.tolist() == [False]


def test_trend_five_points_down_signals() -> None:
    result = analyse([2, 8, 7, 6, 4, 3, 6])
    assert flagged(result.trend) == [1, 2, 3, 4, 5]


def test_trend_tie_is_skipped_without_breaking_the_trend() -> None:
    # 1, 2, 3, 3, 4, 6: the repeated 3 is ignored, leaving five rising points.
    result = analyse([1, 2, 3, 3, 4, 6, 2])
    assert flagged(result.trend) == [0, 1, 2, 4, 5]


def test_trend_ties_do_not_make_a_trend() -> None:
    # 1, 2, 2, 2, 3, 4: only four distinct steps up, however many repeats.
    assert not analyse([1, 2, 2, 2, 3, 4, 1]).trend.any()
    assert not analyse([5, 5, 5, 5, 5, 5, 5, 5]).trend.any()


def test_trend_up_then_down_shares_the_turning_point() -> None:
    result = analyse([1, 2, 3, 4, 6, 4, 3, 2, 1])
    assert flagged(result.trend) == list(range(9))


def test_trend_ignores_the_median() -> None:
    # Points on, above and below the centre line all take part in a trend.
    result = analyse([1, 3, 5, 7, 9], cl=5.0)
    assert flagged(result.trend) == [0, 1, 2, 3, 4]


# --- Rule 3: number of runs ------------------------------------------------------------------


def test_runs_too_few_with_twenty_useful_points() -> None:
    # Five runs of four (no shift, no trend) among 20 useful points: fewer than 6 is too few.
    values = [8, 9, 8, 9, 1, 2, 1, 2] * 2 + [8, 9, 8, 9]
    result = analyse(values)
    assert (result.n_useful[0], result.n_runs[0]) == (20, 5)
    assert (result.runs_lower[0], result.runs_upper[0]) == (6, 16)
    assert result.too_few_runs.tolist() == [True]
    assert not result.shift.any()
    assert not result.trend.any()
    assert result.signal.tolist() == [True]


def test_runs_at_the_lower_limit_are_not_too_few() -> None:
    result = analyse(sides("AAAABBBBAAAABBBAAABB"))
    assert (result.n_useful[0], result.n_runs[0]) == (20, 6)
    assert result.too_few_runs.tolist() == [False]
    assert result.signal.tolist() == [False]


def test_runs_too_many_with_twenty_useful_points() -> None:
    # Four above, then sixteen alternating: 17 runs, more than 16.
    result = analyse(sides("AAAA" + "BA" * 8))
    assert (result.n_useful[0], result.n_runs[0]) == (20, 17)
    assert result.too_many_runs.tolist() == [True]
    assert result.signal.tolist() == [True]


def test_runs_at_the_upper_limit_are_not_too_many() -> None:
    result = analyse(sides("AAAAA" + "BA" * 7 + "B"))
    assert (result.n_useful[0], result.n_runs[0]) == (20, 16)
    assert result.too_many_runs.tolist() == [False]
    assert result.signal.tolist() == [False]


def test_runs_points_on_median_are_not_useful() -> None:
    # Twenty-two points, two on the median: 20 useful, and the runs either side of a median
    # point on the same side are one run.
    result = analyse(sides("AAAA.AAAAB" + "BA" * 5 + ".B"))
    assert result.n_useful[0] == 20
    assert result.n_runs[0] == 12


def test_runs_below_ten_useful_points_have_no_limit() -> None:
    result = analyse(sides("ABABABABA"))
    assert result.n_useful[0] == 9
    assert np.isnan(result.runs_lower[0])
    assert np.isnan(result.runs_upper[0])
    assert result.too_many_runs.tolist() == [False]


def test_runs_beyond_sixty_useful_points_have_no_limit() -> None:
    result = analyse(sides("AB" * 31))
    assert result.n_useful[0] == 62
    assert np.isnan(result.runs_upper[0])
    assert result.signal.tolist() == [False]


# --- Phases and excluded points --------------------------------------------------------------


def test_phases_are_analysed_separately() -> None:
    # Three above at the end of one phase and three at the start of the next are no shift; the
    # rising 1, 2, 3, 4, 5 is cut by the phase boundary into 1, 2, 3 and 4, 5.
    y = np.asarray([1, 9, 8, 9, 8, 9, 8, 2, 1, 1, 2, 3, 4, 5, 1, 1], dtype=np.float64)
    seg = np.asarray([0] * 4 + [1] * 4 + [2] * 4 + [3] * 4, dtype=np.intp)
    result = ihi_analysis(y, np.full(16, 5.0), np.ones(16, dtype=bool), seg, 4)
    assert not result.shift.any()
    assert not result.trend.any()
    assert result.n_runs.tolist() == [2, 2, 1, 1]


def test_phases_through_qic_have_their_own_median_and_runs() -> None:
    # Phase 1: 0/1 alternating around 0.5; phase 2: 10..14 rising (a trend of five).
    y = [0, 1, 0, 1, 0, 1, 10, 11, 12, 13, 14]
    result = qic(y, chart="run", part=[6], rules="ihi")
    assert result.cl.tolist() == [0.5] * 6 + [12.0] * 5
    assert result.ihi_trend is not None
    assert flagged(result.ihi_trend) == [6, 7, 8, 9, 10]
    assert result.runs_signal.tolist() == [False] * 6 + [True] * 5


def test_excluded_point_is_ignored_by_every_rule() -> None:
    # The excluded low point would break both the shift and the trend.
    include = [True] * 4 + [False] + [True] * 4
    result = analyse([6, 7, 8, 9, 1, 10, 11, 2, 1], include=include)
    assert flagged(result.shift) == [0, 1, 2, 3, 5, 6]
    assert flagged(result.trend) == [0, 1, 2, 3, 5, 6]
    assert result.n_useful[0] == 8


def test_excluded_point_through_qic_takes_no_part() -> None:
    # Against a fixed centre line of 5: three above, one below, three above. Excluding the
    # point below (position 4) leaves a shift of six, and the excluded point is not flagged.
    y = [9, 8, 9, 1, 8, 9, 8, 2, 1, 2, 1, 2]
    with_point = qic(y, chart="run", cl=5, rules="ihi")
    without = qic(y, chart="run", cl=5, rules="ihi", exclude=[4])
    assert with_point.ihi_shift is not None
    assert without.ihi_shift is not None
    assert not with_point.ihi_shift.any()
    assert flagged(without.ihi_shift) == [0, 1, 2, 4, 5, 6]
    assert without.include.tolist()[3] is False
    assert without.runs_signal.all()


def test_missing_values_are_skipped() -> None:
    result = analyse([9, 8, NAN, 9, 8, 9, 8, 1])
    assert flagged(result.shift) == [0, 1, 3, 4, 5, 6]
    assert result.n_useful[0] == 7


# --- The runs limits -------------------------------------------------------------------------


def test_runs_distribution_ten_ten_by_hand() -> None:
    """n1 = n2 = 10 (20 useful points), from Swed & Eisenhart's formula by hand.

    f(2) = 2, f(3) = 2 C(9,1) = 18, f(4) = 2 C(9,1)^2 = 162, f(5) = 2 C(9,2) C(9,1) = 648,
    f(6) = 2 C(9,2)^2 = 2592, f(7) = 2 C(9,3) C(9,2) = 6048; C(20,10) = 184756.
    P(R <= 6) = 3422 / 184756 = 0.0185 <= 0.05 < P(R <= 7) = 9470 / 184756 = 0.0513, so the
    lower limit is 6; R is symmetric about 11, so the upper limit is 22 - 6 = 16.
    """
    counts = runs_distribution(10, 10)
    assert counts[:8] == [0, 0, 2, 18, 162, 648, 2592, 6048]
    assert sum(counts) == math.comb(20, 10) == 184756
    assert all(counts[r] == counts[22 - r] for r in range(2, 21))
    assert runs_limits(20) == (6, 16)


def test_runs_distribution_five_five_by_hand() -> None:
    """n1 = n2 = 5: f(2) = 2, f(3) = 2 C(4,1) = 8, f(4) = 2 C(4,1)^2 = 32; C(10,5) = 252.

    P(R <= 3) = 10/252 = 0.040 <= 0.05 < P(R <= 4) = 42/252 = 0.167: lower limit 3, and by
    symmetry about 6 the upper limit is 9.
    """
    assert runs_distribution(5, 5)[:5] == [0, 0, 2, 8, 32]
    assert runs_limits(10) == (3, 9)


# P(V <= v) for v = 2, 3, ..., 10 runs, from a published table of the exact distribution of the
# number of runs: Table A.18, "P(V <= v* when H0 is true) in the Runs Test" (Appendix A,
# Statistical Tables and Proofs, p. 762), as shown at
# https://pdfcoffee.com/download/tabel-a18-runs-testpdf-pdf-free.html. These are the splits we
# use for 10 to 14 useful observations.
PUBLISHED_RUNS_CDF = {
    (5, 5): [0.008, 0.040, 0.167, 0.357, 0.643, 0.833, 0.960, 0.992, 1.000],
    (5, 6): [0.004, 0.024, 0.110, 0.262, 0.522, 0.738, 0.911, 0.976, 0.998],
    (6, 6): [0.002, 0.013, 0.067, 0.175, 0.392, 0.608, 0.825, 0.933, 0.987],
    (6, 7): [0.001, 0.008, 0.043, 0.121, 0.296, 0.500, 0.733, 0.879, 0.966],
    (7, 7): [0.001, 0.004, 0.025, 0.078, 0.209, 0.383, 0.617, 0.791, 0.922],
}


@pytest.mark.parametrize(("split", "published"), sorted(PUBLISHED_RUNS_CDF.items()))
def test_runs_distribution_matches_published_runs_test_table(
    split: tuple[int, int], published: list[float]
) -> None:
    counts = runs_distribution(*split)
    total = sum(counts)
    cdf = [round(sum(counts[: v + 1]) / total, 3) for v in range(2, 11)]
    assert cdf == published


def test_runs_fifteen_split_matches_published_runs_test_table() -> None:
    """The same table for 7 + 8 points: P(V <= 4) = 0.015 and P(V <= 5) = 0.051 (0.0513).

    So the exact 5 % lower critical value for 15 useful observations is 4, not 5.
    """
    counts = runs_distribution(7, 8)
    total = sum(counts)
    cdf = [round(sum(counts[: v + 1]) / total, 3) for v in range(2, 8)]
    assert cdf == [0.000, 0.002, 0.015, 0.051, 0.149, 0.296]
    assert runs_limits(15) == (4, 13)


@pytest.mark.parametrize("n", range(2, 17))
def test_runs_distribution_matches_enumeration(n: int) -> None:
    """Every arrangement of floor(n/2) points above among n, counted one by one."""
    n1 = n // 2
    counts = [0] * (n + 1)
    for above in itertools.combinations(range(n), n1):
        side = [i in above for i in range(n)]
        counts[1 + sum(a != b for a, b in itertools.pairwise(side))] += 1
    assert runs_distribution(n1, n - n1) == counts


@pytest.mark.parametrize("n", range(IHI_RUNS_TABLE_FIRST_N, IHI_RUNS_TABLE_LAST_N + 1))
def test_runs_limits_are_the_five_percent_critical_values(n: int) -> None:
    """Straight from the definition, in exact fractions: P(R <= lower) <= 0.05 < P(R <= lower+1)."""
    counts = runs_distribution(n // 2, n - n // 2)
    total = sum(counts)
    lower, upper = runs_limits(n) or (0, 0)
    alpha = Fraction(1, 20)
    assert Fraction(sum(counts[: lower + 1]), total) <= alpha
    assert Fraction(sum(counts[: lower + 2]), total) > alpha
    assert Fraction(sum(counts[upper:]), total) <= alpha
    assert Fraction(sum(counts[upper - 1 :]), total) > alpha


def test_runs_limits_none_outside_the_published_range() -> None:
    assert runs_limits(IHI_RUNS_TABLE_FIRST_N - 1) is None
    assert runs_limits(IHI_RUNS_TABLE_LAST_N + 1) is None
    assert runs_limits(0) is None


# Published limits we could read, as (lower, upper): fewer runs than lower are too few, more
# than upper too many.
#
# - n = 10-15: the table of IHI Open School course QI 104 ("Interpreting Data: Run Charts,
#   Control Charts, and Other Measurement Tools", lesson 2), which reproduces Perla et al. 2011,
#   Table 1; as transcribed in the public course notes github.com/alioh/IHI-QI104,
#   _posts/2020-04-08-L2 How to Learn from Run Charts and Control Charts.md.
# - n = 24: "24 data points not on median ... (expect 8 ~ 18 runs)", the too-many-runs example
#   of https://unaettie.com/en-us/pz/run2_chrt2_patterns.php (after Perla et al. 2011, Fig. 3).
#
# The original table (Perla et al. 2011, Table 1; Provost & Murray 2011, Table 3.5) was not
# available to us in full; these are secondary copies.
PUBLISHED_RUNS_LIMITS = {
    10: (3, 9),
    11: (3, 10),
    12: (3, 11),
    13: (4, 11),
    14: (4, 12),
    24: (8, 18),
}
# The same copy of the table prints 5 and 12 for 15 useful observations; the exact 5 %
# critical values for 7 + 8 points are 4 and 13 (P(R <= 5) = P(R >= 12) = 0.0513 > 0.05, also in
# PUBLISHED_RUNS_CDF's source). Read as "fewer than 5" / "more than 12", the printed row flags
# the runs counts that the exact critical values flag when read inclusively (<= 4, >= 13): the
# copy seems to mix the two readings in this row. We keep the exact values, read as the copies
# read the whole table (runs expected from lower to upper), and record the difference here.
PUBLISHED_15 = (5, 12)


@pytest.mark.parametrize(("n", "published"), sorted(PUBLISHED_RUNS_LIMITS.items()))
def test_runs_limits_match_published_table(n: int, published: tuple[int, int]) -> None:
    assert runs_limits(n) == published


def test_runs_limits_fifteen_differ_from_printed_copy_by_one() -> None:
    assert runs_limits(15) == (4, 13)
    lower, upper = PUBLISHED_15
    counts = runs_distribution(7, 8)
    total = sum(counts)
    assert Fraction(sum(counts[: lower + 1]), total) == Fraction(sum(counts[upper:]), total)
    assert float(Fraction(sum(counts[: lower + 1]), total)) == pytest.approx(0.0513, abs=1e-4)


def test_runs_limits_even_sizes_are_symmetric() -> None:
    # With n/2 points on each side R is symmetric about n/2 + 1, so lower + upper = n + 2.
    for n in range(IHI_RUNS_TABLE_FIRST_N, IHI_RUNS_TABLE_LAST_N + 1, 2):
        lower, upper = runs_limits(n) or (0, 0)
        assert lower + upper == n + 2


# --- qic integration -------------------------------------------------------------------------


def test_qic_rules_default_leaves_ihi_fields_empty() -> None:
    result = qic([1, 2, 3, 4, 5, 6, 7], chart="run")
    assert result.ihi_shift is None
    assert result.ihi_n_runs is None


def test_qic_rules_ihi_keeps_the_anhoej_statistics() -> None:
    y = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4]
    anhoej = qic(y, chart="run")
    ihi = qic(y, chart="run", rules="ihi")
    for name in ("cl", "n_useful", "longest_run", "longest_run_max", "n_crossings"):
        np.testing.assert_array_equal(getattr(anhoej, name), getattr(ihi, name))


def test_qic_rules_ihi_sets_runs_signal_from_the_ihi_rules() -> None:
    # A rise of five points and no long run: IHI signals, Anhøj does not.
    y = [5, 1, 9, 2, 8, 1, 2, 3, 4, 6, 9, 1, 8, 2]
    assert not qic(y, chart="run").runs_signal.any()
    ihi = qic(y, chart="run", rules="ihi")
    assert ihi.runs_signal.all()
    assert ihi.ihi_trend is not None
    assert flagged(ihi.ihi_trend) == [5, 6, 7, 8, 9, 10]


def test_qic_rules_ihi_with_control_chart_is_refused() -> None:
    with pytest.raises(SpcDataError, match="run charts only"):
        qic([1, 2, 3], chart="i", rules="ihi")


def test_qic_rules_unknown_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown rules"):
        qic([1, 2, 3], chart="run", rules="nelson")  # type: ignore[arg-type]


# --- The slow twin ---------------------------------------------------------------------------


@dataclass
class TwinSegment:
    shift: list[bool]
    trend: list[bool]
    n_useful: int
    n_runs: int
    lower: float
    upper: float
    signal: bool


def twin_segment(y: list[float], cl: list[float], include: list[bool]) -> TwinSegment:
    """The IHI rules for one phase of one series, written the obvious way."""
    n = len(y)
    shift = [False] * n
    trend = [False] * n
    present = [i for i in range(n) if include[i] and not math.isnan(y[i])]

    useful = [i for i in present if not math.isnan(cl[i]) and y[i] != cl[i]]
    runs: list[list[int]] = []
    for i in useful:
        if runs and (y[runs[-1][-1]] > cl[runs[-1][-1]]) == (y[i] > cl[i]):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        if len(run) >= 6:
            for i in run:
                shift[i] = True

    counted: list[int] = []
    for i in present:
        if not counted or y[counted[-1]] != y[i]:
            counted.append(i)
    for start in range(len(counted)):
        for direction in (1, -1):
            end = start
            while (
                end + 1 < len(counted) and (y[counted[end + 1]] - y[counted[end]]) * direction > 0
            ):
                end += 1
            if end - start + 1 >= 5:
                for i in counted[start : end + 1]:
                    trend[i] = True

    limits = runs_limits(len(useful))
    lower, upper = limits if limits is not None else (NAN, NAN)
    few = limits is not None and len(runs) < lower
    many = limits is not None and len(runs) > upper
    return TwinSegment(
        shift, trend, len(useful), len(runs), lower, upper, any(shift) or any(trend) or few or many
    )


# Random walks with repeated values, missing values and excluded points: trends, ties, points
# on the centre line and long runs all turn up often enough to matter.
step = st.sampled_from([-3, -2, -1, 0, 0, 1, 1, 2, 3])
point = st.tuples(
    step, st.sampled_from([False] * 9 + [True]), st.sampled_from([True] * 5 + [False])
)


@st.composite
def walk(draw: st.DrawFn, max_size: int) -> list[tuple[float, bool]]:
    """(value, included) pairs: a random walk from 0, some values missing."""
    points = draw(st.lists(point, max_size=max_size))
    values = np.cumsum([p[0] for p in points]).astype(np.float64).tolist()
    return [(NAN if p[1] else v, p[2]) for v, p in zip(values, points, strict=True)]


segment_strategy = st.tuples(walk(70), st.sampled_from([-2.0, 0.0, 0.5, 1.0, 3.0, NAN]))


@settings(max_examples=300, deadline=None)
@given(st.lists(segment_strategy, min_size=1, max_size=6))
def test_ihi_analysis_matches_twin(segments: list[tuple[list[tuple[float, bool]], float]]) -> None:
    y = [v for points, _ in segments for v, _ in points]
    include = [keep for points, _ in segments for _, keep in points]
    cl = [c for points, c in segments for _ in points]
    seg = [k for k, (points, _) in enumerate(segments) for _ in points]
    result = ihi_analysis(
        np.asarray(y, dtype=np.float64),
        np.asarray(cl, dtype=np.float64),
        np.asarray(include, dtype=bool),
        np.asarray(seg, dtype=np.intp),
        len(segments),
    )
    start = 0
    for k, (points, _) in enumerate(segments):
        stop = start + len(points)
        twin = twin_segment(y[start:stop], cl[start:stop], include[start:stop])
        assert result.shift[start:stop].tolist() == twin.shift
        assert result.trend[start:stop].tolist() == twin.trend
        assert (result.n_useful[k], result.n_runs[k]) == (twin.n_useful, twin.n_runs)
        np.testing.assert_array_equal(
            [result.runs_lower[k], result.runs_upper[k]], [twin.lower, twin.upper]
        )
        assert bool(result.signal[k]) == twin.signal
        start = stop


@settings(max_examples=150, deadline=None)
@given(
    st.lists(walk(50), min_size=1, max_size=4),
    st.lists(st.integers(1, 50), max_size=2),
    st.lists(st.integers(1, 50), max_size=3),
)
def test_qic_rules_ihi_matches_twin(
    series: list[list[tuple[float, bool]]], part: list[int], exclude: list[int]
) -> None:
    y = [v for points in series for v, _ in points]
    ids = [k for k, points in enumerate(series) for _ in points]
    result = qic(y, series=ids, chart="run", part=part or None, exclude=exclude, rules="ihi")
    assert result.ihi_shift is not None
    assert result.ihi_trend is not None
    assert result.ihi_n_runs is not None
    assert result.ihi_runs_lower is not None
    keys = list(zip(result.series.tolist(), result.part.tolist(), strict=True))
    for key in dict.fromkeys(keys):
        rows = [i for i, k in enumerate(keys) if k == key]
        twin = twin_segment(
            result.y[rows].tolist(), result.cl[rows].tolist(), result.include[rows].tolist()
        )
        assert result.ihi_shift[rows].tolist() == twin.shift
        assert result.ihi_trend[rows].tolist() == twin.trend
        assert set(result.ihi_n_runs[rows].tolist()) == {twin.n_runs}
        np.testing.assert_array_equal(result.ihi_runs_lower[rows], twin.lower)
        assert set(result.runs_signal[rows].tolist()) == {twin.signal}
