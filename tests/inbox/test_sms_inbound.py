"""Two-way SMS: replies applied to the right offer, answered in the citizen's language, and
nothing done on a reply that is unclear or could concern several offers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from engine.clock import SimulatedClock
from engine.notify.models import GatewayMessage
from engine.services import Services
from mock_registries.bundle import RegistryBundle
from tests.inbox.support import birth, by_rule, inbox, register_birth, tick
from tests.support.flows import run_jobs

pytestmark = pytest.mark.anyio

ALLOWANCE = "kz.childbirth_allowance"
QUEUE = "test.kindergarten_queue"
IBAN = "KZ86125KZT5004100100"


async def sms(http: httpx.AsyncClient, iin: str, text: str) -> dict[str, Any]:
    response = await http.post("/api/sms/inbound", json={"from_iin": iin, "text": text})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def statuses(http: httpx.AsyncClient, services: Services, iin: str) -> dict[str, str]:
    return {
        rule: item["status"] for rule, item in by_rule(await inbox(http, services, iin)).items()
    }


@pytest.mark.parametrize("backend", ["sqlite"])  # PostgreSQL is covered by the tests below
@pytest.mark.parametrize(
    ("text", "lang", "status"),
    [
        ("Иә", "kk", "accepted"),
        ("Da", "ru", "accepted"),
        ("Yess!", "en", "accepted"),
        ("жок", "kk", "declined"),
        ("Нет.", "ru", "declined"),
        ("nope", "en", "declined"),
    ],
)
async def test_a_clear_reply_answers_the_one_open_offer_in_its_language(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    text: str,
    lang: str,
    status: str,
) -> None:
    family = await birth(http, services, registries, phone="+77011234567")
    await tick(services)
    answer = await sms(http, family.mother, text)
    assert answer["lang"] == lang
    assert answer["applied"], answer
    assert answer["applied"][0]["reference"] == 101
    now = await statuses(http, services, family.mother)
    assert now[ALLOWANCE] == now[QUEUE] == status
    assert answer["reply"].startswith("1414: ")
    await tick(services)
    with Session(services.db) as session:
        sent = session.exec(
            select(GatewayMessage).where(GatewayMessage.address == "+77011234567")
        ).all()
    assert [m.sender for m in sent] == ["1414", "1414"]
    assert sent[-1].body == answer["reply"]


async def test_an_unclear_or_ambiguous_reply_changes_nothing_and_explains(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, language="ru")
    both = await sms(http, family.mother, "Да нет")
    assert both["understood"] == "ambiguous" and both["applied"] == []
    assert "ничего не изменено" in both["reply"]
    unclear = await sms(http, family.mother, "ммм")
    assert unclear["understood"] == "unclear"
    assert "1 (Да)" in unclear["reply"] and unclear["lang"] == "ru"
    question = await sms(http, family.mother, "а сколько денег?")
    assert question["understood"] == "help" and "№101" in question["reply"]
    assert set((await statuses(http, services, family.mother)).values()) == {"offered", "informed"}


async def test_several_open_offers_need_their_number(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, language="en")
    await register_birth(http, services, family.mother, first_name="Айсулу")  # twins
    await run_jobs(services)
    body = await inbox(http, services, family.mother)
    references = sorted(b["reference"] for b in body["bundles"])
    assert references == [101, 102]

    bare = await sms(http, family.mother, "yes")
    assert bare["understood"] == "which_offer" and bare["applied"] == []
    assert "No. 101" not in bare["reply"] and "№101" in bare["reply"] and "“1 101”" in bare["reply"]
    wrong = await sms(http, family.mother, "1 555")
    assert wrong["understood"] == "unknown_reference" and wrong["applied"] == []

    chosen = await sms(http, family.mother, "yes 102")
    assert chosen["understood"] == "accept"
    offers = {b["reference"]: b for b in (await inbox(http, services, family.mother))["bundles"]}
    assert offers[102]["open_item_ids"] == []
    assert len(offers[101]["open_item_ids"]) == 2

    last = await sms(http, family.mother, "no")
    assert last["understood"] == "decline" and last["applied"][0]["reference"] == 101


async def test_yes_after_an_accidental_no_undoes_the_refusal(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries)
    declined = await sms(http, family.mother, "2")
    assert declined["understood"] == "decline"
    assert "1 деп жауап" in declined["reply"], "the refusal tells how to undo it"
    undone = await sms(http, family.mother, "1")
    assert undone["understood"] == "accept"
    assert undone["applied"][0]["action"] == "decline_undone+accepted"
    assert (await statuses(http, services, family.mother))[ALLOWANCE] == "accepted"
    nothing = await sms(http, family.mother, "Иә")
    assert nothing["understood"] == "nothing_open"


async def test_a_late_yes_asks_again_and_accepts(
    http: httpx.AsyncClient,
    services: Services,
    registries: RegistryBundle,
    clock: SimulatedClock,
) -> None:
    family = await birth(http, services, registries)
    clock.advance(timedelta(hours=73))
    await tick(services)
    assert (await statuses(http, services, family.mother))[ALLOWANCE] == "expired"
    late = await sms(http, family.mother, "Ia")
    assert late["applied"][0]["action"] == "asked_again+accepted"
    assert (await statuses(http, services, family.mother))[ALLOWANCE] == "accepted"


async def test_the_missing_bank_account_is_asked_for_and_given_by_sms(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, has_bank_account=False, language="en")
    items = by_rule(await inbox(http, services, family.mother))
    assert items[ALLOWANCE]["missing"] == ["bank_account"]
    assert "give_bank_account" in items[ALLOWANCE]["actions"]
    assert items[QUEUE]["missing"] == [], "only money needs an account"
    await tick(services)
    messages = (
        await http.get(
            f"/api/citizens/{family.mother}/messages",
            headers=_token(services, family.mother),
        )
    ).json()["items"]
    assert "reply with your IBAN" in messages[0]["body"]

    bad = await sms(http, family.mother, "KZ86125KZT5004100101")
    assert bad["understood"] == "iban_invalid"
    both = await sms(http, family.mother, f"yes {IBAN}")
    assert both["understood"] == "iban+accept"
    items = by_rule(await inbox(http, services, family.mother))
    assert items[ALLOWANCE]["missing"] == [] and items[ALLOWANCE]["status"] == "accepted"


@pytest.mark.parametrize("backend", ["sqlite"])  # the database plays no part
async def test_language_and_stop_change_the_citizens_preferences(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    family = await birth(http, services, registries, phone="+77017654321")
    switched = await sms(http, family.mother, "EN")
    assert switched["understood"] == "language" and "English" in switched["reply"]
    stopped = await sms(http, family.mother, "stop")
    assert stopped["lang"] == "en" and "eGov Mobile" in stopped["reply"]
    preferences = (
        await http.get(
            f"/api/citizens/{family.mother}/preferences", headers=_token(services, family.mother)
        )
    ).json()
    assert (preferences["language"], preferences["channel"]) == ("en", "push")
    url = f"/api/citizens/{family.mother}/preferences"
    refused = await http.put(
        url,
        json={"channel": "email", "email": "aigerim at mail"},
        headers=_token(services, family.mother),
    )
    assert refused.status_code == 422
    problem = refused.json()["detail"][0]
    assert problem["loc"] == ["body", "email"]
    assert (
        "'aigerim at mail' is not an e-mail address: write it as name@example.kz" in problem["msg"]
    )
    saved = await http.put(
        url,
        json={"channel": "email", "email": " aigerim@mail.kz "},
        headers=_token(services, family.mother),
    )
    assert (saved.json()["channel"], saved.json()["email"]) == ("email", "aigerim@mail.kz")


@pytest.mark.parametrize("backend", ["sqlite"])  # the database plays no part
async def test_bad_input_is_refused_with_the_field(http: httpx.AsyncClient) -> None:
    bad = await http.post("/api/sms/inbound", json={"from_iin": "123", "text": "Да"})
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "from_iin"]
    missing = await http.post("/api/sms/inbound", json={"from_iin": "930520400012"})
    assert missing.status_code == 422


def _token(services: Services, iin: str) -> dict[str, str]:
    from tests.support.flows import citizen_token

    return citizen_token(services, iin)


@pytest.mark.parametrize("backend", ["sqlite"])  # the database plays no part
async def test_preferences_say_where_messages_really_go(
    http: httpx.AsyncClient, services: Services, registries: RegistryBundle
) -> None:
    with_phone = await birth(http, services, registries, phone="+77017654321")
    url = f"/api/citizens/{with_phone.mother}/preferences"
    shown = (await http.get(url, headers=_token(services, with_phone.mother))).json()
    assert shown["sends_to"] == {"channel": "sms", "language": "kk"}
    assert shown["phone_on_file"] is True
    without = await birth(http, services, registries)
    url = f"/api/citizens/{without.mother}/preferences"
    chosen = await http.put(
        url, json={"channel": "sms", "language": "ru"}, headers=_token(services, without.mother)
    )
    assert chosen.json()["channel"] == "sms"
    assert chosen.json()["sends_to"] == {"channel": "push", "language": "ru"}
