"""Whatever a client sends to a write, the answer is never a 5xx, and a refused write leaves
every registry's records and feed as they were; concurrent repeats of one request write once."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mock_registries.bundle import RegistryBundle
from tests.registries.conftest import People, names_field, official, table_counts

WRITES = [
    ("POST", "population", "/persons", "digital"),
    ("POST", "population", "/deaths", "digital"),
    ("POST", "population", "/marriages", "digital"),
    ("PATCH", "population", "/persons/{iin}", "digital"),
    ("POST", "civil", "/births", "civil"),
    ("POST", "civil", "/deaths", "civil"),
    ("POST", "civil", "/marriages", "civil"),
    ("POST", "civil", "/divorces", "civil"),
    ("POST", "civil", "/name-changes", "civil"),
    ("POST", "civil", "/births/corrections", "civil"),
    ("POST", "vehicles", "/registrations", "mvd"),
    ("POST", "vehicles", "/registrations/1/deregistration", "mvd"),
    ("POST", "social_insurance", "/status-changes", "gfss"),
    ("PUT", "pension", "/accounts/{iin}", "enpf"),
    ("POST", "tax", "/obligations", "kgd"),
    ("POST", "tax", "/obligations/vehicle-tax", "kgd"),
    ("POST", "tax", "/obligations/1/close", "kgd"),
    ("POST", "education", "/queue", "education"),
    ("POST", "disability", "/decisions", "labour"),
    ("POST", "payments", "/payments", "gfc"),
]

FIELDS = [
    "iin",
    "mother_iin",
    "father_iin",
    "spouse1_iin",
    "spouse2_iin",
    "child_iin",
    "owner_iin",
    "owner_bin",
    "vin",
    "make",
    "model",
    "year",
    "engine_cc",
    "fuel",
    "birth_date",
    "death_date",
    "marriage_date",
    "divorce_date",
    "change_date",
    "child_first_name",
    "child_sex",
    "first_name",
    "last_name",
    "sex",
    "insured",
    "since",
    "monthly_income_kzt",
    "balance_kzt",
    "years_of_participation",
    "kind",
    "amount_kzt",
    "tax_year",
    "due_date",
    "group",
    "cause",
    "valid_from",
    "valid_to",
    "agency",
    "paid_on",
    "reference",
    "reason",
    "act_id",
    "registration_date",
    "deregistration_date",
    "closed_on",
    "phone",
    "region",
]
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "791028302728",
            "791028302727",
            "2026-02-30",
            "2026-03-01",
            "9999-12-31",
            "F",
            "M",
            "XWB3L32EDFA123456",
            "XWB3L32EDFA12345",
            "general",
            "paid",
            "gfc",
            "2025-13",
        ]
    ),
    st.lists(st.integers(), max_size=3),
)
bodies = st.one_of(
    st.dictionaries(st.sampled_from(FIELDS), values, max_size=8),
    st.lists(values, max_size=3),
    values,
)


def test_no_body_ever_gets_a_server_error_and_refusals_write_nothing(
    bundle: RegistryBundle, site: Any, people: People
) -> None:
    person = people.woman("1990-01-01")

    async def send(method: str, registry: str, path: str, agency: str, body: Any) -> int:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=site), base_url="http://registries.test"
        ) as client:
            response = await client.request(
                method,
                f"/registries/{registry}{path.format(iin=person.iin)}",
                content=json.dumps(body),
                headers={**official(agency), "Content-Type": "application/json"},
            )
            return response.status_code

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.sampled_from(WRITES), bodies)
    def check(write: tuple[str, str, str, str], body: Any) -> None:
        before = table_counts(bundle)
        status = asyncio.run(send(*write, body))
        assert status < 500, (write, body)
        if status >= 400:
            assert table_counts(bundle) == before, (write, body)

    check()


@pytest.mark.anyio
async def test_refusals_of_every_registry_name_the_field_and_write_nothing(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    child = people.woman("2024-01-01")
    adult = people.man("1980-01-01")
    dead = people.man("1950-01-01", alive=False)
    cases: list[tuple[str, str, str, dict[str, Any], str, str]] = [
        (
            "PATCH",
            "population",
            f"/persons/{adult.iin}",
            {"region": "atlantis"},
            "digital",
            "region",
        ),
        ("PATCH", "population", f"/persons/{adult.iin}", {"phone": "12345"}, "digital", "phone"),
        ("PATCH", "population", f"/persons/{adult.iin}", {}, "digital", "body"),
        ("PATCH", "population", "/persons/791028302728", {"language": "kk"}, "digital", "iin"),
        (
            "POST",
            "social_insurance",
            "/status-changes",
            {"iin": dead.iin, "insured": False, "since": "2026-01-01"},
            "gfss",
            "iin",
        ),
        (
            "PUT",
            "pension",
            "/accounts/791028302728",
            {"balance_kzt": 1, "years_of_participation": 1},
            "enpf",
            "iin",
        ),
        (
            "PUT",
            "pension",
            f"/accounts/{adult.iin}",
            {"balance_kzt": -1, "years_of_participation": 1},
            "enpf",
            "balance_kzt",
        ),
        (
            "POST",
            "tax",
            "/obligations",
            {
                "iin": adult.iin,
                "kind": "dog_tax",
                "amount_kzt": 1,
                "tax_year": 2025,
                "due_date": "2026-04-01",
            },
            "kgd",
            "kind",
        ),
        (
            "POST",
            "tax",
            "/obligations",
            {
                "iin": adult.iin,
                "kind": "land_tax",
                "amount_kzt": 1,
                "tax_year": 2025,
                "due_date": "2024-04-01",
            },
            "kgd",
            "due_date",
        ),
        (
            "POST",
            "tax",
            "/obligations/77/close",
            {"closed_on": "2026-03-01", "reason": "paid"},
            "kgd",
            "obligation_id",
        ),
        ("POST", "education", "/queue", {"child_iin": dead.iin}, "education", "child_iin"),
        (
            "POST",
            "education",
            "/queue",
            {"child_iin": child.iin, "region": "atlantis"},
            "education",
            "region",
        ),
        (
            "POST",
            "disability",
            "/decisions",
            {"iin": dead.iin, "group": 1, "cause": "general", "valid_from": "2026-01-01"},
            "labour",
            "iin",
        ),
        (
            "POST",
            "payments",
            "/payments",
            {
                "iin": adult.iin,
                "agency": "kgd",
                "kind": "x_y",
                "amount_kzt": 1,
                "paid_on": "2026-01-01",
                "reference": "r",
            },
            "gfc",
            "agency",
        ),
        (
            "POST",
            "payments",
            "/payments",
            {
                "iin": adult.iin,
                "agency": "gfc",
                "kind": "pension",
                "amount_kzt": 0,
                "paid_on": "2026-01-01",
                "reference": "r",
            },
            "gfc",
            "amount_kzt",
        ),
        (
            "POST",
            "payments",
            "/payments",
            {
                "iin": adult.iin,
                "agency": "gfc",
                "kind": "pension",
                "amount_kzt": 5,
                "paid_on": "2027-01-01",
                "reference": "r",
            },
            "gfc",
            "paid_on",
        ),
    ]
    before = table_counts(bundle)
    problems = []
    for method, registry, path, body, agency, field in cases:
        response = await client.request(
            method, f"/registries/{registry}{path}", json=body, headers=official(agency)
        )
        if response.status_code != 422 or not names_field(response, field):
            problems.append(f"{registry}{path} {body}: {response.status_code} {response.text}")
    assert problems == []
    assert table_counts(bundle) == before


@pytest.mark.anyio
async def test_concurrent_repeats_of_one_request_write_once(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman("1993-01-01")
    body = {
        "mother_iin": mother.iin,
        "child_first_name": "Айару",
        "child_sex": "F",
        "birth_date": "2026-03-15",
    }
    headers = {**official("civil"), "Idempotency-Key": "maternity-3/2026-03-15/0007"}
    before = table_counts(bundle)
    answers = await asyncio.gather(
        *(client.post("/registries/civil/births", json=body, headers=headers) for _ in range(5))
    )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["child_iin"] for a in answers}) == 1
    after = table_counts(bundle)
    assert after["population.person"] == before["population.person"] + 1
    assert after["civil.birthrecord"] == before["civil.birthrecord"] + 1
    assert after["civil.feed_change"] == before["civil.feed_change"] + 1
