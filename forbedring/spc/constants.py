"""Named statistical constants, each with its source."""

from __future__ import annotations

# d2 for moving ranges of two: sigma = mean moving range / 1.128 (Montgomery 2009, eq. 6.33,
# table VI; qicharts2 R/helper.functions.R qic.i).
D2_MOVING_RANGE = 1.128

# D4 for moving ranges of two: upper limit of a moving range = 3.267 x mean moving range
# (Montgomery 2009, table VI). Also Nelson's (1982) screening bound for single moving ranges,
# used by qicharts2 (option qic.screenedmr) and NHSRplotthedots (screen_outliers).
D4_MOVING_RANGE = 3.267

# qicharts2 screens the I-prime chart's scaled moving ranges with a slightly different
# rounding of D4 (R/helper.functions.R qic.ip).
D4_MOVING_RANGE_IP = 3.2665

# Three-sigma and two-sigma multipliers of Shewhart limits (qicharts2 lcl/ucl and lcl.95/ucl.95).
SIGMA_LIMIT = 3.0
SIGMA_LIMIT_95 = 2.0

# T chart (time between events): Nelson's transformation y^(1/3.6) makes the exponential
# distribution nearly symmetric (Nelson 1994, J Qual Technol 26:239; qicharts2 qic.t).
T_CHART_EXPONENT = 3.6

# G chart with a user-given centre line: qicharts2 shows the theoretical median of the geometric
# distribution, log(2) ~ 0.693 times its mean (Provost & Murray 2011, p. 228).
G_CHART_MEDIAN_FACTOR = 0.693

# NHS Making Data Count XmR: process limits = mean +/- 2.66 x mean moving range
# (NHSRplotthedots R/ptd_spc_standard.R; 2.66 = 3 / 1.128 rounded).
MDC_LIMIT_FACTOR = 2.66

# Anhøj rules (Anhøj & Olesen, PLoS ONE 2014;9(11):e113825): a run longer than
# round(log2(n)) + 3 is unusually long (Schilling 2012); fewer crossings than the 5th
# percentile of Binomial(n - 1, 0.5) are unusually few (Chen 2010).
ANHOEJ_RUN_OFFSET = 3
ANHOEJ_CROSSINGS_QUANTILE = 0.05

# NHS Making Data Count "near" limits, two thirds of the way from the mean to a process limit:
# mean +/- 2 x (2.66 / 3) x mean moving range (NHSRplotthedots R/ptd_spc_standard.R, limitclose;
# computed in the package's own order so the doubles agree). Used by the 2-in-3 rule.
MDC_NEAR_LIMIT_FACTOR = 2 * (MDC_LIMIT_FACTOR / 3)

# Making Data Count special-cause rules (NHS England, "Making Data Count: Strengthening your
# decisions", 2019; NHSRplotthedots R/ptd_calculate_point_type.R): a run of 7 increasing or
# decreasing points is a trend, 7 points on one side of the mean a shift, and 2 of 3
# consecutive points beyond the near limits (on one side) a warning of a shift.
MDC_TREND_POINTS = 7
MDC_SHIFT_POINTS = 7
MDC_TWO_IN_THREE_WINDOW = 3
MDC_TWO_IN_THREE_CLOSE = 2

# NHSRplotthedots refuses to fix limits on fewer than 12 points (R/ptd_spc_options.R), and warns
# about rebase groups of fewer than 13 points (getOption("ptd_spc.warning_threshold", 13) in
# R/ptd_add_short_group_warnings.R; its message says "n < 12").
MDC_MIN_FIX_AFTER_POINTS = 12
MDC_SHORT_GROUP_THRESHOLD = 13
