"""Batches of status reports: every area's PDF of one country, level, year and method,
made by the background worker (issue #8), kept until someone deletes the batch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forbedring.web.organisations.models import Country, Organisation


class ReportBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the background worker")
        RUNNING = "running", _("Generating")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    level = models.CharField(_("level"), max_length=20)
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: each indicator's latest year.")
    )
    # The method's options as a query string (``LightSettings.query()``; empty: the defaults).
    options = models.CharField(_("options"), max_length=100, blank=True)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("reports"), default=0)
    done = models.PositiveIntegerField(_("reports made"), default=0)
    failed = models.PositiveIntegerField(_("reports failed"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="report_batches", verbose_name=_("started by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    started_at = models.DateTimeField(_("generation started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status report batch")
        verbose_name_plural = _("status report batches")

    def __str__(self) -> str:
        return f"{self.country} {self.level} {self.year or ''}".strip()

    @property
    def running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * (self.done + self.failed) / self.total) if self.total else 0


class ReportResult(models.Model):
    """One area's report of a batch: its PDF, or why it could not be made."""

    batch = models.ForeignKey(
        ReportBatch, on_delete=models.CASCADE, related_name="results", verbose_name=_("batch")
    )
    area = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("area")
    )
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"")
    pages = models.PositiveIntegerField(_("pages"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["batch", "area__official_code", "area__name"]
        verbose_name = _("status report")
        verbose_name_plural = _("status reports")
        constraints = [
            models.UniqueConstraint(fields=["batch", "area"], name="one_report_per_area_in_batch")
        ]

    def __str__(self) -> str:
        return self.filename or str(self.area)
