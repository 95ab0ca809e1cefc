"""Errors the engine raises for data it cannot use; the callers turn them into user messages."""

from __future__ import annotations


class SpcDataError(ValueError):
    """The data cannot make the chart asked for (e.g. a non-positive time between events)."""
