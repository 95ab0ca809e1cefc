"""A chart of the report as an image for the PDF: ``{{ entry.funnel_svg|svg_image }}``.

Inline in HTML, WeasyPrint reads an SVG with its (pure Python) HTML parser, which costs more
than the rest of the report; as an ``<img>`` with a data URL it reads it with an XML parser.
The screen readers' attributes are dropped there: the PDF's image gets the chart in words
as its ``alt`` text instead.
"""

from __future__ import annotations

import base64
import re

from django import template

register = template.Library()

_ARIA = re.compile(r'\s(?:aria-[a-z]+|role)="[^"]*"')


@register.filter
def svg_image(svg: str) -> str:
    """The SVG as a ``data:`` URL (base64)."""
    lean = _ARIA.sub("", svg)
    return "data:image/svg+xml;base64," + base64.b64encode(lean.encode("utf-8")).decode("ascii")
