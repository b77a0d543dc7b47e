"""Simulate one rule over a large mock population, vectorised: seconds and memory.

    .venv/bin/python bench/bench_simulate.py [--size 1000000] [--rule kz.childcare_allowance]
        [--all-rules] [--chain]

Prints the time to generate the population, to build its columns, and to simulate the rule
(events found, conditions and amounts evaluated, totals by region), and the peak memory.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine.kernel.catalogue import load_catalogue  # noqa: E402
from engine.kernel.chain_vector import chain_versions  # noqa: E402
from engine.kernel.simulate import simulate  # noqa: E402
from engine.rules_api.population import columns_of  # noqa: E402


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--rule", default="kz.childcare_allowance")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", default="2026-03-16")
    parser.add_argument("--all-rules", action="store_true", help="also simulate every rule")
    parser.add_argument(
        "--chain", action="store_true", help="with the rules it builds on and its modifiers"
    )
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    catalogue = load_catalogue(ROOT / "rules", ROOT / "life_events", root=ROOT)

    started = time.perf_counter()
    from engine.rules_api.population import generate_records

    records = generate_records(args.seed, args.size, as_of)
    generated = time.perf_counter() - started
    after_generation = peak_mb()

    started = time.perf_counter()
    population = columns_of(records, args.seed, as_of)
    built = time.perf_counter() - started

    started = time.perf_counter()
    register_rows = {
        name: table.size
        for name in ("vehicle", "marriage", "disability_decision")
        if (table := population.records(name)) is not None
    }
    population.column("vehicles", "items")
    registers = time.perf_counter() - started
    del records

    compiled = catalogue.rules[args.rule]
    chain = chain_versions(catalogue, compiled) if args.chain else None
    simulate(compiled, catalogue.life_events, population, catalogue.parameters, chain=chain)
    tracemalloc.start()
    started = time.perf_counter()
    result, _ = simulate(
        compiled, catalogue.life_events, population, catalogue.parameters, chain=chain
    )
    simulated = time.perf_counter() - started
    _, simulation_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    summary = result.to_json()
    print(f"population           {args.size:>12,} persons (seed {args.seed}, {as_of})")
    print(f"generate persons     {generated:>12.1f} s   (peak RSS {after_generation:,.0f} MB)")
    print(f"build columns        {built:>12.1f} s")
    rows = ", ".join(f"{count:,} {name}" for name, count in register_rows.items())
    print(f"register records     {registers:>12.1f} s   ({rows})")
    print(
        f"simulate {args.rule}{' with its chain' if args.chain else ''}: {simulated:.3f} s, "
        f"{summary['events']:,} events, "
        f"{summary['eligible']:,} eligible, monthly cost {summary['monthly_cost_kzt']:,} KZT, "
        f"one-time cost {summary['one_time_cost_kzt']:,} KZT"
    )
    print(f"simulation memory    {simulation_peak / 1e6:>12.1f} MB allocated at peak")
    if args.all_rules:
        for rule_id, rule in sorted(catalogue.rules.items()):
            started = time.perf_counter()
            each, _ = simulate(rule, catalogue.life_events, population, catalogue.parameters)
            print(
                f"  {rule_id:<36} {time.perf_counter() - started:6.3f} s  "
                f"{each.events:>8,} events {each.counts['eligible']:>8,} eligible"
            )
    print(f"process peak RSS     {peak_mb():>12,.0f} MB")


if __name__ == "__main__":
    main()
