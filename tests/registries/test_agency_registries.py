"""Social insurance, pension savings, tax, the kindergarten queue, disability decisions and the
payments ledger: their writes, events and lookups, and their refusals."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_registries.bundle import RegistryBundle
from tests.registries.conftest import People, names_field, official, table_counts

pytestmark = pytest.mark.anyio


async def events(client: httpx.AsyncClient, registry: str) -> list[dict[str, Any]]:
    page = await client.get(f"/registries/{registry}/changes", headers=official("digital"))
    found: list[dict[str, Any]] = page.json()["events"]
    return found


async def post(
    client: httpx.AsyncClient, registry: str, path: str, body: dict[str, Any], agency: str
) -> httpx.Response:
    return await client.post(f"/registries/{registry}{path}", json=body, headers=official(agency))


# --- social insurance --------------------------------------------------------------------


async def test_insurance_history_and_its_24_month_average(
    client: httpx.AsyncClient, people: People
) -> None:
    worker = people.woman("1990-01-01")
    started = await post(
        client,
        "social_insurance",
        "/status-changes",
        {"iin": worker.iin, "insured": True, "since": "2025-01-15", "monthly_income_kzt": 400_000},
        "gfss",
    )
    assert started.status_code == 201, started.text
    record = (
        await client.get(
            f"/registries/social_insurance/insured/{worker.iin}", headers=official("gfc")
        )
    ).json()
    # from January 2025 to February 2026: 14 months with contributions before March 2026
    assert record["insured"] is True and record["since"] == "2025-01-15"
    assert record["months_with_contributions"] == 14
    assert record["average_monthly_income_kzt"] == 400_000
    assert record["income_history"][0] == {
        "month": "2025-01",
        "income_kzt": 400_000,
        "contribution_kzt": 20_000,  # 5% from 2025
    }
    raised = await post(
        client,
        "social_insurance",
        "/status-changes",
        {"iin": worker.iin, "insured": True, "since": "2026-01-01", "monthly_income_kzt": 540_000},
        "gfss",
    )
    assert raised.status_code == 201
    later = (
        await client.get(
            f"/registries/social_insurance/insured/{worker.iin}", headers=official("gfc")
        )
    ).json()
    # 12 months at 400 000 and 2 at 540 000
    assert later["average_monthly_income_kzt"] == round((12 * 400_000 + 2 * 540_000) / 14)
    earlier = await client.get(
        f"/registries/social_insurance/insured/{worker.iin}?on=2025-06-30", headers=official("gfc")
    )
    assert earlier.json()["months_with_contributions"] == 5
    [first, second] = await events(client, "social_insurance")
    assert first["type"] == second["type"] == "insurance.status_changed"
    assert first["data"] == {
        "iin": worker.iin,
        "insured": True,
        "since": "2025-01-15",
        "average_monthly_income_kzt": 400_000,
    }


async def test_leaving_work_keeps_the_history_and_stops_new_months(
    client: httpx.AsyncClient, people: People
) -> None:
    worker = people.man("1985-01-01")
    body = {
        "iin": worker.iin,
        "insured": True,
        "since": "2025-03-01",
        "monthly_income_kzt": 300_000,
    }
    await post(client, "social_insurance", "/status-changes", body, "gfss")
    left = {"iin": worker.iin, "insured": False, "since": "2025-09-01"}
    assert (
        await post(client, "social_insurance", "/status-changes", left, "gfss")
    ).status_code == 201
    record = (
        await client.get(
            f"/registries/social_insurance/insured/{worker.iin}", headers=official("gfss")
        )
    ).json()
    assert record["insured"] is False
    assert [m["month"] for m in record["income_history"]] == [f"2025-{m:02d}" for m in range(3, 9)]


async def test_bad_status_changes(client: httpx.AsyncClient, people: People) -> None:
    child = people.woman("2015-01-01")
    adult = people.man("1980-01-01")
    cases = [
        (
            {"iin": child.iin, "insured": True, "since": "2026-01-01", "monthly_income_kzt": 1},
            "since",
        ),
        ({"iin": adult.iin, "insured": True, "since": "2026-01-01"}, "monthly_income_kzt"),
        (
            {"iin": adult.iin, "insured": False, "since": "2026-01-01", "monthly_income_kzt": 5},
            "monthly_income_kzt",
        ),
        (
            {"iin": adult.iin, "insured": True, "since": "2026-05-01", "monthly_income_kzt": 5},
            "since",
        ),
        ({"iin": "791028302728", "insured": False, "since": "2026-01-01"}, "iin"),
    ]
    for body, field in cases:
        response = await post(client, "social_insurance", "/status-changes", body, "gfss")
        assert response.status_code == 422 and names_field(response, field), response.text
    nothing = await client.get(
        f"/registries/social_insurance/insured/{adult.iin}", headers=official("gfss")
    )
    assert nothing.status_code == 404


# --- pension -----------------------------------------------------------------------------


async def test_a_pension_account_is_opened_and_updated(
    client: httpx.AsyncClient, people: People
) -> None:
    saver = people.woman("1970-01-01")
    body = {"balance_kzt": 4_500_000, "years_of_participation": 20}
    response = await client.put(
        f"/registries/pension/accounts/{saver.iin}", json=body, headers=official("enpf")
    )
    assert response.status_code == 200, response.text
    account = (
        await client.get(f"/registries/pension/accounts/{saver.iin}", headers=official("gfc"))
    ).json()
    assert (account["balance_kzt"], account["years_of_participation"]) == (4_500_000, 20)
    assert account["receiving_pension"] is False
    [event] = await events(client, "pension")
    assert event["type"] == "pension.account_updated"
    assert event["data"]["balance_kzt"] == 4_500_000
    same = await client.put(
        f"/registries/pension/accounts/{saver.iin}", json=body, headers=official("enpf")
    )
    assert same.status_code == 422
    young = people.man("2005-01-01")
    too_long = await client.put(
        f"/registries/pension/accounts/{young.iin}",
        json={"balance_kzt": 1, "years_of_participation": 30},
        headers=official("enpf"),
    )
    assert too_long.status_code == 422 and names_field(too_long, "years_of_participation")


# --- tax ---------------------------------------------------------------------------------


async def test_vehicle_tax_is_computed_by_the_tax_office(
    client: httpx.AsyncClient, people: People
) -> None:
    owner = people.man()
    body = {
        "iin": owner.iin,
        "vin": "KMHCT41BAEU123456",
        "engine_cc": 1600,
        "year": 2026,
        "tax_year": 2026,
    }
    response = await post(client, "tax", "/obligations/vehicle-tax", body, "kgd")
    assert response.status_code == 201, response.text
    # 3 MRP + 7 KZT per cc above 1 500: 3 x 4 325 + 700
    assert response.json()["amount_kzt"] == 13_675
    again = await post(client, "tax", "/obligations/vehicle-tax", body, "kgd")
    assert again.status_code == 422 and "already assessed" in again.text
    old_car = {**body, "vin": "JTDBR32E720123456", "year": 2011, "registration_date": "2026-03-10"}
    # a 15-year-old car pays 70%, and for the 10 months from March
    prorated = await post(client, "tax", "/obligations/vehicle-tax", old_car, "kgd")
    assert prorated.json()["amount_kzt"] == round(13_675 * 0.7 * 10 / 12)
    listed = await client.get(
        f"/registries/tax/obligations?iin={owner.iin}", headers=official("gfc")
    )
    items = listed.json()["items"]
    assert [i["due_date"] for i in items] == ["2027-04-01", "2027-04-01"]
    closed = await post(
        client,
        "tax",
        f"/obligations/{items[0]['obligation_id']}/close",
        {"closed_on": "2026-03-16", "reason": "paid"},
        "kgd",
    )
    assert closed.status_code == 201
    kinds = [e["type"] for e in await events(client, "tax")]
    assert kinds == ["obligation.created", "obligation.created", "obligation.closed"]
    open_only = await client.get(
        f"/registries/tax/obligations?iin={owner.iin}&status=open", headers=official("gfc")
    )
    assert len(open_only.json()["items"]) == 1


async def test_bad_tax_requests(client: httpx.AsyncClient, people: People) -> None:
    owner = people.man()
    vehicle = {"iin": owner.iin, "vin": "KMHCT41BAEU123456", "engine_cc": 1600, "year": 2020}
    for body, field in [
        ({**vehicle, "tax_year": 2027}, "tax_year"),
        ({**vehicle, "tax_year": 2019}, "tax_year"),
        ({**vehicle, "tax_year": 2026, "vin": "SHORT"}, "vin"),
        ({**vehicle, "tax_year": 2026, "iin": "791028302728"}, "iin"),
    ]:
        response = await post(client, "tax", "/obligations/vehicle-tax", body, "kgd")
        assert response.status_code == 422 and names_field(response, field), response.text
    refused = await post(
        client, "tax", "/obligations/vehicle-tax", {**vehicle, "tax_year": 2026}, "mvd"
    )
    assert refused.status_code == 403


# --- kindergarten queue ------------------------------------------------------------------


async def test_the_queue_puts_priority_first_then_the_earlier_request(
    client: httpx.AsyncClient, people: People
) -> None:
    children = [people.woman(f"2024-0{m}-01", region="astana") for m in (1, 2, 3, 4)]
    for child, requested, priority in zip(
        children,
        ["2024-05-01", "2024-06-01", "2024-07-01", "2024-04-01"],
        [False, False, True, False],
        strict=True,
    ):
        body = {"child_iin": child.iin, "requested_on": requested, "preferential": priority}
        response = await post(client, "education", "/queue", body, "education")
        assert response.status_code == 201, response.text
    positions = []
    for child in children:
        entry = await client.get(
            f"/registries/education/queue/{child.iin}", headers=official("gfc")
        )
        positions.append(entry.json()["position"])
    assert positions == [3, 4, 1, 2]
    [first, *_] = await events(client, "education")
    assert first["type"] == "queue.enrolled"
    assert first["data"]["child_iin"] == children[0].iin and first["data"]["region"] == "astana"


async def test_the_queue_is_for_children_under_six(
    client: httpx.AsyncClient, people: People
) -> None:
    big = people.woman("2018-01-01")
    baby = people.man("2025-12-01")
    too_old = await post(client, "education", "/queue", {"child_iin": big.iin}, "education")
    assert too_old.status_code == 422 and "under 6" in too_old.text
    ok = await post(client, "education", "/queue", {"child_iin": baby.iin}, "education")
    assert ok.status_code == 201
    twice = await post(client, "education", "/queue", {"child_iin": baby.iin}, "education")
    assert twice.status_code == 422 and "already" in twice.text
    unborn = await post(
        client,
        "education",
        "/queue",
        {"child_iin": baby.iin, "requested_on": "2025-01-01"},
        "education",
    )
    assert unborn.status_code == 422


# --- disability --------------------------------------------------------------------------


async def test_a_decision_is_in_force_for_its_term(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.man("1970-01-01")
    body = {
        "iin": person.iin,
        "group": 2,
        "cause": "general",
        "valid_from": "2026-03-01",
        "valid_to": "2027-02-28",
        "decision_date": "2026-03-01",
    }
    response = await post(client, "disability", "/decisions", body, "labour")
    assert response.status_code == 201, response.text
    now = await client.get(
        f"/registries/disability/persons/{person.iin}/disability", headers=official("gfc")
    )
    assert (now.json()["group"], now.json()["cause"]) == (2, "general")
    before = await client.get(
        f"/registries/disability/persons/{person.iin}/disability?on=2026-02-28",
        headers=official("gfc"),
    )
    assert before.status_code == 404
    after = await client.get(
        f"/registries/disability/persons/{person.iin}/disability?on=2027-03-01",
        headers=official("gfc"),
    )
    assert after.status_code == 404
    [event] = await events(client, "disability")
    assert event["type"] == "disability.decided"
    assert event["data"] == {**body, "decision_id": response.json()["decision_id"]}


async def test_disability_causes_follow_age(client: httpx.AsyncClient, people: People) -> None:
    child = people.woman("2015-01-01")
    adult = people.man("1980-01-01")
    base = {"group": 1, "valid_from": "2026-03-01", "decision_date": "2026-03-01"}
    cases = [
        ({**base, "iin": adult.iin, "cause": "child"}, "cause"),
        ({**base, "iin": child.iin, "cause": "general"}, "cause"),
        ({**base, "iin": adult.iin, "cause": "general", "group": 4}, "group"),
        ({**base, "iin": adult.iin, "cause": "general", "valid_to": "2026-02-01"}, "valid_to"),
        (
            {**base, "iin": adult.iin, "cause": "general", "decision_date": "2026-04-01"},
            "decision_date",
        ),
    ]
    for body, field in cases:
        response = await post(client, "disability", "/decisions", body, "labour")
        assert response.status_code == 422 and names_field(response, field), response.text
    ok = await post(
        client, "disability", "/decisions", {**base, "iin": child.iin, "cause": "child"}, "labour"
    )
    assert ok.status_code == 201


# --- payments ----------------------------------------------------------------------------


async def test_a_reference_is_paid_once(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman()
    body = {
        "iin": mother.iin,
        "agency": "gfc",
        "kind": "childbirth_allowance",
        "amount_kzt": 164_350,
        "paid_on": "2026-03-16",
        "reference": "entitlement-81",
    }
    paid = await post(client, "payments", "/payments", body, "gfc")
    assert paid.status_code == 201, paid.text
    counts = table_counts(bundle)
    twice = await post(client, "payments", "/payments", body, "gfc")
    assert twice.status_code == 422 and names_field(twice, "reference")
    assert table_counts(bundle) == counts
    ledger = await client.get(
        f"/registries/payments/payments?iin={mother.iin}", headers=official("gfc")
    )
    assert [p["amount_kzt"] for p in ledger.json()["items"]] == [164_350]
    [event] = await events(client, "payments")
    assert event["type"] == "payment.made" and event["data"]["reference"] == "entitlement-81"


async def test_no_payment_to_the_dead(client: httpx.AsyncClient, people: People) -> None:
    from datetime import date

    late = people.man("1950-01-01", alive=False, death_date=date(2026, 2, 1))
    body = {
        "iin": late.iin,
        "agency": "gfc",
        "kind": "base_pension",
        "amount_kzt": 35_596,
        "paid_on": "2026-03-05",
        "reference": "pension-2026-03",
    }
    refused = await post(client, "payments", "/payments", body, "gfc")
    assert refused.status_code == 422 and "stop at death" in refused.text
    before_death = {**body, "paid_on": "2026-01-05", "reference": "pension-2026-01"}
    assert (await post(client, "payments", "/payments", before_death, "gfc")).status_code == 201
