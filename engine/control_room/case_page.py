"""One case as officials read it, in their language: every step of the journey in plain words
with its Almaty time and who did it, the agencies' lanes, and the time the proactive route
took against the published term of the same service by application."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from engine.control_room.phrases import PHRASES, phrase
from engine.inbox.names import agency_name, purpose_name, registry_name
from engine.kernel.catalogue import Catalogue
from engine.kernel.l10n import day, money, plural
from engine.kernel.texts import Lang

ENGINE_LANE = "engine"
CITIZEN_LANE = "citizen"


@dataclass
class Step:
    at_local: str  # HH:MM on the day shown beside it
    date_local: str
    lane: str
    who: str
    text: str
    tone: str = ""  # ok, bad, wait


@dataclass
class Lane:
    key: str
    title: str


@dataclass
class CasePage:
    case_id: str
    title: str
    event_date: str
    subject_masked: str
    steps: list[Step]
    lanes: list[Lane]
    proactive_seconds: float | None
    by_application_days: int | None
    by_application_source: str | None
    notified: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)


def _time(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def _who(actor: dict[str, Any], lang: Lang) -> tuple[str, str]:
    """The lane of an actor and how to name them."""
    kind = actor.get("kind")
    if kind == "registry":
        code = str(actor.get("registry"))
        return f"registry:{code}", registry_name(code, lang)
    if kind in ("official", "simulated_official"):
        agency = str(actor.get("agency"))
        name = actor.get("name")
        person = (
            name
            if name
            else phrase("simulated_official" if kind != "official" else "an_official", lang)
        )
        return f"agency:{agency}", f"{agency_name(agency, lang)} · {person}"
    if kind in ("citizen", "representative", "parent"):
        channel = phrase(f"channel_{actor.get('channel', 'web')}", lang)
        return CITIZEN_LANE, f"{phrase('the_citizen', lang)} · {channel}"
    return ENGINE_LANE, phrase("the_engine", lang)


def _rule_title(catalogue: Catalogue, rule_id: str, lang: Lang) -> str:
    compiled = catalogue.rules.get(rule_id)
    return compiled.rule.title.in_(lang) if compiled else rule_id


def _decision_text(
    catalogue: Catalogue, entry: dict[str, Any], decision: dict[str, Any] | None, lang: Lang
) -> tuple[str, str]:
    title = _rule_title(catalogue, entry["rule_id"], lang)
    outcome = entry["outcome"]
    if outcome == "eligible":
        amount = entry.get("amount_kzt")
        money_part = f": {money(amount, lang)}" if amount is not None else ""
        return f"{title} — {phrase('eligible', lang)}{money_part}", "ok"
    compiled = catalogue.rules.get(entry["rule_id"])
    reasons: list[str] = []
    if decision is not None and compiled is not None:
        texts = {c.id: c for c in compiled.rule.conditions}
        for result in decision.get("trace", {}).get("conditions", []):
            condition = texts.get(result.get("id"))
            if condition is not None and result.get("holds") is False:
                reasons.append(condition.fails.in_(lang))
    if outcome == "not_eligible":
        why = "; ".join(reasons) or phrase("not_eligible", lang)
        return f"{title} — {phrase('not_eligible', lang)}: {why}", "bad"
    if entry.get("awaiting"):
        return f"{title} — {phrase('awaiting_law', lang)}", "wait"
    return f"{title} — {phrase('unknown', lang)}", "wait"


def _purpose(catalogue: Catalogue, entry: dict[str, Any], lang: Lang) -> str:
    """A read's stated purpose in the reader's language: the life event's own words for its
    facts, else the shared vocabulary of purposes."""
    stated = str(entry.get("purpose", ""))
    life_event_id, _, words = stated.partition(": ")  # as the engine states it to registries
    life_event = catalogue.life_events.get(life_event_id)
    for fact in life_event.facts.values() if life_event else ():
        if words == fact.purpose.en:
            return fact.purpose.in_(lang)
    return purpose_name(stated, lang)


def _step_text(
    catalogue: Catalogue, entry: dict[str, Any], decisions: dict[int, dict[str, Any]], lang: Lang
) -> tuple[str, str] | None:
    kind = entry["kind"]
    if kind == "life_event":
        return phrase("step_life_event", lang), ""
    if kind == "event_received":
        return phrase("step_event_received", lang), ""
    if kind == "facts_read":
        text = phrase("step_facts_read", lang).format(
            registry=registry_name(entry["registry"], lang),
            agency=agency_name(entry["agency"], lang),
        )
        return f"{text}: {_purpose(catalogue, entry, lang)}", ""
    if kind == "decision":
        if entry.get("shadow") or not entry.get("current", True):
            return None
        return _decision_text(catalogue, entry, decisions.get(entry["decision_id"]), lang)
    if kind == "entitlement":
        return None  # the inbox step says it in the citizen's terms
    if kind == "inbox":
        title = _rule_title(catalogue, entry["rule_id"], lang)
        action = str(entry.get("action"))
        key = f"inbox_{action}" if f"inbox_{action}" in PHRASES else "inbox_changed"
        tone = {"accepted": "ok", "paid": "ok", "declined": "bad", "expired": "bad"}.get(action, "")
        return f"{phrase(key, lang)}: {title}", tone
    if kind in ("message_sent", "message_delivered"):
        channel = phrase(f"channel_{entry.get('channel') or 'sms'}", lang)
        return f"{phrase('step_' + kind, lang)} ({channel})", ""
    action = phrase("step_" + kind, lang)
    if kind == "task_opened" and entry.get("due_local"):
        due = _time(entry["due_local"])
        return f"{action} — {phrase('due', lang)} {day(due.date(), lang)} {due:%H:%M}", ""
    if kind == "task_closed":
        status = entry.get("status")
        tone = "ok" if status == "done" else "bad"
        late = entry.get("on_time")
        timing = "" if late is None else f" — {phrase('on_time' if late else 'late', lang)}"
        reason = f": {entry['reason']}" if entry.get("reason") else ""
        return f"{phrase('task_' + str(status), lang)}{reason}{timing}", tone
    return action, ""


def case_page(journey: dict[str, Any], catalogue: Catalogue, lang: Lang) -> CasePage:
    life_event = catalogue.life_events.get(journey["life_event"])
    decisions = {d["id"]: d for d in journey["decisions"]}
    actions = {t["id"]: t["action"] for t in journey["tasks"]}
    steps: list[Step] = []
    lanes: dict[str, str] = {}
    for entry in journey["timeline"]:
        described = _step_text(catalogue, entry, decisions, lang)
        if described is None:
            continue
        text, tone = described
        if entry["kind"].startswith("task_") and entry.get("task_id") in actions:
            task_action = actions[entry["task_id"]].get(lang) or ""
            text = f"{text} · {task_action}" if task_action else text
        lane, who = _who(entry["actor"], lang)
        if entry["kind"] == "facts_read":
            lane = f"registry:{entry['registry']}"  # the record comes from that registry
        if entry["kind"].startswith("task_") and lane == ENGINE_LANE:
            lane = f"agency:{entry['agency']}"  # the task's own lane, opened by the engine
        lanes.setdefault(lane, _lane_title(lane, lang))
        moment = _time(entry["at_local"])
        steps.append(
            Step(
                at_local=moment.strftime("%H:%M:%S"),
                date_local=day(moment.date(), lang),
                lane=lane,
                who=who,
                text=text,
                tone=tone,
            )
        )
    order = sorted(lanes, key=_lane_order)
    return CasePage(
        case_id=journey["id"],
        title=life_event.title.in_(lang) if life_event else journey["life_event"],
        event_date=day(datetime.fromisoformat(journey["event_date"]).date(), lang),
        subject_masked=journey["subject_iin"][:6] + "••••••",
        steps=steps,
        lanes=[Lane(key, lanes[key]) for key in order],
        proactive_seconds=_proactive_seconds(journey),
        by_application_days=_by_application(catalogue, journey)[0],
        by_application_source=_by_application(catalogue, journey)[1],
        notified=_notified(journey, lang) if journey["life_event"] == "death" else [],
    )


def working_days(n: int, lang: Lang) -> str:
    forms = {"one": phrase("working_days_one", lang), "other": phrase("working_days_other", lang)}
    return plural(n, forms, lang).format(n=n)


def _lane_title(key: str, lang: Lang) -> str:
    kind, _, code = key.partition(":")
    if kind == "registry":
        return registry_name(code, lang)
    if kind == "agency":
        return agency_name(code, lang)
    return phrase("the_citizen" if key == CITIZEN_LANE else "the_engine", lang)


def _lane_order(key: str) -> tuple[int, str]:
    if key.startswith("registry:"):
        return (0, key)
    if key == ENGINE_LANE:
        return (1, key)
    if key == CITIZEN_LANE:
        return (2, key)
    return (3, key)


def _proactive_seconds(journey: dict[str, Any]) -> float | None:
    """From the registry's record of the life event to the first item in an inbox."""
    start = next((e for e in journey["timeline"] if e["kind"] == "life_event"), None)
    if start is not None and start["actor"].get("job") == "milestones":
        # an age reached is dated at midnight: count from when the engine noticed the day
        start = next(e for e in journey["timeline"] if e["kind"] == "event_received")
    offered = next(
        (e for e in journey["timeline"] if e["kind"] == "inbox" and e.get("action") == "created"),
        None,
    )
    if start is None or offered is None:
        return None
    return max(0.0, (_time(offered["at"]) - _time(start["at"])).total_seconds())


def _by_application(catalogue: Catalogue, journey: dict[str, Any]) -> tuple[int | None, str | None]:
    """The longest published term among the services this case offered."""
    terms = []
    for rule_id in {i["rule_id"] for i in journey["inbox_items"]}:
        compiled = catalogue.rules.get(rule_id)
        if compiled is not None and compiled.rule.by_application is not None:
            terms.append(compiled.rule.by_application)
    if not terms:
        return None, None
    longest = max(terms, key=lambda t: t.working_days)
    return longest.working_days, longest.source


def _notified(journey: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """After a death, each agency told and whether it has confirmed (done its task)."""
    agencies: dict[str, dict[str, Any]] = {}
    for task in journey["tasks"]:
        entry = agencies.setdefault(
            task["agency"],
            {"agency": agency_name(task["agency"], lang), "confirmed": True, "tasks": []},
        )
        entry["tasks"].append(task["action"].get(lang, ""))
        entry["confirmed"] = entry["confirmed"] and task["status"] == "done"
    return list(agencies.values())
