"""Fixtures of the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from engine.config import Settings
from engine.demo.embedded import build_demo
from mock_registries.serve import RegistryOptions
from tests.support.demo import demo_settings, wait_until
from tests.support.live_server import free_port, serving


@contextmanager
def running_demo(data_dir: Path) -> Iterator[tuple[str, Settings]]:
    port = free_port()
    settings = demo_settings(data_dir, port)
    app = build_demo(settings, scenario=False, registries=RegistryOptions(population=1500))
    with serving(app, port) as base:
        wait_until(lambda: httpx.get(f"{base}/health").status_code == 200)
        yield base, settings


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    """A demo of one's own (the test moves its clock or restarts it)."""
    with running_demo(tmp_path) as running:
        yield running


@pytest.fixture(scope="module")
def shared_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    """One demo for the tests of a module that only add life events to it."""
    with running_demo(tmp_path_factory.mktemp("demo")) as running:
        yield running


@pytest.fixture
def server(web: FastAPI) -> Iterator[str]:
    """The engine's web app (with its registries) on a loopback port, for browser tests."""
    with serving(web) as base:
        yield base
