"""Local goals: how a municipality or region translates a national goal into its own target,
which of the national indicators it follows, who is responsible, and which of its
improvement projects work on it (the goal cascade, national → local → projects).

National goals and indicators are not tables: they are named by their id in the reviewed
library (``forbedring.indicators``), as indicator values are, so a goal or indicator renamed
in the library is renamed here too. The model checks that the ids exist and fit the
organisation's country; which projects may be linked is checked in ``actions`` (a many-to-many
relation cannot be checked before it is saved).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forbedring.web.goals.library import active_lang, indicator_with_goal, national_goal
from forbedring.web.improvement.models import Project
from forbedring.web.organisations.models import Organisation

# The areas that set local goals against national goals: the national programmes measure
# and report municipalities and regions.
GOAL_AREA_KINDS = (Organisation.Kind.MUNICIPALITY, Organisation.Kind.REGION)
FIRST_TARGET_YEAR = 2000
LAST_TARGET_YEAR = 2100


def indicator_problem(indicator_id: str, goal_id: str, country: str) -> str | None:
    """Why this indicator cannot be followed by a local goal under this national goal in this
    country, or None when it can. Shared by the model and the actions."""
    found = indicator_with_goal(indicator_id)
    if found is None:
        return gettext("“%(id)s” is not an indicator of the library.") % {"id": indicator_id}
    indicator, goal = found
    if goal.country != country:
        return gettext("“%(indicator)s” is an indicator of another country.") % {
            "indicator": indicator.title.get(active_lang())
        }
    if goal.id != goal_id:
        return gettext(
            "“%(indicator)s” belongs to national goal %(number)s, not to the chosen national goal."
        ) % {"indicator": indicator.title.get(active_lang()), "number": goal.number}
    return None


class LocalGoal(models.Model):
    """A municipality's or region's own goal under a national goal."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="local_goals",
        verbose_name=_("organisation"),
    )  # fmt: skip
    national_goal = models.CharField(
        _("national goal"), max_length=100,
        help_text=_("The id of the national goal in the indicator library."),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    target = models.CharField(
        _("local target"), max_length=300, blank=True,
        help_text=_("In words, e.g. “Under 50 per 1,000 citizens aged 65+ by 2027”."),
    )  # fmt: skip
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(
        _("target year"), null=True, blank=True,
        validators=[MinValueValidator(FIRST_TARGET_YEAR), MaxValueValidator(LAST_TARGET_YEAR)],
    )  # fmt: skip
    responsible = models.CharField(
        _("responsible"), max_length=200, blank=True,
        help_text=_("A role or a department, e.g. “Head of home care”."),
    )  # fmt: skip
    projects = models.ManyToManyField(
        Project, related_name="local_goals", blank=True, verbose_name=_("improvement projects")
    )
    # The goal belongs to the organisation, not to its author: it stays when the author's
    # account is removed.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation__name", "national_goal", "title"]
        verbose_name = _("local goal")
        verbose_name_plural = _("local goals")
        indexes = [models.Index(fields=["organisation", "national_goal"], name="local_goal_area")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.organisation_id is None:
            return
        organisation = self.organisation
        if organisation.kind not in GOAL_AREA_KINDS:
            raise ValidationError(
                {"organisation": _("Local goals are set by a municipality or a region.")}
            )
        goal = national_goal(self.national_goal)
        if goal is None or goal.country != organisation.country:
            raise ValidationError(
                {
                    "national_goal": _(
                        "Choose one of the national goals of %(country)s."
                    ) % {"country": organisation.get_country_display()}
                }
            )  # fmt: skip


class LocalGoalIndicator(models.Model):
    """A national indicator a local goal works on (an id in the library)."""

    local_goal = models.ForeignKey(
        LocalGoal, on_delete=models.CASCADE, related_name="goal_indicators",
        verbose_name=_("local goal"),
    )  # fmt: skip
    indicator = models.CharField(_("indicator"), max_length=100)

    class Meta:
        ordering = ["local_goal", "indicator"]
        verbose_name = _("indicator of a local goal")
        verbose_name_plural = _("indicators of local goals")
        constraints = [
            models.UniqueConstraint(
                fields=["local_goal", "indicator"], name="unique_local_goal_indicator"
            )
        ]

    def __str__(self) -> str:
        return self.indicator

    def clean(self) -> None:
        goal = getattr(self, "local_goal", None)
        if goal is None:
            return
        problem = indicator_problem(self.indicator, goal.national_goal, goal.organisation.country)
        if problem is not None:
            raise ValidationError({"indicator": problem})
