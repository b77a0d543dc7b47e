"""An integrator's view: a client generated with openapi-python-client from each registry's
published OpenAPI document reads typed answers and typed problems from the running registry."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from importlib import import_module
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from engine.kernel.iin import is_valid_iin
from mock_registries.bundle import KINDS, RegistryBundle, build_registries
from mock_registries.common.auth import official_token
from tests.conftest import TEST_SECRET
from tests.registries.conftest import People

pytestmark = pytest.mark.anyio
GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A client package ``NAME_client`` for every registry, generated once per session."""
    out = tmp_path_factory.mktemp("clients")
    bundle = build_registries(lambda name: f"sqlite:///{out / name}.db", lambda: datetime.now(UTC))
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    try:
        for name, app in bundle.apps.items():
            document = out / f"{name}.json"
            document.write_text(json.dumps(app.openapi(), ensure_ascii=False))
            command = [GENERATOR, "generate", "--path", document, "--meta", "none"]
            command += ["--output-path", out / f"{name}_client", "--fail-on-warning"]
            subprocess.run(command, check=True, env=env, capture_output=True)
    finally:
        bundle.dispose()
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def api(registry: str, operation: str) -> Any:
    return import_module(f"{registry}_client.api.{operation}")


def connect(registry: str, site: FastAPI, agency: str) -> Any:
    client_module = import_module(f"{registry}_client.client")
    return client_module.AuthenticatedClient(
        base_url=f"http://registries.test/registries/{registry}",
        token=official_token(TEST_SECRET, agency),
        httpx_args={"transport": httpx.ASGITransport(app=site)},
    )


@pytest.mark.parametrize("registry", list(KINDS))
async def test_each_registrys_feed_and_its_problems_are_typed(
    generated: Path, site: FastAPI, bundle: RegistryBundle, registry: str
) -> None:
    models = import_module(f"{registry}_client.models")
    changes = api(registry, "feed.changes_changes_get")
    client = connect(registry, site, "digital")
    page = await changes.asyncio(client=client)
    assert isinstance(page, models.FeedPage)
    assert page.incarnation == bundle.contexts[registry].incarnation
    refused = await changes.asyncio(client=client, after="0123456789ab-1")
    assert isinstance(refused, models.Problem)
    assert (refused.status, refused.code) == (410, "feed.cursor_stale")


async def test_a_birth_its_person_and_its_repetition_come_back_typed(
    generated: Path, site: FastAPI, people: People
) -> None:
    civil = import_module("civil_client.models")
    population = import_module("population_client.models")
    mother = people.woman("1994-04-04", region="karaganda")
    registrar = connect("civil", site, "civil")
    birth = civil.BirthIn(
        mother_iin=mother.iin,
        child_first_name="Аружан",
        child_sex=civil.BirthInChildSex.F,
        birth_date=datetime(2026, 3, 10).date(),
    )
    register = api("civil", "civil.register_birth_births_post")
    answer = await register.asyncio(client=registrar, body=birth)
    assert isinstance(answer, civil.BirthAnswer) and answer.act_id >= 1

    read = api("population", "population.get_person_persons_iin_get")
    child = await read.asyncio(
        iin=answer.child_iin, client=connect("population", site, "gfc"), x_purpose="test"
    )
    assert isinstance(child, population.PersonOut)
    assert child.region == population.PersonOutRegion.KARAGANDA
    assert child.birth_date == birth.birth_date and child.mother_iin == mother.iin

    again = await register.asyncio(client=registrar, body=birth, idempotency_key="new-key")
    assert isinstance(again, civil.Problem)
    assert (again.status, again.code) == (409, "birth.duplicate")
    assert again.existing.additional_properties["act_id"] == answer.act_id

    missing = await read.asyncio(
        iin="791028302728", client=connect("population", site, "gfc"), x_purpose="test"
    )
    assert isinstance(missing, population.Problem) and missing.code == "person.not_found"


def _examples(node: Any) -> Iterator[tuple[dict[str, Any], Any]]:
    """Every (schema, example) pair in an OpenAPI document."""
    if isinstance(node, dict):
        for example in node.get("examples", []) if isinstance(node.get("examples"), list) else []:
            yield node, example
        for value in node.values():
            yield from _examples(value)
    elif isinstance(node, list):
        for value in node:
            yield from _examples(value)


@pytest.mark.parametrize("registry", list(KINDS))
def test_every_example_passes_its_own_schema(bundle: RegistryBundle, registry: str) -> None:
    document = bundle.apps[registry].openapi()
    checked = 0
    for schema, example in _examples(document):
        if "pattern" in schema:
            assert re.fullmatch(schema["pattern"], example), (schema, example)
        if schema.get("description", "").startswith("individual identification number"):
            assert is_valid_iin(example), example
        if "enum" in schema:
            assert example in schema["enum"], (schema, example)
        checked += 1
    assert checked > 0
