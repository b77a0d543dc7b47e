"""The kept population: building it once, then cold simulations from it.

Runs ``proactive rules simulate RULE --population N --json`` as an analyst would, each time
in a new process (process start, catalogue, reading the Parquet files, simulating, printing
included): the first run generates and keeps the population, the later ones read it. Prints
the wall time and the peak resident memory of each run.

    .venv/bin/python bench/bench_store.py --size 1000000 --runs 3
    .venv/bin/python bench/bench_store.py --size 20000000 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(rule: str, size: int, as_of: str, data_dir: Path) -> tuple[float, float, dict[str, object]]:
    """Wall seconds, peak RSS in MB, and the JSON printed."""
    command = [
        "/usr/bin/time",
        "-f",
        "%M",
        str(Path(sys.executable).with_name("proactive")),
        "rules",
        "simulate",
        rule,
        "--population",
        str(size),
        "--as-of",
        as_of,
        "--json",
    ]
    environment = {**os.environ, "PROACTIVE_DATA_DIR": str(data_dir)}
    started = time.perf_counter()
    done = subprocess.run(
        command, capture_output=True, text=True, cwd=ROOT, env=environment, check=True
    )
    seconds = time.perf_counter() - started
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kb / 1024, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rule", default="kz.childcare_allowance")
    parser.add_argument("--as-of", default="2026-03-16")
    parser.add_argument("--runs", type=int, default=3, help="cold runs from the kept population")
    parser.add_argument("--data-dir", type=Path, help="keep the population here (default: temp)")
    args = parser.parse_args()
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="populations-"))
    seconds, peak, result = run(args.rule, args.size, args.as_of, data_dir)
    print(f"first run (generate and keep {args.size:,} persons): {seconds:.1f} s, {peak:,.0f} MB")
    for index in range(args.runs):
        seconds, peak, result = run(args.rule, args.size, args.as_of, data_dir)
        print(f"cold run {index + 1} from the kept population: {seconds:.2f} s, {peak:,.0f} MB")
    national = result["national"]
    assert isinstance(national, dict)
    print(
        f"{args.rule}: {result['eligible']:,} eligible in the sample, "
        f"{national['eligible']:,} in the country; "
        f"{national['annual_cost_kzt']:,} KZT a year in the country"
    )
    kept = sum(p.stat().st_size for p in data_dir.rglob("*.arrow"))
    print(f"kept on disk: {kept / 2**20:,.0f} MB in {data_dir}")


if __name__ == "__main__":
    main()
