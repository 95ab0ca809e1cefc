"""Making Data Count chart specs: valid Vega-Lite, point types and icons in the SVG."""

from __future__ import annotations

import datetime as dt

import numpy as np

from forbedring.charts.mdc_spec import mdc_spec
from forbedring.charts.model import MdcChart, mdc_chart_from_result
from forbedring.charts.render import render_svg
from forbedring.spc import mdc
from tests.charts.test_spc_spec import marks, texts
from tests.charts.vegalite_schema import assert_valid_vegalite

DAYS = [dt.date(2023, 1, 1) + dt.timedelta(days=31 * i) for i in range(24)]


def chart(lang: str = "en", target: float | None = 20.0) -> MdcChart:
    # Two series: the first falls steadily after month 12 (improvement when lower is better).
    flat = [30.0, 31, 29, 30, 32, 28, 30, 31, 29, 30, 31, 29]
    falling = [*flat, 22.0, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11]
    steady = flat + flat
    days = np.array([(d - dt.date(1970, 1, 1)).days for d in DAYS] * 2, dtype=float)
    result = mdc(
        falling + steady,
        days,
        series=np.repeat([0, 1], 24),
        improvement="decrease",
        target=target,
    )
    return mdc_chart_from_result(result, "decrease", DAYS * 2, ["Falling", "Steady"], lang=lang)


def test_mdc_spec_is_valid_vegalite() -> None:
    for lang in ("da", "nb", "en"):
        assert_valid_vegalite(mdc_spec(chart(lang)))
    assert_valid_vegalite(mdc_spec(chart(target=None)))


def test_mdc_svg_colours_points_by_type_and_draws_icons_per_panel() -> None:
    svg = render_svg(mdc_spec(chart()))
    assert len(marks(svg, "points")) == 48
    words = texts(svg)
    assert "Special cause – improvement" in words
    # A variation and an assurance icon for each of the two panels, with letters.
    assert len(marks(svg, "variation_icon")) == 2
    assert len(marks(svg, "assurance_icon")) == 2
    assert "L" in words  # improvement, lower
    assert "~" in words  # common cause for the steady series


def test_mdc_without_target_draws_no_assurance_icon() -> None:
    svg = render_svg(mdc_spec(chart(target=None)))
    assert len(marks(svg, "assurance_icon")) == 0
    assert len(marks(svg, "target_line")) == 0


def test_mdc_danish_labels() -> None:
    words = texts(render_svg(mdc_spec(chart("da"))))
    assert "Mål 20" in words
    assert "oktober" in words
    assert "Særlig årsag – forbedring" in words
