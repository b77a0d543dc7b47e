"""Reading free SMS replies: the three languages, both alphabets, typos, and the replies that
must never be acted on."""

from __future__ import annotations

import pytest

from engine.sms.grammar import distance, read


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Иә", "kk"),
        ("иә.", "kk"),
        ("Ия", "kk"),
        ("Иа", "kk"),
        ("Ia", "kk"),
        ("IA!", "kk"),
        ("Келісемін", "kk"),
        ("kelisemin", "kk"),
        ("Да", "ru"),
        ("да!!!", "ru"),
        ("Даааа", "ru"),
        ("Da", "ru"),
        ("Согласна", "ru"),
        ("сагласна", "ru"),
        ("конешно", "ru"),
        ("lf", "ru"),
        ("ок", "ru"),
        ("Yes", "en"),
        ("YES", "en"),
        ("yes please", "en"),
        ("Yess", "en"),
        ("yse", "en"),
        ("ok", "en"),
        ("1", None),
        ("1.", None),
        (" 1 ", None),
        ("+", None),
    ],
)
def test_yes_in_every_language(text: str, lang: str | None) -> None:
    reading = read(text)
    assert reading.intent == "yes"
    assert reading.lang == lang


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Жоқ", "kk"),
        ("жок", "kk"),
        ("Jok", "kk"),
        ("joq", "kk"),
        ("Jo'q", "kk"),
        ("келіспеймін", "kk"),
        ("Жоқ, рахмет", "kk"),
        ("бас тартамын", "kk"),
        ("Нет", "ru"),
        ("нет.", "ru"),
        ("неттт", "ru"),
        ("Net", "ru"),
        ("ytn", "ru"),
        ("не согласен", "ru"),
        ("Не надо", "ru"),
        ("отказ", "ru"),
        ("No", "en"),
        ("no thanks", "en"),
        ("Nope", "en"),
        ("2", None),
        ("2!", None),
    ],
)
def test_no_in_every_language(text: str, lang: str | None) -> None:
    reading = read(text)
    assert reading.intent == "no"
    assert reading.lang == lang


@pytest.mark.parametrize(
    "text",
    ["Да нет", "Нет, да", "Yes no", "1 2", "Жоқ 1", "Иә жоқ", "Да, но не сейчас"],
)
def test_both_yes_and_no_is_never_acted_on(text: str) -> None:
    assert read(text).intent == "ambiguous"


@pytest.mark.parametrize(
    "text",
    [
        "hmm",
        "не знаю",
        "I don't know",
        "Да?",
        "maybe yes",
        "3",
        "подумаю, может да",
        "Да но я хочу сначала узнать сумму и срок",
    ],
)
def test_doubt_or_questions_are_unclear(text: str) -> None:
    assert read(text).intent == "unclear"


def test_an_offer_number_is_read_with_the_answer() -> None:
    assert (read("1 102").intent, read("1 102").reference) == ("yes", 102)
    assert (read("Иә 101").intent, read("Иә 101").reference) == ("yes", 101)
    assert (read("нет №103").intent, read("нет №103").reference) == ("no", 103)
    assert read("Yes 101 102").intent == "ambiguous"


def test_a_bank_account_is_found_in_the_reply() -> None:
    spaced = read("KZ86 125K ZT50 0410 0100")
    assert (spaced.intent, spaced.iban) == ("iban", "KZ86125KZT5004100100")
    with_yes = read("Да, мой счёт KZ86125KZT5004100100")
    assert with_yes.intent == "iban" and with_yes.yes_with_iban
    assert read("Нет KZ86125KZT5004100100").intent == "ambiguous"


def test_help_language_and_stop() -> None:
    assert read("?").intent == "help"
    assert read("көмек").intent == "help"
    assert (read("RU").intent, read("RU").wants_language) == ("language", "ru")
    assert (read("қазақша").intent, read("қазақша").wants_language) == ("language", "kk")
    assert read("STOP").intent == "stop"
    assert read("   ").intent == "empty"


def test_distance_counts_a_swap_as_one_typo() -> None:
    assert distance("yes", "yse") == 1
    assert distance("нет", "нте") == 1
    assert distance("да", "нет") == 3
