"""Measures with their operational definitions, the observations teams report, and the events
(phases, baseline, excluded points, notes) that shape a series' chart.

Observations are never silently overwritten: every change writes the previous values to
:class:`ObservationRevision`, and ``version`` lets a second, concurrent edit of the same period
fail with a conflict instead of losing the first (see ``measures.actions``).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from forbedring.web.organisations.models import Organisation, Team


class Frequency(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class Measure(models.Model):
    """What is measured and exactly how (the operational definition), and how it is charted."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome measure")
        PROCESS = "process", _("Process measure")
        BALANCING = "balancing", _("Balancing measure")

    class ChartType(models.TextChoices):
        RUN = "run", _("Run chart")
        I = "i", _("I chart (individuals)")  # noqa: E741 - the chart's established name
        P = "p", _("P chart (proportions)")
        PP = "pp", _("P′ chart (Laney)")
        C = "c", _("C chart (counts)")
        U = "u", _("U chart (rates)")
        UP = "up", _("U′ chart (Laney)")
        G = "g", _("G chart (opportunities between events)")
        T = "t", _("T chart (time between events)")

    class Direction(models.TextChoices):
        INCREASE = "increase", _("Higher is better")
        DECREASE = "decrease", _("Lower is better")
        NEUTRAL = "neutral", _("Neither")

    class RuleSet(models.TextChoices):
        ANHOEJ = "anhoej", _("Anhøj rules")
        IHI = "ihi", _("IHI run chart rules")
        MDC = "mdc", _("NHS Making Data Count")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True,
        related_name="measures", verbose_name=_("organisation"),
        help_text=_("The organisation that owns the definition; empty for shared measures."),
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    numerator = models.TextField(_("numerator"), blank=True)
    denominator = models.TextField(_("denominator"), blank=True)
    inclusion = models.TextField(_("inclusion"), blank=True)
    exclusion = models.TextField(_("exclusion"), blank=True)
    data_source = models.TextField(_("data source"), blank=True)
    sampling = models.TextField(_("sampling"), blank=True)
    unit_label = models.CharField(
        _("display unit"), max_length=100, blank=True,
        help_text=_('As readers see it, e.g. "per 1,000 resident-days" or "%".'),
    )  # fmt: skip
    multiplier = models.DecimalField(
        _("multiplier"), max_digits=12, decimal_places=2, default=1,
        validators=[MinValueValidator(0.01)],
        help_text=_("Numerator / denominator is multiplied by this, e.g. 100 or 1000."),
    )  # fmt: skip
    has_denominator = models.BooleanField(
        _("has a denominator"), default=True,
        help_text=_("Reported as numerator and denominator; otherwise as one value."),
    )  # fmt: skip
    chart_type = models.CharField(_("chart type"), max_length=8, choices=ChartType.choices)
    direction = models.CharField(
        _("improvement direction"), max_length=16, choices=Direction.choices,
        default=Direction.INCREASE,
    )  # fmt: skip
    target = models.FloatField(_("target"), null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    frequency = models.CharField(
        _("reporting frequency"), max_length=8, choices=Frequency.choices,
        default=Frequency.MONTH,
    )  # fmt: skip
    rule_set = models.CharField(
        _("rule set"), max_length=8, choices=RuleSet.choices, default=RuleSet.ANHOEJ
    )
    first_period = models.DateField(
        _("first period"), null=True, blank=True,
        help_text=_("No data can be entered before this period."),
    )  # fmt: skip

    class Meta:
        ordering = ["name"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return self.name


class TeamMeasure(models.Model):
    """A team reports a measure (teams may share one definition)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, verbose_name=_("team"))
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, verbose_name=_("measure"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "measure__name"]
        verbose_name = _("team measure")
        verbose_name_plural = _("team measures")
        constraints = [
            models.UniqueConstraint(fields=["team", "measure"], name="unique_team_measure")
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.measure}"


class Observation(models.Model):
    """One period's data of a measure for a team: numerator and denominator, or a value."""

    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="observations", verbose_name=_("measure")
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="observations", verbose_name=_("team")
    )
    period = models.DateField(_("period"), help_text=_("First day of the day, week or month."))
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("entered by"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("entered at"))
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["measure", "team", "period"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "team", "period"], name="unique_observation_per_period"
            )
        ]
        indexes = [models.Index(fields=["team", "measure", "period"])]

    def __str__(self) -> str:
        return f"{self.measure} {self.team} {self.period:%Y-%m-%d}"


class ObservationRevision(models.Model):
    """The values an observation had before a change: the audit trail of corrections."""

    observation = models.ForeignKey(
        Observation, on_delete=models.CASCADE, related_name="revisions",
        verbose_name=_("observation"),
    )  # fmt: skip
    version = models.PositiveIntegerField(_("version"))
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    value = models.FloatField(_("value"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("entered by"),
    )  # fmt: skip
    entered_at = models.DateTimeField(_("entered at"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("replaced by"),
    )  # fmt: skip
    replaced_at = models.DateTimeField(_("replaced at"))

    class Meta:
        ordering = ["observation", "-version"]
        verbose_name = _("observation revision")
        verbose_name_plural = _("observation revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["observation", "version"], name="unique_observation_revision"
            )
        ]


class SeriesEvent(models.Model):
    """Something a team says about its series: a new phase, a frozen baseline, an excluded
    point (each with a reason) or a note (a PDSA cycle, a change)."""

    class Kind(models.TextChoices):
        PHASE = "phase", _("New phase")
        BASELINE = "baseline", _("Baseline ends")
        EXCLUDE = "exclude", _("Excluded point")
        NOTE = "note", _("Note")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="events", verbose_name=_("measure")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="series_events", verbose_name=_("team")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.DateField(_("period"))
    text = models.CharField(_("reason or text"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["period", "created_at"]
        verbose_name = _("series event")
        verbose_name_plural = _("series events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period:%Y-%m-%d}: {self.text}"


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The first day of the period (day, ISO week from Monday, or month) that holds ``day``."""
    if frequency == Frequency.MONTH:
        return day.replace(day=1)
    if frequency == Frequency.WEEK:
        return day - dt.timedelta(days=day.weekday())
    return day
