"""The PDSA cycle form (Plan, Do, Study, Act) and the "start a new phase here" form.

One form for the whole cycle: teams fill the plan first and come back to it for Do, Study and
Act, so every part but the title, change idea and start date may stay empty. The change idea is
chosen when the cycle is created and fixed afterwards, because later cycles of its ramp follow
it; the cycle it follows must belong to the same change idea and start no later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forbedring.web.improvement.models import ChangeIdea, PdsaCycle, Project

TEXTAREA = {"rows": 3}

PLAN_FIELDS = ("objective", "questions", "prediction", "plan", "data_to_collect")
DO_FIELDS = ("what_happened", "observations")
STUDY_FIELDS = ("results",)
ACT_FIELDS = ("decision", "next_steps")


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO 8601 whatever the language."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class PdsaForm(forms.ModelForm):
    """A PDSA cycle of one of the project's change ideas."""

    error_css_class = "has-error"

    mark_implemented = forms.BooleanField(
        label=_("Mark the change as implemented"),
        required=False,
        help_text=_("When the team adopts the change, it becomes the way we work from this date."),
    )
    implemented_on = forms.DateField(label=_("Implemented on"), required=False, widget=DateInput())

    class Meta:
        model = PdsaCycle
        fields = (
            "change_idea", "previous", "title", "start", "end", "shared",
            *PLAN_FIELDS, *DO_FIELDS, *STUDY_FIELDS, *ACT_FIELDS,
        )  # fmt: skip
        widgets = {
            "start": DateInput(),
            "end": DateInput(),
            "decision": forms.RadioSelect,
            **{name: forms.Textarea(attrs=TEXTAREA) for name in (
                *PLAN_FIELDS, *DO_FIELDS, *STUDY_FIELDS, "next_steps",
            )},
        }  # fmt: skip
        help_texts = {
            "previous": _("A ramp: this cycle builds on what an earlier cycle of the same change "
                          "idea taught."),
            "prediction": _("What do you expect to happen, and why? Study compares the results "
                            "with it."),
            "plan": _("Who does what, where and when."),
            "results": _("Compare what happened with the prediction."),
        }  # fmt: skip

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.project = project
        idea = self.fields["change_idea"]
        previous = self.fields["previous"]
        assert isinstance(idea, forms.ModelChoiceField)
        assert isinstance(previous, forms.ModelChoiceField)
        idea.queryset = ChangeIdea.objects.filter(project=project)
        cycles = PdsaCycle.objects.filter(project=project).select_related("change_idea")
        if self.instance.pk:
            # Later cycles of its ramp follow this one: moving it to another idea would break them.
            idea.disabled = True
            cycles = cycles.filter(change_idea_id=self.instance.change_idea_id).exclude(
                pk=self.instance.pk
            )
        previous.queryset = cycles
        previous.label_from_instance = self._cycle_label
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ChoiceField)
        decision.choices = [("", _("Not decided yet")), *PdsaCycle.Decision.choices]
        if not self.is_bound and not self.initial.get("implemented_on"):
            self.initial["implemented_on"] = self.instance.end or dt.date.today()

    @staticmethod
    def _cycle_label(cycle: PdsaCycle) -> str:
        return f"{cycle.change_idea.title} – {cycle.title} ({cycle.start:%Y-%m-%d})"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        previous: PdsaCycle | None = data.get("previous")
        start: dt.date | None = data.get("start")
        if previous is not None and start is not None and previous.start > start:
            self.add_error("previous", _("The cycle it follows must start no later than this one."))
        if previous is not None and self.instance.pk and self._follows_itself(previous):
            self.add_error("previous", _("A cycle cannot follow one of its own later cycles."))
        if data.get("mark_implemented"):
            if data.get("decision") != PdsaCycle.Decision.ADOPT:
                self.add_error(
                    "mark_implemented", _("Only an adopted change is marked as implemented.")
                )
            elif not data.get("implemented_on"):
                self.add_error("implemented_on", _("Give the date the change was implemented."))
        return data

    def _follows_itself(self, previous: PdsaCycle) -> bool:
        """True if ``previous`` is this cycle or comes after it in the ramp (a loop)."""
        seen: set[int] = set()
        cycle: PdsaCycle | None = previous
        while cycle is not None and cycle.pk not in seen:
            if cycle.pk == self.instance.pk:
                return True
            seen.add(cycle.pk)
            cycle = cycle.previous
        return False


class NewPhaseForm(forms.Form):
    """The date from which the project's measures get a new phase for an adopted change."""

    day = forms.DateField(label=_("New phase from"), widget=DateInput())
