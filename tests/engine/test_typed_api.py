"""An integrator's view of the engine: every operation of its OpenAPI document says what it
answers and how it refuses, and a client generated from it with openapi-python-client reads
typed answers and typed problems from the running engine."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from engine.api.openapi import API_VERSION
from engine.api.problems import PROBLEM_JSON
from engine.app import build_services, create_app
from engine.config import Settings
from engine.demo.routes import router as demo_router
from engine.kernel.iin import is_valid_iin
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.conftest import ROOT, TEST_AUDIT_KEY, TEST_SECRET
from tests.inbox.support import birth
from tests.support.flows import citizen_token

pytestmark = pytest.mark.anyio
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
# answers that are not JSON documents: they name their media type instead of a schema
NOT_JSON = {"text/event-stream", "text/plain", "text/html"}


@pytest.fixture(scope="session")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The engine's OpenAPI document as the demo serves it (its presenter's routes included)."""
    folder = tmp_path_factory.mktemp("engine_document")
    settings = Settings(
        mode="test",
        data_dir=folder,
        database_url=f"sqlite:///{folder / 'engine.db'}",
        secret=TEST_SECRET,
        audit_key=TEST_AUDIT_KEY,
        rules_dir=ROOT / "rules",
        life_events_dir=ROOT / "life_events",
    )
    services = build_services(settings)
    try:
        app = create_app(services)
        app.include_router(demo_router)
        return app.openapi()
    finally:
        services.db.dispose()


@pytest.fixture(scope="session")
def generated(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A client package ``engine_client``, generated once per session."""
    out = tmp_path_factory.mktemp("engine_clients")
    path = out / "engine.json"
    path.write_text(json.dumps(document, ensure_ascii=False))
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    command = [GENERATOR, "generate", "--path", path, "--meta", "none"]
    command += ["--output-path", out / "engine_client", "--fail-on-warning"]
    subprocess.run(command, check=True, env=env, capture_output=True)
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield f"{method.upper()} {path}", operation


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def test_every_operation_declares_its_answer_and_its_problems(document: dict[str, Any]) -> None:
    untyped, unrefused, loose_problems = [], [], []
    for name, operation in _operations(document):
        responses = operation["responses"]
        for status, response in responses.items():
            if not status.startswith("2"):
                continue
            if status != "204" and not response.get("content"):
                untyped.append(f"{name} {status} (no media type)")
            for media, content in response.get("content", {}).items():
                if media in NOT_JSON:
                    continue
                schema = _resolve(document, content.get("schema", {}))
                if not schema.get("properties") and schema.get("type") != "object":
                    untyped.append(f"{name} {status} {media}")
                if schema.get("additionalProperties") is True and not schema.get("properties"):
                    untyped.append(f"{name} {status} {media}")
        errors = {status: r for status, r in responses.items() if int(status) >= 400}
        if not errors:
            unrefused.append(name)
        for status, response in errors.items():
            if name == "GET /health" and status == "503":
                continue
            schema = response.get("content", {}).get(PROBLEM_JSON, {}).get("schema")
            if schema != {"$ref": "#/components/schemas/Problem"}:
                loose_problems.append(f"{name} {status}")
    assert untyped == [], "answers without a schema"
    assert unrefused == [], "operations declaring no problem"
    assert loose_problems == [], "problems not declared as application/problem+json"
    assert len(list(_operations(document))) >= 45


def test_iins_in_paths_and_queries_carry_their_pattern(document: dict[str, Any]) -> None:
    parameters = [
        parameter
        for _, operation in _operations(document)
        for parameter in operation.get("parameters", [])
        if "iin" in parameter["name"]
    ]
    assert len(parameters) >= 9
    for parameter in parameters:
        assert parameter["schema"]["pattern"] == r"^\d{12}$", parameter


def test_the_document_announces_the_api_version(document: dict[str, Any]) -> None:
    assert document["info"]["version"] == API_VERSION


def test_closed_code_lists_are_enums(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert "paid" in schemas["ItemView"]["properties"]["status"]["enum"]
    assert schemas["Problem"]["properties"]["status"]["minimum"] == 400
    statuses = [
        parameter["schema"]
        for name, operation in _operations(document)
        if name == "GET /api/dead-letters"
        for parameter in operation["parameters"]
        if parameter["name"] == "status"
    ]
    assert statuses[0]["enum"] == ["open", "retried", "discarded", "all"]


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


def test_every_example_passes_its_own_schema(document: dict[str, Any]) -> None:
    checked = 0
    for schema, example in _examples(document):
        if "pattern" in schema:
            assert re.fullmatch(schema["pattern"], example), (schema, example)
            if schema["pattern"] == r"^\d{12}$":
                assert is_valid_iin(example), example
        if "enum" in schema:
            assert example in schema["enum"], (schema, example)
        for bound, holds in (("minimum", lambda v, b: v >= b), ("maximum", lambda v, b: v <= b)):
            if bound in schema:
                assert holds(example, schema[bound]), (schema, example)
        checked += 1
    assert checked > 20


def _client(generated: Path, web: FastAPI, services: Services, iin: str) -> Any:
    client_module = import_module("engine_client.client")
    token = citizen_token(services, iin)["Authorization"].removeprefix("Bearer ")
    return client_module.AuthenticatedClient(
        base_url="http://proactive.test",
        token=token,
        httpx_args={"transport": httpx.ASGITransport(app=web)},
    )


def _operation(tag: str, name: str) -> Any:
    return import_module(f"engine_client.api.{tag}.{name}")


async def test_a_generated_client_reads_an_inbox_and_its_problems_typed(
    generated: Path,
    http: httpx.AsyncClient,
    web: FastAPI,
    services: Services,
    registries: RegistryBundle,
) -> None:
    models = import_module("engine_client.models")
    family = await birth(http, services, registries)
    client = _client(generated, web, services, family.mother)

    read_inbox = _operation("inbox", "get_inbox_api_citizens_iin_inbox_get")
    answer = await read_inbox.asyncio_detailed(iin=family.mother, client=client)
    inbox = answer.parsed
    assert isinstance(inbox, models.Inbox)
    assert answer.headers["api-version"] == API_VERSION
    assert inbox.iin == family.mother and inbox.acting_as == "citizen"
    allowance = next(i for i in inbox.items if i.rule_id == "kz.childbirth_allowance")
    assert isinstance(allowance, models.ItemView)
    assert allowance.status == models.ItemViewStatus.OFFERED
    assert allowance.amount_kzt and allowance.amount_kzt > 0
    assert models.ItemViewActionsItem.ACCEPT in allowance.actions

    read_item = _operation("inbox", "get_item_api_inbox_item_id_get")
    missing = await read_item.asyncio(item_id=2_000_000_000, client=client)
    assert isinstance(missing, models.Problem)
    assert (missing.status, missing.code) == (404, "not_found")
    assert missing.type_ == "urn:proactive:engine:problem:not_found"

    someone_else = await read_inbox.asyncio(iin="920317411919", client=client)
    assert isinstance(someone_else, models.Problem) and someone_else.status == 403

    invalid = await read_inbox.asyncio(iin="920317411918", client=client)
    assert isinstance(invalid, models.Problem) and invalid.code == "request.invalid"
    assert [error.field for error in invalid.errors] == ["iin"]


async def test_refusals_are_problem_documents_that_keep_their_detail(
    http: httpx.AsyncClient, services: Services
) -> None:
    unsigned = await http.get("/api/citizens/920317411919/inbox")
    assert unsigned.status_code == 401
    assert unsigned.headers["content-type"] == PROBLEM_JSON
    assert unsigned.headers["www-authenticate"] == "Bearer"
    assert unsigned.headers["api-version"] == API_VERSION
    body = unsigned.json()
    assert body["type"] == "urn:proactive:engine:problem:auth.token_required"
    assert (body["status"], body["title"]) == (401, "Unauthorized")
    assert "token" in body["detail"]

    invalid = await http.get(
        "/api/citizens/920317411918/inbox", headers=citizen_token(services, "920317411919")
    )
    assert invalid.status_code == 422 and invalid.headers["content-type"] == PROBLEM_JSON
    problem = invalid.json()
    assert problem["code"] == "request.invalid"
    assert problem["detail"][0]["loc"] == ["path", "iin"]  # as clients of 1.0 read it
    assert problem["errors"][0]["field"] == "iin"

    unknown = await http.get("/api/no-such-thing")
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_found"
