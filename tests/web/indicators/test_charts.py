"""The indicator charts from the engine's lights (forbedring.web.indicators.charts): the funnel's
limits are the engine's at every area, its points where the engine judged them, the highlight
the chosen area; the trend is the stored series. On the simulated demo values of both countries,
so every data type (pr, rc, sr and a value only) is covered."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from forbedring.charts.render import render_svg
from forbedring.spc.traffic_lights import PlacementLight
from forbedring.web.indicators import demo
from forbedring.web.indicators.charts import funnel_chart, limits_at, trend_chart
from forbedring.web.indicators.lights import (
    IndicatorLights,
    LightSettings,
    indicator_lights,
    load_country,
)
from forbedring.web.indicators.models import IndicatorValue
from forbedring.web.organisations.models import Organisation

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 22)
LATEST = dt.date(TODAY.year - 1, 1, 1)
ASSESSED = [
    ("DK", "dk-acute-readmissions-30-days", "municipality"),  # pr
    ("DK", "dk-preventable-admissions-65-plus", "municipality"),  # rc, Poisson funnel
    ("DK", "dk-bed-days-ready-for-discharge", "region"),  # rc, five regions
    ("NO", "no-readmission-67-plus-30-days", "municipality"),  # pr, four municipalities
    ("NO", "no-nursing-home-medication-review", "municipality"),  # pr, higher is better
]
SETTINGS = [
    LightSettings(),
    LightSettings(placement_level="998"),
    LightSettings(placement_limits="unadjusted"),
    LightSettings(placement_level="998", placement_limits="unadjusted"),
]
OTHER_LEVEL = {"95": "998", "998": "95"}


NORWAY = {"4601": "Bergen kommune", "5001": "Trondheim kommune", "5028": "Melhus kommune",
          "5031": "Malvik kommune"}  # fmt: skip


@pytest.fixture
def values(db: None) -> None:
    """The demo's values: every Danish area (made by the demo) and its Norwegian municipalities."""
    for code, name in NORWAY.items():
        Organisation.objects.create(
            name=name, kind="municipality", country="NO", official_code=code
        )
    demo.load_indicator_demo(TODAY)


def lights_for(
    country: str, indicator: str, level: str, settings: LightSettings
) -> IndicatorLights:
    found = indicator_lights(load_country(country), indicator, level, None, settings)
    assert found is not None
    return found


def rows(spec: dict[str, object], kind: str) -> list[dict[str, object]]:
    return [row for row in spec["data"]["values"] if row["row"] == kind]  # type: ignore[index]


def limit_columns(level: str) -> tuple[str, str]:
    return ("lo95", "hi95") if level == "95" else ("lo998", "hi998")


@pytest.mark.parametrize(("country", "indicator", "level"), ASSESSED)
def test_funnel_limits_equal_the_engines_at_every_area(
    values: None, country: str, indicator: str, level: str
) -> None:
    for settings in SETTINGS:
        lights = lights_for(country, indicator, level, settings)
        other = lights_for(
            country, indicator, level,
            LightSettings(OTHER_LEVEL[settings.placement_level], settings.placement_limits),
        )  # fmt: skip
        spec = funnel_chart(lights, lang="en")
        curve = {row["x"]: row for row in rows(spec, "limit")}
        judged = [row for row in lights.rows if row.limit_lower is not None]
        assert len(judged) >= 4
        for row, other_row in zip(lights.rows, other.rows, strict=True):
            if row.limit_lower is None:
                continue
            at = curve[row.current.denominator]  # type: ignore[union-attr]
            low, high = limit_columns(settings.placement_level)
            assert at[low] == pytest.approx(row.limit_lower, abs=1e-9)
            assert at[high] == pytest.approx(row.limit_upper, abs=1e-9)
            # The dashed curve is the engine's other level, with the same tau² and target.
            low, high = limit_columns(OTHER_LEVEL[settings.placement_level])
            assert at[low] == pytest.approx(other_row.limit_lower, abs=1e-9)
            assert at[high] == pytest.approx(other_row.limit_upper, abs=1e-9)


@pytest.mark.parametrize(("country", "indicator", "level"), ASSESSED)
def test_funnel_points_sit_where_the_engine_judged_them(
    values: None, country: str, indicator: str, level: str
) -> None:
    lights = lights_for(country, indicator, level, LightSettings())
    spec = funnel_chart(lights, lang="en")
    points = {row["name"]: row for row in rows(spec, "point")}
    statuses = {
        PlacementLight.BETTER: "better", PlacementLight.WORSE: "worse",
        PlacementLight.AS_EXPECTED: "as_expected",
    }  # fmt: skip
    multiplier = lights.indicator.multiplier
    for row in lights.rows:
        if row.placement == PlacementLight.NO_DATA:
            assert row.area.name not in points
            continue
        point = points[row.area.name]
        current = row.current
        assert current is not None and current.numerator is not None
        assert point["x"] == current.denominator
        assert point["y"] == pytest.approx(current.numerator / current.denominator * multiplier)
        assert point["status"] == statuses[row.placement]
        outside = point["y"] < row.limit_lower or point["y"] > row.limit_upper
        assert outside == (row.placement != PlacementLight.AS_EXPECTED)


def test_funnel_national_rule_is_the_lights_national_value(values: None) -> None:
    lights = lights_for(*ASSESSED[0], LightSettings())
    spec = funnel_chart(lights, lang="da")
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert [layer["encoding"]["y"]["datum"] for layer in rules] == [lights.national]
    national = IndicatorValue.objects.get(
        indicator=ASSESSED[0][1], area__name="Danmark", period=LATEST
    )
    assert lights.national == national.value
    assert "Landsværdien er " in spec["description"]


def test_funnel_highlights_the_chosen_area_only(values: None) -> None:
    lights = lights_for(*ASSESSED[0], LightSettings())
    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    spec = funnel_chart(lights, lang="en", highlight=aarhus.pk)
    assert [row["name"] for row in rows(spec, "point") if row["hl"]] == ["Aarhus Kommune"]
    assert "Aarhus Kommune: " in spec["description"]
    region = Organisation.objects.filter(kind="region", country="DK").first()
    assert region is not None
    other = funnel_chart(lights, lang="en", highlight=region.pk)
    assert not any(row["hl"] for row in rows(other, "point"))


def test_value_only_indicator_is_ranked_without_limits(values: None) -> None:
    lights = lights_for("DK", "dk-rehabilitation-waiting-time", "municipality", LightSettings())
    assert not lights.assessed
    spec = funnel_chart(lights, lang="en")
    assert not rows(spec, "limit")
    points = rows(spec, "point")
    stored = sorted(row.current.value for row in lights.rows if row.current)
    assert [p["x"] for p in points] == list(range(1, len(stored) + 1))
    assert [p["y"] for p in points] == stored
    assert "No funnel limits" in spec["description"]
    assert render_svg(spec).startswith("<svg")


def test_limits_at_follow_a_smooth_funnel(values: None) -> None:
    lights = lights_for(*ASSESSED[1], LightSettings())
    assert lights.placement is not None
    grid = np.geomspace(500.0, 50_000.0, 20)
    limits = limits_at(lights.placement, grid)
    assert np.all(np.diff(limits.ucl95) <= 1e-12) and np.all(np.diff(limits.lcl95) >= -1e-12)
    assert np.all(limits.lcl998 <= limits.lcl95) and np.all(limits.ucl998 >= limits.ucl95)


def test_trend_series_are_the_stored_values(values: None) -> None:
    data = load_country("DK")
    indicator = ASSESSED[1][1]
    lights = indicator_lights(data, indicator, "municipality", dt.date(TODAY.year - 2, 1, 1))
    assert lights is not None
    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    spec = trend_chart(data, lights, aarhus.pk, lang="en")
    for name, area in (("Aarhus Kommune", aarhus), ("Danmark", data.nation)):
        stored = IndicatorValue.objects.filter(
            indicator=indicator, area=area, period__lte=lights.period
        ).order_by("period")
        drawn = [row for row in spec["data"]["values"] if row["name"] == name]
        assert [(row["x"], row["y"]) for row in drawn] == [
            (str(v.period.year), v.value) for v in stored
        ]
    # The report of an earlier year does not show the years after it.
    assert str(TODAY.year - 1) not in {row["x"] for row in spec["data"]["values"]}
    latest = [row for row in spec["data"]["values"] if row["last"]]
    assert len(latest) == 1 and latest[0]["name"] == "Aarhus Kommune"


def test_trend_with_a_single_value_renders(values: None) -> None:
    data = load_country("NO")
    bergen = Organisation.objects.get(name="Bergen kommune")
    indicator = "no-nursing-home-medication-review"
    first = min(data.periods(indicator))
    lights = indicator_lights(data, indicator, "municipality", first)
    assert lights is not None
    spec = trend_chart(data, lights, bergen.pk, lang="nb")
    assert len([row for row in spec["data"]["values"] if row["name"] == "Bergen kommune"]) == 1
    assert "én verdi" in spec["description"]
    assert render_svg(spec).startswith("<svg")


@pytest.mark.parametrize("lang", ["da", "nb", "en"])
def test_both_charts_render_statically(values: None, lang: str) -> None:
    data = load_country("DK")
    lights = indicator_lights(data, ASSESSED[0][1], "municipality")
    assert lights is not None
    aarhus = Organisation.objects.get(name="Aarhus Kommune")
    funnel = render_svg(funnel_chart(lights, lang=lang, highlight=aarhus.pk))
    trend = render_svg(trend_chart(data, lights, aarhus.pk, lang=lang))
    assert funnel.startswith("<svg") and "Aarhus Kommune" in funnel
    assert trend.startswith("<svg") and "Aarhus Kommune" in trend
    decimal = "," if lang != "en" else "."
    national = lights.national
    assert national is not None and not math.isnan(national)
    assert f"{national:.1f}".replace(".", decimal) in funnel
