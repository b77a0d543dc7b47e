"""Every refusal is an RFC 9457 problem: one shape for every status, a stable code, the field
at fault and a message in the language asked for."""

from __future__ import annotations

import string
from pathlib import Path

import httpx
import pytest

from mock_registries.common.messages import LANGUAGES, MESSAGES
from tests.registries.conftest import People, official

pytestmark = pytest.mark.anyio
PROBLEM_MEMBERS = {"type", "title", "status", "code", "detail", "params"}


def assert_problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, object] = response.json()
    assert problem.keys() >= PROBLEM_MEMBERS
    assert (problem["status"], problem["code"]) == (status, code)
    assert problem["type"] == f"urn:proactive:registries:problem:{code}"
    assert isinstance(problem["detail"], str) and problem["detail"]
    return problem


async def test_every_status_answers_with_the_same_shape(
    client: httpx.AsyncClient, people: People
) -> None:
    woman = people.woman("1990-01-01")
    birth = {"mother_iin": woman.iin, "child_first_name": "Айару", "child_sex": "F"}
    answers = [
        (
            await client.get("/registries/population/persons/920317411919"),
            401,
            "auth.token_missing",
        ),
        (
            await client.post("/registries/civil/births", json=birth, headers=official("gfc")),
            403,
            "auth.not_writer",
        ),
        (
            await client.get(
                "/registries/population/persons/791028302728", headers=official("gfc")
            ),
            404,
            "person.not_found",
        ),
        (await client.get("/registries/population/nowhere"), 404, "http.not_found"),
        (await client.delete("/registries/population/health"), 405, "http.method_not_allowed"),
        (
            await client.post("/registries/civil/births", json=birth, headers=official("civil")),
            422,
            "request.invalid",
        ),
    ]
    for response, status, code in answers:
        assert_problem(response, status, code)


async def test_a_validation_error_names_each_field_with_its_code(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post(
        "/registries/civil/births",
        json={"mother_iin": "791028302727", "child_sex": "X", "birth_date": "2026-03-01"},
        headers=official("civil"),
    )
    problem = assert_problem(response, 422, "request.invalid")
    errors = problem["errors"]
    assert isinstance(errors, list)
    assert {(e["field"], e["code"]) for e in errors} == {
        ("mother_iin", "iin.check_digit"),
        ("child_first_name", "request.missing"),
        ("child_sex", "request.literal_error"),
    }
    check_digit = next(e for e in errors if e["field"] == "mother_iin")
    assert check_digit["params"] == {"digit": 7, "expected": 8}
    assert check_digit["loc"] == ["body", "mother_iin"]


async def test_a_business_refusal_has_its_own_code_and_the_field(
    client: httpx.AsyncClient, people: People
) -> None:
    man = people.man("1990-01-01")
    response = await client.post(
        "/registries/civil/births",
        json={
            "mother_iin": man.iin,
            "child_first_name": "Айару",
            "child_sex": "F",
            "birth_date": "2026-03-01",
        },
        headers=official("civil"),
    )
    problem = assert_problem(response, 422, "mother.male")
    assert (problem["field"], problem["loc"]) == ("mother_iin", ["body", "mother_iin"])
    assert "a mother must be female" in str(problem["detail"])


@pytest.mark.parametrize(
    ("asked", "header", "expected"),
    [
        ({"lang": "kk"}, {}, "халық тіркелімінде ЖСН 791028302728 бар адам жоқ"),
        ({}, {"Accept-Language": "ru-KZ, kk;q=0.5"}, "в регистре населения нет человека"),
        ({}, {"Accept-Language": "de, kk;q=0.3, ru;q=0.2"}, "халық тіркелімінде"),
        ({"lang": "en"}, {"Accept-Language": "ru"}, "no person with IIN 791028302728"),
        ({}, {}, "no person with IIN 791028302728"),
    ],
)
async def test_the_message_is_in_the_language_asked_for(
    client: httpx.AsyncClient, asked: dict[str, str], header: dict[str, str], expected: str
) -> None:
    response = await client.get(
        "/registries/population/persons/791028302728",
        params=asked,
        headers={**official("gfc"), **header},
    )
    problem = assert_problem(response, 404, "person.not_found")
    assert expected in str(problem["detail"])
    assert response.headers["content-language"] in LANGUAGES


async def test_a_refusal_forwarded_from_population_keeps_its_code_in_the_callers_language(
    client: httpx.AsyncClient, people: People
) -> None:
    """A marriage is checked by the population registry; the civil registry answers with the
    same code, in its own field names and in the language its caller asked for."""
    groom, bride = people.man("2010-01-01"), people.woman("1995-02-02")
    response = await client.post(
        "/registries/civil/marriages",
        params={"lang": "ru"},
        json={"spouse1_iin": groom.iin, "spouse2_iin": bride.iin, "marriage_date": "2026-03-01"},
        headers=official("civil"),
    )
    problem = assert_problem(response, 422, "marriage.under_age")
    assert problem["field"] == "spouse1_iin"
    assert str(problem["detail"]).startswith("в дату брака этому человеку 16")


def test_every_message_exists_in_the_three_languages_with_the_same_values() -> None:
    for code, texts in MESSAGES.items():
        assert len(texts) == len(LANGUAGES), code
        names = [sorted(_placeholders(text)) for text in texts]
        assert names[0] == names[1] == names[2], code


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_code_is_in_the_documented_table() -> None:
    table = (Path(__file__).parents[2] / "docs" / "registries.md").read_text()
    assert [code for code in MESSAGES if f"| `{code}` |" not in table] == []
