"""Learning networks (C5): an organiser brings teams from many organisations together around a
change package; they meet at learning sessions and report data and a progress score monthly.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from forbedring.web.measures.models import Measure
from forbedring.web.organisations.models import Organisation, Team


class Network(models.Model):
    """A learning network (læringsnetværk / læringsnettverk) run by an organiser."""

    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="networks", verbose_name=_("organiser")
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    package_id = models.CharField(
        _("change package"), max_length=64, blank=True,
        help_text=_("The library package the network was set up from."),
    )  # fmt: skip
    language = models.CharField(
        _("language of the package texts"), max_length=2, choices=settings.LANGUAGES, default="da"
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    report_due_day = models.PositiveSmallIntegerField(
        _("report due on day"), default=10,
        validators=[MinValueValidator(1), MaxValueValidator(28)],
        help_text=_("Each month's report is due on this day of the following month."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-start", "name"]
        verbose_name = _("learning network")
        verbose_name_plural = _("learning networks")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class NetworkMember(models.Model):
    """A person who runs the network: organiser, faculty (who comment and score) or contact."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        FACULTY = "faculty", _("Faculty")
        CONTACT = "contact", _("Contact")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="members", verbose_name=_("network")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="network_roles",
        verbose_name=_("person"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(fields=["network", "user", "role"], name="unique_network_role")
        ]


class NetworkMeasure(models.Model):
    """A measure of the network's (adapted) package, which enrolled teams report."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="network_measures",
        verbose_name=_("network"),
    )  # fmt: skip
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="network_links", verbose_name=_("measure")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("network measure")
        verbose_name_plural = _("network measures")
        constraints = [
            models.UniqueConstraint(fields=["network", "measure"], name="unique_network_measure")
        ]


class NetworkChangeIdea(models.Model):
    """A change idea of the network's package, as the organiser adapted it."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="change_ideas", verbose_name=_("network")
    )
    title = models.CharField(_("change idea"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("network change idea")
        verbose_name_plural = _("network change ideas")


class Enrolment(models.Model):
    """A team's place in a network: invited by the organiser, accepted by the team, and ended
    by the team when it leaves (the organiser may invite it again)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ENROLLED = "enrolled", _("Enrolled")
        DECLINED = "declined", _("Declined")
        LEFT = "left", _("Left")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("network")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("team")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("invited by"),
    )  # fmt: skip
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("answered by"),
    )  # fmt: skip
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Set while the team has left (status LEFT): its reports and data stay as history, and it
    # owes no report whose due date is on or after the day it left.
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    left_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("left by"),
    )  # fmt: skip

    class Meta:
        ordering = ["team__name"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["network", "team"], name="unique_enrolment")]


class LearningSession(models.Model):
    """A learning session (læringsseminar / samling); action periods lie between them."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    programme = models.TextField(_("programme"), blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("learning session")
        verbose_name_plural = _("learning sessions")


# The IHI assessment scale for collaboratives: 0.5 to 5.0 in steps of a half (DESIGN.md §6).
PROGRESS_SCORES = [Decimal(n) / 2 for n in range(1, 11)]


class TeamReport(models.Model):
    """A team's monthly report to its network: the progress score and four short texts.

    A draft can be changed; once submitted the organiser and faculty see it, and faculty may
    comment and set their own score beside the team's.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="reports", verbose_name=_("network")
    )
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="network_reports", verbose_name=_("team")
    )
    period = models.DateField(_("month"))
    progress_score = models.DecimalField(
        _("progress score"), max_digits=2, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5.0"))],
    )  # fmt: skip
    tested = models.TextField(_("what we tested"), blank=True)
    learned = models.TextField(_("what we learned"), blank=True)
    plan = models.TextField(_("what we plan"), blank=True)
    support = models.TextField(_("what support we need"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("updated by"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    faculty_score = models.DecimalField(
        _("faculty's score"), max_digits=2, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("5.0"))],
    )  # fmt: skip
    faculty_comment = models.TextField(_("faculty's comment"), blank=True)
    faculty_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True,
        blank=True, verbose_name=_("commented by"),
    )  # fmt: skip

    class Meta:
        ordering = ["-period", "team__name"]
        verbose_name = _("team report")
        verbose_name_plural = _("team reports")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "team", "period"], name="unique_team_report_per_month"
            )
        ]
