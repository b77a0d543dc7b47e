"""The shipped scenarios through ``proactive scenario run``, as a CI job runs them: a new
process each time (start-up, the embedded demo with its population, every scenario, the
report included). Prints the wall time of each run and the scenarios' own times.

    .venv/bin/python bench/bench_scenarios.py --runs 3
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--population", type=int, default=1500)
    args = parser.parse_args()
    command = [
        str(ROOT / ".venv" / "bin" / "proactive"),
        "scenario",
        "run",
        str(ROOT / "tests" / "scenarios"),
        "--population",
        str(args.population),
    ]
    env = {**os.environ, "PROACTIVE_RULES_DIR": str(ROOT / "rules")}
    env["PROACTIVE_LIFE_EVENTS_DIR"] = str(ROOT / "life_events")
    for run in range(1, args.runs + 1):
        began = time.monotonic()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        wall = time.monotonic() - began
        own = sum(
            float(s) for s in re.findall(r"^(?:PASS|FAIL) .*\((\d+\.\d) s\)$", done.stdout, re.M)
        )
        print(
            f"run {run}: {wall:.1f} s wall, {own:.1f} s in the scenarios, "
            f"{done.stdout.strip().splitlines()[-1]}"
        )


if __name__ == "__main__":
    main()
