"""An embedded demo started for a scenario run: every registry, the engine and its jobs in
this process, on a free loopback port, with no automatic life events and no simulated
citizens or officials (tasks wait for the scenario's agencies)."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from engine.config import Settings

START_SECONDS = 120.0


@dataclass(frozen=True)
class RunningDemo:
    base_url: str
    settings: Settings


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_settings(base: Settings, data_dir: Path, port: int, population: int) -> Settings:
    return base.model_copy(
        update={
            "mode": "demo",
            "data_dir": data_dir,
            "port": port,
            "host": "127.0.0.1",
            "population": population,
            "registries_url": f"http://127.0.0.1:{port}/registries",
            "project_missing_law": True,
            "poll_wait_seconds": 1,
        }
    )


@contextmanager
def embedded_demo(
    base: Settings | None = None, population: int = 1500, data_dir: Path | None = None
) -> Iterator[RunningDemo]:
    """Serve a fresh demo (its databases in ``data_dir``, a temporary folder by default)
    until the block ends."""
    from engine.demo.embedded import build_demo
    from engine.serving import jobs_first_server
    from mock_registries.serve import RegistryOptions

    with tempfile.TemporaryDirectory(prefix="proactive-scenarios-") as scratch:
        port = free_port()
        settings = demo_settings(base or Settings(), data_dir or Path(scratch), port, population)
        options = RegistryOptions(population=population, seed=settings.seed, scenario=False)
        app = build_demo(settings, scenario=False, registries=options)
        server = jobs_first_server(app, "127.0.0.1", port)
        thread = threading.Thread(target=server.run, name="scenario-demo", daemon=True)
        thread.start()
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base_url, server, thread)
            yield RunningDemo(base_url, settings)
        finally:
            server.should_exit = True
            thread.join(30)


def _wait_healthy(base_url: str, server: object, thread: threading.Thread) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise RuntimeError("the demo stopped while starting")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)  # polling the server's own readiness, there is no event to wait on
    raise RuntimeError(f"the demo did not answer /health within {START_SECONDS:.0f} s")
