"""Static SVG of 100 charts: engine, chart model, Vega-Lite spec and vl-convert rendering.

    .venv/bin/python benchmarks/charts_svg.py [--charts 100] [--points 36]

Times the whole job in this process (imports and the renderer's start-up included, as a report
run would pay them): 100 U charts of 36 monthly points each, with phases, a target and a note.
Target (issue 3): <= 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

START = time.perf_counter()

import numpy as np  # noqa: E402

from forbedring.charts.model import Note, spc_chart_from_qic  # noqa: E402
from forbedring.charts.render import render_svg  # noqa: E402
from forbedring.charts.spc_spec import spc_spec  # noqa: E402
from forbedring.spc import qic  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=100)
    parser.add_argument("--points", type=int, default=36)
    args = parser.parse_args()
    rng = np.random.default_rng(3)
    months = [dt.date(2023 + m // 12, m % 12 + 1, 1) for m in range(args.points)]
    total_bytes = 0
    first_render = None
    for index in range(args.charts):
        days = rng.integers(1500, 2500, size=args.points).astype(float)
        rate = np.where(np.arange(args.points) < args.points // 2, 8.0, 5.5) / 1000
        falls = rng.poisson(rate * days).astype(float)
        result = qic(falls, n=days, chart="u", multiply=1000, part=[args.points // 2])
        chart = spc_chart_from_qic(
            result, "u", months, "date", title=f"Unit {index + 1}", target=5.0, lang="da",
            notes=[Note(months[args.points // 2], "Faldpakke")],
        )  # fmt: skip
        svg = render_svg(spc_spec(chart))
        total_bytes += len(svg)
        if first_render is None:
            first_render = time.perf_counter() - START
    elapsed = time.perf_counter() - START
    print(
        f"{args.charts} charts x {args.points} points to SVG: {elapsed:.2f} s in all "
        f"({elapsed / args.charts * 1000:.0f} ms a chart; the first, with start-up, after "
        f"{first_render:.2f} s); {total_bytes / 2**20:.1f} MiB of SVG"
    )


if __name__ == "__main__":
    main()
