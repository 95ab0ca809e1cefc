"""Phases (qicharts2's ``part``), baseline (``freeze``) and excluded points, per series."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np

from forbedring.spc.segments import BoolArray, IntArray


def phase_of_position(position: IntArray, breakpoints: Sequence[int] | None) -> IntArray:
    """1-based phase of each 0-based position within its series (qicharts2 ``makeparts``).

    A breakpoint k ends a phase after the k-th point: ``[24]`` puts points 1-24 in phase 1 and
    25 onwards in phase 2. Breakpoints at or beyond a series' length, or below 1, have no effect.
    """
    if not breakpoints:
        return np.ones(position.shape, dtype=np.intp)
    cuts = np.unique(np.asarray([b for b in breakpoints if b >= 1], dtype=np.int64))
    return (np.searchsorted(cuts, position, side="right") + 1).astype(np.intp)


def breakpoints_from_labels(x: Sequence[Hashable], labels: Sequence[Hashable]) -> list[int]:
    """Breakpoints from a column of phase labels, as qicharts2 derives them.

    The labels of the rows that first show each x value are read in row order; every label
    that appears for the first time starts a new phase (``part[!duplicated(x)]``,
    ``match(unique(part), part)[-1] - 1``). Labels are compared as given, so a label that
    returns later does not start another phase.
    """
    seen_x: set[Hashable] = set()
    first_rows: list[Hashable] = []
    for x_value, label in zip(x, labels, strict=True):
        if x_value not in seen_x:
            seen_x.add(x_value)
            first_rows.append(label)
    starts: list[int] = []
    seen_labels: set[Hashable] = set()
    for index, label in enumerate(first_rows):
        if label not in seen_labels:
            seen_labels.add(label)
            starts.append(index)
    return starts[1:]


def baseline_mask(xx: IntArray, freeze: int | None) -> BoolArray:
    """True for points 1..freeze (1-based ``xx``); every point when there is no freeze."""
    if freeze is None:
        return np.ones(xx.shape, dtype=bool)
    return xx <= freeze


def include_mask(xx: IntArray, exclude: Sequence[int]) -> BoolArray:
    """False for the excluded points (1-based positions within their series)."""
    if not exclude:
        return np.ones(xx.shape, dtype=bool)
    return ~np.isin(xx, np.asarray(list(exclude), dtype=np.int64))
