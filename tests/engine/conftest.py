"""Fixtures of the engine's scenario tests."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import date
from typing import Any

import httpx
import pytest

from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.support.flows import official_token
from tests.support.population import add_person

BirthPoster = Callable[..., Coroutine[Any, Any, httpx.Response]]


@pytest.fixture
def post_birth(http: httpx.AsyncClient, services: Services) -> BirthPoster:
    async def post(
        mother_iin: str, born: str, *, name: str = "Айым", sex: str = "F", **extra: Any
    ) -> httpx.Response:
        body = {
            "mother_iin": mother_iin,
            "child_first_name": name,
            "child_sex": sex,
            "birth_date": born,
            **extra,
        }
        return await http.post(
            "/registries/civil/births", json=body, headers=official_token(services, "civil")
        )

    return post


@pytest.fixture
def mother(registries: RegistryBundle) -> str:
    return add_person(registries.contexts["population"], sex="F", birth_date=date(1993, 5, 5)).iin


@pytest.fixture
def settings(databases: Any, tmp_path: Any) -> Any:
    """The engine tests get their own copy of the catalogue, so a test may add or change a
    rule file and reload."""
    import shutil

    from engine.config import Settings
    from tests.conftest import ROOT, TEST_AUDIT_KEY, TEST_SECRET

    rules = tmp_path / "rules"
    life_events = tmp_path / "life_events"
    shutil.copytree(ROOT / "rules", rules, ignore=shutil.ignore_patterns("__pycache__", "*.py"))
    shutil.copytree(ROOT / "life_events", life_events)
    return Settings(
        mode="test",
        data_dir=tmp_path,
        database_url=databases.engine_url,
        secret=TEST_SECRET,
        audit_key=TEST_AUDIT_KEY,
        rules_dir=rules,
        life_events_dir=life_events,
        poll_wait_seconds=0,
    )
