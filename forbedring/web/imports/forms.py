"""The upload form and the column mapping form (C7)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forbedring.web.imports.headers import FIELDS
from forbedring.web.imports.mapping import Mapping, field_labels


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (separated by ; or ,) or Excel (.xlsx), with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tsv,.xlsx"}),
    )


class MappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or nothing."""

    def __init__(
        self, *args: object, header: list[str], initial_mapping: Mapping, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        labels = field_labels()
        choices = [("", _("Not imported")), *((f, labels[f]) for f in FIELDS)]
        chosen = {index: field for field, index in initial_mapping.items()}
        for index, name in enumerate(header):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=name, choices=choices, required=False, initial=chosen.get(index, "")
            )

    def mapping(self) -> Mapping:
        return {
            value: int(name.removeprefix("column_"))
            for name, value in self.cleaned_data.items()
            if value
        }

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        used = [v for v in cleaned.values() if v]
        doubled = {v for v in used if used.count(v) > 1}
        if doubled:
            labels = field_labels()
            raise forms.ValidationError(
                _("Each field can come from one column only: %(fields)s is chosen twice.")
                % {"fields": ", ".join(str(labels[f]) for f in sorted(doubled))}
            )
        return cleaned
