"""The local goal form: the national goal, the local goal in words and numbers, the national
indicators it follows and the organisation's projects that work on it.

Indicators are checkboxes grouped under their national goal, and projects one checkbox each:
every choice is visible at once and the form works without JavaScript. That a chosen
indicator belongs to the chosen national goal is checked by the actions, whose message names
the indicator.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forbedring.web.goals.actions import GOAL_FIELDS, organisation_projects
from forbedring.web.goals.library import active_lang, national_goals
from forbedring.web.goals.models import LocalGoal, indicator_problem
from forbedring.web.improvement.models import Project
from forbedring.web.organisations.models import Organisation

# The levels a figure is published for; an indicator published for the nation only cannot be
# followed in the area's own figures, and the form says so.
AREA_LEVELS = frozenset({"municipality", "region"})


class ProjectChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        project: Project = obj
        return gettext("%(title)s (%(team)s, %(status)s)") % {
            "title": project.title,
            "team": project.team.name,
            "status": project.get_status_display(),
        }


class LocalGoalForm(forms.ModelForm):
    required_css_class = "required"
    error_css_class = "has-error"

    national_goal = forms.ChoiceField(label=_("National goal"))
    indicators = forms.MultipleChoiceField(
        label=_("National indicators"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The indicators of the national goal that this local goal works on."),
    )
    target_value = forms.FloatField(
        label=_("Target value"),
        required=False,
        localize=True,
        help_text=_("Optional: the target as a number, e.g. 50."),
    )
    projects = ProjectChoiceField(
        label=_("Improvement projects"),
        queryset=Project.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The projects of the organisation's teams that work on this goal."),
    )

    class Meta:
        model = LocalGoal
        fields = list(GOAL_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "title": _("What the organisation wants to achieve, e.g. “Fewer falls with harm "
                       "in our nursing homes”."),
            "target_year": _("Optional: the year the target is to be met."),
        }  # fmt: skip

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        lang = active_lang()
        goals = national_goals(organisation.country)
        self.fields["national_goal"].choices = [
            ("", gettext("Choose a national goal")),
            *((goal.id, goal.label(lang)) for goal in goals),
        ]
        indicators = self.fields["indicators"]
        assert isinstance(indicators, forms.MultipleChoiceField)
        indicators.choices = [
            (
                goal.label(lang),
                [
                    (i.id, self._indicator_label(i.title.get(lang), i.levels))
                    for i in goal.indicators
                ],
            )
            for goal in goals
        ]
        projects = self.fields["projects"]
        assert isinstance(projects, forms.ModelMultipleChoiceField)
        projects.queryset = (
            organisation_projects(organisation)
            .select_related("team")
            .order_by("team__name", "title")
        )
        goal: LocalGoal = self.instance
        if goal.pk:
            self.initial["indicators"] = list(
                goal.goal_indicators.values_list("indicator", flat=True)
            )
            self.initial["projects"] = list(goal.projects.values_list("pk", flat=True))

    @staticmethod
    def _indicator_label(title: str, levels: tuple[str, ...]) -> str:
        if AREA_LEVELS.intersection(levels):
            return title
        return gettext("%(title)s (national figure only)") % {"title": title}

    def clean(self) -> dict[str, Any]:
        # The actions check this too; checking it here as well shows it together with the
        # form's other errors rather than only after they are corrected.
        data = super().clean()
        goal_id = data.get("national_goal")
        for indicator_id in data.get("indicators") or ():
            problem = goal_id and indicator_problem(
                indicator_id, goal_id, self.organisation.country
            )
            if problem:
                self.add_error("indicators", problem)
                break
        return data

    def _post_clean(self) -> None:
        # The organisation is set before the model's checks run, so that the national goal is
        # checked against the organisation's country.
        self.instance.organisation = self.organisation
        super()._post_clean()

    def goal_fields(self) -> dict[str, Any]:
        """The cleaned goal fields for ``create_local_goal`` / ``update_local_goal``."""
        return {name: self.cleaned_data.get(name) for name in GOAL_FIELDS}
