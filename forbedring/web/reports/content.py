"""What a status report says, for one area or for every area of a level at once (issue #8):
per national goal each indicator's value, previous and national value, the change with its
interval in words, both traffic lights, and the local goals and projects that work on it.

Everything here is plain data with texts already in the report's language, so a report can be
laid out in another process (the batch renders PDFs in a process pool) without the database.
The numbers are the lights' own (:mod:`forbedring.web.indicators.lights`), never recomputed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from forbedring.charts.locales import auto_decimals, format_number, format_with_unit
from forbedring.charts.model import Lang
from forbedring.indicators.library import Goal, Indicator
from forbedring.spc.development import DevelopmentLight
from forbedring.spc.traffic_lights import PlacementLight
from forbedring.web.goals.queries import Cascade, LocalGoalView, cascades_for_areas
from forbedring.web.indicators import wording
from forbedring.web.indicators.lights import (
    AreaLights,
    CountryValues,
    IndicatorLights,
    LightSettings,
    indicator_lights,
)
from forbedring.web.indicators.models import country_indicator_set, library_indicators
from forbedring.web.organisations.models import Organisation
from forbedring.web.reports.method import MethodSection, method_section


@dataclass(frozen=True)
class IndicatorEntry:
    """One indicator of the report, for one area."""

    indicator: Indicator
    title: str
    unit: str
    definition: str
    year: int | None  # the period shown, None when the indicator has no value that year
    previous_year: int | None
    value: str
    previous_value: str
    national: str
    national_published: bool
    numerator: str
    denominator: str
    change: str
    limits: str  # the funnel limits in force at the area, in words
    development: DevelopmentLight
    placement: PlacementLight
    assessed: bool
    has_value: bool
    note: str  # why the lights say "no data", when they do
    local_goals: tuple[LocalGoalView, ...]
    # The charts, filled in by :mod:`forbedring.web.reports.pictures`: inline SVG and the
    # chart in words (for screen readers and as the funnel's caption).
    trend_svg: str = ""
    trend_text: str = ""
    funnel_svg: str = ""
    # The PDF's pictures (URLs of the report's ``images``), when they are pictures.
    trend_image: str = ""
    funnel_image: str = ""
    funnel_text: str = ""


@dataclass(frozen=True)
class GoalSection:
    number: int
    title: str
    entries: tuple[IndicatorEntry, ...]
    # Local goals under this national goal that name none of the indicators shown here.
    goal_level_local_goals: tuple[LocalGoalView, ...]

    @property
    def has_values(self) -> bool:
        return any(entry.has_value for entry in self.entries)


@dataclass(frozen=True)
class Summary:
    improved: int
    unchanged: int
    worsened: int
    better: int
    as_expected: int
    worse: int
    not_assessed: int


@dataclass(frozen=True)
class StatusReport:
    area: Organisation
    level: str
    year: int | None
    generated: dt.date
    lang: Lang
    settings: LightSettings
    is_demo: bool
    goals: tuple[GoalSection, ...]
    summary: Summary
    method: MethodSection
    years: tuple[int, ...] = field(default=())  # every year with values, for the year choice
    # The PDF's pictures by name: (JPEG bytes, media type), see ``core.pdf.resource_url``.
    images: tuple[tuple[str, tuple[bytes, str]], ...] = field(default=())

    @property
    def has_values(self) -> bool:
        return any(entry.has_value for goal in self.goals for entry in goal.entries)

    @property
    def entries(self) -> list[IndicatorEntry]:
        return [entry for goal in self.goals for entry in goal.entries]


@dataclass(frozen=True)
class LevelLights:
    """Every indicator of a level in one period (or each in its latest): computed once for
    all the level's reports. ``missing`` are the level's indicators with no values then."""

    data: CountryValues
    level: str
    lights: dict[str, IndicatorLights]
    missing: tuple[Indicator, ...]
    period: dt.date | None
    settings: LightSettings


def level_indicators(country: str, level: str) -> list[Indicator]:
    """The country's indicators published for ``level``, in the library's order."""
    return [
        indicator
        for indicator, indicator_country in library_indicators().values()
        if indicator_country == country and level in indicator.levels
    ]


def level_lights(
    data: CountryValues, level: str, period: dt.date | None, settings: LightSettings
) -> LevelLights:
    lights: dict[str, IndicatorLights] = {}
    missing = []
    for indicator in level_indicators(data.country, level):
        found = indicator_lights(data, indicator.id, level, period, settings)
        if found is None:
            missing.append(indicator)
        else:
            lights[indicator.id] = found
    return LevelLights(data, level, lights, tuple(missing), period, settings)


def report_years(data: CountryValues, level: str) -> tuple[int, ...]:
    """The years with a value of any of the level's indicators for one of its areas."""
    areas = {a.pk for a in data.areas_of(level)}
    years = {
        period.year
        for indicator in level_indicators(data.country, level)
        for area_id, by_period in data.points.get(indicator.id, {}).items()
        if area_id in areas
        for period in by_period
    }
    return tuple(sorted(years, reverse=True))


def _limits_text(row: AreaLights, indicator: Indicator, lang: Lang) -> str:
    """The funnel limits at the area: "7.5 to 10.4 %" (the unit once)."""
    if row.limit_lower is None or row.limit_upper is None:
        return ""
    both = _("%(lower)s to %(upper)s") % {
        "lower": format_number(row.limit_lower, lang, auto_decimals(row.limit_lower)),
        "upper": format_number(row.limit_upper, lang, auto_decimals(row.limit_upper)),
    }
    return format_with_unit(both, indicator.unit.get(lang), lang)


def _note(lights: IndicatorLights | None, row: AreaLights | None, year: int | None) -> str:
    """Why an indicator has no lights for the area, in one sentence (empty when it has)."""
    if lights is None or row is None:
        if year is None:
            return _("No values of this indicator are stored for this level.")
        return _("No values of this indicator are stored for %(year)s.") % {"year": year}
    if row.current is None:
        return _("This area has no value for %(year)s.") % {"year": lights.period.year}
    if not lights.assessed:
        return _(
            "Not assessed: this indicator is published as a value only, without numerator and "
            "denominator, so no test of the development or the placement can be made."
        )
    notes = []
    if row.development == DevelopmentLight.NO_DATA:
        notes.append(
            _("Development: no data, because the value for %(year)s or its denominator is missing.")
            % {"year": lights.previous.year}
        )
    if row.placement == PlacementLight.NO_DATA:
        notes.append(_("Placement: no data, because the denominator is missing or 0."))
    return " ".join(notes)


def indicator_entry(
    indicator: Indicator,
    lights: IndicatorLights | None,
    area: Organisation,
    cascade: Cascade,
    lang: Lang,
    year: int | None,
) -> IndicatorEntry:
    row = lights.row_for(area.pk) if lights else None
    current = row.current if row else None
    previous = row.previous if row else None
    level = lights.settings.development_level if lights else 0.95
    change = ""
    if row is not None and lights is not None and lights.assessed:
        change = wording.change_text(
            indicator=indicator, change=row.change, lower=row.change_lower,
            upper=row.change_upper, level=level, lang=lang,
        )  # fmt: skip
    return IndicatorEntry(
        indicator=indicator,
        title=indicator.title.get(lang),
        unit=indicator.unit.get(lang),
        definition=indicator.definition.get(lang),
        year=lights.period.year if lights else year,
        previous_year=lights.previous.year if lights else None,
        value=wording.value_text(current.value if current else None, indicator, lang),
        previous_value=wording.value_text(previous.value if previous else None, indicator, lang),
        national=wording.value_text(lights.national if lights else None, indicator, lang),
        national_published=bool(lights and lights.national_published),
        numerator=wording.count_text(current.numerator if current else None, lang),
        denominator=wording.count_text(current.denominator if current else None, lang),
        change=change,
        limits=_limits_text(row, indicator, lang) if row else "",
        development=row.development if row else DevelopmentLight.NO_DATA,
        placement=row.placement if row else PlacementLight.NO_DATA,
        assessed=bool(lights and lights.assessed),
        has_value=current is not None,
        note=_note(lights, row, year),
        local_goals=tuple(cascade.by_indicator.get(indicator.id, [])),
    )


def _summary(entries: Sequence[IndicatorEntry]) -> Summary:
    assessed = [e for e in entries if e.assessed and e.has_value]

    def count(attribute: str, light: int) -> int:
        return sum(1 for e in assessed if getattr(e, attribute) == light)

    return Summary(
        improved=count("development", DevelopmentLight.IMPROVED),
        unchanged=count("development", DevelopmentLight.UNCHANGED),
        worsened=count("development", DevelopmentLight.WORSENED),
        better=count("placement", PlacementLight.BETTER),
        as_expected=count("placement", PlacementLight.AS_EXPECTED),
        worse=count("placement", PlacementLight.WORSE),
        not_assessed=sum(1 for e in entries if e.has_value and not e.assessed),
    )


def _goal_sections(
    goals: Sequence[Goal], entries: Sequence[IndicatorEntry], cascade: Cascade, lang: Lang
) -> tuple[GoalSection, ...]:
    sections = []
    for goal in sorted(goals, key=lambda g: g.number):
        own = tuple(e for e in entries if e.indicator.goal == goal.id)
        shown = {e.indicator.id for e in own}
        general = tuple(
            g for g in cascade.by_goal.get(goal.id, []) if not shown.intersection(g.indicators)
        )
        if own or general:
            sections.append(GoalSection(goal.number, goal.title.get(lang), own, general))
    return tuple(sections)


def build_report(
    area: Organisation, found: LevelLights, cascade: Cascade, lang: Lang, years: tuple[int, ...]
) -> StatusReport:
    """One area's report from its level's lights (texts in ``lang``: call it with that
    language active, as the cascade's were read)."""
    year = found.period.year if found.period else None
    ordered = level_indicators(found.data.country, found.level)
    entries = [
        indicator_entry(i, found.lights.get(i.id), area, cascade, lang, year) for i in ordered
    ]
    indicator_set = country_indicator_set(found.data.country)
    goals = indicator_set.goals if indicator_set else ()
    shown_year = year or max((lights.period.year for lights in found.lights.values()), default=None)
    demo = any(
        row.current.is_demo
        for lights in found.lights.values()
        if (row := lights.row_for(area.pk)) is not None and row.current is not None
    ) or any(lights.is_demo for lights in found.lights.values())
    return StatusReport(
        area=area,
        level=found.level,
        year=shown_year,
        generated=timezone.localdate(),
        lang=lang,
        settings=found.settings,
        is_demo=demo,
        goals=_goal_sections(goals, entries, cascade, lang),
        summary=_summary(entries),
        method=method_section(found.lights.values(), found.settings, indicator_set, lang),
        years=years,
    )


def build_reports(
    found: LevelLights, areas: Sequence[Organisation], lang: Lang
) -> list[StatusReport]:
    """Every area's report: the cascades of all areas in three queries, nothing per area."""
    cascades = cascades_for_areas([a.pk for a in areas])
    years = report_years(found.data, found.level)
    return [build_report(a, found, cascades[a.pk], lang, years) for a in areas]
