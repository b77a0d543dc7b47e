"""Every code the engine writes has a name in each language, and the Kazakh and Russian names
are written in Cyrillic (the few Latin-script words allowed are product names and SMS)."""

from __future__ import annotations

import re

import pytest

from engine.inbox.names import (
    ACTION_NAMES,
    AGENCY_NAMES,
    CHANNEL_NAMES,
    MESSAGE_STATUS_NAMES,
    PURPOSE_NAMES,
    REGISTRY_NAMES,
    STATUS_NAMES,
    TASK_STATUS_NAMES,
    Names,
    fact_name,
    fact_value,
    status_name,
)
from engine.inbox.policy import TRANSITIONS
from engine.kernel.dictionary import AGENCIES

LATIN_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
ALLOWED_LATIN = {"eGov", "Mobile", "SMS"}
NOTIFICATION_KINDS = (
    "bundle",
    "reminder",
    "expired",
    "answer_accepted",
    "answer_declined",
    "status",
)


def latin_words(text: str) -> set[str]:
    return set(LATIN_WORD.findall(text)) - ALLOWED_LATIN


VOCABULARIES: dict[str, Names] = {
    "statuses": STATUS_NAMES,
    "history": ACTION_NAMES,
    "channels": CHANNEL_NAMES,
    "messages": MESSAGE_STATUS_NAMES,
    "tasks": TASK_STATUS_NAMES,
    "agencies": AGENCY_NAMES,
    "registries": REGISTRY_NAMES,
    "purposes": PURPOSE_NAMES,
}


@pytest.mark.parametrize("vocabulary", VOCABULARIES)
def test_kazakh_and_russian_names_are_in_cyrillic(vocabulary: str) -> None:
    for code, names in VOCABULARIES[vocabulary].items():
        assert set(names) == {"kk", "ru", "en"}, code
        for lang in ("kk", "ru"):
            assert not latin_words(names[lang]), (vocabulary, code, lang, names[lang])


def test_every_status_and_history_entry_the_engine_writes_is_named() -> None:
    statuses = set(TRANSITIONS) | {s for targets in TRANSITIONS.values() for s in targets}
    assert statuses <= set(STATUS_NAMES)
    writes = {
        *statuses,
        "created",
        "decline_undone",
        "asked_again",
        "revised",
        "bank_account_given",
        "data_requested",
        "reminder_due",
        "not_sent",
        *(f"{kind}_sent" for kind in NOTIFICATION_KINDS),
    }
    assert writes <= set(ACTION_NAMES)
    assert set(AGENCIES) <= set(AGENCY_NAMES)
    assert status_name("offered", "ru") == "ждёт ответа"


def test_facts_are_named_with_their_party_and_values_read_as_words() -> None:
    assert fact_name("mother.citizenship", "ru") == "Мать: гражданство"
    assert fact_name("deceased_pension.balance_kzt", "kk") == "Қайтыс болған адам: зейнетақы жинағы"
    assert fact_name("event.engine_cc", "ru") == "Объём двигателя, см³"
    assert fact_value("mother.alive", True, "ru") == "да"
    assert fact_value("mother.citizenship", "citizen", "kk") == "ҚР азаматы"
    assert fact_value("pension.balance_kzt", "1000000", "ru") == "1\u00a0000\u00a0000\u00a0₸"
    assert fact_value("person.birth_date", "1961-03-02", "ru") == "2 марта 1961\u202fг."
    assert fact_value("deceased_vehicles.items", [{}, {}], "ru") == "2"


def test_every_purpose_stated_for_a_data_access_is_named() -> None:
    import importlib

    stated = {
        "engine.notify.deliver": "PURPOSE",
        "engine.sms.service": "PURPOSE",
        "engine.inbox.proxies": "PURPOSE_PARENT",
        "engine.notify.preferences": "SHOWING_PREFERENCES",
        "engine.audit.recording": "NOT_STATED",
        "mock_registries.common.deps": "FEED_PURPOSE",
        "mock_registries.civil.population_client": "PURPOSE",
        "mock_registries.scenario": "PURPOSE",
        **{
            f"mock_registries.{registry}.routes": "PURPOSE"
            for registry in (
                "social_insurance",
                "education",
                "tax",
                "pension",
                "disability",
                "payments",
                "vehicles",
            )
        },
    }
    purposes = {getattr(importlib.import_module(m), name) for m, name in stated.items()}
    purposes |= {"time milestones", "Listing the minor children a parent may act for"}
    assert purposes <= set(PURPOSE_NAMES), purposes - set(PURPOSE_NAMES)
