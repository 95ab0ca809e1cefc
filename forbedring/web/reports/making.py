"""One area's status report from the stored values: the query's options, the level's lights,
the report and its charts (the views' path; the batch makes many at once in
:mod:`forbedring.web.reports.batch`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from forbedring.charts.model import Lang
from forbedring.web.indicators.lights import LightSettings, load_country
from forbedring.web.organisations.models import Organisation
from forbedring.web.reports.content import LevelLights, StatusReport, build_reports, level_lights
from forbedring.web.reports.forms import requested_year
from forbedring.web.reports.pictures import (
    funnel_bases,
    funnel_rasters,
    report_specs,
    with_pictures,
)


def options(query: Mapping[str, str]) -> tuple[dt.date | None, LightSettings]:
    year = requested_year(query)
    return (dt.date(year, 1, 1) if year else None), LightSettings.from_query(query)


def area_report(
    area: Organisation, period: dt.date | None, settings: LightSettings, lang: Lang
) -> tuple[StatusReport, LevelLights]:
    """The report without its charts, and the level's lights it was made from."""
    found = level_lights(load_country(area.country), area.kind, period, settings)
    return build_reports(found, [area], lang)[0], found


def drawn_report(
    report: StatusReport, found: LevelLights, *, for_pdf: bool = False
) -> StatusReport:
    """The report with its charts drawn (the funnels reuse this process's drawings of the
    same level, period and settings); for the PDF the funnels are pictures."""
    bases = funnel_bases(found, report.lang)
    rasters = funnel_rasters(bases) if for_pdf else None
    return with_pictures(report, report_specs(report, found, rasters), bases, rasters)
