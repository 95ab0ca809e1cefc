"""Forms of the measure pages: a new measure with its operational definition, and series events.

The new-measure form asks plain questions about the data ("What do you count?") next to the
definition fields, and fills in the chart type from :mod:`suggest` when the team leaves it to
the suggestion, so a team that knows nothing of control charts still gets a sensible one.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.db import transaction
from django.db.models import Max
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from forbedring.charts.locales import DateUnit, format_date
from forbedring.web.core.numbers import NumberError, parse_number
from forbedring.web.core.numbers import format_number as format_plain_number
from forbedring.web.measures.models import (
    Frequency,
    Measure,
    SeriesEvent,
    TeamMeasure,
    period_start,
)
from forbedring.web.measures.queries import current_lang
from forbedring.web.measures.suggest import (
    DENOMINATOR_KINDS,
    Between,
    DataKind,
    Points,
    Suggestion,
    fits_data,
    suggest_chart,
)
from forbedring.web.organisations.models import Team

USE_SUGGESTION = ""


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates), where browsers have one."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LocalNumberField(forms.CharField):
    """A number written the active language's way: in Danish "1.000" is a thousand and "2,5"
    two and a half (Django's own number fields would read "1.000" as one)."""

    def __init__(self, *, as_float: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)
        self.as_float = as_float

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, float | int | Decimal):
            return format_plain_number(value)
        return value

    def to_python(self, value: Any) -> Decimal | float | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            number = parse_number(text)
        except NumberError as error:
            raise forms.ValidationError(error.message) from None
        return float(number) if self.as_float else number


class MeasureForm(forms.ModelForm):
    """A new measure: what is measured, the questions behind the chart suggestion, and how."""

    required_css_class = "required"
    error_css_class = "has-error"

    data_kind = forms.ChoiceField(
        label=_("What do you count?"), choices=DataKind.choices, widget=forms.RadioSelect
    )
    between = forms.ChoiceField(
        label=_("For rare events: what do you count between two events?"),
        choices=Between.choices, widget=forms.RadioSelect, required=False,
        initial=Between.CASES,
    )  # fmt: skip
    points = forms.ChoiceField(
        label=_("How many periods of data will you have soon?"),
        choices=Points.choices, widget=forms.RadioSelect, initial=Points.MANY,
    )  # fmt: skip
    multiplier = LocalNumberField(
        label=capfirst(Measure._meta.get_field("multiplier").verbose_name),
        help_text=_("1 for the plain ratio, 100 for percent, 1000 for per 1,000."),
    )
    target = LocalNumberField(
        label=capfirst(Measure._meta.get_field("target").verbose_name),
        required=False, as_float=True,
    )  # fmt: skip

    class Meta:
        model = Measure
        fields = [
            "name", "kind", "description",
            "numerator", "denominator", "inclusion", "exclusion", "data_source", "sampling",
            "chart_type", "unit_label", "multiplier", "direction", "target", "target_date",
            "frequency", "rule_set", "first_period",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "numerator": forms.Textarea(attrs={"rows": 2}),
            "denominator": forms.Textarea(attrs={"rows": 2}),
            "inclusion": forms.Textarea(attrs={"rows": 2}),
            "exclusion": forms.Textarea(attrs={"rows": 2}),
            "data_source": forms.Textarea(attrs={"rows": 2}),
            "sampling": forms.Textarea(attrs={"rows": 2}),
            "target_date": DateInput(),
            "first_period": DateInput(),
        }
        help_texts = {
            "numerator": _(
                "Exactly what is counted or measured, e.g. falls recorded in the care record."
            ),
            "denominator": _("What the count is divided by, e.g. resident-days. Empty if none."),
            "inclusion": _("Who or what is included."),
            "exclusion": _("Who or what is left out."),
            "data_source": _("Where the numbers come from."),
            "sampling": _("All cases, or how a sample is drawn."),
            "rule_set": _(
                "The Anhøj rules are the Danish standard; the IHI rules are for run charts only."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chart = self.fields["chart_type"]
        assert isinstance(chart, forms.ChoiceField)
        chart.required = False
        chart.choices = [(USE_SUGGESTION, _("As suggested")), *Measure.ChartType.choices]
        chart.help_text = _("Leave it to the suggestion unless you know you need another chart.")
        self.fields["numerator"].required = True

    def suggestion(self) -> Suggestion | None:
        """The chart suggested by the answers given so far (bound or not, valid or not)."""
        data = self.data if self.is_bound else {}
        return suggest_chart(
            data.get("data_kind"), between=data.get("between"), points=data.get("points")
        )

    def clean_multiplier(self) -> Decimal:
        value = self.cleaned_data["multiplier"]
        if value is None or value <= 0:
            raise forms.ValidationError(
                _("The multiplier must be greater than 0, e.g. 1, 100 or 1000.")
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("data_kind")
        if not kind:
            return data  # the radio's own "required" error says what is missing
        has_denominator = kind in DENOMINATOR_KINDS
        self.instance.has_denominator = has_denominator
        suggested = suggest_chart(kind, between=data.get("between"), points=data.get("points"))
        chart_type = data.get("chart_type") or (suggested.chart_type if suggested else "")
        data["chart_type"] = chart_type
        if chart_type and not fits_data(chart_type, has_denominator):
            label = Measure.ChartType(chart_type).label
            message = (
                _("A %(chart)s needs a numerator and a denominator; for one value per period "
                  "choose an I, C, G, T or run chart, or change what you count.")
                if not has_denominator
                else _("A %(chart)s plots one value per period; for a numerator and a "
                       "denominator choose a P, U or run chart, or change what you count.")
            )  # fmt: skip
            self.add_error("chart_type", message % {"chart": label})
        if has_denominator and not (data.get("denominator") or "").strip():
            self.add_error("denominator", _("Say what the count is divided by."))
        if data.get("rule_set") == Measure.RuleSet.IHI and chart_type != "run":
            self.add_error(
                "rule_set",
                _("The IHI rules are for run charts only; choose the Anhøj rules for this chart."),
            )
        if data.get("target_date") and data.get("target") is None:
            self.add_error("target_date", _("A target date needs a target value."))
        return data

    @transaction.atomic
    def save_for_team(self, team: Team) -> Measure:
        """Create the measure, owned by the team's organisation, and put it on the team's list."""
        measure: Measure = self.save(commit=False)
        measure.organisation = team.unit.organisation
        if measure.first_period:
            measure.first_period = period_start(measure.first_period, measure.frequency)
        measure.save()
        last = TeamMeasure.objects.filter(team=team).aggregate(last=Max("position"))["last"]
        TeamMeasure.objects.create(
            team=team, measure=measure, position=0 if last is None else last + 1
        )
        return measure


class EventForm(forms.Form):
    """A phase, baseline end, excluded point or note at one of the series' periods."""

    error_css_class = "has-error"

    kind = forms.ChoiceField(label=_("What"), choices=SeriesEvent.Kind.choices)
    period = forms.TypedChoiceField(
        label=_("From period"), coerce=dt.date.fromisoformat, empty_value=None
    )
    text = forms.CharField(
        label=_("Reason or note"),
        max_length=SeriesEvent._meta.get_field("text").max_length,
        help_text=_("A new phase, baseline or excluded point needs a reason."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(
        self,
        *args: Any,
        periods: list[dt.date],
        kinds: list[str],
        frequency: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        lang = current_lang()
        unit: DateUnit = "month" if frequency == Frequency.MONTH else "day"
        period = self.fields["period"]
        kind = self.fields["kind"]
        assert isinstance(period, forms.ChoiceField)
        assert isinstance(kind, forms.ChoiceField)
        # Newest first: events are usually about what just happened.
        period.choices = [(p.isoformat(), format_date(p, lang, unit)) for p in reversed(periods)]
        kind.choices = [(k, SeriesEvent.Kind(k).label) for k in kinds]
