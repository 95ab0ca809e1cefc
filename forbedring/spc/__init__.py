"""The SPC engine: run charts, Shewhart control charts and NHS Making Data Count charts.

Pure numpy: nothing here reads files, touches a database or draws (DESIGN.md §5.1; a test
enforces it). Every function takes many series at once through a ``series`` id per row.
"""

from forbedring.spc.errors import SpcDataError
from forbedring.spc.mdc import DuplicateDateError, MdcPoints, MdcResult, mdc
from forbedring.spc.mdc_icons import IMPROVEMENT_DIRECTIONS, ImprovementDirection, MdcSummary
from forbedring.spc.qic import CHART_TYPES, QicResult, qic

__all__ = [
    "CHART_TYPES",
    "IMPROVEMENT_DIRECTIONS",
    "DuplicateDateError",
    "ImprovementDirection",
    "MdcPoints",
    "MdcResult",
    "MdcSummary",
    "QicResult",
    "SpcDataError",
    "mdc",
    "qic",
]
