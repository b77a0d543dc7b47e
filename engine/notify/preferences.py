"""Each citizen's language and channel for messages: their own choice where they made one,
else what the population register says, else Kazakh by SMS (or the app without a phone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from engine.inbox.models import CitizenPreference
from engine.kernel.texts import LANGUAGES, Lang


@dataclass(frozen=True)
class Route:
    channel: str
    address: str
    lang: Lang


def language_of(pref: CitizenPreference | None, person: dict[str, Any] | None) -> Lang:
    for candidate in (pref.language if pref else None, (person or {}).get("language")):
        if candidate in LANGUAGES:
            return candidate
    return "kk"


def route_for(pref: CitizenPreference | None, person: dict[str, Any] | None, iin: str) -> Route:
    lang = language_of(pref, person)
    phone = (person or {}).get("phone")
    wanted = pref.channel if pref and pref.channel else ("sms" if phone else "push")
    if wanted == "email" and pref is not None and pref.email:
        return Route("email", pref.email, lang)
    if wanted == "sms" and phone:
        return Route("sms", str(phone), lang)
    return Route("push", f"egov-mobile:{iin}", lang)


def save_preference(
    session: Session,
    iin: str,
    now: datetime,
    *,
    language: str | None = None,
    channel: str | None = None,
    email: str | None = None,
) -> CitizenPreference:
    pref = session.get(CitizenPreference, iin) or CitizenPreference(iin=iin, updated_at=now)
    if language is not None:
        pref.language = language
    if channel is not None:
        pref.channel = channel
    if email is not None:
        pref.email = email
    pref.updated_at = now
    session.add(pref)
    return pref
