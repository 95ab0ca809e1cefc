"""The SPC engine: run charts, Shewhart control charts, NHS Making Data Count charts, funnel
plots and the traffic lights of the national status report.

Pure numpy: nothing here reads files, touches a database or draws (DESIGN.md §5.1; a test
enforces it). Every function takes many series at once through a ``series`` id per row.
"""

from forbedring.spc.errors import SpcDataError
from forbedring.spc.funnel import FunnelDataError, FunnelResult, funnel
from forbedring.spc.mdc import DuplicateDateError, MdcPoints, MdcResult, mdc
from forbedring.spc.mdc_icons import IMPROVEMENT_DIRECTIONS, ImprovementDirection, MdcSummary
from forbedring.spc.qic import CHART_TYPES, QicResult, qic
from forbedring.spc.traffic_lights import (
    Development,
    DevelopmentLight,
    Placement,
    PlacementLight,
    development,
    placement,
)

__all__ = [
    "CHART_TYPES",
    "IMPROVEMENT_DIRECTIONS",
    "Development",
    "DevelopmentLight",
    "DuplicateDateError",
    "FunnelDataError",
    "FunnelResult",
    "ImprovementDirection",
    "MdcPoints",
    "MdcResult",
    "MdcSummary",
    "Placement",
    "PlacementLight",
    "QicResult",
    "SpcDataError",
    "development",
    "funnel",
    "mdc",
    "placement",
    "qic",
]
