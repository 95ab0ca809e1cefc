"""The funnel plots of the PDFs as pictures: drawn once per indicator without a highlight, and
for each area that picture with the area's ring and name painted on (Pillow), as JPEG.

WeasyPrint draws an SVG element by element in Python: a funnel plot of 98 municipalities took
about a quarter of a second, six times in every report, more than everything else in it. A
picture it only places. The ring and the name are painted where Vega drew the area's point (read
from the SVG, see :class:`forbedring.web.reports.charts.FunnelBase`), in the ring's own colour,
width and opacity as Vega drew them for the highlighted area of the same drawing.
"""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from typing import Any

from forbedring.web.reports.charts import FunnelBase

# Twice the CSS size: about 190 dpi at the funnel's printed width of 140 mm.
SCALE = 2.0
JPEG_QUALITY = 85
BOLD_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
_NS = "{http://www.w3.org/2000/svg}"
_TRANSLATE = re.compile(r"^\s*translate\(([-0-9.e]+)[ ,]+([-0-9.e]+)\)\s*$")


@dataclass(frozen=True)
class Ring:
    radius: float
    colour: str
    width: float
    opacity: float
    label_dx: float  # the name's start relative to the point
    label_dy: float  # the name's baseline relative to the point
    label_colour: str
    label_size: float


@dataclass(frozen=True)
class RasterFunnel:
    """One indicator's funnel as PNG without a highlight, and where every area's point is."""

    png: bytes
    points: tuple[tuple[float, float], ...]  # in the PNG's pixels
    names: tuple[str, ...]
    ring: Ring
    width: int


def _origin(svg: str, layer_class: str) -> tuple[float, float] | None:
    """Where the layer's coordinates start on the drawing: the sum of its groups' translations
    (None when a group is transformed otherwise, which Vega does not do)."""
    root = ET.fromstring(svg)
    parents = {child: parent for parent in root.iter() for child in parent}
    group = next(
        (g for g in root.iter(f"{_NS}g") if layer_class in g.get("class", "").split()), None
    )
    if group is None:
        return None
    x = y = 0.0
    node: ET.Element | None = group
    while node is not None:
        transform = node.get("transform")
        if transform:
            found = _TRANSLATE.match(transform)
            if found is None:
                return None
            x, y = x + float(found.group(1)), y + float(found.group(2))
        node = parents.get(node)
    return x, y


def _attribute(text: str, name: str, default: str) -> str:
    found = re.search(rf'\s{name}="([^"]*)"', text)
    return found.group(1) if found else default


def _ring(base: FunnelBase) -> Ring | None:
    ring = re.search(rf'class="[^"]*{base.ring_layer}"[^>]*>(<path[^>]*>)', base.svg)
    label = re.search(rf'class="[^"]*{base.label_layer}"[^>]*>(<text[^>]*>)', base.svg)
    if ring is None or label is None:
        return None
    radius = re.search(r'\sd="M([0-9.]+),0A', ring.group(1))
    ring_at = re.search(r"translate\(([-0-9.e]+),([-0-9.e]+)\)", ring.group(1))
    label_at = re.search(r"translate\(([-0-9.e]+),([-0-9.e]+)\)", label.group(1))
    if radius is None or ring_at is None or label_at is None:
        return None
    return Ring(
        radius=float(radius.group(1)),
        colour=_attribute(ring.group(1), "stroke", "#333333"),
        width=float(_attribute(ring.group(1), "stroke-width", "2")),
        opacity=float(_attribute(ring.group(1), "opacity", "1")),
        label_dx=float(label_at.group(1)) - float(ring_at.group(1)),
        label_dy=float(label_at.group(2)) - float(ring_at.group(2)),
        label_colour=_attribute(label.group(1), "fill", "#333333"),
        label_size=float(_attribute(label.group(1), "font-size", "12px").rstrip("px")),
    )


def _without_highlight(base: FunnelBase) -> str:
    svg = base.svg
    for layer in (base.ring_layer, base.label_layer):
        svg = re.sub(
            rf'(<g class="mark-[a-z]+ role-mark {layer}"[^>]*>).*?(</g>)',
            lambda m: m.group(1) + m.group(2),
            svg,
            count=1,
        )
    return svg


def raster_funnel(base: FunnelBase | None) -> RasterFunnel | None:
    """The base drawn as PNG; None when the drawing is not as expected (then the PDF gets
    the SVG)."""
    if base is None:
        return None
    import vl_convert as vlc

    ring = _ring(base)
    origin = _origin(base.svg, base.points_layer)
    if ring is None or origin is None:
        return None
    png = vlc.svg_to_png(_without_highlight(base), scale=SCALE)
    width = int(float(_attribute(base.svg, "width", "0")) * SCALE)
    points = tuple(((origin[0] + x) * SCALE, (origin[1] + y) * SCALE) for x, y in base.points)
    return RasterFunnel(png=png, points=points, names=base.names, ring=ring, width=width)


@cache
def _font(size: int) -> Any:
    from PIL import ImageFont

    try:
        return ImageFont.truetype(BOLD_FONT, size)
    except OSError:  # a machine without Debian's DejaVu fonts: Pillow's own font
        return ImageFont.load_default(size)


def _rgba(colour: str, opacity: float) -> tuple[int, int, int, int]:
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    red, green, blue = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
    return red, green, blue, round(255 * opacity)


@cache
def _decoded(png: bytes) -> Any:
    """The base picture, decoded once per process (as RGB: JPEG has no transparency)."""
    from PIL import Image

    return Image.open(io.BytesIO(png)).convert("RGB")


def highlighted_jpeg(funnel: RasterFunnel, name: str) -> bytes | None:
    """The funnel with the area ``name`` ringed and named; None when it has no point."""
    from PIL import Image, ImageDraw

    if name not in funnel.names:
        return None
    x, y = funnel.points[funnel.names.index(name)]
    ring = funnel.ring
    picture = _decoded(funnel.png).copy()
    radius = ring.radius * SCALE
    stroke = max(1, math.ceil(ring.width * SCALE))
    font = _font(round(ring.label_size * SCALE))
    text_width = font.getlength(name)
    anchor, dx = "ls", ring.label_dx * SCALE
    if x + dx + text_width > funnel.width:
        anchor, dx = "rs", -dx  # the name to the left of a point near the right edge
    label_x, label_y = x + dx, y + ring.label_dy * SCALE
    # Only the patch under the ring and the name is blended (the ring is translucent), not
    # the whole picture: a tenth of the work, once per area and indicator.
    reach = radius + stroke + 2
    box = (
        max(0, int(min(x - reach, label_x - (text_width if anchor == "rs" else 0))) - 2),
        max(0, int(min(y - reach, label_y - font.size * 1.2)) - 2),
        min(
            picture.width, int(max(x + reach, label_x + (0 if anchor == "rs" else text_width))) + 3
        ),
        min(picture.height, int(max(y + reach, label_y + font.size * 0.4)) + 3),
    )
    patch = picture.crop(box).convert("RGBA")
    overlay = Image.new("RGBA", patch.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    left, top = box[0], box[1]
    draw.ellipse(
        (x - radius - left, y - radius - top, x + radius - left, y + radius - top),
        outline=_rgba(ring.colour, ring.opacity),
        width=stroke,
    )
    draw.text(
        (label_x - left, label_y - top), name, font=font, anchor=anchor,
        fill=_rgba(ring.label_colour, 1.0),
    )  # fmt: skip
    patch.alpha_composite(overlay)
    picture.paste(patch.convert("RGB"), box[:2])
    out = io.BytesIO()
    # JPEG: WeasyPrint copies it into the PDF as it is (a PNG it would decode and compress
    # again); full colour resolution (no chroma subsampling) keeps thin coloured lines crisp.
    picture.save(out, format="JPEG", quality=JPEG_QUALITY, subsampling=0, optimize=False)
    return out.getvalue()
