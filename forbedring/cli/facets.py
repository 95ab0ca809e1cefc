"""Facets: one series per value (or pair of values) of up to two text columns."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from forbedring.cli.table_input import InputTable, text_column


@dataclass(frozen=True)
class Facets:
    """Series code per input row (-1 where a facet value is missing: such rows are dropped, as
    qicharts2's ``split`` drops them) and the facet values of every series."""

    names: list[str]
    code: np.ndarray
    values: list[pa.Array]

    @property
    def count(self) -> int:
        return len(self.values[0]) if self.values else 1

    def labels(self, series: np.ndarray) -> dict[str, pa.Array]:
        """The facet columns, under their input names, for the given series codes."""
        index = pa.array(series)
        return {
            name: values.take(index) for name, values in zip(self.names, self.values, strict=True)
        }

    def chunks(self, series_per_chunk: int) -> Iterator[tuple[int, np.ndarray]]:
        """Row indices of consecutive blocks of series, in series order, with each first code."""
        kept = np.flatnonzero(self.code >= 0)
        codes = self.code[kept]
        if codes.size > 1 and not bool(np.all(np.diff(codes) >= 0)):
            order = np.argsort(codes, kind="stable")
            kept, codes = kept[order], codes[order]
        for start in range(0, self.count, series_per_chunk):
            lo, hi = np.searchsorted(codes, [start, start + series_per_chunk])
            if hi > lo:
                yield start, kept[lo:hi]


def facet_codes(table: InputTable, names: list[str]) -> Facets:
    """Number the series by first appearance of their facet values."""
    if not names:
        return Facets(names=[], code=np.zeros(table.num_rows, dtype=np.intp), values=[])
    encoded = [pc.dictionary_encode(text_column(table, name)) for name in names]
    codes = [_indices(e) for e in encoded]
    if len(names) == 1:
        # Dictionary codes already number the values by first appearance.
        return Facets(names=list(names), code=codes[0], values=[encoded[0].dictionary])
    missing = np.zeros(table.num_rows, dtype=bool)
    for c in codes:
        missing |= c < 0
    # Two facets: one code per pair of values.
    combined = codes[0] * len(encoded[1].dictionary) + codes[1]
    present = combined[~missing]
    unique, first_row, inverse = np.unique(present, return_index=True, return_inverse=True)
    # Renumber in order of first appearance, so output follows the input's order of series.
    by_appearance = np.argsort(first_row, kind="stable")
    rank = np.empty_like(by_appearance)
    rank[by_appearance] = np.arange(by_appearance.size)
    code = np.full(table.num_rows, -1, dtype=np.intp)
    code[~missing] = rank[inverse]
    ordered = unique[by_appearance]
    width = len(encoded[1].dictionary)
    values = [
        encoded[0].dictionary.take(pa.array(ordered // width)),
        encoded[1].dictionary.take(pa.array(ordered % width)),
    ]
    return Facets(names=list(names), code=code, values=values)


def _indices(encoded: pa.Array) -> np.ndarray:
    """Dictionary codes per row, -1 where the value is missing."""
    return np.asarray(encoded.indices.fill_null(-1), dtype=np.intp)
