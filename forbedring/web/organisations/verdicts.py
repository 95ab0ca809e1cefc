"""A series' status in the same few words for every measure, whatever its rule set.

The leader's overview compares series charted by different rules (Anhøj, IHI, Making Data
Count), so each status becomes one of a handful of verdicts, each a word with a symbol (colour,
the ``tone``, only repeats them):

- variation: improving, worsening, a signal without a preferred direction, no signal (stable),
  not enough data to say, no data yet;
- assurance against the target: met or not met (the latest value against the target), or, for
  Making Data Count measures, the assurance icon (consistently passing, hit and miss,
  consistently failing); no target; not assessed (no preferred direction).

The statuses themselves come from the one status path (``networks.statuses``), which gives the
same answer as each series' chart (``measures.queries.series_view``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from forbedring.web.measures.models import Measure
from forbedring.web.measures.queries import Status
from forbedring.web.organisations.freshness import Freshness

# Below this many points a series without a signal is "not enough data" rather than stable:
# the usual minimum for the run chart rules (Perla, Provost & Murray, BMJ Qual Saf 2011). A
# signal in fewer points is still a signal and is shown as one.
MIN_POINTS_FOR_STABLE = 10

# Order of the variation verdicts when a leader sorts by them: where to look first.
VARIATION_ORDER = ("worsening", "signal", "improving", "stable", "too_few", "no_data")
ASSURANCE_ORDER = (
    "fail", "not_met", "hit_and_miss", "pass", "met", "not_assessed", "no_target", "no_data",
)  # fmt: skip


@dataclass(frozen=True)
class Verdict:
    """One status in words: ``key`` for filters and sorting, ``word`` and ``symbol`` for
    readers, ``tone`` (good, bad, neutral, none) for the style sheet only."""

    key: str
    word: str
    symbol: str
    tone: str


def variation(status: Status) -> Verdict:
    """What the series' latest points say, by the measure's own rule set."""
    if not status.points:
        return Verdict("no_data", _("No data yet"), "–", "none")
    if status.signal and status.improving is True:
        return Verdict("improving", _("Improving"), "✓", "good")
    if status.signal and status.improving is False:
        return Verdict("worsening", _("Worsening"), "⚠", "bad")
    if status.signal:
        return Verdict("signal", _("Signal, no preferred direction"), "◆", "neutral")
    if status.points < MIN_POINTS_FOR_STABLE:
        return Verdict("too_few", _("Not enough data"), "…", "none")
    return Verdict("stable", _("No signal (stable)"), "○", "neutral")


def assurance(measure: Measure, status: Status, mdc_assurance: str = "") -> Verdict:
    """The series against its target. ``mdc_assurance`` is a Making Data Count series'
    assurance icon (``pass``, ``fail``, ``inconsistent``, or empty without one)."""
    if not status.points:
        return Verdict("no_data", _("No data yet"), "–", "none")
    if measure.target is None:
        return Verdict("no_target", _("No target"), "–", "none")
    if measure.rule_set == Measure.RuleSet.MDC:
        if mdc_assurance == "pass":
            return Verdict("pass", _("Consistently passing"), "◎", "good")
        if mdc_assurance == "fail":
            return Verdict("fail", _("Consistently failing"), "✗", "bad")
        if mdc_assurance == "inconsistent":
            return Verdict("hit_and_miss", _("Hit and miss"), "◐", "neutral")
    elif status.target_met is True:
        return Verdict("met", _("Target met"), "◎", "good")
    elif status.target_met is False:
        return Verdict("not_met", _("Target not met"), "✗", "bad")
    # A target without a better direction (or a latest point without a value) is not judged.
    return Verdict("not_assessed", _("Not assessed"), "–", "none")


def data_freshness(fresh: Freshness, stale_from: str) -> Verdict:
    """Whether the series' data are up to date (:mod:`.freshness`); ``stale_from`` is the
    formatted first day on which they count as stale."""
    if fresh.kind == "no_data":
        return Verdict("no_data", _("No data yet"), "–", "none")
    if fresh.kind == "events":
        return Verdict("events", _("Rare events: no schedule"), "◇", "none")
    if fresh.kind == "stale":
        return Verdict("stale", _("Stale since %(day)s") % {"day": stale_from}, "◷", "warn")
    return Verdict("fresh", _("Up to date"), "✓", "none")
