"""Whether a rule's dedup key can tell one occurrence of its life event from the next.

The dedup key makes an item happen once: a later event that renders the same key is taken
for the same item and sends nothing. A key must therefore change from one occurrence of the
event to the next when each deserves its own item: another car, next year's notice, a new
decision. It does when one of its placeholders is

- a date or a period: a name of type date, or one whose last part has a word date, year,
  month, quarter or period (``event.registration_date``, ``event.tax_year``, ``law_date``);
- an identifier of the event or its object: a last part ``id``, ``*_id``, ``vin`` or
  ``*_number`` (``event.registration_id``, ``event.act_id``, ``event.vin``);
- the IIN of a party the event happens to at most once, in every life event of the rule (the
  child of a birth, the deceased of a death, the person reaching an age: ``once_for`` of the
  life event, and a milestone's subject).

Any other key (only the owner's or the mother's IIN, a make, a constant) blocks every later
occurrence, unless the rule says why it is due once (``dedup_once_because``) or that a later
event decides the one item's amount again (``later_events: update``)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from engine.kernel.life_events import LifeEvent
from engine.kernel.rules import Rule
from engine.kernel.texts import placeholders
from engine.kernel.typecheck import NameType

_PERIOD = re.compile(r"(^|_)(date|year|month|quarter|period)(_|$)", re.IGNORECASE)
_IDENTIFIER = re.compile(r"^(id|.+_id|vin|.+_number)$", re.IGNORECASE)


def _tells_periods(name: str, types: Mapping[str, NameType]) -> bool:
    last = name.rsplit(".", 1)[-1]
    kind = types[name].kind if name in types else None
    return kind == "date" or bool(_PERIOD.search(last)) or bool(_IDENTIFIER.match(last))


def _once_iins(event: LifeEvent) -> set[str]:
    """The names that hold the IIN of a party the event happens to at most once."""
    names: set[str] = set()
    for party in event.once_parties:
        source = event.parties[party]
        names.add(source if "." in source else f"event.{source}")
        names |= {f"{fact}.iin" for fact, spec in event.facts.items() if spec.party == party}
    return names


def _suggestions(event: LifeEvent) -> list[str]:
    ids = [f"event.{f}" for f in event.event_fields if _IDENTIFIER.match(f)]
    return [*ids, f"event.{event.date_field}"]


def period_blind_key(
    rule: Rule, events: list[LifeEvent], types: Mapping[str, NameType]
) -> str | None:
    """The warning when the rule's dedup key cannot tell occurrences of its event apart."""
    if rule.dedup_once_because is not None or rule.later_events == "update":
        return None  # the analyst said what a later event does
    if not events or rule.dedup_key is None:
        return None  # a modifier has no key: its base's item carries its result
    names = placeholders(rule.dedup_key)
    if any(_tells_periods(name, types) for name in names):
        return None
    repeating = [e for e in events if not set(names) & _once_iins(e)]
    if not repeating:
        return None
    event = repeating[0]
    hint = " or ".join(f"{{{s}}}" for s in _suggestions(event))
    return (
        f"dedup_key '{rule.dedup_key}' stays the same from one '{event.id}' event to the "
        f"next for the same people (another child, another car, next year's notice): after "
        f"the first item, later ones are silently blocked. Add what tells them apart ({hint}), "
        f"or, if the item is due once whatever the events, say why in dedup_once_because"
    )
