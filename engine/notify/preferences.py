"""Each citizen's language and channel for messages: their own choice where they made one,
else what the population register says, else Kazakh by SMS (or the app without a phone)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session

from engine.inbox.errors import Invalid
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


SHOWING_PREFERENCES = "Showing the citizen where their messages are sent"


def check_channel(pref: CitizenPreference | None, channel: str | None, email: str | None) -> None:
    """E-mail needs an address: the one given now or one on file."""
    if channel == "email" and not email and (pref is None or not pref.email):
        raise Invalid("email", "give an e-mail address to receive messages by e-mail")


def preferences_view(
    iin: str, pref: CitizenPreference | None, person: dict[str, Any] | None, known: bool
) -> dict[str, Any]:
    """What the citizen chose, and where messages really go (``sends_to``): SMS need a
    phone number in the population register. ``known`` is False when the register could
    not be asked; ``sends_to`` is then null."""
    route = route_for(pref, person, iin) if known else None
    return {
        "iin": iin,
        "language": pref.language if pref else None,
        "channel": pref.channel if pref else None,
        "email": pref.email if pref else None,
        "sends_to": {"channel": route.channel, "language": route.lang} if route else None,
        "phone_on_file": bool((person or {}).get("phone")) if known else None,
    }
