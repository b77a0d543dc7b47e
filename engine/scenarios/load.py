"""Reading scenario files: every problem is refused before anything runs, as
``file:line: message``, with the same YAML-with-positions reading as the rule files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from engine.kernel.catalogue import Problem, _line_of, parse_yaml
from engine.scenarios.model import Scenario

SUFFIX = ".scenario.yaml"


@dataclass(frozen=True)
class Loaded:
    path: Path
    scenario: Scenario


def scenario_files(paths: list[Path]) -> list[Path]:
    """The files given, and the ``*.scenario.yaml`` files under the folders given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(path.rglob(f"*{SUFFIX}")))
        else:
            found.append(path)
    return found


def load_scenario(path: Path) -> tuple[Loaded | None, list[Problem]]:
    shown = str(path)
    try:
        node, data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(shown, 1, f"cannot read: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = int(mark.line) + 1 if mark is not None else 1
        reason = getattr(error, "problem", error)
        return None, [Problem(shown, line, f"malformed YAML: {reason}")]
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "a scenario is a mapping with name, cast and steps")]
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems = []
        for item in error.errors():
            where = tuple(item["loc"])
            message = str(item["msg"]).removeprefix("Value error, ")
            shown_at = where
            if item["type"] == "missing":
                message = f"missing field '{where[-1]}'"
                shown_at = where[:-1]
            location = ".".join(str(p) for p in shown_at)
            prefix = f"{location}: " if location else ""
            problems.append(Problem(shown, _line_of(node, where), f"{prefix}{message}"))
        return None, problems
    problems = [
        Problem(shown, _line_of(node, w), f"{'.'.join(map(str, w))}: {m}")
        for w, m in _references(scenario)
    ]
    return (None if problems else Loaded(path, scenario)), problems


def load_all(paths: list[Path]) -> tuple[list[Loaded], list[Problem]]:
    loaded: list[Loaded] = []
    problems: list[Problem] = []
    files = scenario_files(paths)
    if not files:
        problems.append(Problem(" ".join(map(str, paths)), 1, f"no *{SUFFIX} files found"))
    for path in files:
        found, wrong = load_scenario(path)
        problems.extend(wrong)
        if found is not None:
            loaded.append(found)
    return loaded, problems


def _references(scenario: Scenario) -> list[tuple[tuple[str | int, ...], str]]:
    """Every role a step or expectation names must be in the cast (or be a newborn named by
    an earlier step)."""
    known = set(scenario.cast)
    wrong: list[tuple[tuple[str | int, ...], str]] = []

    def check(role: str | None, where: tuple[str | int, ...]) -> None:
        if role is not None and role not in known:
            roles = ", ".join(sorted(known))
            wrong.append((where, f"unknown role '{role}'; the cast has: {roles}"))

    for role, member in scenario.cast.items():
        if member.spouse_of is not None:
            check(member.spouse_of, ("cast", role, "spouse_of"))
        if member.create is not None:
            check(member.create.mother, ("cast", role, "create", "mother"))
            check(member.create.father, ("cast", role, "create", "father"))
    for index, step in enumerate(scenario.steps):
        action = step.action()
        body = getattr(step, action)
        if hasattr(body, "model_dump"):
            for name, value in body.model_dump().items():
                if name in ("mother", "father", "person", "owner", "citizen"):
                    check(value, ("steps", index, action, name))
                elif name == "spouses":
                    for spouse in value:
                        check(spouse, ("steps", index, action, name))
            if action == "advance_clock" and step.advance_clock and step.advance_clock.to_birthday:
                check(step.advance_clock.to_birthday.person, ("steps", index, action))
        if action == "birth" and step.birth and step.birth.child:
            known.add(step.birth.child)
        for number, expectation in enumerate(step.expect):
            kind = expectation.kind()
            what = getattr(expectation, kind)
            where: tuple[str | int, ...] = ("steps", index, "expect", number, kind)
            if isinstance(what, str):
                check(what, where)
            else:
                check(getattr(what, "citizen", None) or getattr(what, "subject", None), where)
    if scenario.story is not None:
        check(scenario.story, ("story",))
    return wrong
