"""The national overview (issue #8): every municipality (or region) of a country × every
indicator, each cell the value with both traffic lights; filtered, sorted and counted.

The lights come from :func:`lights.country_lights` unchanged: this module only arranges them
into rows and columns, so the overview cannot disagree with the indicator page or the status
report. Counts are of the rows shown, so they add up to what the reader sees (and downloads).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _

from forbedring.charts.locales import auto_decimals, format_number
from forbedring.charts.model import Lang
from forbedring.indicators.library import Goal
from forbedring.spc.development import DevelopmentLight
from forbedring.spc.traffic_lights import PlacementLight
from forbedring.web.indicators.areas import danish_areas
from forbedring.web.indicators.lights import (
    MUNICIPALITY,
    CountryValues,
    IndicatorLights,
    country_lights,
)
from forbedring.web.indicators.models import indicator_sets, library_indicators
from forbedring.web.indicators.overview_params import SORT_BY_NAME, OverviewParams, name_key
from forbedring.web.indicators.templatetags.traffic_lights import (
    DEVELOPMENT as DEVELOPMENT_MARKS,
)
from forbedring.web.indicators.templatetags.traffic_lights import (
    PLACEMENT as PLACEMENT_MARKS,
)
from forbedring.web.organisations.models import Organisation


@dataclass(frozen=True)
class Mark:
    """A light as a compact symbol: the word (for screen readers and the tooltip), the symbol
    and the colour tone, as the shared traffic-light tags say it."""

    word: object
    symbol: str
    tone: str


@dataclass(frozen=True)
class Cell:
    """One area's value of one indicator and its two lights."""

    value: float | None
    text: str
    placement: PlacementLight
    development: DevelopmentLight
    assessed: bool

    @property
    def placement_mark(self) -> Mark:
        return Mark(*PLACEMENT_MARKS[self.placement])

    @property
    def development_mark(self) -> Mark:
        return Mark(*DEVELOPMENT_MARKS[self.development])

    @property
    def is_problem(self) -> bool:
        return (
            self.placement == PlacementLight.WORSE or self.development == DevelopmentLight.WORSENED
        )


@dataclass(frozen=True)
class ColumnCounts:
    """How many of the rows shown are better, worse, improved, worsened in one column."""

    better: int = 0
    worse: int = 0
    improved: int = 0
    worsened: int = 0


@dataclass(frozen=True)
class Column:
    """One indicator: its lights for every area, how its values are written, and its counts."""

    lights: IndicatorLights
    title: str
    unit: str
    decimals: int
    national_text: str
    counts: ColumnCounts

    @property
    def indicator_id(self) -> str:
        return self.lights.indicator.id

    @property
    def year(self) -> int:
        return self.lights.period.year

    @property
    def assessed(self) -> bool:
        return self.lights.assessed

    @property
    def span(self) -> int:
        """Table columns: value, placement and development; the value alone when the
        indicator is not assessed."""
        return 3 if self.assessed else 1


@dataclass(frozen=True)
class GoalGroup:
    """The columns of one national goal (a quality theme in Norway), for the header row."""

    goal_id: str
    title: str
    columns: tuple[Column, ...]

    @property
    def span(self) -> int:
        return sum(column.span for column in self.columns)


@dataclass(frozen=True)
class Row:
    area: Organisation
    region: str
    cells: tuple[Cell, ...]

    @property
    def has_problem(self) -> bool:
        return any(cell.is_problem for cell in self.cells)


@dataclass(frozen=True)
class Overview:
    """The table as shown: ``params`` are the parameters as applied (choices the data do not
    have replaced by their defaults), ``notices`` say what was replaced and why."""

    params: OverviewParams
    groups: tuple[GoalGroup, ...]
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    area_count: int
    nation: Organisation | None
    years: tuple[int, ...]
    goal_choices: tuple[tuple[str, str], ...]
    region_choices: tuple[tuple[str, str], ...]
    notices: tuple[str, ...]
    is_demo: bool

    @property
    def width(self) -> int:
        """The table's columns: the area, the region (Danish municipalities), the indicators'."""
        return 1 + bool(self.region_choices) + sum(column.span for column in self.columns)


@cache
def library_goals() -> dict[str, Goal]:
    """Every goal (or theme) of the library by id; read once, the files do not change."""
    return {goal.id: goal for indicator_set in indicator_sets() for goal in indicator_set.goals}


@cache
def danish_regions() -> tuple[dict[str, str], dict[str, str]]:
    """Region names by region code, and region codes by municipality code."""
    records = danish_areas()
    names = {r.code: r.name for r in records if r.kind == Organisation.Kind.REGION}
    of_municipality = {r.code: r.region for r in records if r.kind == MUNICIPALITY}
    return names, of_municipality


def available_years(data: CountryValues, level: str) -> tuple[int, ...]:
    """Years with a value of any of the country's indicators for an area of ``level``."""
    area_ids = {area.pk for area in data.areas_of(level)}
    years = {
        period.year
        for indicator_id, by_area in data.points.items()
        if _published_at(indicator_id, data.country, level)
        for area_id, by_period in by_area.items()
        if area_id in area_ids
        for period in by_period
    }
    return tuple(sorted(years, reverse=True))


def _published_at(indicator_id: str, country: str, level: str) -> bool:
    found = library_indicators().get(indicator_id)
    return found is not None and found[1] == country and level in found[0].levels


def _column_decimals(lights: IndicatorLights) -> int:
    """One number of decimals per column, so values line up: the national value's (or the
    largest value's when the nation has none) automatic decimals."""
    if lights.national is not None:
        return auto_decimals(lights.national)
    values = [abs(row.current.value) for row in lights.rows if row.current is not None]
    return auto_decimals(max(values)) if values else 0


def _cells(lights: IndicatorLights, decimals: int, lang: Lang) -> dict[int, Cell]:
    cells = {}
    for row in lights.rows:
        value = row.current.value if row.current else None
        cells[row.area.pk] = Cell(
            value=value,
            text=format_number(value, lang, decimals),
            placement=row.placement,
            development=row.development,
            assessed=lights.assessed,
        )
    return cells


def _counts(cells: list[Cell]) -> ColumnCounts:
    return ColumnCounts(
        better=sum(c.placement == PlacementLight.BETTER for c in cells),
        worse=sum(c.placement == PlacementLight.WORSE for c in cells),
        improved=sum(c.development == DevelopmentLight.IMPROVED for c in cells),
        worsened=sum(c.development == DevelopmentLight.WORSENED for c in cells),
    )


def _region_of(area: Organisation, country: str) -> str:
    if country != "DK" or area.kind != MUNICIPALITY:
        return ""
    names, of_municipality = danish_regions()
    return names.get(of_municipality.get(area.official_code, ""), "")


def _matches(row: Row, params: OverviewParams) -> bool:
    if params.region and _region_code(row.area) != params.region:
        return False
    if params.search:
        needle = params.search.casefold()
        if needle not in row.area.name.casefold() and needle != row.area.official_code:
            return False
    return not params.only_problems or row.has_problem


def _region_code(area: Organisation) -> str:
    return danish_regions()[1].get(area.official_code, "")


def sort_rows(rows: list[Row], column: int | None, descending: bool) -> list[Row]:
    """By name, or by one column's value with the areas without a value last whichever the
    direction (they are not the smallest, they are unknown); ties by name."""
    by_name = sorted(rows, key=lambda r: (name_key(r.area.name), r.area.pk))
    if column is None:
        return by_name[::-1] if descending else by_name
    valued = [r for r in by_name if r.cells[column].value is not None]
    missing = [r for r in by_name if r.cells[column].value is None]
    # sorted() is stable with reverse=True too: equal values keep their name order.
    valued.sort(key=lambda r: r.cells[column].value or 0.0, reverse=descending)
    return valued + missing


def _goal_groups(columns: list[Column], lang: Lang) -> tuple[GoalGroup, ...]:
    goals = library_goals()
    groups: list[GoalGroup] = []
    for column in columns:
        goal_id = column.lights.indicator.goal
        if groups and groups[-1].goal_id == goal_id:
            last = groups[-1]
            groups[-1] = dataclasses.replace(last, columns=(*last.columns, column))
        else:
            goal = goals.get(goal_id)
            title = goal.title.get(lang) if goal else goal_id
            groups.append(GoalGroup(goal_id, title, (column,)))
    return tuple(groups)


def _applicable(
    params: OverviewParams, data: CountryValues, all_lights: list[IndicatorLights], lang: Lang
) -> tuple[OverviewParams, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The parameters with choices this data set does not offer replaced by the defaults,
    and the goal and region choices it does offer."""
    goals = library_goals()
    goal_ids = list(dict.fromkeys(lights.indicator.goal for lights in all_lights))
    goal_choices = tuple(
        (goal_id, goals[goal_id].title.get(lang) if goal_id in goals else goal_id)
        for goal_id in goal_ids
    )
    region_choices: tuple[tuple[str, str], ...] = ()
    if data.country == "DK" and params.level == MUNICIPALITY:
        region_choices = tuple(sorted(danish_regions()[0].items(), key=lambda c: c[1]))
    shown = [lights for lights in all_lights if params.goal in ("", lights.indicator.goal)]
    sortable = {SORT_BY_NAME} | {lights.indicator.id for lights in shown}
    params = dataclasses.replace(
        params,
        goal=params.goal if params.goal in goal_ids else "",
        region=params.region if params.region in dict(region_choices) else "",
        sort=params.sort if params.sort in sortable else SORT_BY_NAME,
    )
    return params, goal_choices, region_choices


def build_overview(data: CountryValues, params: OverviewParams, lang: Lang) -> Overview:
    """The table for ``params`` from a country's loaded values (no further queries)."""
    notices: list[str] = []
    years = available_years(data, params.level)
    if params.year is not None and params.year not in years:
        notices.append(
            _("There are no values for %(year)s. The latest values are shown instead.")
            % {"year": params.year}
        )
        params = dataclasses.replace(params, year=None)
    period = dt.date(params.year, 1, 1) if params.year else None
    all_lights = country_lights(data, params.level, params.settings, period)
    params, goal_choices, region_choices = _applicable(params, data, all_lights, lang)
    shown_lights = [lights for lights in all_lights if params.goal in ("", lights.indicator.goal)]

    decimals = [_column_decimals(lights) for lights in shown_lights]
    cells_by_column = [
        _cells(lights, places, lang) for lights, places in zip(shown_lights, decimals, strict=True)
    ]
    areas = data.areas_of(params.level)
    every_row = [
        Row(
            area=area,
            region=_region_of(area, data.country),
            cells=tuple(cells[area.pk] for cells in cells_by_column),
        )
        for area in areas
    ]
    kept = [row for row in every_row if _matches(row, params)]
    sort_column = next(
        (i for i, lights in enumerate(shown_lights) if lights.indicator.id == params.sort), None
    )
    rows = sort_rows(kept, sort_column, params.descending)
    columns = [
        Column(
            lights=lights,
            title=lights.indicator.title.get(lang),
            unit=lights.indicator.unit.get(lang),
            decimals=places,
            national_text=format_number(lights.national, lang, places),
            counts=_counts([row.cells[i] for row in rows]),
        )
        for i, (lights, places) in enumerate(zip(shown_lights, decimals, strict=True))
    ]
    return Overview(
        params=params,
        groups=_goal_groups(columns, lang),
        columns=tuple(columns),
        rows=tuple(rows),
        area_count=len(areas),
        nation=data.nation,
        years=years,
        goal_choices=goal_choices,
        region_choices=region_choices,
        notices=tuple(notices),
        is_demo=any(lights.is_demo for lights in shown_lights),
    )
