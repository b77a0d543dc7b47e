"""A new version of a rule, or a new value of a parameter it reads, re-evaluates the open
cases the rule decides: each affected entitlement is superseded, revoked, topped up with
arrears or flagged, with the reason; decisions made under the old version keep their receipt."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime

from sqlmodel import Session, col, select

from engine.db import transaction
from engine.kernel.chain import related_ids
from engine.kernel.compiled import CompiledRule
from engine.kernel.parameters import ParameterStore
from engine.pipeline.assessment import RuleOutcome
from engine.pipeline.decide import joined_parameters
from engine.pipeline.models import Decision, JobState
from engine.pipeline.reassess import (
    apply_reassessment,
    cases_of_life_events,
    original_data,
    reassess_case,
)
from engine.services import Services

log = logging.getLogger("engine.reevaluate")


def fingerprint(compiled: CompiledRule, parameters: ParameterStore) -> str:
    """Changes when the rule file or any value of a parameter it reads changes."""
    values = {
        pid: [v.model_dump(mode="json") for v in parameters.get(pid).values]
        for pid in sorted(compiled.parameter_ids)
        if pid in parameters
    }
    blob = json.dumps([compiled.version, values], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()[:32]


def changed_rules(services: Services, now: datetime) -> dict[str, str]:
    """Rules whose fingerprint differs from the one last seen (recording the new ones); a rule
    seen for the first time is recorded, not re-evaluated."""
    catalogue = services.catalogue.current
    changed: dict[str, str] = {}
    with transaction(services.db) as session:
        for rule_id, versions in catalogue.versions.items():
            current = hashlib.sha256(
                "".join(fingerprint(c, catalogue.parameters) for c in versions).encode()
            ).hexdigest()[:32]
            state = session.get(JobState, f"rule:{rule_id}"[:64])
            if state is not None and state.value != current:
                changed[rule_id] = "a new version of the rule or of its parameters applies"
            if state is None or state.value != current:
                state = state or JobState(
                    name=f"rule:{rule_id}"[:64], value=current, updated_at=now
                )
                state.value = current
                state.updated_at = now
                session.add(state)
    return changed


async def reevaluate_changed_rules(services: Services) -> int:
    """Returns the number of cases re-evaluated."""
    now = services.clock.now()
    changed = changed_rules(services, now)
    if not changed:
        return 0
    catalogue = services.catalogue.current
    count = 0
    for rule_id, reason in changed.items():
        if rule_id not in catalogue.versions:
            continue
        listened = {e for c in catalogue.versions[rule_id] for e in c.rule.life_events}
        # a change of a modifier or of a rule another reads changes the rules built on it
        chain = related_ids(catalogue.rules, rule_id)
        cases = cases_of_life_events(services.db, listened, services.clock.today())
        for case in cases:
            assessment = await reassess_case(
                catalogue, services.registries, case, original_data(services.db, case), chain
            )
            if assessment is None:
                continue
            assessment.outcomes = unchanged_dropped(services, case.id, assessment.outcomes)
            if not assessment.outcomes:
                continue
            with transaction(services.db) as session:
                apply_reassessment(session, case, assessment, services.clock.now(), reason)
            count += 1
        log.info("engine.rule.reevaluated rule=%s cases=%d", rule_id, len(cases))
    return count


def unchanged_dropped(
    services: Services, case_id: str, outcomes: list[RuleOutcome]
) -> list[RuleOutcome]:
    """The outcomes that differ from the case's current decisions: a version that does not
    apply to the case's date, or a parameter value that does not change its figures, leaves
    the decision (and its receipt) as it was."""
    with Session(services.db) as session:
        current = {
            (d.rule_id, d.shadow): d
            for d in session.exec(
                select(Decision).where(Decision.case_id == case_id, col(Decision.current).is_(True))
            ).all()
        }
    changed = []
    for outcome in outcomes:
        rule = outcome.compiled.rule
        decision = current.get((rule.id, rule.status == "shadow"))
        evaluation = outcome.evaluation
        if (
            decision is not None
            and evaluation is not None
            and decision.rule_version == outcome.compiled.version
            and decision.outcome == evaluation.outcome
            and decision.amount_tiyn == evaluation.amount_tiyn
            and decision.projected == joined_parameters(g.parameter for g in evaluation.projected)
        ):
            continue
        changed.append(outcome)
    return changed
