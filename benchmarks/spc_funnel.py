"""Speed and memory of funnel plots: the engine in-process, and ``forbedring spc funnel`` as a
whole process, start-up included.

    .venv/bin/python benchmarks/spc_funnel.py                    # 100,000 units, every type
    .venv/bin/python benchmarks/spc_funnel.py --units 1000 --repeat 5

The data: one row per unit (municipal-sized denominators, 20 to 5,000, overdispersed), as
proportions (PR), observed / expected (SR, both methods: the exact Poisson limits are the
costly part, four gamma quantiles per unit) and ratios of counts (RC). For the engine it
reports the best wall time of the repeats and the peak of memory numpy allocated (tracemalloc
sees numpy's buffers); for the command the wall time and the peak resident memory of the
process.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from forbedring.spc.funnel import funnel

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "output"
KINDS = (("pr", "shmi"), ("sr", "shmi"), ("sr", "cqc"), ("rc", "shmi"))


def make_data(units: int, data_type: str, seed: int = 8) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = rng.integers(20, 5000, size=units).astype(np.float64)
    # Unit-level rates vary beyond chance (overdispersion), as real indicators do.
    rate = np.clip(rng.normal(0.15, 0.04, size=units), 0.01, 0.9)
    events = rng.binomial(n.astype(np.int64), rate).astype(np.float64)
    if data_type == "sr":
        expected = n * 0.15 * rng.uniform(0.8, 1.25, size=units)
        return events, np.round(expected, 4)
    return events, n


def engine(units: int, repeat: int) -> None:
    for data_type, method in KINDS:
        o, e = make_data(units, data_type)
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            funnel(o, e, data_type=data_type, sr_method=method, limits="both")  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
        tracemalloc.start()
        funnel(o, e, data_type=data_type, sr_method=method, limits="both")  # type: ignore[arg-type]
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        label = data_type + ("" if data_type != "sr" else f"/{method}")
        print(
            f"engine {label:<7} {units:>9,} units: best {min(times):.3f} s, "
            f"peak numpy memory {peak:,.0f} MiB ({repeat} runs)"
        )


def command(units: int) -> None:
    for data_type, method in (("pr", "shmi"), ("sr", "shmi")):
        o, e = make_data(units, data_type)
        path = OUTPUT / f"funnel_{data_type}_{units}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        ids = np.char.add("k", np.char.zfill(np.arange(units).astype(str), 6))
        with path.open("w", encoding="utf-8") as handle:
            handle.write("unit,numerator,denominator\n")
            handle.writelines(
                f"{u},{a:g},{float(b)!r}\n" for u, a, b in zip(ids, o, e, strict=True)
            )
        cmd = [
            str(Path(sys.executable).with_name("forbedring")),
            "spc", "funnel", str(path), "--unit", "unit", "--numerator", "numerator",
            "--denominator", "denominator", "--type", data_type, "--sr-method", method,
            "--limits", "both", "-o", str(path.with_suffix(".out.csv")),
            "--summary", str(path.with_suffix(".summary.csv")),
        ]  # fmt: skip
        start = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, dict(os.environ))
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"command failed: {' '.join(cmd)}")
        print(
            f"command {data_type:<6} {units:>9,} units: {elapsed:.2f} s, "
            f"peak memory {usage.ru_maxrss / 1024:,.0f} MiB"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine(args.units, args.repeat)
    command(args.units)


if __name__ == "__main__":
    main()
