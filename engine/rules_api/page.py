"""What the analysts' page shows: the catalogue, and for the chosen rule its conditions in
words, the rules it builds on and that change its amount, its parameters over time with their
legal references, its tests and coverage, its shadow results, and what its scripts need to
simulate, compare and check a candidate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from engine.auth.tokens import Principal, issue
from engine.inbox.names import agency_name
from engine.kernel.catalogue import Catalogue
from engine.kernel.compiled import CompiledRule
from engine.kernel.coverage import coverage
from engine.kernel.l10n import day, number
from engine.kernel.parameters import Parameter
from engine.kernel.testing import run_test
from engine.kernel.texts import Lang
from engine.pipeline.models import Decision
from engine.rules_api.national import region_names
from engine.services import Services
from engine.web.rules_labels import labels_for

CHART_WIDTH, CHART_HEIGHT = 320, 120


@dataclass(frozen=True)
class Step:
    """One value of a parameter as a bar of the chart, with its legal reference."""

    valid_from: date
    valid_to: date | None
    value: Decimal
    cited: str  # the act and article as the page's language cites them
    url: str | None
    x: float
    width: float
    height: float


def parameter_chart(parameter: Parameter, lang: Lang) -> list[Step]:
    """The parameter's values over time, scaled to the chart: one bar per period, its width
    the period's length (an open end drawn to a year past its start)."""
    values = sorted(parameter.values, key=lambda v: v.valid_from)
    start = values[0].valid_from
    ends = [v.valid_to or v.valid_from + timedelta(days=365) for v in values]
    days = max((max(ends) - start).days, 1)
    top = max(float(v.value) for v in values) or 1.0
    steps = []
    for value, end in zip(values, ends, strict=True):
        x = (value.valid_from - start).days / days * CHART_WIDTH
        width = max((end - value.valid_from).days / days * CHART_WIDTH - 1, 1)
        steps.append(
            Step(
                value.valid_from,
                value.valid_to,
                value.value,
                value.reference.cited(lang),
                value.reference.url,
                round(x, 1),
                round(width, 1),
                round(float(value.value) / top * (CHART_HEIGHT - 20), 1),
            )
        )
    return steps


def shadow_results(db: Engine, rule_id: str) -> dict[str, int]:
    """What the rule decided while in shadow: cases evaluated, offers it would have made and
    their cost (current decisions only)."""
    with Session(db) as session:
        rows = session.exec(
            select(Decision.outcome, func.count(), func.sum(Decision.amount_tiyn))
            .where(Decision.rule_id == rule_id, col(Decision.shadow).is_(True))
            .where(col(Decision.current).is_(True))
            .group_by(col(Decision.outcome))
        ).all()
    evaluated = sum(int(n) for _, n, _ in rows)
    eligible = [(int(n), int(total or 0)) for outcome, n, total in rows if outcome == "eligible"]
    offers, tiyn = eligible[0] if eligible else (0, 0)
    return {"evaluated": evaluated, "would_offer": offers, "would_cost_kzt": tiyn // 100}


def linked_rule(compiled: CompiledRule, lang: Lang) -> dict[str, Any]:
    """Another rule of the chain as the page links it: its kind when a modifier, its title in
    the page's language and its legal basis."""
    rule = compiled.rule
    return {
        "id": rule.id,
        "kind": rule.modifies.kind if rule.modifies else None,
        "title": rule.title.in_(lang),
        "legal_basis": [{"cited": ref.cited(lang), "url": ref.url} for ref in rule.legal_basis],
    }


def chain_view(catalogue: Catalogue, compiled: CompiledRule, lang: Lang) -> dict[str, Any]:
    """The rule's place in its chain: the rule it modifies (for a relief, exemption or
    top-up), the modifiers that change its amount, and the other rules whose results it
    reads."""
    rule = compiled.rule
    base = rule.modifies.rule if rule.modifies else None
    read = sorted({path.split(".")[1] for path in compiled.rule_reads})
    return {
        "kind": rule.modifies.kind if rule.modifies else None,
        "base": linked_rule(catalogue.rules[base], lang) if base in catalogue.rules else None,
        "modifiers": [
            linked_rule(other, lang)
            for _, other in sorted(catalogue.rules.items())
            if other.rule.modifies is not None and other.rule.modifies.rule == rule.id
        ],
        "reads": [
            linked_rule(other, lang)
            for other_id, other in sorted(catalogue.rules.items())
            if other_id.rsplit(".", 1)[-1] in read and other_id != base
        ],
    }


def rule_view(
    services: Services, catalogue: Catalogue, compiled: CompiledRule, lang: Lang
) -> dict[str, Any]:
    rule = compiled.rule
    results = [run_test(catalogue, compiled, test) for test in rule.tests]
    source = catalogue.source_of(compiled)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        text = ""
    parameters = []
    for parameter_id in sorted(compiled.parameter_ids):
        parameter = catalogue.parameters.get(parameter_id)
        parameters.append(
            {
                "id": parameter_id,
                "title": parameter.title.in_(lang),
                "unit": parameter.unit,
                "steps": parameter_chart(parameter, lang),
            }
        )
    return {
        "id": rule.id,
        "title": rule.title.in_(lang),
        "status": rule.status,
        "agency": agency_name(rule.agency, lang),
        "version": compiled.version,
        "valid_from": rule.valid_from,
        "valid_to": rule.valid_to,
        "source": _shown(source),
        "yaml": text,
        "conditions": [
            {"id": c.id, "holds": c.holds.in_(lang), "fails": c.fails.in_(lang)}
            for c in rule.conditions
        ],
        "legal_basis": [{"cited": ref.cited(lang), "url": ref.url} for ref in rule.legal_basis],
        "chain": chain_view(catalogue, compiled, lang),
        "parameters": parameters,
        "tests": [
            {"name": test.name, "passed": result.passed}
            for test, result in zip(rule.tests, results, strict=True)
        ],
        "coverage": coverage(compiled, results),
        "shadow": shadow_results(services.db, rule.id),
    }


def _shown(path: Path) -> str:
    """The rule file as problems name it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def analyst_token(services: Services) -> str | None:
    """In demo and test mode the page signs its simulations in as an analyst of the control
    room; elsewhere the analyst pastes their own token."""
    if not services.settings.demo_features:
        return None
    return issue(
        Principal(kind="official", subject="control_room", role="analyst"),
        services.settings.secret,
        datetime.now(UTC),
        timedelta(hours=services.settings.token_ttl_hours),
    )


def page_context(services: Services, lang: Lang, rule_id: str | None) -> dict[str, Any]:
    catalogue = services.catalogue.current
    chosen = catalogue.rules.get(rule_id) if rule_id else None
    if chosen is None and catalogue.rules:
        chosen = catalogue.rules[sorted(catalogue.rules)[0]]
    return {
        "lang": lang,
        "t": labels_for(lang),
        "rules": [
            {"id": c.rule.id, "title": c.rule.title.in_(lang), "status": c.rule.status}
            for _, c in sorted(catalogue.rules.items())
        ],
        "rule": rule_view(services, catalogue, chosen, lang) if chosen else None,
        "regions": region_names(lang),
        "population": services.settings.population,
        "today": services.clock.today(),
        "token": analyst_token(services),
        "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT},
        "day": lambda value: day(value, lang),
        "num": lambda value: number(value, lang),
    }
