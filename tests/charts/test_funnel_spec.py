"""The pure funnel and trend spec builders: valid Vega-Lite, the right layers and words."""

from __future__ import annotations

import string

import pytest

from forbedring.charts.funnel_spec import (
    AS_EXPECTED,
    BETTER,
    DASHED,
    SOLID,
    WORSE,
    FunnelArea,
    FunnelLimits,
    FunnelPlot,
    funnel_spec,
)
from forbedring.charts.model import LANGUAGES, Lang
from forbedring.charts.render import render_svg
from forbedring.charts.texts_indicators import INDICATOR_TEXTS
from forbedring.charts.trend_spec import TrendPlot, TrendPoint, trend_spec
from tests.charts.vegalite_schema import assert_valid_vegalite

WORDS = {BETTER: "Better", AS_EXPECTED: "As expected", WORSE: "Worse"}


def plot(lang: Lang = "en", *, limits: bool = True, judging: str = "95") -> FunnelPlot:
    areas = [
        FunnelArea("Aby", 100.0, 30.0, 30, 100, WORSE),
        FunnelArea("Bby", 400.0, 10.0, 40, 400, AS_EXPECTED),
        FunnelArea("Cby", 900.0, 4.0, 36, 900, BETTER),
    ]
    curves = FunnelLimits(
        x=[100.0, 400.0, 900.0],
        lower95=[4.0, 7.0, 8.0], upper95=[16.0, 13.0, 12.0],
        lower998=[1.0, 5.5, 7.0], upper998=[19.0, 14.5, 13.0],
        judging_level=judging, method="adjusted for overdispersion",
    )  # fmt: skip
    return FunnelPlot(
        title="Falls", period="2025", level="municipality", x_title="Residents.", unit="%",
        areas=areas, national=10.0, limits=curves if limits else None, status_words=WORDS,
        highlight="Bby", ranked=False, lang=lang, width=400, height=250,
    )  # fmt: skip


def layer_with(spec: dict[str, object], mark: str) -> list[dict[str, object]]:
    found = []
    for layer in spec["layer"]:  # type: ignore[attr-defined]
        kind = layer["mark"] if isinstance(layer["mark"], str) else layer["mark"]["type"]
        if kind == mark:
            found.append(layer)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_funnel_spec_is_valid_vegalite_and_renders(lang: Lang) -> None:
    spec = funnel_spec(plot(lang))
    assert_valid_vegalite(spec)
    assert render_svg(spec).startswith("<svg")


def test_funnel_spec_judging_level_is_solid_and_the_other_dashed() -> None:
    for judging, expected in (("95", [SOLID, DASHED]), ("998", [DASHED, SOLID])):
        (curves,) = layer_with(funnel_spec(plot(judging=judging)), "line")
        assert curves["encoding"]["strokeDash"]["scale"]["range"] == expected


def test_funnel_spec_status_has_shape_as_well_as_colour() -> None:
    spec = funnel_spec(plot())
    points = next(layer for layer in layer_with(spec, "point") if "shape" in layer["encoding"])
    shape, colour = points["encoding"]["shape"], points["encoding"]["color"]
    assert shape["field"] == colour["field"] == "status_text"
    assert shape["scale"]["range"] == ["triangle-up", "circle", "triangle-down"]
    assert len(set(colour["scale"]["range"])) == 3


def test_funnel_spec_y_domain_holds_points_national_and_first_limits() -> None:
    spec = funnel_spec(plot())
    points = next(layer for layer in layer_with(spec, "point") if "shape" in layer["encoding"])
    low, high = points["encoding"]["y"]["scale"]["domain"]
    assert low <= 4.0 and high >= 30.0  # the lowest limit at the first area, the highest point
    assert low >= 0.0  # a percentage never gets a negative axis


def test_funnel_spec_highlight_marks_only_the_named_area() -> None:
    spec = funnel_spec(plot())
    points = [row for row in spec["data"]["values"] if row["row"] == "point"]
    assert [row["name"] for row in points if row["hl"]] == ["Bby"]
    assert any(
        layer.get("encoding", {}).get("text") == {"field": "name"} for layer in spec["layer"]
    )
    assert "Bby: 10%, as expected." in spec["description"]


def test_funnel_spec_without_limits_has_no_curves_and_says_so() -> None:
    spec = funnel_spec(plot(limits=False))
    assert_valid_vegalite(spec)
    assert not layer_with(spec, "line")
    assert all(row["row"] == "point" for row in spec["data"]["values"])
    assert "No funnel limits" in spec["description"]


def test_funnel_spec_description_counts_each_side() -> None:
    text = funnel_spec(plot("da"))["description"]
    assert "3 kommuner afbildet mod residents" in text
    assert "1 bedre, 1 dårligere; 1 som forventet" in text
    assert "Landsværdien er 10\u00a0%" in text


def test_trend_spec_with_one_value_renders_and_labels_it() -> None:
    one = TrendPlot(
        title="Falls", unit="%", area_name="Aby", area=[TrendPoint("2025", 12.5)],
        nation_name=None, nation=[], periods=["2025"], lang="nb", width=240, height=110,
    )  # fmt: skip
    spec = trend_spec(one)
    assert_valid_vegalite(spec)
    assert render_svg(spec).startswith("<svg")
    assert [row["t"] for row in spec["data"]["values"] if row["last"]] == ["12,5\u00a0%"]
    assert spec["description"] == "Aby, Falls: én verdi, 12,5\u00a0% i 2025."


def test_trend_spec_nation_is_grey_and_only_the_area_latest_is_labelled() -> None:
    two = TrendPlot(
        title="Falls", unit="%", area_name="Aby",
        area=[TrendPoint("2024", 12.0), TrendPoint("2025", 11.0)], nation_name="Norge",
        nation=[TrendPoint("2024", 10.0), TrendPoint("2025", 10.5)], periods=["2024", "2025"],
        lang="en", width=240, height=110,
    )  # fmt: skip
    spec = trend_spec(two)
    assert_valid_vegalite(spec)
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Aby", "Norge"] and colour["range"][1] == "#BBBBBB"
    labelled = [row for row in spec["data"]["values"] if row["last"]]
    assert [(row["name"], row["y"]) for row in labelled] == [("Aby", 11.0)]
    assert (
        "Latest 11% in 2025. The period before: 12%. Norge in 2025: 10.5%." in spec["description"]
    )


def test_indicator_texts_have_the_same_keys_and_placeholders_everywhere() -> None:
    keys = set(INDICATOR_TEXTS["en"])
    for lang in LANGUAGES:
        assert set(INDICATOR_TEXTS[lang]) == keys
        for key in keys:
            fields = {f for _, f, _, _ in string.Formatter().parse(INDICATOR_TEXTS[lang][key]) if f}
            english = {
                f for _, f, _, _ in string.Formatter().parse(INDICATOR_TEXTS["en"][key]) if f
            }
            assert fields == english, (lang, key)
            assert "'" not in INDICATOR_TEXTS[lang][key]


def test_funnel_spec_far_off_limits_do_not_flatten_the_points() -> None:
    """A huge limit at the smallest area (tiny denominator, big overdispersion) stretches the
    axis by at most the data's own spread; the curve is clipped beyond."""
    wide = plot()
    assert wide.limits is not None
    limits = FunnelLimits(
        x=wide.limits.x, lower95=[0.0, 7.0, 8.0], upper95=[16_000.0, 13.0, 12.0],
        lower998=wide.limits.lower998, upper998=wide.limits.upper998,
        judging_level="95", method="",
    )  # fmt: skip
    spec = funnel_spec(FunnelPlot(**{**wide.__dict__, "limits": limits}))
    points = next(layer for layer in layer_with(spec, "point") if "shape" in layer["encoding"])
    low, high = points["encoding"]["y"]["scale"]["domain"]
    assert low == 0.0 and high < 30.0 + 26.0 + 5.0  # points 4..30: spread 26, plus a margin
    (curves,) = layer_with(spec, "line")
    assert curves["mark"]["clip"] is True


def test_funnel_spec_values_against_denominator_without_limits() -> None:
    spec = funnel_spec(plot(limits=False))
    assert spec["description"].startswith(
        "Falls, 2025: the values of 3 municipalities, plotted against residents."
    )
