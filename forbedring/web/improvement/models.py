"""The Model for Improvement: a team's projects, their aims, measures, driver diagrams, change
ideas and PDSA cycles, and what citizens and relatives said matters to them (DESIGN.md C4).

The three questions: what are we trying to accomplish (the aim), how will we know that a change
is an improvement (the project's outcome, process and balancing measures), and what changes can
we make (the driver diagram's change ideas, tested in PDSA cycles).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from forbedring.web.measures.models import Measure
from forbedring.web.organisations.models import Team


class Project(models.Model):
    """An improvement project of a team."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="projects", verbose_name=_("team")
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"), blank=True)
    # The aim statement answers what, how much, for whom and by when; the parts guide the
    # team to a measurable aim, and the statement is the sentence they agree on.
    aim_what = models.CharField(_("what will improve"), max_length=300, blank=True)
    aim_how_much = models.CharField(_("how much"), max_length=200, blank=True)
    aim_for_whom = models.CharField(_("for whom"), max_length=200, blank=True)
    aim_by_when = models.DateField(_("by when"), null=True, blank=True)
    aim_statement = models.TextField(_("aim statement"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-start", "title"]
        verbose_name = _("improvement project")
        verbose_name_plural = _("improvement projects")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})


class ProjectMember(models.Model):
    """A person's role in a project."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Project lead")
        MEMBER = "member", _("Team member")
        SPONSOR = "sponsor", _("Sponsor")
        ADVISER = "adviser", _("Improvement adviser")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="members", verbose_name=_("project")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_roles",
        verbose_name=_("person"),
    )  # fmt: skip
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)

    class Meta:
        ordering = ["role", "user__username"]
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="unique_project_member")
        ]


class ProjectMeasure(models.Model):
    """A measure the project follows, as an outcome, process or balancing measure."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="project_measures",
        verbose_name=_("project"),
    )  # fmt: skip
    measure = models.ForeignKey(
        Measure, on_delete=models.PROTECT, related_name="project_links", verbose_name=_("measure")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Measure.Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["kind", "position"]
        verbose_name = _("project measure")
        verbose_name_plural = _("project measures")
        constraints = [
            models.UniqueConstraint(fields=["project", "measure"], name="unique_project_measure")
        ]


class Driver(models.Model):
    """A node of the driver diagram: a primary driver (no parent) or a secondary driver."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="drivers", verbose_name=_("project")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children",
        verbose_name=_("primary driver"),
    )  # fmt: skip
    text = models.CharField(_("driver"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")

    def __str__(self) -> str:
        return self.text

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None

    def clean(self) -> None:
        if self.parent is not None:
            if self.parent.project_id != self.project_id:
                raise ValidationError(_("A driver's parent belongs to the same project."))
            if self.parent.parent_id is not None:
                raise ValidationError(_("Secondary drivers hang under primary drivers only."))


class ChangeIdea(models.Model):
    """A change to test, usually under a secondary driver."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea")
        TESTING = "testing", _("Testing")
        IMPLEMENTED = "implemented", _("Implemented")
        ABANDONED = "abandoned", _("Abandoned")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="change_ideas", verbose_name=_("project")
    )
    driver = models.ForeignKey(
        Driver, on_delete=models.SET_NULL, null=True, blank=True, related_name="change_ideas",
        verbose_name=_("driver"),
    )  # fmt: skip
    title = models.CharField(_("change idea"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.IDEA
    )
    implemented_on = models.DateField(
        _("implemented on"), null=True, blank=True,
        help_text=_("When the change became the way we work; shown on the charts."),
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    shared = models.BooleanField(
        _("shared"), default=False,
        help_text=_("Share with the learning networks the team takes part in"),
    )  # fmt: skip
    # Where an adopted idea came from (the shared idea and its team), kept for the spread.
    origin = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="spread_to",
        verbose_name=_("adopted from"),
    )  # fmt: skip
    origin_team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("adopted from team"),
    )  # fmt: skip

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("change idea")
        verbose_name_plural = _("change ideas")

    def __str__(self) -> str:
        return self.title


class PdsaCycle(models.Model):
    """A small test of a change: Plan (with a prediction), Do, Study, Act.

    Cycles chain into ramps: each may follow an earlier cycle of the same change idea.
    """

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Adopt")
        ADAPT = "adapt", _("Adapt")
        ABANDON = "abandon", _("Abandon")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="pdsa_cycles", verbose_name=_("project")
    )
    change_idea = models.ForeignKey(
        ChangeIdea, on_delete=models.CASCADE, related_name="pdsa_cycles",
        verbose_name=_("change idea"),
    )  # fmt: skip
    previous = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="next_cycles",
        verbose_name=_("follows cycle"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    # Plan
    objective = models.TextField(_("objective"), blank=True)
    questions = models.TextField(_("questions"), blank=True)
    prediction = models.TextField(_("prediction"), blank=True)
    plan = models.TextField(_("who, what, where, when"), blank=True)
    data_to_collect = models.TextField(_("data to collect"), blank=True)
    # Do
    what_happened = models.TextField(_("what happened"), blank=True)
    observations = models.TextField(_("observations"), blank=True)
    # Study
    results = models.TextField(_("results against the prediction"), blank=True)
    # Act
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices, blank=True)
    next_steps = models.TextField(_("next cycle"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    shared = models.BooleanField(
        _("shared"), default=False,
        help_text=_("Share with the learning networks the team takes part in"),
    )  # fmt: skip

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end cannot be before the start.")})
        if self.previous is not None and self.previous.change_idea_id != self.change_idea_id:
            raise ValidationError(
                {"previous": _("A cycle follows an earlier cycle of the same change idea.")}
            )


class WhatMatters(models.Model):
    """What a citizen or relative said matters to them, and which changes answer it."""

    class Source(models.TextChoices):
        CITIZEN = "citizen", _("Citizen")
        RELATIVE = "relative", _("Relative")
        STAFF = "staff", _("Staff")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="what_matters", verbose_name=_("project")
    )
    source = models.CharField(_("said by"), max_length=16, choices=Source.choices)
    text = models.TextField(_("what matters"))
    heard_on = models.DateField(_("heard on"), null=True, blank=True)
    answers_aim = models.BooleanField(_("the aim answers it"), default=False)
    change_ideas = models.ManyToManyField(
        ChangeIdea,
        blank=True,
        related_name="what_matters",
        verbose_name=_("changes that answer it"),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("what matters")
        verbose_name_plural = _("what matters")
