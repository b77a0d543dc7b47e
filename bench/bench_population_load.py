"""Time and peak memory of generating a population and loading every mock registry from it.

    python bench/bench_population_load.py        # 1M persons, SQLite and PostgreSQL
    python bench/bench_population_load.py --size 100000 --backends sqlite

Each backend runs in a fresh interpreter so that its peak memory is its own. The run
generates the persons, derives every registry's records (civil acts, vehicles, tax, insurance
histories, pension accounts, kindergarten queue, disability decisions, payments) and loads
them, exactly as ``proactive demo --population N`` does on first start, into throw-away
databases: SQLite files in a temporary folder, or one temporary PostgreSQL database with a
schema per registry (``PROACTIVE_TEST_POSTGRES``, default postgresql://postgres@127.0.0.1:5432/
postgres). Prints a markdown table: seconds per phase (wall clock), rows loaded, and the
process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 16)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


@contextmanager
def _databases(backend: str, names: list[str]) -> Iterator[dict[str, str]]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield {name: f"sqlite:///{folder}/registry_{name}.db" for name in names}
        return
    from tests.support.postgres import SchemaPool, temporary_database

    with temporary_database("proactive_bench") as url, SchemaPool(url, names).lease() as urls:
        yield urls


def measure_one(backend: str, size: int, seed: int) -> dict[str, object]:
    sys.path.insert(0, str(REPO_ROOT))
    from mock_registries.bundle import KINDS, build_registries
    from mock_registries.seeding.run import SeedParameters, seed_registries

    baseline = _peak_rss_mb()
    timings: dict[str, float] = {}
    rows: dict[str, int] = {}
    last = time.perf_counter()

    def report(message: str) -> None:
        nonlocal last
        now = time.perf_counter()
        if message.startswith("generated in"):
            timings["generate"] = now - last
            last = now
        elif match := re.match(r"\s+(\w+): ([\d,]+) rows in", message):
            timings[match.group(1)] = now - last
            rows[match.group(1)] = int(match.group(2).replace(",", ""))
            last = now

    with _databases(backend, list(KINDS)) as urls:
        bundle = build_registries(urls.__getitem__, lambda: datetime(2026, 3, 16, 9, tzinfo=UTC))
        started = time.perf_counter()
        seed_registries(bundle.contexts, SeedParameters(seed, size, TODAY), report)
        total = time.perf_counter() - started
        bundle.dispose()
    return {
        "backend": backend,
        "size": size,
        "seconds": total,
        "timings": timings,
        "rows": rows,
        "peak_mb": _peak_rss_mb(),
        "peak_above_start_mb": _peak_rss_mb() - baseline,
    }


def measure_in_subprocess(backend: str, size: int, seed: int) -> dict[str, object]:
    command = [
        sys.executable,
        __file__,
        "--one",
        backend,
        "--size",
        str(size),
        "--seed",
        str(seed),
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    finished = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    result: dict[str, object] = json.loads(finished.stdout.strip().splitlines()[-1])
    return result


def markdown(results: list[dict[str, object]]) -> str:
    phases = ["generate", *[k for k in results[0]["timings"] if k != "generate"]]  # type: ignore[union-attr]
    head = "| phase | " + " | ".join(str(r["backend"]) for r in results) + " |"
    lines = [head, "|---|" + "---:|" * len(results)]
    for phase in phases:
        cells = []
        for result in results:
            timings: dict[str, float] = result["timings"]  # type: ignore[assignment]
            counts: dict[str, int] = result["rows"]  # type: ignore[assignment]
            seconds = timings.get(phase, 0.0)
            cells.append(
                f"{seconds:.1f} s" + (f" ({counts[phase]:,} rows)" if phase in counts else "")
            )
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines.append("| **total** | " + " | ".join(f"**{r['seconds']:.0f} s**" for r in results) + " |")
    lines.append(
        "| peak memory (RSS) | " + " | ".join(f"{r['peak_mb']:.0f} MB" for r in results) + " |"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(measure_one(args.one, args.size, args.seed)))
        return
    results = []
    for backend in args.backends.split(","):
        print(f"{backend}: generating and loading {args.size:,} persons...", file=sys.stderr)
        results.append(measure_in_subprocess(backend, args.size, args.seed))
    print(f"{args.size:,} persons, seed {args.seed}, as of {TODAY}\n")
    print(markdown(results))


if __name__ == "__main__":
    main()
