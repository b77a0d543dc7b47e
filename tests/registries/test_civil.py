"""The civil registry: deaths, marriages, divorces, name changes and birth corrections go
through the population registry first and appear in both feeds; bad requests are refused
naming the field, and write nothing anywhere."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_registries.bundle import RegistryBundle
from tests.registries.conftest import People, names_field, official, table_counts

pytestmark = pytest.mark.anyio
CIVIL = official("civil")


async def feed(client: httpx.AsyncClient, registry: str) -> list[dict[str, Any]]:
    page = await client.get(
        f"/registries/{registry}/changes", params={"limit": 1000}, headers=official("digital")
    )
    events: list[dict[str, Any]] = page.json()["events"]
    return events


async def person(client: httpx.AsyncClient, iin: str) -> dict[str, Any]:
    response = await client.get(f"/registries/population/persons/{iin}", headers=official("gfc"))
    body: dict[str, Any] = response.json()
    return body


async def test_a_death_marks_the_person_dead_and_is_announced_twice(
    client: httpx.AsyncClient, people: People
) -> None:
    grandfather = people.man("1940-05-05")
    response = await client.post(
        "/registries/civil/deaths",
        json={"iin": grandfather.iin, "death_date": "2026-03-14"},
        headers=CIVIL,
    )
    assert response.status_code == 201, response.text
    record = await person(client, grandfather.iin)
    assert (record["alive"], record["death_date"]) == (False, "2026-03-14")
    [civil_event] = await feed(client, "civil")
    assert civil_event["type"] == "death.registered"
    assert civil_event["event_id"] == response.json()["event_id"]
    assert civil_event["data"] == {
        "act_id": response.json()["act_id"],
        "iin": grandfather.iin,
        "death_date": "2026-03-14",
    }
    [population_event] = await feed(client, "population")
    assert population_event["type"] == "person.died"
    assert population_event["data"] == {"iin": grandfather.iin, "death_date": "2026-03-14"}


async def test_a_marriage_makes_each_the_others_spouse(
    client: httpx.AsyncClient, people: People
) -> None:
    groom, bride = people.man("1995-01-01"), people.woman("1997-02-02")
    body = {"spouse1_iin": groom.iin, "spouse2_iin": bride.iin, "marriage_date": "2026-03-13"}
    response = await client.post("/registries/civil/marriages", json=body, headers=CIVIL)
    assert response.status_code == 201, response.text
    assert (await person(client, groom.iin))["spouse_iin"] == bride.iin
    assert (await person(client, bride.iin))["spouse_iin"] == groom.iin
    [event] = await feed(client, "civil")
    assert event["type"] == "marriage.registered"
    assert event["data"] == {"act_id": response.json()["act_id"], **body}
    updates = await feed(client, "population")
    assert [(e["type"], e["data"]["changed"]) for e in updates] == [
        ("person.updated", {"spouse_iin": bride.iin}),
        ("person.updated", {"spouse_iin": groom.iin}),
    ]


async def test_a_widow_may_marry_again(client: httpx.AsyncClient, people: People) -> None:
    late = people.man("1960-01-01", alive=False)
    widow = people.woman("1965-01-01", spouse_iin=late.iin)
    groom = people.man("1962-01-01")
    body = {"spouse1_iin": groom.iin, "spouse2_iin": widow.iin, "marriage_date": "2026-03-01"}
    response = await client.post("/registries/civil/marriages", json=body, headers=CIVIL)
    assert response.status_code == 201, response.text


async def test_a_divorce_clears_both_spouses(client: httpx.AsyncClient, people: People) -> None:
    groom, bride = people.man("1990-01-01"), people.woman("1991-01-01")
    married = {"spouse1_iin": groom.iin, "spouse2_iin": bride.iin, "marriage_date": "2020-06-06"}
    assert (
        await client.post("/registries/civil/marriages", json=married, headers=CIVIL)
    ).is_success
    body = {"spouse1_iin": bride.iin, "spouse2_iin": groom.iin, "divorce_date": "2026-03-10"}
    response = await client.post("/registries/civil/divorces", json=body, headers=CIVIL)
    assert response.status_code == 201, response.text
    assert (await person(client, groom.iin))["spouse_iin"] is None
    assert (await person(client, bride.iin))["spouse_iin"] is None
    events = await feed(client, "civil")
    assert [e["type"] for e in events] == ["marriage.registered", "divorce.registered"]
    acts = await client.get(f"/registries/civil/persons/{groom.iin}/acts", headers=CIVIL)
    assert acts.json()["marriages"][0]["divorce_date"] == "2026-03-10"


async def test_a_name_change_reaches_the_population_record(
    client: httpx.AsyncClient, people: People
) -> None:
    woman = people.woman(last_name="Нурланова")
    body = {"iin": woman.iin, "last_name": "Сапарова", "change_date": "2026-03-12"}
    response = await client.post("/registries/civil/name-changes", json=body, headers=CIVIL)
    assert response.status_code == 201, response.text
    record = await person(client, woman.iin)
    assert (record["last_name"], record["last_name_kk"], record["first_name"]) == (
        "Сапарова",
        "Сапарова",
        "Айгуль",
    )
    [event] = await feed(client, "civil")
    assert event["type"] == "name.changed"
    assert event["data"]["last_name"] == "Сапарова" and event["data"]["first_name"] == "Айгуль"


async def test_a_corrected_birth_date_changes_the_birth_order(
    client: httpx.AsyncClient, people: People
) -> None:
    mother = people.woman("1990-01-01")
    people.add("M", "2020-01-01", mother_iin=mother.iin)
    born = await client.post(
        "/registries/civil/births",
        json={
            "mother_iin": mother.iin,
            "child_first_name": "Аружан",
            "child_sex": "F",
            "birth_date": "2026-03-01",
        },
        headers=CIVIL,
    )
    child = born.json()["child_iin"]
    assert (await person(client, child))["birth_order"] == 2
    response = await client.post(
        "/registries/civil/births/corrections",
        json={"child_iin": child, "birth_date": "2019-05-05", "child_first_name": "Айару"},
        headers=CIVIL,
    )
    assert response.status_code == 201, response.text
    record = await person(client, child)
    assert (record["birth_date"], record["first_name"], record["birth_order"]) == (
        "2019-05-05",
        "Айару",
        1,
    )
    corrected = (await feed(client, "civil"))[-1]
    assert corrected["type"] == "birth.corrected"
    assert corrected["data"]["birth_date"] == "2019-05-05"
    assert corrected["data"]["child_first_name"] == "Айару"
    assert corrected["data"]["birth_order"] == 1
    assert corrected["data"]["corrected"] == ["birth_date", "child_first_name"]


async def test_writes_need_a_civil_registration_official(
    client: httpx.AsyncClient, people: People
) -> None:
    someone = people.man()
    body = {"iin": someone.iin, "death_date": "2026-03-01"}
    for headers in ({}, official("mvd")):
        response = await client.post("/registries/civil/deaths", json=body, headers=headers)
        assert response.status_code in (401, 403)
    assert (await person(client, someone.iin))["alive"] is True


async def test_a_repeated_request_with_its_key_is_done_once(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    groom, bride = people.man(), people.woman()
    body = {"spouse1_iin": groom.iin, "spouse2_iin": bride.iin, "marriage_date": "2026-03-01"}
    headers = {**CIVIL, "Idempotency-Key": "zags-almaty-0042"}
    first = await client.post("/registries/civil/marriages", json=body, headers=headers)
    counts = table_counts(bundle)
    again = await client.post("/registries/civil/marriages", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert table_counts(bundle) == counts
    other = await client.post(
        "/registries/civil/marriages", json={**body, "marriage_date": "2026-03-02"}, headers=headers
    )
    assert other.status_code == 409
    assert "Idempotency-Key" in other.json()["detail"]


def _bad_requests(people: People) -> list[tuple[str, str, dict[str, Any], str, str]]:
    man = people.man("1990-01-01")
    woman = people.woman("1992-01-01")
    married_man, married_woman = people.couple()
    boy = people.man("2010-01-01")
    dead = people.man("1950-01-01", alive=False)
    sister = people.woman("1993-01-01", mother_iin=woman.iin)
    brother = people.man("1994-01-01", mother_iin=woman.iin)
    return [
        (
            "death: bad check digit",
            "deaths",
            {"iin": "791028302727", "death_date": "2026-01-01"},
            "iin",
            "check digit",
        ),
        (
            "death: unknown person",
            "deaths",
            {"iin": "791028302728", "death_date": "2026-01-01"},
            "iin",
            "no person",
        ),
        (
            "death: in the future",
            "deaths",
            {"iin": man.iin, "death_date": "2026-03-17"},
            "death_date",
            "future",
        ),
        (
            "death: impossible date",
            "deaths",
            {"iin": man.iin, "death_date": "2026-02-30"},
            "death_date",
            "date",
        ),
        (
            "death: before birth",
            "deaths",
            {"iin": man.iin, "death_date": "1980-01-01"},
            "death_date",
            "birth",
        ),
        (
            "death: already dead",
            "deaths",
            {"iin": dead.iin, "death_date": "2026-01-01"},
            "iin",
            "already",
        ),
        (
            "marriage: a minor",
            "marriages",
            {"spouse1_iin": boy.iin, "spouse2_iin": woman.iin, "marriage_date": "2026-03-01"},
            "spouse1_iin",
            "18",
        ),
        (
            "marriage: second while married",
            "marriages",
            {
                "spouse1_iin": man.iin,
                "spouse2_iin": married_woman.iin,
                "marriage_date": "2026-03-01",
            },
            "spouse2_iin",
            "already married",
        ),
        (
            "marriage: the dead",
            "marriages",
            {"spouse1_iin": dead.iin, "spouse2_iin": woman.iin, "marriage_date": "2026-03-01"},
            "spouse1_iin",
            "died",
        ),
        (
            "marriage: same person",
            "marriages",
            {"spouse1_iin": man.iin, "spouse2_iin": man.iin, "marriage_date": "2026-03-01"},
            "spouse2_iin",
            "themselves",
        ),
        (
            "marriage: two men",
            "marriages",
            {"spouse1_iin": man.iin, "spouse2_iin": brother.iin, "marriage_date": "2026-03-01"},
            "spouse2_iin",
            "man and a woman",
        ),
        (
            "marriage: siblings",
            "marriages",
            {"spouse1_iin": brother.iin, "spouse2_iin": sister.iin, "marriage_date": "2026-03-01"},
            "spouse2_iin",
            "relatives",
        ),
        (
            "marriage: unknown",
            "marriages",
            {"spouse1_iin": man.iin, "spouse2_iin": "791028302728", "marriage_date": "2026-03-01"},
            "spouse2_iin",
            "no person",
        ),
        (
            "divorce: not married",
            "divorces",
            {"spouse1_iin": man.iin, "spouse2_iin": woman.iin, "divorce_date": "2026-03-01"},
            "spouse2_iin",
            "not married",
        ),
        (
            "divorce: future",
            "divorces",
            {
                "spouse1_iin": married_man.iin,
                "spouse2_iin": married_woman.iin,
                "divorce_date": "2027-01-01",
            },
            "divorce_date",
            "future",
        ),
        (
            "name change: nothing named",
            "name-changes",
            {"iin": man.iin, "change_date": "2026-03-01"},
            "first_name",
            "name the new",
        ),
        (
            "name change: digits",
            "name-changes",
            {"iin": man.iin, "first_name": "Ер1ан", "change_date": "2026-03-01"},
            "first_name",
            "letters",
        ),
        (
            "name change: unknown",
            "name-changes",
            {"iin": "791028302728", "last_name": "Абаев", "change_date": "2026-03-01"},
            "iin",
            "no person",
        ),
        (
            "correction: no act",
            "births/corrections",
            {"child_iin": man.iin, "birth_date": "1990-01-02"},
            "child_iin",
            "no such birth act",
        ),
        (
            "correction: nothing to correct",
            "births/corrections",
            {"act_id": 1},
            "birth_date",
            "at least one",
        ),
        (
            "correction: unknown field",
            "births/corrections",
            {"act_id": 1, "mood": "happy"},
            "mood",
            "xtra",
        ),
    ]


async def test_bad_requests_are_refused_naming_the_field_and_write_nothing(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    cases = _bad_requests(people)
    before = table_counts(bundle)
    problems = []
    for name, path, body, field, reason in cases:
        response = await client.post(f"/registries/civil/{path}", json=body, headers=CIVIL)
        text = response.text
        if response.status_code != 422 or not names_field(response, field) or reason not in text:
            problems.append(f"{name}: {response.status_code} {text}")
    assert problems == []
    assert table_counts(bundle) == before


async def test_a_birth_sent_again_without_a_key_makes_no_second_child(
    client: httpx.AsyncClient, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The civil registry can stop after the population registry assigned the child's IIN:
    sending the same birth again must finish that registration, not create a twin."""
    mother = people.woman("1994-04-04")
    birth = {
        "mother_iin": mother.iin,
        "child_first_name": "Аружан",
        "child_sex": "F",
        "birth_date": "2026-03-10",
    }

    def stop(*_: object) -> dict[str, object]:
        raise RuntimeError("the civil registry stopped before writing the act")

    with monkeypatch.context() as patch:
        patch.setattr("mock_registries.civil.routes.record_birth", stop)
        with pytest.raises(RuntimeError):
            await client.post("/registries/civil/births", json=birth, headers=CIVIL)
    children_url = f"/registries/population/persons/{mother.iin}/children"
    [assigned] = (await client.get(children_url, headers=official("gfc"))).json()["items"]

    registered = await client.post("/registries/civil/births", json=birth, headers=CIVIL)
    assert registered.status_code == 201, registered.text
    assert registered.json()["child_iin"] == assigned["iin"]
    again = await client.post("/registries/civil/births", json=birth, headers=CIVIL)
    assert again.status_code == 409
    assert "already registered" in again.json()["detail"]
    children = (await client.get(children_url, headers=official("gfc"))).json()["items"]
    assert [c["iin"] for c in children] == [assigned["iin"]]
    assert [e["type"] for e in await feed(client, "civil")] == ["birth.registered"]


async def test_a_marriage_or_divorce_sent_again_without_a_key_is_registered_once(
    client: httpx.AsyncClient, people: People
) -> None:
    groom, bride = people.man("1993-01-01"), people.woman("1995-02-02")
    couple = {"spouse1_iin": groom.iin, "spouse2_iin": bride.iin}
    acts = (
        ("marriages", {**couple, "marriage_date": "2026-03-12"}),
        ("divorces", {**couple, "divorce_date": "2026-03-14"}),
    )
    for kind, body in acts:
        first = await client.post(f"/registries/civil/{kind}", json=body, headers=CIVIL)
        assert first.status_code == 201, first.text
        again = await client.post(f"/registries/civil/{kind}", json=body, headers=CIVIL)
        assert again.status_code == 409, again.text
        assert f"is already registered (act {first.json()['act_id']})" in again.json()["detail"]
    events = [e["type"] for e in await feed(client, "civil")]
    assert events == ["marriage.registered", "divorce.registered"]


def newborn(mother_iin: str, name: str = "Аружан", day: str = "2026-03-10") -> dict[str, Any]:
    return {"mother_iin": mother_iin, "child_first_name": name, "child_sex": "F", "birth_date": day}


async def test_the_same_birth_with_a_new_key_is_the_act_already_registered(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman("1994-04-04")
    first = await client.post(
        "/registries/civil/births",
        json=newborn(mother.iin),
        headers={**CIVIL, "Idempotency-Key": "ward-7:1"},
    )
    assert first.status_code == 201, first.text
    before = table_counts(bundle)
    again = await client.post(
        "/registries/civil/births",
        json=newborn(mother.iin, name="аружан"),
        headers={**CIVIL, "Idempotency-Key": "ward-7:2"},
    )
    assert again.status_code == 409, again.text
    problem = again.json()
    assert problem["code"] == "birth.duplicate"
    assert problem["existing"]["act_id"] == first.json()["act_id"]
    assert problem["existing"]["child_iin"] == first.json()["child_iin"]
    assert table_counts(bundle) == before


async def test_twins_are_two_births_but_a_birth_months_after_another_is_refused(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman("1994-04-04")
    for name in ("Аружан", "Айсулу"):
        twin = await client.post(
            "/registries/civil/births", json=newborn(mother.iin, name), headers=CIVIL
        )
        assert twin.status_code == 201, twin.text
    before = table_counts(bundle)
    for day in ("2026-01-20", "2025-09-13"):  # 49 and 178 days earlier
        soon = await client.post(
            "/registries/civil/births",
            json=newborn(mother.iin, "Аяла", day),
            headers={**CIVIL, "Idempotency-Key": f"soon-{day}"},
        )
        assert soon.status_code == 409, soon.text
        problem = soon.json()
        assert (problem["code"], problem["field"]) == ("birth.too_soon", "birth_date")
        assert problem["params"]["previous_date"] == "2026-03-10"
    assert table_counts(bundle) == before
    long_before = await client.post(
        "/registries/civil/births", json=newborn(mother.iin, "Аяла", "2025-09-11"), headers=CIVIL
    )
    assert long_before.status_code == 201, long_before.text


async def test_a_date_with_a_time_is_refused(
    client: httpx.AsyncClient, people: People, bundle: RegistryBundle
) -> None:
    mother = people.woman("1994-04-04")
    before = table_counts(bundle)
    for moment in ("2026-03-10T00:00:00", "2026-03-10 00:00", 1773100800):
        response = await client.post(
            "/registries/civil/births",
            json={**newborn(mother.iin), "birth_date": moment},
            headers=CIVIL,
        )
        assert response.status_code == 422, response.text
        assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
            ("birth_date", "request.date")
        ]
    assert table_counts(bundle) == before
