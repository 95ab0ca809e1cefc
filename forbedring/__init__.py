"""Forbedring: data-driven quality improvement and patient safety for municipal care."""

__version__ = "0.1.0"
