"""The report's options (year and the method's choices, in the query string) and the form
that starts the reports of all areas of a level."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from forbedring.web.indicators.lights import MUNICIPALITY, REGION, LightSettings
from forbedring.web.organisations.models import Country

YEAR_RANGE = (1990, 2100)
LEVEL_CHOICES = [(MUNICIPALITY, _("Municipalities")), (REGION, _("Regions"))]
COUNTRY_CHOICES = Country.choices


class MethodFields(forms.Form):
    """The traffic lights' options, named as ``LightSettings.from_query`` reads them."""

    limits = forms.ChoiceField(
        label=_("Placement limits"),
        choices=[("95", _("95 % (default)")), ("998", _("99.8 %"))],
        required=False,
    )
    adjust = forms.ChoiceField(
        label=_("Overdispersion"),
        choices=[("yes", _("Adjust the limits (default)")), ("no", _("Do not adjust"))],
        required=False,
    )
    dev = forms.ChoiceField(
        label=_("Development test"),
        choices=[("0.9", _("90 %")), ("0.95", _("95 % (default)")), ("0.99", _("99 %"))],
        required=False,
    )

    def light_settings(self) -> LightSettings:
        data = self.cleaned_data if self.is_valid() else {}
        return LightSettings.from_query({k: v for k, v in data.items() if isinstance(v, str) and v})


def requested_year(query: Mapping[str, str]) -> int | None:
    """The ``year`` asked for, or None (each indicator's latest) for anything else."""
    text = query.get("year", "").strip()
    if text.isdigit() and len(text) == 4 and YEAR_RANGE[0] <= int(text) <= YEAR_RANGE[1]:
        return int(text)
    return None


class ReportOptionsForm(MethodFields):
    year = forms.ChoiceField(label=_("Year"), required=False)
    field_order = ["year", "limits", "adjust", "dev"]

    def __init__(self, data: Mapping[str, str], years: Sequence[int]) -> None:
        settings = LightSettings.from_query(data)
        year = requested_year(data)
        super().__init__(
            {
                "year": str(year or ""),
                "limits": settings.placement_level,
                "adjust": "no" if settings.placement_limits == "unadjusted" else "yes",
                "dev": f"{settings.development_level:g}",
            }
        )
        choices = [("", _("Latest"))] + [(str(y), str(y)) for y in years]
        if year is not None and year not in years:
            choices.append((str(year), str(year)))
        self.fields["year"].choices = choices


class BatchForm(MethodFields):
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRY_CHOICES)
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES)
    year = forms.IntegerField(
        label=_("Year"),
        required=False,
        min_value=YEAR_RANGE[0],
        max_value=YEAR_RANGE[1],
        help_text=_("Leave empty for each indicator's latest year."),
    )
    field_order = ["country", "level", "year", "limits", "adjust", "dev"]
