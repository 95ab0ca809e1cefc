"""Checking and saving a published indicator sheet (validated like the C7 import).

Every row is checked first; errors name the row, the column and what was expected. Nothing
is saved while any row has an error (all or nothing). Importing the same file twice changes
nothing the second time; a value that differs from the stored one replaces it and is counted.
When a row gives numerator, denominator and value, the value must agree with
numerator / denominator × multiplier to the decimals it is published with.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forbedring.indicators.library import Indicator
from forbedring.web.core.numbers import format_number
from forbedring.web.imports.cells import Cell, CellError, Style, decide_style, read_number
from forbedring.web.imports.cells import read_text as cell_text
from forbedring.web.imports.headers import header_style
from forbedring.web.imports.reading import Table
from forbedring.web.indicators.areas import AreaIndex
from forbedring.web.indicators.layout import Layout, Period, find_layout, read_period
from forbedring.web.indicators.models import (
    IndicatorImport,
    IndicatorValue,
    library_indicators,
)
from forbedring.web.organisations.models import Organisation

LEVEL_KINDS = {
    "municipality": Organisation.Kind.MUNICIPALITY,
    "region": Organisation.Kind.REGION,
    "county": Organisation.Kind.REGION,
    "nation": Organisation.Kind.NATIONAL_BODY,
}
# The library's level ids in the reader's words.
LEVEL_NAMES = {
    "municipality": gettext_lazy("municipalities"),
    "region": gettext_lazy("regions"),
    "county": gettext_lazy("counties"),
    "nation": gettext_lazy("the nation"),
}


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass(frozen=True)
class PlannedValue:
    row: int
    area: Organisation
    period: Period
    numerator: float | None
    denominator: float | None
    value: float
    outcome: str = "new"  # "new", "updated" or "unchanged"


@dataclass
class ImportPlan:
    indicator: Indicator
    country: str
    wide: bool
    values: list[PlannedValue] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total_rows: list[int] = field(default_factory=list)

    def count(self, outcome: str) -> int:
        return sum(1 for v in self.values if v.outcome == outcome)


class PlanError(ValueError):
    """The file as a whole cannot be imported (no area column, unknown indicator...)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def plan_import(table: Table, indicator_id: str) -> ImportPlan:
    """What importing ``table`` as values of ``indicator_id`` would do; saves nothing."""
    found = library_indicators().get(indicator_id)
    if found is None:
        raise PlanError(_("“%(id)s” is not an indicator of the library.") % {"id": indicator_id})
    indicator, country = found
    try:
        layout = find_layout(list(table.header))
    except ValueError as error:
        raise PlanError(str(error)) from None
    plan = ImportPlan(indicator, country, layout.wide, total_rows=list(table.total_rows))
    style = _style(table, layout)
    areas = AreaIndex(country)
    seen: dict[tuple[int, Period], int] = {}
    for row in table.rows:
        check = _RowCheck(plan, table, layout, style, areas, row.number, row.cells)
        row_values = check.values()
        plan.errors += check.errors
        for planned in row_values:
            key = (planned.area.pk, planned.period)
            if key in seen:
                plan.errors.append(
                    RowError(
                        row.number,
                        "",
                        _(
                            "one row per area and period: %(area)s %(period)s is also in row "
                            "%(other)s"
                        )
                        % {
                            "area": planned.area.name,
                            "period": planned.period.label(),
                            "other": seen[key],
                        },
                    )
                )
                continue
            seen[key] = row.number
            plan.values.append(planned)
    plan.values = _with_outcomes(indicator.id, plan.values)
    return plan


def _style(table: Table, layout: Layout) -> Style | None:
    columns = [layout.numerator, layout.denominator, layout.value, *layout.periods]
    samples = [
        cell
        for row in table.rows
        for index in columns
        if index is not None and index < len(row.cells)
        for cell in [row.cells[index]]
        if isinstance(cell, str)
    ]
    decision = decide_style(
        samples, header_style=header_style(table.header), delimiter=table.delimiter or None
    )
    return decision.style


class _RowCheck:
    """Reads one row: its area, its period(s) and numbers, collecting the row's errors."""

    def __init__(
        self, plan: ImportPlan, table: Table, layout: Layout, style: Style | None,
        areas: AreaIndex, number: int, cells: tuple[Cell, ...],
    ) -> None:  # fmt: skip
        self.plan, self.table, self.layout, self.style = plan, table, layout, style
        self.areas, self.number, self.cells = areas, number, cells
        self.errors: list[RowError] = []

    def cell(self, index: int | None) -> Cell:
        return self.cells[index] if index is not None and index < len(self.cells) else None

    def fail(self, index: int | None, message: str) -> None:
        column = self.table.header[index] if index is not None else ""
        self.errors.append(RowError(self.number, column, message))

    def values(self) -> list[PlannedValue]:
        layout = self.layout
        area = self.area()
        found: list[PlannedValue] = []
        if layout.wide:
            for index, column_period in layout.periods.items():
                value = self.read_number(index)
                if value is not None and area is not None:
                    found.append(PlannedValue(self.number, area, column_period, None, None, value))
            return [] if self.errors else found
        period = self.period()
        numerator = self.read_number(layout.numerator)
        denominator = self.read_number(layout.denominator)
        published = self.read_number(layout.value)
        # A number that could not be read is reported once, not again as a missing one.
        if self.errors or area is None or period is None:
            return []
        value = self.value(numerator, denominator, published)
        if self.errors or value is None:
            return []
        return [PlannedValue(self.number, area, period, numerator, denominator, value)]

    def period(self) -> Period | None:
        try:
            period = read_period(self.cell(self.layout.period))
        except CellError as error:
            self.fail(self.layout.period, error.message)
            return None
        if period is None:
            self.fail(self.layout.period, _("a year such as 2024 or a quarter such as 2024K1"))
        return period

    def area(self) -> Organisation | None:
        layout, areas = self.layout, self.areas
        code, name = cell_text(self.cell(layout.code)), cell_text(self.cell(layout.name))
        by_name = areas.by_name_text(name) if name else None
        if code:
            area = areas.by_code_text(code)
            if area is None:
                self.fail(layout.code, _(
                    "an official code of a municipality or region, e.g. 0101 (no area has "
                    "the code “%(code)s”)") % {"code": code})  # fmt: skip
                return None
            if name and by_name is not None and by_name != area:
                self.fail(layout.name, _(
                    "the name of the area with code %(code)s, %(area)s (not “%(name)s”)")
                    % {"code": area.official_code, "area": area.name, "name": name})  # fmt: skip
                return None
        elif name:
            area = by_name
            if area is None:
                self.fail(layout.name, _(
                    "a municipality, a region or “Hele landet” (“%(name)s” is not known "
                    "here)") % {"name": name})  # fmt: skip
                return None
        else:
            self.fail(layout.code if layout.code is not None else layout.name,
                      _("the area: a municipality code or name"))  # fmt: skip
            return None
        indicator = self.plan.indicator
        if area.kind not in {LEVEL_KINDS[level] for level in indicator.levels}:
            self.fail(layout.code if code else layout.name, _(
                "an area this indicator is published for (%(levels)s), not %(area)s")
                % {"levels": ", ".join(str(LEVEL_NAMES[level]) for level in indicator.levels),
                   "area": area.name})  # fmt: skip
            return None
        return area

    def read_number(self, index: int | None) -> float | None:
        try:
            number = read_number(self.cell(index), self.style)
        except CellError as error:
            self.fail(index, error.message)
            return None
        if number is not None and (math.isnan(number) or math.isinf(number) or number < 0):
            self.fail(index, _("a number of 0 or more"))
            return None
        return number

    def value(
        self, numerator: float | None, denominator: float | None, published: float | None
    ) -> float | None:
        """The value to store: numerator / denominator × multiplier when both are given
        (and the published value must agree), else the published value."""
        layout, indicator = self.layout, self.plan.indicator
        if (numerator is None) != (denominator is None):
            missing = layout.denominator if numerator is not None else layout.numerator
            if missing is None:
                missing = layout.numerator if layout.numerator is not None else layout.denominator
            self.fail(missing, _("both the numerator and the denominator, or neither"))
            return None
        if numerator is None or denominator is None:
            if published is None:
                self.fail(layout.value, _("a value (or a numerator and a denominator)"))
            return published
        if denominator == 0:
            self.fail(layout.denominator, _("a denominator greater than 0"))
            return None
        if indicator.data_type == "pr" and numerator > denominator:
            # A proportion above 1 would stop every traffic light of the indicator.
            self.fail(layout.numerator, _("a numerator no greater than the denominator"))
            return None
        computed = numerator / denominator * indicator.multiplier
        if published is not None:
            shown = self.cell(layout.value)
            tolerance = 0.5 * 10 ** -_decimals(shown, self.style) + 1e-9 * abs(computed)
            if abs(published - computed) > tolerance:
                self.fail(layout.value, _(
                    "the value of numerator / denominator × %(multiplier)s = %(computed)s "
                    "(not %(published)s)")
                    % {"multiplier": format_number(indicator.multiplier),
                       "computed": format_number(round(computed, 4)),
                       "published": cell_text(shown)})  # fmt: skip
                return None
        return computed


def _decimals(cell: Cell, style: Style | None) -> int:
    """How many decimals a published value shows: "12,35" -> 2, 12.5 -> 1, "12" -> 0,
    "12.500" in a file with decimal comma -> 0 (a thousands separator)."""
    if isinstance(cell, float):
        text = "" if cell.is_integer() else repr(cell)
        separator = "."
    else:
        text = cell_text(cell)
        separator = "," if style is Style.COMMA else "."
    position = text.rfind(separator)
    return 0 if position < 0 else len(text) - position - 1


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _with_outcomes(indicator_id: str, values: list[PlannedValue]) -> list[PlannedValue]:
    stored = {
        (v.area_id, v.period_kind, v.period): v
        for v in IndicatorValue.objects.filter(
            indicator=indicator_id, area__in={p.area.pk for p in values}
        )
    }
    result = []
    for planned in values:
        old = stored.get((planned.area.pk, planned.period.kind, planned.period.start))
        if old is None:
            outcome = "new"
        elif all(
            _same(a, b)
            for a, b in (
                (old.numerator, planned.numerator),
                (old.denominator, planned.denominator),
                (old.value, planned.value),
            )
        ):
            outcome = "unchanged"
        else:
            outcome = "updated"
        result.append(_replace(planned, outcome))
    return result


def _replace(planned: PlannedValue, outcome: str) -> PlannedValue:
    return PlannedValue(
        planned.row, planned.area, planned.period, planned.numerator, planned.denominator,
        planned.value, outcome,
    )  # fmt: skip


@transaction.atomic
def apply_plan(plan: ImportPlan, record: IndicatorImport) -> IndicatorImport:
    """Save a plan without errors (the caller checks): new values created, changed ones
    updated, and the counts written to ``record``."""
    if plan.errors:
        raise PlanError(_("Nothing is saved while rows have errors."))
    now = timezone.now()
    if record.pk is None:
        record.save()  # the values point at it
    plan.values = _with_outcomes(plan.indicator.id, plan.values)  # as the database is now
    stored = {
        (v.area_id, v.period_kind, v.period): v
        for v in IndicatorValue.objects.select_for_update().filter(
            indicator=plan.indicator.id, area__in={p.area.pk for p in plan.values}
        )
    }
    new, changed = [], []
    for planned in plan.values:
        fields = {
            "numerator": planned.numerator, "denominator": planned.denominator,
            "value": planned.value, "source": record.source, "is_demo": False,
            "imported_by": record.imported_by, "imported_at": now, "import_record": record,
        }  # fmt: skip
        if planned.outcome == "new":
            new.append(
                IndicatorValue(
                    indicator=plan.indicator.id,
                    area=planned.area,
                    period=planned.period.start,
                    period_kind=planned.period.kind,
                    **fields,
                )
            )
        elif planned.outcome == "updated":
            value = stored[(planned.area.pk, planned.period.kind, planned.period.start)]
            for name, content in fields.items():
                setattr(value, name, content)
            changed.append(value)
    IndicatorValue.objects.bulk_create(new)
    IndicatorValue.objects.bulk_update(changed, list(_UPDATED_FIELDS))
    record.status = IndicatorImport.Status.IMPORTED
    record.imported_at = now
    record.rows = len(plan.values)
    record.created, record.updated = len(new), len(changed)
    record.unchanged = plan.count("unchanged")
    record.data = b""  # the values are stored; the file is not kept
    record.save()
    return record


_UPDATED_FIELDS = (
    "numerator", "denominator", "value", "source", "is_demo", "imported_by", "imported_at",
    "import_record",
)  # fmt: skip
