"""What the pipeline has decided about one life event, before it is written: the event, its
parties and facts, and each rule's evaluation (or error)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from engine.inbox.timeutil import local
from engine.kernel.compiled import CompiledRule
from engine.kernel.evaluate import Evaluation
from engine.kernel.life_events import LifeEvent


@dataclass
class RuleOutcome:
    compiled: CompiledRule
    evaluation: Evaluation | None = None
    error: str | None = None


@dataclass
class Assessment:
    """Everything decided about one life event, before it is written."""

    life_event: LifeEvent
    event_date: date
    data: dict[str, Any]
    parties: dict[str, str | None]
    facts: dict[str, dict[str, Any] | None]
    outcomes: list[RuleOutcome] = field(default_factory=list)

    def late_on(self, now: datetime) -> bool:
        """Whether a decision made at ``now`` comes after the event's date (in Almaty)."""
        return self.event_date < local(now).date()

    @property
    def evaluations(self) -> list[tuple[CompiledRule, Evaluation]]:
        return [(o.compiled, o.evaluation) for o in self.outcomes if o.evaluation is not None]
