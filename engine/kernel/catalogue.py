"""Loading rules, life events and parameters from their folders, with every problem reported as
``file:line: message`` and the valid files still usable."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from engine.kernel.compiled import CompiledRule, RuleProblem, compile_rule
from engine.kernel.life_events import LifeEvent
from engine.kernel.parameters import Parameter, ParameterStore
from engine.kernel.rules import Rule

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Catalogue:
    rules: dict[str, CompiledRule] = field(default_factory=dict)
    life_events: dict[str, LifeEvent] = field(default_factory=dict)
    parameters: ParameterStore = field(default_factory=ParameterStore)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)

    def life_events_for(self, registry: str, event_type: str) -> list[LifeEvent]:
        return [
            e
            for e in self.life_events.values()
            if e.trigger.registry == registry and e.trigger.event_type == event_type
        ]

    def rules_for(self, life_event: str) -> list[CompiledRule]:
        return [c for c in self.rules.values() if life_event in c.rule.life_events]


def _line_of(node: yaml.Node | None, where: tuple[str | int, ...]) -> int:
    """The line (1-based) of the deepest YAML node on the path ``where``."""
    if node is None:
        return 1
    current = node
    for key in where:
        child: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == key:
                    child = value_node
                    break
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(key, int)
            and 0 <= key < len(current.value)
        ):
            child = current.value[key]
        if child is None:
            break
        current = child
    return int(current.start_mark.line) + 1


@dataclass
class _Document:
    path: Path
    text: str
    node: yaml.Node | None
    data: Any


def _read(path: Path, root: Path, problems: list[Problem]) -> _Document | None:
    shown = _shown(path, root)
    try:
        text = path.read_text(encoding="utf-8")
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(shown, 1, f"cannot read: {error}"))
        return None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        problems.append(Problem(shown, line, f"malformed YAML: {getattr(error, 'problem', error)}"))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "the file must hold a mapping of fields"))
        return None
    return _Document(path, text, node, data)


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _validate(model: type[M], doc: _Document, root: Path, problems: list[Problem]) -> M | None:
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        for item in error.errors():
            where = tuple(item["loc"])
            message = item["msg"]
            if item["type"] == "extra_forbidden":
                message = f"unknown field '{where[-1]}'"
            elif item["type"] == "missing":
                message = f"missing field '{where[-1]}'"
            location = ".".join(str(p) for p in where)
            problems.append(
                Problem(_shown(doc.path, root), _line_of(doc.node, where), f"{location}: {message}")
            )
        return None


def load_catalogue(rules_dir: Path, life_events_dir: Path, root: Path | None = None) -> Catalogue:
    root = root or Path.cwd()
    catalogue = Catalogue()
    problems = catalogue.problems

    for path in sorted((rules_dir / "parameters").rglob("*.yaml")):
        doc = _read(path, root, problems)
        parameter = _validate(Parameter, doc, root, problems) if doc else None
        if parameter is not None:
            if parameter.id in catalogue.parameters:
                problems.append(
                    Problem(_shown(path, root), 1, f"duplicate parameter id '{parameter.id}'")
                )
                continue
            catalogue.parameters.parameters[parameter.id] = parameter

    for path in sorted(life_events_dir.glob("*.yaml")):
        doc = _read(path, root, problems)
        life_event = _validate(LifeEvent, doc, root, problems) if doc else None
        if life_event is not None:
            catalogue.life_events[life_event.id] = life_event

    for path in sorted(rules_dir.glob("*.yaml")):
        doc = _read(path, root, problems)
        rule = _validate(Rule, doc, root, problems) if doc else None
        if doc is None or rule is None:
            continue
        if rule.id in catalogue.rules:
            problems.append(
                Problem(
                    _shown(path, root),
                    _line_of(doc.node, ("id",)),
                    f"duplicate rule id '{rule.id}'",
                )
            )
            continue
        try:
            compiled = compile_rule(rule, doc.text, catalogue.life_events, catalogue.parameters)
        except RuleProblem as problem:
            problems.append(
                Problem(_shown(path, root), _line_of(doc.node, problem.where), str(problem))
            )
            continue
        catalogue.rules[rule.id] = compiled
        catalogue.sources[rule.id] = path
    return catalogue
