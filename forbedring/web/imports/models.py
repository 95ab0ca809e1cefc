"""What the import keeps: the column mapping a team last used, and each upload with its
progress until it is done (C7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forbedring.web.measures.models import Measure
from forbedring.web.organisations.models import Team


class ColumnMapping(models.Model):
    """The fields a team's column names were mapped to, keyed by the normalised column name
    (``headers.normalise``), so the next file with the same header is mapped the same way."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="import_mapping", verbose_name=_("team")
    )
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")


class ImportJob(models.Model):
    """One uploaded file on its way to the database. The file stays here until it has been
    imported (a background worker reads it from here) and is dropped afterwards."""

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking rows")
        SAVING = "saving", _("Saving")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("team")
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("measure"),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), blank=True)
    mapping = models.JSONField(_("mapping"), default=dict, blank=True)
    valid_only = models.BooleanField(_("import valid rows only"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.UPLOADED
    )
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    message = models.TextField(_("message"), blank=True)
    rejected_csv = models.BinaryField(_("rejected rows"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.filename} ({self.team})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        # Checking is the first half of the work, saving the second.
        share = min(self.processed_rows, self.total_rows) / self.total_rows
        return int(share * 50) + (50 if self.status == self.Status.SAVING else 0)

    @property
    def running(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.CHECKING, self.Status.SAVING}
