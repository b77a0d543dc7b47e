"""Engine throughput: births registered in the civil registry, decided by every rule of the
catalogue, written with their inbox items and tasks. In process (ASGI transports), so it
measures the engine and the registries, not the network.

    .venv/bin/python bench/bench_engine.py --births 500 [--postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the test helpers build the registries' people

from engine.app import build_services  # noqa: E402
from engine.clock import SimulatedClock  # noqa: E402
from engine.config import Settings  # noqa: E402
from engine.pipeline.process import process_pending  # noqa: E402
from engine.registries.watcher import poll_feed  # noqa: E402
from mock_registries.bundle import KINDS, build_registries  # noqa: E402
from tests.support.flows import official_token  # noqa: E402
from tests.support.population import add_person  # noqa: E402
from tests.support.postgres import temporary_database  # noqa: E402

SECRET = "bench-secret-0123456789abcdef0123456789abcdef"


async def run(births: int, postgres: bool) -> dict[str, float]:
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        if postgres:
            engine_url = stack.enter_context(temporary_database("bench_engine"))
            registry_urls = {
                n: stack.enter_context(temporary_database(f"bench_{n}")) for n in KINDS
            }
        else:
            engine_url = f"sqlite:///{folder / 'engine.db'}"
            registry_urls = {n: f"sqlite:///{folder / f'{n}.db'}" for n in KINDS}
        clock = SimulatedClock(datetime(2026, 3, 16, 9, 0, tzinfo=UTC), frozen=True)
        bundle = build_registries(
            registry_urls.__getitem__, clock.now, secret=SECRET, demo_features=True
        )
        settings = Settings(
            mode="test",
            data_dir=folder,
            database_url=engine_url,
            secret=SECRET,
            rules_dir=ROOT / "rules",
            life_events_dir=ROOT / "life_events",
        )
        transports: dict[str, httpx.AsyncBaseTransport] = {
            n: httpx.ASGITransport(app=a) for n, a in bundle.apps.items()
        }
        services = build_services(settings, clock=clock, registry_transports=transports)
        mothers = [
            add_person(
                bundle.contexts["population"],
                sex="F",
                birth_date=date(1985 + i % 15, 1 + i % 12, 1 + i % 27),
            ).iin
            for i in range(births)
        ]
        civil = httpx.AsyncClient(
            transport=transports["civil"],
            base_url="http://civil",
            headers=official_token(services, "civil"),
        )
        started = time.perf_counter()
        for mother in mothers:
            response = await civil.post(
                "/births",
                json={
                    "mother_iin": mother,
                    "child_first_name": "Ай",
                    "child_sex": "F",
                    "birth_date": "2026-03-01",
                },
            )
            assert response.status_code == 201, response.text
        registered = time.perf_counter()
        while await poll_feed(services.db, services.registries, services.clock, "civil", limit=500):
            pass
        ingested = time.perf_counter()
        handled = await process_pending(services, limit=births * 2)
        decided = time.perf_counter()
        assert handled == births, handled
        bundle.dispose()
        services.db.dispose()
        return {
            "register": registered - started,
            "ingest": ingested - registered,
            "decide": decided - ingested,
        }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--births", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    args = parser.parse_args()
    figures = asyncio.run(run(args.births, args.postgres))
    backend = "PostgreSQL" if args.postgres else "SQLite"
    print(
        f"| {backend} | {args.births} | {figures['register']:.1f} s | {figures['ingest']:.2f} s | "
        f"{figures['decide']:.1f} s | {args.births / figures['decide']:.1f} births/s |"
    )


if __name__ == "__main__":
    main()
