"""The data entry page's form: one row per measure the team reports at the page's frequency.

Numbers are typed the way the active language writes them (``core.numbers``); the rules for
what a measure accepts live in ``actions.entry_problems`` so uploads and the API share them.
Every message names the measure and the field, because the error summary at the top of the
page lists them out of their context.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from forbedring.web.core.numbers import NumberError, format_number, parse_number
from forbedring.web.measures.actions import (
    FIELD_LABELS,
    SIGNED_VALUE_CHARTS,
    Conflict,
    Entry,
    Values,
    entry_problems,
    in_range,
)
from forbedring.web.measures.models import (
    Frequency,
    Measure,
    Observation,
    ObservationRevision,
    period_start,
)
from forbedring.web.organisations.models import Team

HINT_LENGTH = 100
COMMENT_LENGTH = 1000


def period_label(period: dt.date, frequency: str) -> str:
    """The period as people say it in the active language: "March 2025", "week 12, 2025",
    "3. marts 2025"."""
    if frequency == Frequency.MONTH:
        return date_format(period, "YEAR_MONTH_FORMAT")
    if frequency == Frequency.WEEK:
        year, week, _day = period.isocalendar()
        return str(_("week %(week)d, %(year)d") % {"week": week, "year": year})
    return date_format(period, "DATE_FORMAT")


def range_problem(measure: Measure, period: dt.date, today: dt.date) -> str | None:
    """Why nothing can be entered for ``period`` (before the measure's first period, or a
    period still to come); None when it can."""
    if in_range(measure, period, today):
        return None
    params = {"measure": measure.name, "period": period_label(period, measure.frequency)}
    first = measure.first_period
    if first is not None and period < period_start(first, measure.frequency):
        params["first"] = period_label(period_start(first, measure.frequency), measure.frequency)
        return str(
            _(
                "%(measure)s: data start with %(first)s, so nothing can be entered for "
                "%(period)s (the period must be within the measure's range)."
            )
            % params
        )
    return str(
        _(
            "%(measure)s: %(period)s has not begun yet; data can be entered up to the current "
            "period (the period must be within the measure's range)."
        )
        % params
    )


class NumberField(forms.Field):
    """A number typed in the active language's way; empty is None."""

    widget = forms.TextInput

    def __init__(self, *, measure: Measure, key: str, **kwargs: Any) -> None:
        self.measure = measure
        self.key = key
        super().__init__(required=False, **kwargs)

    def to_python(self, value: Any) -> float | None:
        text = value.strip() if isinstance(value, str) else value
        if text in (None, ""):
            return None
        try:
            return float(parse_number(str(text)))
        except NumberError as error:
            raise ValidationError(
                str(
                    _("%(measure)s, %(field)s: %(reason)s")
                    % {
                        "measure": self.measure.name,
                        "field": FIELD_LABELS[self.key],
                        "reason": error.message,
                    }
                ),
                code="invalid",
            ) from None


class MeasureRowForm(forms.Form):
    """One measure's numbers for the period, the comment, and the version the user saw."""

    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, max_length=COMMENT_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "off", "class": "comment"}),
    )  # fmt: skip
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(
        self,
        data: Any = None,
        *,
        measure: Measure,
        period: dt.date,
        observation: Observation | None,
        range_problem: str | None = None,
    ) -> None:
        self.measure = measure
        self.period = period
        self.observation = observation
        self.range_problem = range_problem
        self.conflict: Conflict | None = None
        super().__init__(data, prefix=f"m{measure.pk}", initial=self._initial())
        keys = ("numerator", "denominator") if measure.has_denominator else ("value",)
        for key in keys:
            self.fields[key] = self._number_field(key)
        self.order_fields([*keys, "comment", "version"])
        self.fields["version"].error_messages["required"] = str(
            _("%(measure)s: the page is incomplete; reload it and enter the values again.")
            % {"measure": measure.name}
        )
        # Django formats this message once more with its own parameters: a "%" in a measure's
        # name ("Residents weighed (%)") must be escaped.
        self.fields["comment"].error_messages["max_length"] = str(
            _("%(measure)s, comment: write at most %(limit)d characters.")
            % {"measure": measure.name, "limit": COMMENT_LENGTH}
        ).replace("%", "%%")

    def _initial(self) -> dict[str, Any]:
        values = Values.of(self.observation)
        return {
            "numerator": format_number(values.numerator),
            "denominator": format_number(values.denominator),
            "value": format_number(values.value),
            "comment": values.comment,
            "version": self.observation.version if self.observation is not None else 0,
        }

    def _number_field(self, key: str) -> NumberField:
        labels = {"numerator": _("Numerator"), "denominator": _("Denominator"), "value": _("Value")}
        m = self.measure
        definition = {"numerator": m.numerator, "denominator": m.denominator}.get(
            key, m.numerator or m.description
        )
        signed = key == "value" and m.chart_type in SIGNED_VALUE_CHARTS
        return NumberField(
            measure=m,
            key=key,
            label=labels[key],
            help_text=Truncator(definition.strip()).chars(HINT_LENGTH) if definition else "",
            widget=forms.TextInput(
                attrs={
                    # The decimal keypad of iOS has no minus key: measurements that may be
                    # negative get the full keyboard.
                    "inputmode": "text" if signed else "decimal",
                    "autocomplete": "off",
                    "spellcheck": "false",
                    "class": "number",
                    "size": 8,
                    "maxlength": 40,
                }
            ),
        )

    @property
    def anchor(self) -> str:
        """The id of the row's fieldset, the error summary's link target for row errors."""
        return f"row-m{self.measure.pk}"

    @property
    def number_fields(self) -> list[forms.BoundField]:
        return [self[key] for key in ("numerator", "denominator", "value") if key in self.fields]

    @property
    def history(self) -> list[ObservationRevision]:
        """Earlier values of this period (prefetched, newest first)."""
        if self.observation is None:
            return []
        return sorted(self.observation.revisions.all(), key=lambda r: r.version, reverse=True)

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if self.errors:
            return data
        numbers = {
            k: data.get(k) for k in ("numerator", "denominator", "value") if k in self.fields
        }
        if self.range_problem is not None:
            # The page shows such a row without inputs; typed data can only come from a stale
            # page or a crafted request, and must not be stored.
            if any(v is not None for v in numbers.values()) or data.get("comment"):
                self.add_error(None, self.range_problem)
            return data
        for problem in entry_problems(self.measure, **numbers):
            key = problem.field if problem.field in self.fields else None
            self.add_error(key, problem.message)
        return data

    def entry(self) -> Entry | None:
        """The row as an ``actions.Entry``; None for a row outside the measure's range."""
        if self.range_problem is not None:
            return None
        data = self.cleaned_data
        return Entry(
            measure=self.measure,
            numerator=data.get("numerator"),
            denominator=data.get("denominator"),
            value=data.get("value"),
            comment=data.get("comment", ""),
            version=data["version"],
        )

    def describe(self, values: Values) -> list[tuple[str, str]]:
        """``values`` as (label, text) pairs in the active language, for notices and history."""
        pairs = [
            (str(self.fields[key].label), format_number(getattr(values, key)) or "–")
            for key in ("numerator", "denominator", "value")
            if key in self.fields
        ]
        if values.comment:
            pairs.append((str(_("Comment")), values.comment))
        return pairs

    def conflict_values(self) -> list[tuple[str, str]]:
        """What the colleague saved, for the conflict notice."""
        return [] if self.conflict is None else self.describe(self.conflict.current)

    def history_items(self) -> list[tuple[ObservationRevision, list[tuple[str, str]]]]:
        """Each earlier version with its values described, newest first."""
        return [(revision, self.describe(Values.of(revision))) for revision in self.history]


def _posted(data: Any, measure: Measure) -> bool:
    """Whether ``data`` holds the measure's row. A row missing altogether (a measure added to
    the team after the page was opened, a client sending only some rows) is left alone; it is
    not an empty row, which would clear the stored values."""
    if data is None:
        return False
    prefix = f"m{measure.pk}-"
    return any(key.startswith(prefix) for key in data)


class PeriodEntryForm:
    """All rows of one period; valid when every row is."""

    def __init__(
        self,
        data: Any,
        *,
        team: Team,
        measures: list[Measure],
        frequency: str,
        period: dt.date,
        today: dt.date,
    ) -> None:
        self.team = team
        self.frequency = frequency
        self.period = period
        revisions = ObservationRevision.objects.select_related("entered_by", "replaced_by")
        stored = {
            o.measure_id: o
            for o in Observation.objects.filter(team=team, period=period, measure__in=measures)
            .select_related("entered_by")
            .prefetch_related(Prefetch("revisions", queryset=revisions))
        }
        self.rows = [
            MeasureRowForm(
                data if _posted(data, m) else None,
                measure=m,
                period=period,
                observation=stored.get(m.pk),
                range_problem=range_problem(m, period, today),
            )
            for m in measures
        ]

    @property
    def is_bound(self) -> bool:
        return any(row.is_bound for row in self.rows)

    def is_valid(self) -> bool:
        # Every row is validated (no short cut), so the page shows all problems at once.
        valid = [row.is_valid() for row in self.rows if row.is_bound]
        return self.is_bound and all(valid)

    def entries(self) -> list[Entry]:
        return [entry for row in self.rows if row.is_bound and (entry := row.entry()) is not None]

    def error_summary(self) -> list[tuple[str, str]]:
        """(link target, message) of every error, in page order, for the summary at the top."""
        if not self.is_bound:
            return []
        summary: list[tuple[str, str]] = []
        for row in self.rows:
            summary += [(row.anchor, str(message)) for message in row.non_field_errors()]
            for bound in row:
                if bound.is_hidden:
                    summary += [(row.anchor, str(message)) for message in bound.errors]
                else:
                    summary += [(bound.auto_id, str(message)) for message in bound.errors]
        return summary

    def set_conflicts(self, conflicts: list[Conflict]) -> None:
        by_measure = {c.measure.pk: c for c in conflicts}
        for row in self.rows:
            row.conflict = by_measure.get(row.measure.pk)

    @property
    def conflicts(self) -> list[MeasureRowForm]:
        return [row for row in self.rows if row.conflict is not None]
