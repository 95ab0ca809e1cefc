"""``{% driver_tree project as tree %}``: the driver diagram's data for the project page's partial.

The project page includes ``improvement/_driver_diagram.html`` with only ``team``, ``project``
and ``can_edit``; the partial fetches its own tree (two queries), so the page's view needs to
know nothing about the diagram.
"""

from __future__ import annotations

from django import template

from forbedring.web.improvement.diagram import Tree
from forbedring.web.improvement.diagram import driver_tree as build_tree
from forbedring.web.improvement.models import Project

register = template.Library()


@register.simple_tag
def driver_tree(project: Project) -> Tree:
    return build_tree(project)
