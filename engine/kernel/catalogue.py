"""Loading rules, life events and parameters from their folders, with every problem reported as
``file:line: message`` and the valid files still usable.

When a ``previous`` catalogue is given (a reload), a file that has become invalid is refused
with its problems while the last valid version of what it defined keeps serving.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from engine.kernel.compiled import CompiledRule, RuleProblems, Where, compile_rule
from engine.kernel.life_events import LifeEvent
from engine.kernel.parameters import Parameter, ParameterFile, ParameterStore
from engine.kernel.rules import Rule
from engine.kernel.typecheck import NameType

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}: {kind}{self.message}"


@dataclass
class Catalogue:
    """Rules by id, and every version of each. A rule may have several versions, one file
    each: an active version applies from its ``valid_from`` until the next active version
    of the same id starts (or its own ``valid_to``); shadow versions run beside it."""

    rules: dict[str, CompiledRule] = field(default_factory=dict)  # newest version by id
    versions: dict[str, list[CompiledRule]] = field(default_factory=dict)  # oldest first
    files: dict[Path, CompiledRule] = field(default_factory=dict)
    life_events: dict[str, LifeEvent] = field(default_factory=dict)
    parameters: ParameterStore = field(default_factory=ParameterStore)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # rule id -> version kept after a refusal
    parameter_files: dict[str, list[str]] = field(default_factory=dict)
    life_event_files: dict[str, str] = field(default_factory=dict)
    projects_missing_law: bool = False  # demo only: a value not yet published takes the last

    def life_events_for(self, registry: str, event_type: str) -> list[LifeEvent]:
        return [
            e
            for e in self.life_events.values()
            if e.trigger.registry == registry and e.trigger.event_type == event_type
        ]

    def milestone_events(self) -> list[LifeEvent]:
        """Life events started by an age reached rather than by a registry change."""
        return [e for e in self.life_events.values() if e.trigger.milestone is not None]

    def rules_for(self, life_event: str) -> list[CompiledRule]:
        """Every version of every rule that listens to the life event."""
        return [
            c
            for versions in self.versions.values()
            for c in versions
            if life_event in c.rule.life_events
        ]

    def rule_on(self, rule_id: str, day: date) -> CompiledRule | None:
        """The version of a rule that decides events of ``day``: the active one in force,
        else the newest one whose dates cover the day (a draft or shadow being tried)."""
        versions = self.versions.get(rule_id, [])
        active = [c for c in versions if c.rule.status == "active" and c.in_force_on(day)]
        if active:
            return active[-1]
        covering = [c for c in versions if c.rule.in_force_on(day)]
        return covering[-1] if covering else None

    def deciding_versions(self, compiled: CompiledRule) -> list[CompiledRule]:
        """The versions that decide events alongside ``compiled``, newest first: every active
        version of an active rule (each in force until the next starts), else the version
        itself (a shadow or draft being tried)."""
        if compiled.rule.status != "active":
            return [compiled]
        active = [c for c in self.versions.get(compiled.rule.id, []) if c.rule.status == "active"]
        return list(reversed(active)) or [compiled]

    def unconfirmed(self, compiled: CompiledRule) -> list[dict[str, Any]]:
        """The rule's legal bases and the values of its parameters that are not confirmed from
        the official text (taken from a secondary source): analysts and officials see them
        flagged."""
        found: list[dict[str, Any]] = [
            {"where": "legal_basis", **ref.model_dump(mode="json", exclude_none=True)}
            for ref in compiled.rule.legal_basis
            if not ref.confirmed
        ]
        for parameter_id in sorted(compiled.parameter_ids):
            if parameter_id not in self.parameters:
                continue
            for value in self.parameters.get(parameter_id).values:
                if not value.reference.confirmed:
                    found.append(
                        {
                            "where": f"{parameter_id} from {value.valid_from.isoformat()}",
                            **value.reference.model_dump(mode="json", exclude_none=True),
                        }
                    )
        return found

    def version(self, rule_id: str, version: str) -> CompiledRule | None:
        return next((c for c in self.versions.get(rule_id, []) if c.version == version), None)

    def source_of(self, compiled: CompiledRule) -> Path:
        return next(path for path, c in self.files.items() if c is compiled)

    def problems_of(self, path: Path) -> list[Problem]:
        shown = str(path)
        return [p for p in self.problems if shown.endswith(p.file) or p.file.endswith(shown)]


def _line_of(node: yaml.Node | None, where: tuple[str | int, ...]) -> int:
    """The line (1-based) of the deepest YAML node on the path ``where``."""
    if node is None:
        return 1
    current = node
    for key in where:
        child: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == str(key):
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
        node, data = parse_yaml(text)
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


_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """The node tree (for line numbers) and the data, from one parse."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()
    return node, data


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


_TYPE_MESSAGES = {
    "extra_forbidden": "unknown field '{name}'{hint}",
    "missing": "missing field '{name}'",
}


def _validate(model: type[M], doc: _Document, root: Path, problems: list[Problem]) -> M | None:
    from engine.kernel.expressions import suggest

    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        for item in error.errors():
            where = tuple(item["loc"])
            message = item["msg"]
            if item["type"] in _TYPE_MESSAGES:
                name = str(where[-1]) if where else ""
                allowed = _allowed_fields(model, where[:-1])
                message = _TYPE_MESSAGES[item["type"]].format(
                    name=name, hint=suggest(name, allowed) if allowed else ""
                )
                if item["type"] == "missing" and name in ("kk", "ru", "en"):
                    message = f"missing translation '{name}': every text needs kk, ru and en"
            elif message.startswith("Value error, "):
                message = message.removeprefix("Value error, ")
            location = ".".join(str(p) for p in where)
            prefix = f"{location}: " if location else ""
            problems.append(
                Problem(_shown(doc.path, root), _line_of(doc.node, where), f"{prefix}{message}")
            )
        return None


def _allowed_fields(model: type[BaseModel], where: tuple[Any, ...]) -> list[str]:
    """Field names of the model found at ``where`` (for 'did you mean' hints)."""
    import typing

    current: Any = model
    for key in where:
        if isinstance(key, int) or current is None:
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(str(key))
        if info is None:
            return []
        current = _model_in(info.annotation, typing)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _model_in(annotation: Any, typing: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in typing.get_args(annotation):
        found = _model_in(argument, typing)
        if found is not None:
            return found
    return None


def load_catalogue(
    rules_dir: Path,
    life_events_dir: Path,
    root: Path | None = None,
    previous: Catalogue | None = None,
    extra_rule_files: list[Path] | None = None,
) -> Catalogue:
    root = root or Path.cwd()
    catalogue = Catalogue()
    problems = catalogue.problems

    for path in sorted((rules_dir / "parameters").rglob("*.yaml")):
        shown = _shown(path, root)
        before = len(problems)
        doc = _read(path, root, problems)
        parameters: list[Parameter] = []
        if doc is not None:
            if "parameters" in doc.data:
                group = _validate(ParameterFile, doc, root, problems)
                parameters = list(group.parameters) if group else []
            else:
                single = _validate(Parameter, doc, root, problems)
                parameters = [single] if single else []
        if len(problems) > before and previous is not None:
            parameters = [
                previous.parameters.parameters[i]
                for i in previous.parameter_files.get(shown, [])
                if i in previous.parameters
            ]
        for parameter in parameters:
            if parameter.id in catalogue.parameters:
                problems.append(Problem(shown, 1, f"duplicate parameter id '{parameter.id}'"))
                continue
            catalogue.parameters.parameters[parameter.id] = parameter
            catalogue.parameter_files.setdefault(shown, []).append(parameter.id)

    for path in sorted(life_events_dir.glob("*.yaml")):
        shown = _shown(path, root)
        doc = _read(path, root, problems)
        life_event = _validate(LifeEvent, doc, root, problems) if doc else None
        if life_event is None and previous is not None:
            old = next((k for k, v in previous.life_event_files.items() if v == shown), None)
            life_event = previous.life_events.get(old) if old else None
        if life_event is not None:
            catalogue.life_events[life_event.id] = life_event
            catalogue.life_event_files[life_event.id] = shown

    rule_files = sorted(p for p in rules_dir.glob("*.yaml"))
    for extra in extra_rule_files or []:
        if extra.resolve() not in {p.resolve() for p in rule_files}:
            rule_files.append(extra)
    for path in rule_files:
        _load_rule(path, root, catalogue, previous)

    _check_rule_links(catalogue, root)
    _link_versions(catalogue)
    for path, compiled in catalogue.files.items():
        doc_node = _node_of(path)
        for warning in compiled.warnings:
            catalogue.warnings.append(
                Problem(_shown(path, root), _line_of(doc_node, warning.where), str(warning), True)
            )
    return catalogue


def _check_rule_links(catalogue: Catalogue, root: Path) -> None:
    """Rules that read other rules or modify them: every version is checked against the
    newest version of the others; a version with a broken link is refused."""
    from engine.kernel.chain import check_links, result_types

    newest = {
        rule_id: max(versions, key=lambda c: c.rule.valid_from)
        for rule_id, versions in catalogue.versions.items()
    }
    refused: list[CompiledRule] = []
    types = result_types(newest.values())
    for path, compiled in list(catalogue.files.items()):
        found: list[tuple[Where, str]] = [
            (p.where, p.message)
            for p in check_links({**newest, compiled.rule.id: compiled})
            if p.compiled is compiled
        ]
        if not found:
            found = _typed_reads(catalogue, compiled, types)
        if not found:
            continue
        node = _node_of(path)
        for where, message in found:
            catalogue.problems.append(Problem(_shown(path, root), _line_of(node, where), message))
        refused.append(compiled)
        del catalogue.files[path]
    for compiled in refused:
        versions = catalogue.versions[compiled.rule.id]
        versions.remove(compiled)
        if not versions:
            del catalogue.versions[compiled.rule.id]


def _typed_reads(
    catalogue: Catalogue, compiled: CompiledRule, types: dict[str, NameType]
) -> list[tuple[Where, str]]:
    """A rule that reads other rules, checked again with the types of what it reads (an
    outcome compared with a value it never takes, an amount compared with a date)."""
    if not compiled.rule_reads:
        return []
    try:
        compile_rule(
            compiled.rule,
            compiled.source_text,
            catalogue.life_events,
            catalogue.parameters,
            rule_types=types,
        )
    except RuleProblems as error:
        return [(problem.where, str(problem)) for problem in error.problems]
    return []


def _node_of(path: Path) -> yaml.Node | None:
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))[0]
    except (OSError, yaml.YAMLError):
        return None


def _link_versions(catalogue: Catalogue) -> None:
    """Order each rule's versions, end each active one where the next active one starts, and
    make the newest the rule's face (listings, the service catalogue)."""
    path_of = {id(c): path for path, c in catalogue.files.items()}
    for rule_id, versions in catalogue.versions.items():
        versions.sort(key=lambda c: c.rule.valid_from)
        starts = sorted(c.rule.valid_from for c in versions if c.rule.status == "active")
        for index, compiled in enumerate(versions):
            later = [day for day in starts if day > compiled.rule.valid_from]
            if compiled.rule.status == "active" and later:
                path = path_of[id(compiled)]
                versions[index] = replace(compiled, superseded_from=later[0])
                catalogue.files[path] = versions[index]
        catalogue.rules[rule_id] = versions[-1]


def _version_clash(catalogue: Catalogue, rule: Rule) -> str | None:
    """Two active versions of a rule may not start on the same day (which would decide?)."""
    if rule.status != "active":
        return None
    for other in catalogue.versions.get(rule.id, []):
        if other.rule.status == "active" and other.rule.valid_from == rule.valid_from:
            where = catalogue.source_of(other).name
            return (
                f"rule '{rule.id}' already has an active version from {rule.valid_from} "
                f"({where}): give the new version a later valid_from, or make one of them "
                "shadow or draft"
            )
    return None


def _load_rule(path: Path, root: Path, catalogue: Catalogue, previous: Catalogue | None) -> None:
    problems = catalogue.problems
    shown = _shown(path, root)
    before = len(problems)
    doc = _read(path, root, problems)
    rule = _validate(Rule, doc, root, problems) if doc else None
    compiled: CompiledRule | None = None
    if doc is not None and rule is not None:
        clash = _version_clash(catalogue, rule)
        if clash is not None:
            problems.append(Problem(shown, _line_of(doc.node, ("valid_from",)), clash))
            return
        try:
            compiled = compile_rule(rule, doc.text, catalogue.life_events, catalogue.parameters)
        except RuleProblems as error:
            for problem in error.problems:
                problems.append(Problem(shown, _line_of(doc.node, problem.where), str(problem)))
    if compiled is None and len(problems) > before and previous is not None:
        for source, kept in previous.files.items():
            if _shown(source, root) == shown:
                compiled = replace(kept, superseded_from=None)
                catalogue.kept[kept.rule.id] = kept.version
    if compiled is not None:
        catalogue.versions.setdefault(compiled.rule.id, []).append(compiled)
        catalogue.files[path] = compiled


@dataclass
class TextValidation:
    problems: list[Problem]
    warnings: list[Problem]
    compiled: CompiledRule | None


def validate_rule_text(
    text: str, catalogue: Catalogue, name: str = "posted.yaml"
) -> TextValidation:
    """Check a rule's YAML against a catalogue's life events and parameters, without loading
    it (a rule with the id of an existing rule is checked as its next version)."""
    problems: list[Problem] = []
    try:
        node, data = parse_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        message = f"malformed YAML: {getattr(error, 'problem', error)}"
        return TextValidation([Problem(name, line, message)], [], None)
    if not isinstance(data, dict):
        return TextValidation(
            [Problem(name, 1, "the file must hold a mapping of fields")], [], None
        )
    doc = _Document(Path(name), text, node, data)
    rule = _validate(Rule, doc, Path.cwd(), problems)
    if rule is None:
        return TextValidation(problems, [], None)
    try:
        compiled = compile_rule(rule, text, catalogue.life_events, catalogue.parameters)
    except RuleProblems as error:
        for problem in error.problems:
            problems.append(Problem(name, _line_of(node, problem.where), str(problem)))
        return TextValidation(problems, [], None)
    from engine.kernel.chain import check_links, result_types

    others = {rule_id: c for rule_id, c in catalogue.rules.items() if rule_id != rule.id}
    links = [
        (p.where, p.message)
        for p in check_links({**others, rule.id: compiled})
        if p.compiled is compiled
    ]
    links = links or _typed_reads(catalogue, compiled, result_types(others.values()))
    if links:
        problems = [Problem(name, _line_of(node, where), message) for where, message in links]
        return TextValidation(problems, [], None)
    warnings = [Problem(name, _line_of(node, w.where), str(w), True) for w in compiled.warnings]
    return TextValidation([], warnings, compiled)
