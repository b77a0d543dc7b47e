"""The layers the architecture promises: production code does not depend on the demo, and the
inbox does not reach back into the decision pipeline that creates its items."""

from __future__ import annotations

import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[2] / "engine"


def module_of(path: Path) -> str:
    parts = path.relative_to(ENGINE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports() -> dict[str, set[str]]:
    """Every engine module and the engine modules it imports (at any depth of its code)."""
    graph: dict[str, set[str]] = {}
    for path in ENGINE.rglob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[module_of(path)] = {m for m in found if m.startswith("engine")}
    return graph


def test_only_the_demo_and_its_command_import_the_demo() -> None:
    users = {
        module
        for module, imported in imports().items()
        if any(m == "engine.demo" or m.startswith("engine.demo.") for m in imported)
        and not module.startswith("engine.demo")
    }
    # the command line and the scenario runner's own demo (started for a run) start it
    assert users == {"engine.cli", "engine.scenarios.embedded"}


def test_the_inbox_does_not_reach_back_into_the_decisions() -> None:
    graph = imports()
    seen: set[str] = set()
    todo = ["engine.inbox.service"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(graph.get(module, ()))
    assert "engine.pipeline.decide" not in seen
