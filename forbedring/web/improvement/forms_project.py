"""Forms of the project pages: the project (aim by its parts, members, measures) and what matters.

Members and measures are one select per person and per measure of the team ("not in the
project" / a role; "not followed" / outcome, process, balancing) rather than a formset: every
choice is visible at once, it works without JavaScript, and a screen reader hears each
person's or measure's name as the label of its select.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from forbedring.web.accounts.models import User
from forbedring.web.improvement.actions_project import PROJECT_FIELDS, team_people_ids
from forbedring.web.improvement.models import ChangeIdea, Project, ProjectMember, WhatMatters
from forbedring.web.improvement.queries import aim_hints, compose_aim
from forbedring.web.measures.forms_measure import DateInput
from forbedring.web.measures.models import Measure, TeamMeasure
from forbedring.web.organisations.models import Team

MEMBER_PREFIX = "member_"
MEASURE_PREFIX = "measure_"


def person_name(user: Any) -> str:
    """A person as colleagues know them: the full name when there is one."""
    return (user.get_full_name() or "").strip() or user.get_username()


class ProjectForm(forms.ModelForm):
    """A project: title and problem, the aim by its parts and as a sentence, period, status,
    and the team's people and measures that take part."""

    required_css_class = "required"
    error_css_class = "has-error"

    class Meta:
        model = Project
        fields = list(PROJECT_FIELDS)
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 3}),
            "aim_statement": forms.Textarea(attrs={"rows": 2}),
            "aim_by_when": DateInput(),
            "start": DateInput(),
            "end": DateInput(),
        }
        help_texts = {
            "problem": _("What is wrong today, and for whom? Numbers help, e.g. “14 falls in "
                         "the last 3 months”."),
            "aim_what": _("Starts with a verb, e.g. “Reduce falls”."),
            "aim_how_much": _("e.g. “50 %” or “to 2 per 1,000 resident-days”."),
            "aim_for_whom": _("e.g. “residents of Solgården”."),
            "aim_statement": _("Leave it as composed from the parts above, or write the "
                               "sentence the team agreed on."),
        }  # fmt: skip

    def __init__(self, *args: Any, team: Team, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.team = team
        project: Project = self.instance
        # The sentence composed from the saved parts: if it comes back unchanged, the team did
        # not write its own, and the new parts compose a new one.
        self.saved_composition = compose_aim(
            project.aim_what, project.aim_how_much, project.aim_for_whom, project.aim_by_when
        )
        self._add_member_fields(project)
        self._add_measure_fields(project)

    def _add_member_fields(self, project: Project) -> None:
        roles = {}
        if project.pk:
            roles = dict(project.members.values_list("user_id", "role"))
        ids = team_people_ids(self.team) | set(roles)
        self.people = {u.pk: u for u in User.objects.filter(pk__in=ids).order_by("username")}
        for pk, person in self.people.items():
            self.fields[f"{MEMBER_PREFIX}{pk}"] = forms.ChoiceField(
                label=person_name(person),
                required=False,
                choices=[("", _("Not in the project")), *ProjectMember.Role.choices],
                initial=roles.get(pk, ""),
            )

    def _add_measure_fields(self, project: Project) -> None:
        kinds = {}
        if project.pk:
            kinds = dict(project.project_measures.values_list("measure_id", "kind"))
        links = TeamMeasure.objects.filter(team=self.team).select_related("measure")
        self.team_measures = {link.measure.pk: link.measure for link in links}
        for pk, measure in self.team_measures.items():
            self.fields[f"{MEASURE_PREFIX}{pk}"] = forms.ChoiceField(
                label=measure.name,
                required=False,
                choices=[("", _("Not followed")), *Measure.Kind.choices],
                initial=kinds.get(pk, ""),
            )

    def member_fields(self) -> list[BoundField]:
        return [self[name] for name in self.fields if name.startswith(MEMBER_PREFIX)]

    def measure_fields(self) -> list[BoundField]:
        return [self[name] for name in self.fields if name.startswith(MEASURE_PREFIX)]

    def project_fields(self) -> dict[str, Any]:
        """The cleaned project fields for ``create_project`` / ``update_project``."""
        return {name: self.cleaned_data.get(name) for name in PROJECT_FIELDS}

    def members(self) -> list[tuple[Any, str]]:
        return [
            (self.people[pk], role)
            for pk in self.people
            if (role := self.cleaned_data.get(f"{MEMBER_PREFIX}{pk}"))
        ]

    def measures(self) -> list[tuple[Measure, str]]:
        return [
            (self.team_measures[pk], kind)
            for pk in self.team_measures
            if (kind := self.cleaned_data.get(f"{MEASURE_PREFIX}{pk}"))
        ]

    def clean_aim_statement(self) -> str:
        statement = (self.cleaned_data.get("aim_statement") or "").strip()
        return "" if statement == self.saved_composition else statement

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("end") and data.get("start") and data["end"] < data["start"]:
            self.add_error("end", _("The end cannot be before the start."))
        return data

    # --- the live preview of the aim ---

    def _part(self, name: str) -> Any:
        """An aim part as typed so far (bound, valid or not) or as saved."""
        if not self.is_bound:
            return self[name].value() or ""
        field = self.fields[name]
        try:
            return field.clean(self[name].data) or ""
        except forms.ValidationError:
            return ""

    def aim_preview(self) -> dict[str, Any]:
        """The composed aim and what would make it measurable, for the preview box."""
        what, how_much = str(self._part("aim_what")), str(self._part("aim_how_much"))
        for_whom, by_when = str(self._part("aim_for_whom")), self._part("aim_by_when") or None
        return {
            "composed": compose_aim(what, how_much, for_whom, by_when),
            "hints": aim_hints(what, how_much, by_when),
        }


class WhatMattersForm(forms.ModelForm):
    """What a citizen, relative or staff member said, and which changes answer it."""

    required_css_class = "required"
    error_css_class = "has-error"

    class Meta:
        model = WhatMatters
        fields = ["source", "text", "heard_on", "answers_aim", "change_ideas"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 2}),
            "heard_on": DateInput(),
            "change_ideas": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "text": _("In their own words where you can; no names or personal numbers."),
        }

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, prefix="matters", **kwargs)
        ideas = self.fields["change_ideas"]
        assert isinstance(ideas, forms.ModelMultipleChoiceField)
        ideas.queryset = ChangeIdea.objects.filter(project=project)
        self.instance.project = project
