"""Published indicator values per municipality, region and nation (issue #8, "Indicators").

An indicator is named by its id in the reviewed library (``forbedring.indicators``); the
library, not this table, says what it means. A value belongs to an area (an Organisation of
kind municipality, region or national body: the nation is a national body named "Danmark" or
"Norge") and a period (a year, or a quarter, stored as its first day).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forbedring.indicators.library import Indicator, IndicatorSet, load_all
from forbedring.web.organisations.models import Organisation

AREA_KINDS = (
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.REGION,
    Organisation.Kind.NATIONAL_BODY,
)
DEMO_SOURCE = "Demo data (simulated)"


@cache
def indicator_sets() -> tuple[IndicatorSet, ...]:
    """The library's sets, read and checked once per process: they ship with the code, and
    reading the YAML took a sixth of a status report's time when done per report."""
    return tuple(load_all())


def country_indicator_set(country: str) -> IndicatorSet | None:
    """The set of a country ("DK"/"NO")."""
    return next((s for s in indicator_sets() if s.country.upper() == country), None)


@cache
def library_indicators() -> dict[str, tuple[Indicator, str]]:
    """Every indicator of the library by id, with its country ("DK"/"NO")."""
    return {
        indicator.id: (indicator, indicator_set.country.upper())
        for indicator_set in indicator_sets()
        for indicator in indicator_set.indicators
    }


def validate_indicator_id(value: str) -> None:
    if value not in library_indicators():
        raise ValidationError(
            _("“%(id)s” is not an indicator of the library."), params={"id": value}
        )


# The period kinds as plain strings (choices' members are typed as tuples without a plugin).
YEAR = "year"
QUARTER = "quarter"


def period_kind_of(indicator: Indicator) -> str:
    """Quarters for an indicator the library says is published quarterly, else years."""
    return QUARTER if indicator.period == "quarter" else YEAR


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")


class IndicatorImport(models.Model):
    """One upload of published values: who, when, which file, and what it changed (audit).
    A pending import keeps the file until it is confirmed; the file is dropped after."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        IMPORTED = "imported", _("Imported")

    indicator = models.CharField(_("indicator"), max_length=100, validators=[validate_indicator_id])
    filename = models.CharField(_("file name"), max_length=255)
    source = models.CharField(_("source"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    data = models.BinaryField(_("file"), blank=True, default=b"")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="indicator_imports", verbose_name=_("imported by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new values"), default=0)
    updated = models.PositiveIntegerField(_("changed values"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged values"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("indicator import")
        verbose_name_plural = _("indicator imports")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.filename}"


class IndicatorValue(models.Model):
    """One published (or demo) figure: numerator, denominator and value for an area and period.
    ``value`` is numerator / denominator × the indicator's multiplier when both are given."""

    indicator = models.CharField(_("indicator"), max_length=100, validators=[validate_indicator_id])
    area = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="indicator_values",
        verbose_name=_("area"), limit_choices_to={"kind__in": AREA_KINDS},
    )  # fmt: skip
    period = models.DateField(_("period"), help_text=_("The first day of the year or quarter."))
    period_kind = models.CharField(
        _("period kind"), max_length=8, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    numerator = models.FloatField(_("numerator"), null=True, blank=True)
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    value = models.FloatField(_("value"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("imported by"),
    )  # fmt: skip
    imported_at = models.DateTimeField(_("imported at"), default=timezone.now)
    import_record = models.ForeignKey(
        IndicatorImport, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="values", verbose_name=_("import"),
    )  # fmt: skip

    class Meta:
        ordering = ["indicator", "area__name", "period"]
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = [
            # The period kind is part of the key: the year 2024 and its first quarter both
            # start on 2024-01-01.
            models.UniqueConstraint(
                fields=["indicator", "area", "period_kind", "period"],
                name="unique_indicator_value_per_area_and_period",
            ),
            models.CheckConstraint(
                condition=models.Q(denominator__isnull=True) | models.Q(denominator__gt=0),
                name="indicator_value_denominator_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True) | models.Q(numerator__gte=0),
                name="indicator_value_numerator_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(numerator__isnull=True, denominator__isnull=True)
                | models.Q(numerator__isnull=False, denominator__isnull=False),
                name="indicator_value_numerator_with_denominator",
            ),
        ]
        indexes = [
            # All areas of one indicator in one period (funnel plots, national overviews).
            models.Index(
                fields=["indicator", "period_kind", "period"], name="indicator_value_by_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.area} {self.period}: {self.value}"

    def clean(self) -> None:
        if self.area_id is not None and self.area.kind not in AREA_KINDS:
            raise ValidationError(
                {"area": _("An indicator value belongs to a municipality, region or nation.")}
            )
        found = library_indicators().get(self.indicator)
        if (
            found is not None
            and found[0].data_type == "pr"
            and self.numerator is not None
            and self.denominator is not None
            and self.numerator > self.denominator
        ):
            # The import says the same of its rows; a proportion cannot be above 1.
            raise ValidationError(
                {"numerator": _("A proportion's numerator cannot be greater than its denominator.")}
            )
