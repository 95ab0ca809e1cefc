"""The report's charts as inline SVG: each indicator's funnel plot with the area highlighted,
and the area's trend (the specs are :mod:`forbedring.web.indicators.charts`', drawn by
vl-convert).

A funnel plot costs about 150 ms to draw and is the same picture for every area of a level
but for the highlighted point and its name. So the funnel is drawn once per indicator with
one area highlighted (:class:`FunnelBase`), and every other area's picture is that drawing
with the highlight ring and name moved onto the area's own point, which Vega drew at the same
place in the points layer (same data, same scales). Whenever the drawing is not what this
expects (a point missing, a layer not found), the area's chart is drawn in full instead.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

from forbedring.charts.render import render_svg

_TRANSLATE = re.compile(r'transform="translate\(([-0-9.e]+),([-0-9.e]+)\)"')
_CLIP_ID = re.compile(r'(id="|url\(#)(clip\d+)')
_XML_DECLARATION = re.compile(r"^<\?xml[^>]*>\s*")
# Width of a character of the 12 px bold name, to tell whether it would run off the plot.
NAME_CHARACTER_WIDTH = 7.5


@dataclass(frozen=True)
class Picture:
    """A chart as inline SVG with the chart in words (its spec's description)."""

    svg: str
    text: str


def _group(svg: str, layer_class: str) -> re.Match[str] | None:
    """The mark group of one Vega-Lite layer: its opening tag, its items and its end."""
    return re.search(rf'(<g class="mark-[a-z]+ role-mark {layer_class}"[^>]*>)(.*?)(</g>)', svg)


def _point_rows(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [row for row in spec["data"]["values"] if row.get("row") == "point"]


@dataclass(frozen=True)
class FunnelBase:
    """One indicator's funnel drawn once, with its first area highlighted."""

    svg: str
    points: tuple[tuple[float, float], ...]  # every area's point, in the data's order
    names: tuple[str, ...]  # the areas' names, in the same order
    points_layer: str
    ring_layer: str
    label_layer: str
    plot_width: float

    @classmethod
    def draw(cls, spec: dict[str, Any]) -> FunnelBase | None:
        """Draw ``spec``, which must highlight its first point. None when the drawing cannot
        be reused (then every area's funnel is drawn in full)."""
        layers = len(spec.get("layer", ()))
        rows = _point_rows(spec)
        if layers < 3 or not rows or not rows[0].get("hl"):
            return None
        svg = clean_svg(render_svg(spec))
        points_group = _group(svg, f"layer_{layers - 3}_marks")
        if points_group is None:
            return None
        points = tuple((float(x), float(y)) for x, y in _TRANSLATE.findall(points_group.group(2)))
        if len(points) != len(rows):
            return None
        return cls(
            svg=svg,
            points=points,
            names=tuple(str(row.get("name", "")) for row in rows),
            points_layer=f"layer_{layers - 3}_marks",
            ring_layer=f"layer_{layers - 2}_marks",
            label_layer=f"layer_{layers - 1}_marks",
            plot_width=float(spec.get("width", 0)),
        )

    def index_of(self, name: str) -> int | None:
        return self.names.index(name) if name in self.names else None

    def moved_to(self, index: int, name: str) -> str | None:
        """The drawing with the highlight on the point at ``index`` named ``name``."""
        ring, label = _group(self.svg, self.ring_layer), _group(self.svg, self.label_layer)
        if ring is None or label is None:
            return None
        ring_at, label_at = _TRANSLATE.search(ring.group(2)), _TRANSLATE.search(label.group(2))
        if ring_at is None or label_at is None:
            return None
        dx = float(label_at.group(1)) - float(ring_at.group(1))
        dy = float(label_at.group(2)) - float(ring_at.group(2))
        x, y = self.points[index]
        anchor = "start"
        if x + dx + len(name) * NAME_CHARACTER_WIDTH > self.plot_width:
            anchor, dx = "end", -dx  # the name to the left of a point near the right edge
        # Replacements by function: an area's name must never be read as a regex template.
        ring_move = f'transform="translate({x},{y})"'
        label_move = f'transform="translate({x + dx},{y + dy})"'
        escaped = html.escape(name)
        new_ring = _TRANSLATE.sub(lambda _m: ring_move, ring.group(2), count=1)
        new_label = _TRANSLATE.sub(lambda _m: label_move, label.group(2), count=1)
        new_label = re.sub(
            r'text-anchor="[a-z]+"', lambda _m: f'text-anchor="{anchor}"', new_label, count=1
        )
        new_label = re.sub(r">[^<]*</text>", lambda _m: f">{escaped}</text>", new_label, count=1)
        new_label = re.sub(
            r'aria-label="[^"]*"', lambda _m: f'aria-label="{escaped}"', new_label, count=1
        )
        svg = self.svg[: ring.start(2)] + new_ring + self.svg[ring.end(2) :]
        label = _group(svg, self.label_layer)
        assert label is not None  # the ring's items changed, not the label's group
        return svg[: label.start(2)] + new_label + svg[label.end(2) :]


def clean_svg(svg: str) -> str:
    return _XML_DECLARATION.sub("", svg)


_ARIA = re.compile(r'\s(?:aria-[a-z]+|role)="[^"]*"')


def unique_ids(svg: str, prefix: str) -> str:
    """The SVG ready to inline: its clip-path ids prefixed (a report inlines a dozen
    drawings, and two drawn in different processes may both have a ``clip25``), and Vega's
    own ARIA markup dropped, because the chart is one image named by its text in words (as
    ``render_html`` does): a screen reader would otherwise walk a hundred points."""
    return _CLIP_ID.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", _ARIA.sub("", svg))


def draw(spec: dict[str, Any], prefix: str) -> Picture:
    return Picture(
        unique_ids(clean_svg(render_svg(spec)), prefix), str(spec.get("description", ""))
    )


def funnel_picture(
    base: FunnelBase | None, spec: dict[str, Any], name: str, prefix: str
) -> Picture:
    """The funnel of ``spec``, which highlights the area ``name``: moved from ``base`` when
    it can be, else drawn in full."""
    text = str(spec.get("description", ""))
    index = base.index_of(name) if base is not None else None
    if base is not None and index is not None:
        moved = base.moved_to(index, name)
        if moved is not None:
            return Picture(unique_ids(moved, prefix), text)
    return draw(spec, prefix)
