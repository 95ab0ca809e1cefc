"""The report's funnel plots are drawn once per indicator and moved to each area: the moved
drawing must put the ring and the name exactly where Vega puts them for that area, and the
PDF's picture must ring the same point."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image, ImageChops

from forbedring.charts.render import render_svg
from forbedring.web.indicators.lights import (
    IndicatorLights,
    LightSettings,
    indicator_lights,
    load_country,
)
from forbedring.web.reports import raster
from forbedring.web.reports.charts import FunnelBase, clean_svg, funnel_picture, unique_ids
from forbedring.web.reports.content import level_lights
from forbedring.web.reports.pictures import _funnel, funnel_bases, funnel_rasters
from tests.web.reports.conftest import READMISSIONS

pytestmark = pytest.mark.django_db
TRANSLATE = re.compile(r"translate\(([-0-9.e]+),([-0-9.e]+)\)")


def group_items(svg: str, layer: str) -> str:
    found = re.search(rf'class="mark-[a-z]+ role-mark {layer}"[^>]*>(.*?)</g>', svg)
    assert found is not None
    return found.group(1)


def position(svg: str, layer: str) -> tuple[float, float]:
    found = TRANSLATE.search(group_items(svg, layer))
    assert found is not None
    return float(found.group(1)), float(found.group(2))


def readmissions() -> IndicatorLights:
    lights = indicator_lights(load_country("DK"), READMISSIONS, "municipality")
    assert lights is not None
    return lights


def test_moved_highlight_is_where_vega_draws_it(dk: dict[str, Any]) -> None:
    lights = readmissions()
    base = funnel_bases(
        level_lights(load_country("DK"), "municipality", None, LightSettings()), "en"
    )[READMISSIONS]
    assert base is not None
    for area in (dk["aarhus"], dk["copenhagen"]):
        spec = _funnel(lights, "en", area.pk)
        direct = clean_svg(render_svg(spec))
        moved = funnel_picture(base, spec, area.name, "x").svg
        (rx, ry), (vx, vy) = position(moved, base.ring_layer), position(direct, base.ring_layer)
        assert abs(rx - vx) < 0.01 and abs(ry - vy) < 0.01, area.name
        (lx, ly), (wx, wy) = position(moved, base.label_layer), position(direct, base.label_layer)
        assert abs(ly - wy) < 0.01
        label = group_items(moved, base.label_layer)
        assert f">{area.name}</text>" in label
        if 'text-anchor="end"' in label:
            # Near the right edge the name goes to the left of the point, mirrored, where
            # Vega would have let it run past the plot.
            assert area == dk["copenhagen"] and abs((rx - lx) - (wx - vx)) < 0.01
        else:
            assert abs(lx - wx) < 0.01
        assert spec["description"] == funnel_picture(base, spec, area.name, "x").text


def test_names_are_escaped_and_never_read_as_patterns(dk: dict[str, Any]) -> None:
    lights = readmissions()
    spec = _funnel(lights, "en", lights.rows[0].area.pk)
    base = FunnelBase.draw(spec)
    assert base is not None
    moved = base.moved_to(3, r"A & B \1 <Kommune>")
    assert moved is not None
    assert r">A &amp; B \1 &lt;Kommune&gt;</text>" in moved


def test_drawing_without_the_area_is_drawn_in_full(dk: dict[str, Any]) -> None:
    lights = readmissions()
    base = FunnelBase.draw(_funnel(lights, "en", lights.rows[0].area.pk))
    spec = _funnel(lights, "en", None)
    picture = funnel_picture(base, spec, "Nowhere Kommune", "x")
    assert "Nowhere Kommune" not in picture.svg and picture.svg.startswith("<svg")


def test_clip_ids_are_prefixed_so_inlined_drawings_do_not_clash() -> None:
    svg = (
        '<clipPath id="clip25"/><g clip-path="url(#clip25)" role="graphics-symbol" aria-label="x"/>'
    )
    assert unique_ids(svg, "funnel-a") == (
        '<clipPath id="funnel-a-clip25"/><g clip-path="url(#funnel-a-clip25)"/>'
    )


def test_pdf_picture_rings_the_areas_point(dk: dict[str, Any]) -> None:
    found = level_lights(load_country("DK"), "municipality", None, LightSettings())
    bases = funnel_bases(found, "en")
    picture = funnel_rasters(bases)[READMISSIONS]
    base = bases[READMISSIONS]
    assert picture is not None and base is not None
    area = dk["aarhus"]
    jpeg = raster.highlighted_jpeg(picture, area.name)
    assert jpeg is not None
    ringed = Image.open(io.BytesIO(jpeg)).convert("RGB")
    plain = Image.open(io.BytesIO(picture.png)).convert("RGB")
    assert ringed.size == plain.size
    # Where Vega draws Aarhus's ring, in the picture's pixels.
    direct = clean_svg(render_svg(_funnel(found.lights[READMISSIONS], "en", area.pk)))
    ring_x, ring_y = position(direct, base.ring_layer)
    x, y = picture.points[picture.names.index(area.name)]
    origin = raster._origin(base.svg, base.points_layer)
    assert origin is not None
    assert abs(x - (origin[0] + ring_x) * raster.SCALE) < 0.05
    assert abs(y - (origin[1] + ring_y) * raster.SCALE) < 0.05
    # JPEG blurs every edge a little: count only clear changes, the ring and the name.
    changed = ImageChops.difference(ringed, plain).convert("L").point(lambda v: 255 * (v > 80))
    changed = changed.getbbox()
    assert changed is not None
    left, top, right, bottom = changed
    radius = picture.ring.radius * raster.SCALE
    assert abs(left - (x - radius)) <= 4 and top <= y - radius + 4 < bottom and right > x + radius
    assert raster.highlighted_jpeg(picture, "Nowhere Kommune") is None
