"""A project's driver diagram as plain data, and as a static SVG for print and PDF (C4).

The tree is built once from the models in two queries (drivers, change ideas; the aim comes
with the project), so the project page, the edit page and the printable summary show the same
structure without each walking the ORM. The SVG is drawn here, not by a chart library: it is a
box-and-line picture whose only difficulty is wrapping text to box width, and WeasyPrint draws
plain SVG shapes and text reliably.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.utils import formats, translation
from django.utils.translation import gettext as _

from forbedring.charts.model import Lang
from forbedring.web.improvement.models import ChangeIdea, Driver, Project

# A symbol per status, so that print in black and white and readers who do not tell colours
# apart still see the status (DESIGN.md: never colour alone). The glyphs are in DejaVu Sans,
# the font WeasyPrint falls back to.
STATUS_SYMBOLS = {
    ChangeIdea.Status.IDEA: "○",
    ChangeIdea.Status.TESTING: "◐",
    ChangeIdea.Status.IMPLEMENTED: "✓",
    ChangeIdea.Status.ABANDONED: "✕",
}


@dataclass(frozen=True)
class IdeaNode:
    id: int
    title: str
    description: str
    status: str
    status_label: str
    symbol: str
    implemented_on: dt.date | None
    driver_id: int | None


@dataclass
class DriverNode:
    """A primary driver (``children`` are its secondaries) or a secondary driver (no children)."""

    id: int
    text: str
    parent_id: int | None
    children: list[DriverNode] = field(default_factory=list)
    ideas: list[IdeaNode] = field(default_factory=list)

    @property
    def is_primary(self) -> bool:
        return self.parent_id is None


@dataclass
class Tree:
    """Aim → primary drivers → secondary drivers → change ideas.

    ``unplaced`` holds change ideas without a driver: deleting a driver keeps its ideas (and
    their PDSA cycles) rather than losing a team's work, and they wait here to be placed again.
    """

    project_id: int
    title: str
    aim: str
    primaries: list[DriverNode] = field(default_factory=list)
    unplaced: list[IdeaNode] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.primaries and not self.unplaced

    def drivers(self) -> list[DriverNode]:
        """Every driver, each primary followed by its secondaries (the order of the diagram)."""
        return [d for p in self.primaries for d in (p, *p.children)]


def _idea(idea: ChangeIdea) -> IdeaNode:
    status = ChangeIdea.Status(idea.status)
    return IdeaNode(
        id=idea.pk,
        title=idea.title,
        description=idea.description,
        status=status.value,
        status_label=str(status.label),
        symbol=STATUS_SYMBOLS[status],
        implemented_on=idea.implemented_on,
        driver_id=idea.driver_id,
    )


def aim_text(project: Project) -> str:
    """The aim statement, or its parts when the team has not yet written the sentence."""
    if project.aim_statement.strip():
        return project.aim_statement.strip()
    return " ".join(p for p in (project.aim_what, project.aim_how_much, project.aim_for_whom) if p)


def driver_tree(project: Project) -> Tree:
    """The project's driver diagram in two queries, in the order the team arranged it."""
    tree = Tree(project_id=project.pk, title=project.title, aim=aim_text(project))
    nodes: dict[int, DriverNode] = {}
    drivers = list(Driver.objects.filter(project=project).order_by("position", "pk"))
    for d in drivers:
        nodes[d.pk] = DriverNode(id=d.pk, text=d.text, parent_id=d.parent_id)
    for d in drivers:
        node = nodes[d.pk]
        if d.parent_id is None:
            tree.primaries.append(node)
        elif d.parent_id in nodes and nodes[d.parent_id].is_primary:
            nodes[d.parent_id].children.append(node)
        # A deeper node cannot be made through the app (Driver.clean); it is left out.
    for idea in ChangeIdea.objects.filter(project=project).order_by("position", "pk"):
        owner = nodes.get(idea.driver_id) if idea.driver_id is not None else None
        (owner.ideas if owner is not None else tree.unplaced).append(_idea(idea))
    return tree


# ---- SVG -------------------------------------------------------------------------------

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
FONT_SIZE = 12
LINE = 15  # line height at FONT_SIZE
CHAR_WIDTH = 6.6  # a generous average glyph width at FONT_SIZE, so wrapped lines fit the box
PAD = 8
BOX_W = 190
COL_GAP = 44
ROW_GAP = 10
MARGIN = 16
HEADER = 28
COLUMNS = 4  # aim, primary drivers, secondary drivers, change ideas
INK = "#1f2933"
# Fills per column and per status: decoration only, the words and symbols carry the meaning.
FILLS = ("#eef2f6", "#e6f1f8", "#f3f6f9", "#ffffff")
STATUS_STROKES = {"idea": "#5a6572", "testing": "#0072b2", "implemented": "#00694c"}


def _wrap(text: str, *, bold: bool = False) -> list[str]:
    # Bold glyphs are about a tenth wider; aim and primary drivers are drawn bold.
    width = int((BOX_W - 2 * PAD) / (CHAR_WIDTH * (1.12 if bold else 1.0)))
    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


@dataclass
class _Box:
    column: int
    lines: list[str]
    kind: str  # aim, primary, secondary, idea, note
    status: str = ""
    status_line: str = ""
    y: float = 0.0

    @property
    def height(self) -> float:
        n = len(self.lines) + (1 if self.status_line else 0)
        return n * LINE + 2 * PAD

    @property
    def x(self) -> float:
        return MARGIN + self.column * (BOX_W + COL_GAP)


@dataclass
class _Layout:
    boxes: list[_Box] = field(default_factory=list)
    links: list[tuple[_Box, _Box]] = field(default_factory=list)


def _status_line(idea: IdeaNode, lang: Lang) -> str:
    # The label again, in ``lang``: the tree's was made in the request's language.
    text = f"{idea.symbol} {ChangeIdea.Status(idea.status).label}"
    if idea.status == ChangeIdea.Status.IMPLEMENTED and idea.implemented_on:
        text += " " + formats.date_format(idea.implemented_on, "SHORT_DATE_FORMAT")
    return text


def _place(box: _Box, children: list[_Box], top: float) -> float:
    """Centre ``box`` beside its already placed children; return the block's height."""
    if not children:
        box.y = top
        return box.height
    first = children[0].y
    last = children[-1].y + children[-1].height
    block = max(last - top, box.height)
    box.y = max(top, (first + last) / 2 - box.height / 2)
    return max(block, box.y + box.height - top)


def _ideas(layout: _Layout, parent: _Box, ideas: list[IdeaNode], top: float, lang: Lang) -> float:
    """Stack change ideas from ``top``, linked to ``parent``; return the y below the last."""
    y = top
    for idea in ideas:
        box = _Box(3, _wrap(idea.title), "idea", idea.status, _status_line(idea, lang), y)
        layout.boxes.append(box)
        layout.links.append((parent, box))
        y += box.height + ROW_GAP
    return y


def _children(layout: _Layout, parent: _Box) -> list[_Box]:
    return sorted((b for p, b in layout.links if p is parent), key=lambda b: b.y)


def _layout(tree: Tree, lang: Lang) -> tuple[_Layout, float]:
    layout = _Layout()
    top: float = MARGIN + HEADER
    y = top
    primary_boxes: list[_Box] = []
    for primary in tree.primaries:
        pbox = _Box(1, _wrap(primary.text, bold=True), "primary")
        start = y
        for secondary in primary.children:
            sbox = _Box(2, _wrap(secondary.text), "secondary")
            below = _ideas(layout, sbox, secondary.ideas, y, lang)
            height = _place(sbox, _children(layout, sbox), y)
            layout.boxes.append(sbox)
            layout.links.append((pbox, sbox))
            y = max(below, y + height + ROW_GAP)
        # Ideas straight under a primary driver skip the secondary column.
        y = _ideas(layout, pbox, primary.ideas, y, lang)
        height = _place(pbox, _children(layout, pbox), start)
        layout.boxes.append(pbox)
        primary_boxes.append(pbox)
        y = max(y, start + height + ROW_GAP) + ROW_GAP
    if not tree.primaries:
        note = _Box(1, _wrap(_("No drivers yet.")), "note", y=y)
        layout.boxes.append(note)
        y += note.height + ROW_GAP
    if tree.unplaced:
        note = _Box(2, _wrap(_("Change ideas not linked to a driver")), "note")
        below = _ideas(layout, note, tree.unplaced, y, lang)
        _place(note, _children(layout, note), y)
        layout.boxes.append(note)
        y = below
    aim = _Box(0, _wrap(tree.aim or _("No aim statement yet."), bold=True), "aim")
    _place(aim, primary_boxes, top)
    layout.boxes.append(aim)
    layout.links += [(aim, b) for b in primary_boxes]
    bottom = max([b.y + b.height for b in layout.boxes] + [y])
    return layout, bottom + MARGIN


def _box_svg(box: _Box) -> str:
    stroke, width, dash = INK, 1.0, ""
    if box.kind == "idea":
        stroke = STATUS_STROKES.get(box.status, INK)
        if box.status == ChangeIdea.Status.IMPLEMENTED:
            width = 2.5
        if box.status == ChangeIdea.Status.ABANDONED:
            stroke, dash = "#5a6572", ' stroke-dasharray="5 3"'
    if box.kind == "aim":
        width = 2.0
    if box.kind == "note":
        stroke, dash = "#8a949f", ' stroke-dasharray="2 2"'
    fill = FILLS[box.column]
    parts = [
        f'<g class="box {box.kind}{" status-" + box.status if box.status else ""}">',
        f'<rect x="{box.x:g}" y="{box.y:g}" width="{BOX_W}" height="{box.height:g}" rx="5" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="{width:g}"{dash}/>',
    ]
    weight = ' font-weight="bold"' if box.kind in ("aim", "primary") else ""
    x = box.x + PAD
    lines = [*box.lines, *([box.status_line] if box.status_line else [])]
    for i, line in enumerate(lines):
        ty = box.y + PAD + LINE * (i + 1) - 4
        style = weight
        if box.status_line and i == len(lines) - 1:
            style = ' font-style="italic"'
        parts.append(f'<text x="{x:g}" y="{ty:g}"{style}>{escape(line)}</text>')
    parts.append("</g>")
    return "".join(parts)


def _link_svg(a: _Box, b: _Box) -> str:
    """An elbow connector from the right edge of ``a`` to the left edge of ``b``."""
    x1, y1 = a.x + BOX_W, a.y + a.height / 2
    x2, y2 = b.x, b.y + b.height / 2
    mid = x1 + COL_GAP / 2
    return f'<path d="M{x1:g},{y1:g} H{mid:g} V{y2:g} H{x2:g}" />'


def diagram_svg(tree: Tree, lang: Lang) -> str:
    """The whole diagram as standalone SVG: aim on the left, then drivers and change ideas.

    Every text is XML-escaped; the SVG carries a ``<title>``, a ``<desc>`` and ``role="img"``
    with an ``aria-label`` so that a PDF reader or screen reader can name it.
    """
    with translation.override(lang):
        layout, height = _layout(tree, lang)
        width = MARGIN * 2 + COLUMNS * BOX_W + (COLUMNS - 1) * COL_GAP
        title = _("Driver diagram: %(project)s") % {"project": tree.title}
        desc = _("Aim, primary drivers, secondary drivers and change ideas, left to right.")
        headings = [_("Aim"), _("Primary drivers"), _("Secondary drivers"), _("Change ideas")]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="0 0 {width:g} '
        f'{height:g}" width="{width:g}" height="{height:g}" role="img" '
        f"aria-label={quoteattr(title)} font-family={quoteattr(FONT)} "
        f'font-size="{FONT_SIZE}" fill="{INK}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(desc)}</desc>",
        '<g class="headings" font-weight="bold">',
    ]
    for i, heading in enumerate(headings):
        x = MARGIN + i * (BOX_W + COL_GAP)
        out.append(f'<text x="{x:g}" y="{MARGIN + 12:g}">{escape(heading)}</text>')
    out.append("</g>")
    out.append(f'<g class="links" fill="none" stroke="{INK}" stroke-width="1">')
    out += [_link_svg(a, b) for a, b in layout.links]
    out.append("</g>")
    out += [_box_svg(b) for b in layout.boxes]
    out.append("</svg>")
    return "\n".join(out)
