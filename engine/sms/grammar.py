"""Reading a citizen's free SMS reply: yes or no in Kazakh, Russian or English, in Cyrillic or
Latin letters, with typos, repeated letters, punctuation, a wrong keyboard layout, an offer
number, a bank account (IBAN), or a question. Whatever is not clearly one answer is read as
unclear, and nothing is done on it."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from engine.kernel.texts import Lang

Intent = Literal["yes", "no", "iban", "help", "language", "stop", "ambiguous", "unclear", "empty"]

# Kazakh letters folded to their nearest Russian ones (SMS often drops them); Latin ə, ö, ü...
_FOLD = str.maketrans(
    {
        "ә": "а",
        "ғ": "г",
        "қ": "к",
        "ң": "н",
        "ө": "о",
        "ұ": "у",
        "ү": "у",
        "һ": "х",
        "і": "и",
        "ё": "е",
        "й": "и",
        "ə": "a",
        "ä": "a",
        "ö": "o",
        "ü": "u",
        "ı": "i",
        "ğ": "g",
        "ş": "sh",
        "ç": "ch",
        "ñ": "n",
    }
)
_KAZAKH_LETTERS = set("әғқңөұүһі")
_LATIN_TO_CYRILLIC_LAYOUT = str.maketrans(
    "qwertyuiop[]asdfghjkl;'zxcvbnm,.", "йцукенгшщзхъфывапролджэячсмитьбю"
)
_CYRILLIC_TO_LATIN_LAYOUT = str.maketrans(
    "йцукенгшщзхъфывапролджэячсмитьбю", "qwertyuiop[]asdfghjkl;'zxcvbnm,."
)

YES: dict[Lang, tuple[str, ...]] = {
    "kk": (
        "иә",
        "ия",
        "иа",
        "ие",
        "иэ",
        "әрине",
        "келісемін",
        "келісем",
        "ia",
        "iya",
        "ie",
        "iä",
        "kelisemin",
        "kelisem",
        "arine",
    ),
    "ru": (
        "да",
        "конечно",
        "согласен",
        "согласна",
        "согласны",
        "ага",
        "угу",
        "ок",
        "da",
        "soglasen",
        "soglasna",
        "konechno",
    ),
    "en": ("yes", "yeah", "yep", "yup", "y", "ok", "okay", "sure", "agree", "accept"),
}
NO: dict[Lang, tuple[str, ...]] = {
    "kk": (
        "жоқ",
        "жок",
        "жох",
        "келіспеймін",
        "келіспеймин",
        "jok",
        "joq",
        "zhok",
        "zhoq",
        "jox",
        "kelispeimin",
        "kelispeymin",
    ),
    "ru": ("нет", "не", "неа", "отказ", "отказываюсь", "net", "otkaz", "otkazyvayus"),
    "en": ("no", "nope", "nah", "n", "decline", "refuse"),
}
DOUBT = (
    "знаю",
    "подумаю",
    "может",
    "возможно",
    "білмеймін",
    "мүмкін",
    "ойланамын",
    "know",
    "maybe",
    "perhaps",
    "later",
    "позже",
    "кейін",
    "потом",
)
FILLER = (
    "пожалуйста",
    "спасибо",
    "рахмет",
    "рақмет",
    "рахмет",
    "thanks",
    "thank",
    "you",
    "please",
    "я",
    "i",
    "мен",
    "men",
    "сәлем",
    "салем",
    "здравствуйте",
    "hello",
    "hi",
    "salem",
    "rahmet",
    "spasibo",
    "ответ",
    "жауап",
    "answer",
    "offer",
    "предложение",
    "ұсыныс",
    "no.",
    "номер",
    "нөмір",
    "number",
    "nomer",
)
HELP = (
    "help",
    "помощь",
    "көмек",
    "комек",
    "info",
    "инфо",
    "что",
    "what",
    "не понял",
    "түсінбедім",
    "ne ponyal",
    "komek",
    "pomosh",
)
STOP = ("stop", "стоп", "тоқта", "токта", "toqta")
LANGUAGE_WORDS: dict[Lang, tuple[str, ...]] = {
    "kk": ("kk", "kaz", "қаз", "каз", "қазақша", "казахский", "kazakh", "qazaq", "qazaqsha"),
    "ru": ("ru", "rus", "рус", "русский", "орысша", "russian", "russkiy"),
    "en": ("en", "eng", "english", "английский", "ағылшынша"),
}
NEGATED_YES = re.compile(
    r"\b(не\s+(согласен|согласна|надо|нужно|хочу)|not\s+(agree|accept|want)|"
    r"бас\s+тарт\w*|керек\s+емес|қажет\s+емес|kerek\s+emes|qajet\s+emes|ne\s+(nado|hochu))\b"
)
IBAN = re.compile(r"KZ\d{2}[0-9A-Z]{16}")
REFERENCE = re.compile(r"^\d{3,9}$")


@dataclass(frozen=True)
class Reading:
    intent: Intent
    lang: Lang | None = None
    reference: int | None = None
    iban: str | None = None
    wants_language: Lang | None = None
    yes_with_iban: bool = False
    words: tuple[str, ...] = field(default_factory=tuple)


def fold(word: str) -> str:
    """Lower case, Kazakh letters folded, runs of a repeated letter collapsed (``даааа``)."""
    folded = word.lower().translate(_FOLD)
    return re.sub(r"(.)\1+", r"\1", folded)


def _vocabulary(table: dict[Lang, tuple[str, ...]]) -> dict[str, Lang]:
    return {fold(w): lang for lang, words in table.items() for w in words}


_YES = _vocabulary(YES)
_NO = _vocabulary(NO)
_LANGS = _vocabulary(LANGUAGE_WORDS)
_DOUBT = {fold(w) for w in DOUBT}
_FILLER = {fold(w) for w in FILLER}
_HELP = {fold(w) for w in HELP}
_STOP = {fold(w) for w in STOP}


def distance(a: str, b: str) -> int:
    """Optimal string alignment distance: insertions, deletions, substitutions and swaps of
    neighbouring letters each count one."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _match(word: str, vocabulary: dict[str, Lang]) -> Lang | None:
    if word in vocabulary:
        return vocabulary[word]
    if len(word) < 3:
        return None
    allowed = 1 if len(word) < 7 else 2
    close = {
        lang
        for known, lang in vocabulary.items()
        if len(known) >= 3 and distance(word, known) <= allowed
    }
    return close.pop() if len(close) == 1 else None


def _layout_variants(word: str) -> Iterable[str]:
    """The same keys pressed with the other keyboard layout (``lf`` for ``да``)."""
    if word.isascii():
        yield fold(word.translate(_LATIN_TO_CYRILLIC_LAYOUT))
    else:
        yield fold(word.translate(_CYRILLIC_TO_LATIN_LAYOUT))


def _language_of_text(text: str) -> Lang | None:
    if any(ch in _KAZAKH_LETTERS for ch in text.lower()):
        return "kk"
    return None


def read(text: str) -> Reading:
    raw = unicodedata.normalize("NFC", text).strip()
    if not raw:
        return Reading("empty")
    compact = re.sub(r"[\s\-]", "", raw.upper())
    iban_match = IBAN.search(compact)
    cleaned = re.sub(r"['’`ʼ]", "", raw.lower())
    negated_yes = NEGATED_YES.search(cleaned) is not None
    if negated_yes:
        cleaned = NEGATED_YES.sub(_negation, cleaned)
    words = tuple(re.findall(r"[^\W_]+|\+|\?", cleaned))
    if iban_match:
        iban_text = iban_match.group(0).lower()
        words = tuple(w for w in words if w not in iban_text and not iban_text.startswith(w))
    yes_langs: list[Lang] = []
    no_langs: list[Lang] = []
    unknown: list[str] = []
    references: list[int] = []
    yes_digits = no_digits = 0
    doubt = help_asked = stop = False
    language: Lang | None = None
    for word in words:
        folded = fold(word)
        if word in ("1", "+"):
            yes_digits += 1
            continue
        if word == "2":
            no_digits += 1
            continue
        if word == "?":
            help_asked = True
            continue
        if REFERENCE.match(word):
            references.append(int(word))
            continue
        if folded in _DOUBT:
            doubt = True
            continue
        if folded in _HELP:
            help_asked = True
            continue
        if folded in _STOP:
            stop = True
            continue
        if folded in _LANGS and len(words) <= 2:
            language = _LANGS[folded]
            continue
        if folded in _FILLER:
            continue
        yes, no = _YES.get(folded), _NO.get(folded)
        if yes is None and no is None:
            yes, no = _match(folded, _YES), _match(folded, _NO)
        if yes is None and no is None:
            for variant in _layout_variants(word):
                yes = yes or (_YES.get(variant))
                no = no or (_NO.get(variant))
        if yes is not None and no is None:
            yes_langs.append(yes)
        elif no is not None and yes is None:
            no_langs.append(no)
        else:
            unknown.append(word)
    written_in = _language_of_text(raw) or _single([*yes_langs, *no_langs])
    said_yes = bool(yes_langs) or yes_digits > 0
    said_no = bool(no_langs) or no_digits > 0
    reference = references[0] if len(set(references)) == 1 else None
    common = {"lang": written_in, "reference": reference, "words": words}
    if len(set(references)) > 1 or (said_yes and said_no):
        return Reading("ambiguous", **common)  # type: ignore[arg-type]
    if (said_yes or said_no) and (doubt or help_asked or len(unknown) >= 3):
        return Reading("unclear", **common)  # type: ignore[arg-type]
    if iban_match:
        if said_no:
            return Reading("ambiguous", **common)  # type: ignore[arg-type]
        return Reading(
            "iban",
            iban=iban_match.group(0),
            yes_with_iban=said_yes,
            **common,  # type: ignore[arg-type]
        )
    if said_yes:
        return Reading("yes", **common)  # type: ignore[arg-type]
    if said_no:
        return Reading("no", **common)  # type: ignore[arg-type]
    if stop and not unknown:
        return Reading("stop", **common)  # type: ignore[arg-type]
    if language is not None and not unknown:
        return Reading("language", wants_language=language, **common)  # type: ignore[arg-type]
    if help_asked:
        return Reading("help", **common)  # type: ignore[arg-type]
    return Reading("unclear", **common)  # type: ignore[arg-type]


def _negation(match: re.Match[str]) -> str:
    """A negated phrase becomes the plain "no" of its own language."""
    phrase = match.group(0)
    if phrase.startswith(("бас", "керек", "қажет")):
        return " жоқ "
    if phrase.isascii():
        return " net " if phrase.startswith("ne") else " no "
    return " нет "


def _single(langs: list[Lang]) -> Lang | None:
    """The reply's language when its words say it; digits alone say nothing."""
    distinct = set(langs)
    if len(distinct) == 1:
        only = distinct.pop()
        return only
    return None
