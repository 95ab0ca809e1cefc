"""The team's monthly report form and faculty's feedback form.

The progress score is a radio group over the IHI scale (one choice per level, its value
always written with one decimal). It may stay empty in a draft; submitting needs it — the
form knows which button was pressed (``submit``) and says so on the field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forbedring.web.networks.ihi_scale import LEVELS

TEXTAREA = {"rows": 3}


def _score_choices() -> list[tuple[str, Any]]:
    return [(level.value, level.short) for level in LEVELS]


def _score_field(label: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=_score_choices,
        coerce=Decimal,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class ReportForm(forms.Form):
    """A team's report for one month."""

    error_css_class = "has-error"

    progress_score = _score_field(_("Progress score"))
    tested = forms.CharField(
        label=_("What we tested"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("The changes you tested this month, and how (PDSA cycles)."),
    )  # fmt: skip
    learned = forms.CharField(
        label=_("What we learned"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What the tests and the data taught you."),
    )  # fmt: skip
    plan = forms.CharField(
        label=_("What we plan"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("What you will test or implement next month."),
    )  # fmt: skip
    support = forms.CharField(
        label=_("What support we need"), required=False, widget=forms.Textarea(attrs=TEXTAREA),
        help_text=_("From the network's faculty, the organiser or your own organisation."),
    )  # fmt: skip

    def __init__(self, *args: Any, submit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.submit = submit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.submit and data.get("progress_score") is None and "progress_score" in data:
            self.add_error("progress_score", _("Choose a progress score to submit the report."))
        return data


class FeedbackForm(forms.Form):
    """Faculty's comment and own score on a submitted report."""

    error_css_class = "has-error"

    score = _score_field(_("Faculty's score"))
    comment = forms.CharField(
        label=_("Comment to the team"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        empty = data.get("score") is None and not (data.get("comment") or "").strip()
        if empty and "score" in data:
            raise forms.ValidationError(_("Write a comment or choose a score."))
        return data
