"""The reviewer's bad inputs to the engine, each answered with a 4xx naming the field, never a
5xx (on SQLite and PostgreSQL: an id or a text that would break a query must not reach one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from engine.auth.tokens import ALGORITHM
from engine.services import Services
from tests.support.flows import citizen_token, official_token

pytestmark = pytest.mark.anyio

CITIZEN = "791028302728"
BEYOND_INT64 = str(2**64)
BEYOND_INT32 = str(2**31)


def token_with(services: Services, **claims: Any) -> dict[str, str]:
    now = datetime.now(UTC)
    body = {"iat": int(now.timestamp()), "exp": int((now + timedelta(hours=1)).timestamp())}
    signed = jwt.encode(body | claims, services.settings.secret, algorithm=ALGORITHM)
    return {"Authorization": f"Bearer {signed}"}


@pytest.mark.parametrize(
    ("method", "path", "agency"),
    [
        ("GET", "/api/inbox/{id}", None),
        ("POST", "/api/inbox/{id}/accept", None),
        ("POST", "/api/inbox/{id}/decline", None),
        ("POST", "/api/inbox/offers/{id}/accept", None),
        ("POST", "/api/tasks/{id}/complete", "gfc"),
        ("DELETE", "/api/representations/{id}", "civil"),
        ("POST", "/api/dead-letters/{id}/retry", "control_room"),
    ],
)
@pytest.mark.parametrize("row_id", [BEYOND_INT64, BEYOND_INT32, "0", "-1"])
async def test_ids_beyond_their_columns_or_below_one_are_refused(
    http: httpx.AsyncClient,
    services: Services,
    method: str,
    path: str,
    agency: str | None,
    row_id: str,
) -> None:
    headers = official_token(services, agency) if agency else citizen_token(services, CITIZEN)
    response = await http.request(method, path.format(id=row_id), headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"][0] == "path"


@pytest.mark.parametrize(
    ("iin", "why"),
    [
        ("%1F", "12 digits"),
        ("791028302727", "check digit is 7, expected 8"),
        ("7910283027281", "12 digits"),
    ],
)
@pytest.mark.parametrize(
    "path",
    [
        "/api/citizens/{iin}/inbox",
        "/api/citizens/{iin}/access-log",
        "/api/citizens/{iin}/representations",
        "/api/citizens/{iin}/messages",
        "/api/citizens/{iin}/preferences",
    ],
)
async def test_iins_in_paths_are_checked_before_any_use(
    http: httpx.AsyncClient, services: Services, path: str, iin: str, why: str
) -> None:
    response = await http.get(
        path.format(iin=iin), headers=official_token(services, "control_room")
    )
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"] == ["path", "iin"]
    assert why in error["msg"]


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"sub": "791028302727", "kind": "citizen"}, "not a valid IIN"),
        ({"sub": "\x1f", "kind": "citizen"}, "not a valid IIN"),
        ({"sub": "kgb", "kind": "official", "role": "officer"}, "not a known agency"),
        ({"sub": "gfc", "kind": "official", "role": "officer\x00"}, "plain names"),
        ({"sub": 791028302728, "kind": "citizen"}, "invalid token"),
    ],
)
async def test_a_signed_token_with_an_invalid_subject_is_refused(
    http: httpx.AsyncClient, services: Services, claims: dict[str, Any], why: str
) -> None:
    response = await http.get(
        f"/api/citizens/{CITIZEN}/inbox", headers=token_with(services, **claims)
    )
    assert response.status_code == 401
    assert why in response.json()["detail"]


async def test_a_lone_surrogate_is_refused_with_a_readable_reply(
    http: httpx.AsyncClient, services: Services
) -> None:
    for text in (
        '{"from_iin": "\\ud800", "text": "yes"}',
        '{"from_iin": "CITIZEN", "text": "\\udfff"}'.replace("CITIZEN", CITIZEN),
    ):
        response = await http.post(
            "/api/sms/inbound", content=text, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == 422, response.text
        assert response.json()["detail"][0]["loc"][0] == "body"


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31", "1899-12-31", "2100-01-01"])
async def test_simulation_dates_out_of_range_are_refused(
    http: httpx.AsyncClient, services: Services, as_of: str
) -> None:
    response = await http.post(
        "/api/rules/kz.childbirth_allowance/simulate",
        json={"as_of": as_of, "population": 50},
        headers=official_token(services, "labour"),
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "as_of"]


@pytest.mark.parametrize("text", ["да\x00", "\x07yes", "ok\x1b[31m"])
async def test_control_characters_are_refused_in_text_fields(
    http: httpx.AsyncClient, services: Services, text: str
) -> None:
    sms = await http.post("/api/sms/inbound", json={"from_iin": CITIZEN, "text": text})
    assert sms.status_code == 422
    assert "control character" in sms.json()["detail"][0]["msg"]
    email = await http.put(
        f"/api/citizens/{CITIZEN}/preferences",
        json={"email": f"a{text}@example.kz"},
        headers=citizen_token(services, CITIZEN),
    )
    assert email.status_code == 422
    assert email.json()["detail"][0]["loc"] == ["body", "email"]


async def test_a_multi_line_sms_is_still_read(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/api/sms/inbound", json={"from_iin": CITIZEN, "text": "Иә\r\nрахмет"}
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("case_id", ["a%00b", "x" * 200])
async def test_case_and_agency_keys_are_checked(
    http: httpx.AsyncClient, services: Services, case_id: str
) -> None:
    room = official_token(services, "control_room")
    case = await http.get(f"/api/control-room/cases/{case_id}", headers=room)
    tasks = await http.get(f"/api/agencies/{case_id}/tasks", headers=room)
    assert (case.status_code, tasks.status_code) == (422, 422)
