"""The numbers and words of a status report: every value is the stored one, every light the
lights module's, the change and its interval are checked by hand, and the method section
follows the chosen settings."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from forbedring.spc.development import DevelopmentLight
from forbedring.spc.traffic_lights import PlacementLight
from forbedring.web.indicators.lights import LightSettings, indicator_lights, load_country
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation
from forbedring.web.reports.content import IndicatorEntry, StatusReport
from forbedring.web.reports.making import area_report
from tests.web.reports.conftest import PREVENTABLE, READMISSIONS, WAITING_TIME

Z95 = 1.959963984540054


def report_for(area: Organisation, year: int | None = None, **query: str) -> StatusReport:
    period = dt.date(year, 1, 1) if year else None
    report, _found = area_report(area, period, LightSettings.from_query(query), "en")
    return report


def entry(report: StatusReport, indicator_id: str) -> IndicatorEntry:
    return next(e for e in report.entries if e.indicator.id == indicator_id)


def stored(area: Organisation, indicator_id: str, year: int) -> IndicatorValue:
    return IndicatorValue.objects.get(area=area, indicator=indicator_id, period=dt.date(year, 1, 1))


def wilson(events: float, n: float, z: float = Z95) -> tuple[float, float]:
    """Wilson's score interval, written out (Newcombe 1998, method 3)."""
    p = events / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_report_values_are_the_stored_values_for_the_latest_year(dk: dict[str, Any]) -> None:
    aarhus = dk["aarhus"]
    report = report_for(aarhus)
    assert report.year == 2025
    readmissions = entry(report, READMISSIONS)
    now, before = stored(aarhus, READMISSIONS, 2025), stored(aarhus, READMISSIONS, 2024)
    assert readmissions.value == f"{now.value:.1f}%"
    assert readmissions.previous_value == f"{before.value:.1f}%"
    assert readmissions.numerator == f"{now.numerator:,.0f}"
    assert readmissions.denominator == f"{now.denominator:,.0f}"
    nation = IndicatorValue.objects.get(
        area__name="Danmark", indicator=READMISSIONS, period=dt.date(2025, 1, 1)
    )
    assert readmissions.national == f"{nation.value:.1f}%" and readmissions.national_published


def test_report_lights_are_the_lights_modules_for_every_indicator(dk: dict[str, Any]) -> None:
    data = load_country("DK")
    for area in (dk["aarhus"], dk["copenhagen"]):
        report = report_for(area)
        for e in report.entries:
            lights = indicator_lights(data, e.indicator.id, "municipality")
            row = lights.row_for(area.pk) if lights else None
            assert row is not None, e.indicator.id
            assert (e.development, e.placement) == (row.development, row.placement)


def test_change_of_a_proportion_is_newcombes_interval_checked_by_hand(dk: dict[str, Any]) -> None:
    aarhus = dk["aarhus"]
    now, before = stored(aarhus, READMISSIONS, 2025), stored(aarhus, READMISSIONS, 2024)
    p1, p0 = now.numerator / now.denominator, before.numerator / before.denominator
    l1, u1 = wilson(now.numerator, now.denominator)
    l0, u0 = wilson(before.numerator, before.denominator)
    difference = p1 - p0
    lower = difference - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    upper = difference + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)

    def points(x: float) -> str:
        return f"{100 * x:.1f}".replace("-", "\u2212")

    sign = "+" if round(100 * difference, 1) > 0 else ""
    expected = (
        f"{sign}{points(difference)} percentage points (95% CI {points(lower)} to {points(upper)})"
    )
    assert entry(report_for(aarhus), READMISSIONS).change == expected


def test_change_of_a_rate_is_the_rate_ratio(dk: dict[str, Any]) -> None:
    aarhus = dk["aarhus"]
    now, before = stored(aarhus, PREVENTABLE, 2025), stored(aarhus, PREVENTABLE, 2024)
    ratio = (now.numerator / now.denominator) / (before.numerator / before.denominator)
    text = entry(report_for(aarhus), PREVENTABLE).change
    assert text.startswith(f"rate ratio {ratio:.2f} (95% CI ")


def test_hand_checked_improvement_is_improved_with_its_interval(dk: dict[str, Any]) -> None:
    # Aarhus's readmissions set by hand: 200 of 1,000 in 2024, 100 of 1,000 in 2025. Newcombe's
    # interval for -10 percentage points lies wholly below 0, and lower is better: improved.
    aarhus = dk["aarhus"]
    for year, events in ((2024, 200.0), (2025, 100.0)):
        IndicatorValue.objects.filter(
            area=aarhus, indicator=READMISSIONS, period=dt.date(year, 1, 1)
        ).update(numerator=events, denominator=1000.0, value=events / 10)
    e = entry(report_for(aarhus), READMISSIONS)
    assert e.value == "10.0%" and e.previous_value == "20.0%"
    assert e.development == DevelopmentLight.IMPROVED
    # By hand: Wilson 2025 (0.08291, 0.12015), 2024 (0.17638, 0.22592); Newcombe's limits
    # -0.1 - sqrt(0.01709² + 0.02592²) = -0.1311 and -0.1 + sqrt(0.02015² + 0.02362²) = -0.0690.
    assert e.change == "\u221210.0 percentage points (95% CI \u221213.1 to \u22126.9)"


def test_value_only_indicator_is_not_assessed_and_says_why(dk: dict[str, Any]) -> None:
    e = entry(report_for(dk["aarhus"]), WAITING_TIME)
    assert not e.assessed and e.has_value
    assert e.development == DevelopmentLight.NO_DATA and e.placement == PlacementLight.NO_DATA
    assert "Not assessed" in e.note and "value only" in e.note
    assert e.change == ""


def test_year_chooses_the_period_and_its_previous_year(dk: dict[str, Any]) -> None:
    aarhus = dk["aarhus"]
    e = entry(report_for(aarhus, 2023), READMISSIONS)
    assert (e.year, e.previous_year) == (2023, 2022)
    assert e.value == f"{stored(aarhus, READMISSIONS, 2023).value:.1f}%"


def test_year_without_values_gives_notes_not_errors(dk: dict[str, Any]) -> None:
    report = report_for(dk["aarhus"], 2019)
    assert not report.has_values
    assert all("No values of this indicator are stored for 2019" in e.note for e in report.entries)


def test_area_without_values_has_an_empty_report(dk: dict[str, Any]) -> None:
    new = Organisation.objects.create(
        name="Ny Kommune", kind="municipality", country="DK", official_code="0999"
    )
    report = report_for(new)
    assert not report.has_values
    assert all(e.note == "This area has no value for 2025." for e in report.entries)


def test_summary_counts_the_lights(dk: dict[str, Any]) -> None:
    report = report_for(dk["aarhus"])
    assessed = [e for e in report.entries if e.assessed and e.has_value]
    s = report.summary
    assert s.improved + s.unchanged + s.worsened + sum(
        e.development == DevelopmentLight.NO_DATA for e in assessed
    ) == len(assessed)
    assert s.better == sum(e.placement == PlacementLight.BETTER for e in assessed)
    assert s.worse == sum(e.placement == PlacementLight.WORSE for e in assessed)
    assert s.not_assessed == 1  # the waiting time


def test_999_limits_change_the_method_and_the_lights_as_the_lights_module(
    dk: dict[str, Any],
) -> None:
    data = load_country("DK")
    strict = LightSettings(placement_level="998")
    report = report_for(dk["copenhagen"], limits="998")
    assert report.method.placement_level == "99.8%" and report.method.placement_is_998
    for e in report.entries:
        lights = indicator_lights(data, e.indicator.id, "municipality", settings=strict)
        assert lights is not None
        row = lights.row_for(dk["copenhagen"].pk)
        assert row is not None and e.placement == row.placement


def test_method_rows_show_phi_and_tau2_of_each_funnel(dk: dict[str, Any]) -> None:
    data = load_country("DK")
    report = report_for(dk["aarhus"])
    lights = indicator_lights(data, READMISSIONS, "municipality")
    assert lights is not None and lights.placement is not None
    row = next(r for r in report.method.rows if r.title == lights.indicator.title.get("en"))
    assert row.phi == f"{lights.placement.phi:.2f}"
    assert float(row.tau2) == float(f"{lights.placement.tau2:.3g}")
    assert row.limits_used == "adjusted for overdispersion"
    unadjusted = report_for(dk["aarhus"], adjust="no")
    assert not unadjusted.method.adjusted
    assert {r.limits_used for r in unadjusted.method.rows if r.assessed} == {
        "unadjusted (as chosen)"
    }


def test_region_report_lists_region_indicators(dk: dict[str, Any]) -> None:
    report = report_for(dk["midtjylland"])
    assert report.level == "region"
    ids = {e.indicator.id for e in report.entries}
    assert READMISSIONS in ids and "dk-clinical-quality-king-indicator" in ids
    readmissions = entry(report, READMISSIONS)
    assert readmissions.value == f"{stored(dk['midtjylland'], READMISSIONS, 2025).value:.1f}%"


def test_quarterly_indicator_is_reported_by_its_summed_years(dk: dict[str, Any]) -> None:
    diagnosis = "dk-diagnosis-within-30-days"  # published by quarter, regions only
    IndicatorValue.objects.filter(indicator=diagnosis).delete()
    regions = Organisation.objects.filter(country="DK", kind="region")
    for region in regions:
        for year in (2024, 2025):
            for quarter in range(4):
                # Midtjylland: 780 of 1,000 in every quarter of 2025; 700 in 2024.
                o = 780.0 if year == 2025 and region == dk["midtjylland"] else 700.0
                IndicatorValue.objects.create(
                    indicator=diagnosis, area=region, period=dt.date(year, 3 * quarter + 1, 1),
                    period_kind="quarter", numerator=o, denominator=1000.0, value=o / 10,
                )  # fmt: skip
    report = report_for(dk["midtjylland"], 2025)
    found = entry(report, diagnosis)
    assert found.has_value and found.year == 2025
    assert (found.numerator, found.denominator, found.value) == ("3,120", "4,000", "78.0%")
    assert found.previous_value == "70.0%"
    assert found.development == DevelopmentLight.IMPROVED
    assert report.method.summed_from_quarters == ("Right to diagnosis within 30 days met",)
    # An area report without such an indicator says nothing of quarters.
    assert report_for(dk["aarhus"]).method.summed_from_quarters == ()
