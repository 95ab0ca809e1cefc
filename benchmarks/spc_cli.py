"""Speed and memory of ``forbedring spc qic`` as a whole process, start-up included.

    .venv/bin/python benchmarks/spc_cli.py            # both sizes
    .venv/bin/python benchmarks/spc_cli.py --series 1000 --repeat 5

Makes P-chart data (monthly numerator/denominator for many units, facet column ``id``),
runs ``forbedring spc qic --chart p --facet id`` in a fresh process and reports the wall time
(best and median of the repeats) and the peak resident memory of the process. Targets
(issue 2): 1,000 series x 60 points <= 0.5 s; 100,000 series x 60 points <= 10 s and <= 2 GB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
POINTS = 60


def make_input(path: Path, series: int, points: int = POINTS, seed: int = 2) -> None:
    """Monthly proportions with a few shifts, written as CSV: id, month, events, cases."""
    if path.is_file():
        return
    rng = np.random.default_rng(seed)
    months = np.datetime64("2020-01") + np.arange(points).astype("timedelta64[M]")
    month_text = np.datetime_as_string(months.astype("datetime64[D]"), unit="D")
    cases = rng.integers(20, 200, size=(series, points))
    rate = rng.uniform(0.05, 0.3, size=(series, 1)) * np.where(
        np.arange(points) >= points // 2, rng.uniform(0.6, 1.0, size=(series, 1)), 1.0
    )
    events = rng.binomial(cases, rate)
    ids = np.char.add("unit", np.char.zfill(np.arange(series).astype(str), 6))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as handle:
        handle.write("id,month,events,cases\n")
        block = 5_000
        for start in range(0, series, block):
            stop = min(start + block, series)
            rows = [
                f"{ids[s]},{month_text[t]},{events[s, t]},{cases[s, t]}\n"
                for s in range(start, stop)
                for t in range(points)
            ]
            handle.writelines(rows)
    tmp.rename(path)


def run_once(input_path: Path, output_path: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one whole command process."""
    command = [
        str(Path(sys.executable).with_name("forbedring")),
        "spc", "qic", str(input_path),
        "--x", "month", "--y", "events", "--n", "cases",
        "--chart", "p", "--facet", "id", "-o", str(output_path),
    ]  # fmt: skip
    start = time.perf_counter()
    pid = os.posix_spawn(command[0], command, dict(os.environ))
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"command failed: {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is KiB on Linux


def benchmark(series: int, repeat: int) -> None:
    input_path = OUTPUT / f"p_{series}x{POINTS}.csv"
    make_input(input_path, series)
    size_mib = input_path.stat().st_size / 2**20
    times, peaks = [], []
    for _ in range(repeat):
        elapsed, peak = run_once(input_path, OUTPUT / f"p_{series}x{POINTS}_out.csv")
        times.append(elapsed)
        peaks.append(peak)
    print(
        f"{series:>7,} series x {POINTS} points ({series * POINTS:,} rows, {size_mib:.0f} MiB): "
        f"best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
        f"peak memory {max(peaks):,.0f} MiB  ({repeat} runs)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, action="append", help="series count (repeatable)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for series in args.series or [1_000, 100_000]:
        benchmark(series, args.repeat if series <= 10_000 else max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
