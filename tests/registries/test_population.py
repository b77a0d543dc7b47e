"""The population registry: lookups of a person, children, household and spouse; search;
who may read and write; the record of reads."""

from __future__ import annotations

import httpx
import pytest

from tests.registries.conftest import People, official

pytestmark = pytest.mark.anyio
BASE = "/registries/population"


async def test_a_person_with_their_place_among_their_mothers_children(
    client: httpx.AsyncClient, people: People
) -> None:
    mother = people.woman("1985-01-01")
    first = people.add("M", "2010-06-01", mother_iin=mother.iin)
    second = people.add("F", "2013-02-02", mother_iin=mother.iin)
    response = await client.get(f"{BASE}/persons/{second.iin}", headers=official("gfc"))
    assert response.status_code == 200
    body = response.json()
    assert body["iin"] == second.iin and body["birth_order"] == 2
    assert body["mother_iin"] == mother.iin
    assert {"first_name_kk", "citizenship", "alive", "has_bank_account"} <= body.keys()

    children = await client.get(f"{BASE}/persons/{mother.iin}/children", headers=official("gfc"))
    assert [(c["iin"], c["birth_order"]) for c in children.json()["items"]] == [
        (first.iin, 1),
        (second.iin, 2),
    ]


async def test_unknown_person_is_404(client: httpx.AsyncClient) -> None:
    response = await client.get(f"{BASE}/persons/791028302728", headers=official("gfc"))
    assert response.status_code == 404
    assert "791028302728" in response.json()["detail"]


async def test_household_counts_the_couples_children_living_with_them(
    client: httpx.AsyncClient, people: People
) -> None:
    home = "г. Шымкент, ул. Байтурсынова, д. 7"
    father = people.man("1980-01-01", address=home)
    mother = people.woman("1982-01-01", address=home, spouse_iin=father.iin)
    ages = ["2003-05-01", "2005-05-01", "2010-05-01", "2014-05-01", "2020-05-01"]
    for born in ages:
        people.add("F", born, mother_iin=mother.iin, father_iin=father.iin, address=home)
    people.add("M", "2012-01-01", mother_iin=mother.iin, address="г. Астана, ул. Мира, д. 1")
    people.woman("1950-01-01", address=home)  # a grandmother in the same flat

    response = await client.get(f"{BASE}/persons/{father.iin}/household", headers=official("gfc"))
    body = response.json()
    assert len(body["members"]) == 8
    # on 2026-03-16: children aged 22, 20, 15, 11 and 5 live at home; one more lives elsewhere
    assert body["minor_children_count"] == 3
    assert body["children_under_23_count"] == 5
    earlier = await client.get(
        f"{BASE}/persons/{father.iin}/household?on=2022-01-01", headers=official("gfc")
    )
    assert earlier.json()["minor_children_count"] == 4


async def test_spouse_or_404(client: httpx.AsyncClient, people: People) -> None:
    husband = people.man()
    wife = people.woman(spouse_iin=husband.iin)
    single = people.woman()
    found = await client.get(f"{BASE}/persons/{wife.iin}/spouse", headers=official("gfc"))
    assert found.status_code == 200 and found.json()["iin"] == husband.iin
    missing = await client.get(f"{BASE}/persons/{single.iin}/spouse", headers=official("gfc"))
    assert missing.status_code == 404


async def test_search_filters_pages_and_counts(client: httpx.AsyncClient, people: People) -> None:
    for year in range(1980, 1990):
        people.woman(f"{year}-03-01", region="abai")
    people.man("1985-01-01", region="abai")
    people.woman("1985-01-01", region="astana")
    people.woman("1950-01-01", region="abai", alive=False)
    query = f"{BASE}/persons?sex=F&region=abai&age_min=38&age_max=42&limit=3"
    first = (await client.get(query, headers=official("gfc"))).json()
    # born 1984-03-01 .. 1987-03-01 are 38 to 42 on 2026-03-16 (five women)
    assert first["total"] == 5 and len(first["items"]) == 3
    second = (await client.get(query + "&offset=3", headers=official("gfc"))).json()
    seen = [p["iin"] for p in first["items"] + second["items"]]
    assert len(set(seen)) == 5
    assert all(p["sex"] == "F" and p["region"] == "abai" for p in first["items"])
    dead = (
        await client.get(f"{BASE}/persons?region=abai&alive=false", headers=official("gfc"))
    ).json()
    assert dead["total"] == 1 and dead["items"][0]["alive"] is False
    born = (
        await client.get(
            f"{BASE}/persons?born_from=1983-03-01&born_to=1985-01-01&region=abai",
            headers=official("gfc"),
        )
    ).json()
    # through the birth-date index: the women of 1983 and 1984 and the man of 1985
    assert sorted(p["birth_date"] for p in born["items"]) == [
        "1983-03-01",
        "1984-03-01",
        "1985-01-01",
    ]


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Bearer not-a-token"}, 401)],
)
async def test_reads_need_an_officials_token(
    client: httpx.AsyncClient, people: People, headers: dict[str, str], status: int
) -> None:
    person = people.woman()
    response = await client.get(f"{BASE}/persons/{person.iin}", headers=headers)
    assert response.status_code == status


async def test_a_citizen_token_is_refused(client: httpx.AsyncClient, people: People) -> None:
    from datetime import UTC, datetime, timedelta

    from engine.auth.tokens import Principal, issue
    from tests.conftest import TEST_SECRET

    person = people.woman()
    token = issue(
        Principal(kind="citizen", subject=person.iin), TEST_SECRET, datetime.now(UTC), timedelta(1)
    )
    response = await client.get(
        f"{BASE}/persons/{person.iin}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 403


async def test_writes_need_the_owning_agency(client: httpx.AsyncClient, people: People) -> None:
    person = people.woman()
    body = {"phone": "+7 701 555 12 34"}
    refused = await client.patch(f"{BASE}/persons/{person.iin}", json=body, headers=official("gfc"))
    assert refused.status_code == 403
    assert "digital" in refused.json()["detail"]
    allowed = await client.patch(f"{BASE}/persons/{person.iin}", json=body, headers=official("mvd"))
    assert allowed.status_code == 200
    assert allowed.json()["changed"] == {"phone": "+7 701 555 12 34"}


async def test_every_read_is_recorded_with_agency_and_purpose(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman()
    other = people.woman()
    await client.get(
        f"{BASE}/persons/{person.iin}", headers=official("gfc", x_request_id="payroll-7:42")
    )
    engine = official(
        "digital", role="engine", x_on_behalf_of="labour", x_purpose="disability benefit"
    )
    await client.get(f"{BASE}/persons/{person.iin}", headers=engine)
    await client.get(f"{BASE}/persons/{other.iin}", headers=official("mvd"))

    log = await client.get(f"{BASE}/_access-log?iin={person.iin}", headers=official("digital"))
    items = log.json()["items"]
    assert [(i["agency"], i["purpose"], i["caller"]) for i in items] == [
        ("labour", "disability benefit", "digital/engine"),
        ("gfc", "contract test", "gfc/officer"),
    ]
    assert items[1]["request_id"] == "payroll-7:42" and len(items[0]["request_id"]) == 32
    assert all(i["path"] == f"/persons/{person.iin}" and i["at"] for i in items)


async def test_only_intermediaries_may_act_on_behalf_of_another_agency(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman()
    await client.get(
        f"{BASE}/persons/{person.iin}", headers=official("mvd", x_on_behalf_of="labour")
    )
    log = await client.get(f"{BASE}/_access-log?iin={person.iin}", headers=official("digital"))
    assert [i["agency"] for i in log.json()["items"]] == ["mvd"]


async def test_the_access_log_needs_a_token_and_a_valid_iin(client: httpx.AsyncClient) -> None:
    assert (await client.get(f"{BASE}/_access-log?iin=791028302728")).status_code == 401
    bad = await client.get(f"{BASE}/_access-log?iin=12", headers=official("digital"))
    assert bad.status_code == 422


async def test_reads_of_the_demo_simulator_are_not_recorded(
    client: httpx.AsyncClient, people: People
) -> None:
    person = people.woman()
    simulator = official("digital", role="simulator", x_purpose="demo scenario")
    assert (await client.get(f"{BASE}/persons/{person.iin}", headers=simulator)).is_success
    log = await client.get(f"{BASE}/_access-log?iin={person.iin}", headers=official("digital"))
    assert log.json()["items"] == []
