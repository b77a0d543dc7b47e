"""Time and peak memory of the synthetic population generator.

    python bench/bench_generator.py                      # 10k, 100k and 1M persons
    python bench/bench_generator.py --sizes 10000,50000 --seed 7
    python bench/bench_generator.py --vectorised         # the simulations' generator

``--vectorised`` measures the generator the simulations use (numpy, columns): generating the
persons and the registers' records, then deriving the population's columns from them (the
family facts, the records' columns), as the first simulation of a (seed, size, date) does
before it writes the Arrow files.

Each size runs in a fresh interpreter, so the peak memory reported for it is its own: the
growth of the process's peak resident set while generating, above what the interpreter and
the imports already used. CPU seconds are reported beside wall seconds because on a busy
machine the wall clock also counts time spent waiting for a core. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
TODAY = date(2025, 6, 1)


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_one(size: int, seed: int, vectorised: bool) -> dict[str, float]:
    sys.path.insert(0, str(REPO_ROOT))
    from engine.rules_api.population import generated
    from mock_registries.population.generator import generate_population

    baseline = _peak_rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    if vectorised:
        population, _ = generated(seed, size, TODAY)
        made = population.size
    else:
        made = len(generate_population(seed, size, TODAY))
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    peak = _peak_rss_mb()
    assert made == size
    return {
        "size": size,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak - baseline,
    }


def measure_in_subprocess(size: int, seed: int, vectorised: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--one", str(size), "--seed", str(seed)]
    command += ["--vectorised"] if vectorised else []
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float] = json.loads(finished.stdout)
    return result


def markdown_table(rows: list[dict[str, float]]) -> str:
    lines = [
        "| persons | wall seconds | CPU seconds | persons/s (CPU) | peak memory (MB) |",
        "|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        size = int(row["size"])
        lines.append(
            f"| {size:,} | {row['seconds']:.2f} | {row['cpu_seconds']:.2f}"
            f" | {size / row['cpu_seconds']:,.0f} | {row['peak_mb']:.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--vectorised", action="store_true", help="the simulations' generator")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_one(args.one, args.seed, args.vectorised)))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = [measure_in_subprocess(size, args.seed, args.vectorised) for size in sizes]
    print(markdown_table(rows))


if __name__ == "__main__":
    main()
