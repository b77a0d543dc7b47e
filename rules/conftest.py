"""Collects the test cases written in rules/*.yaml as pytest items: one item per test case,
plus one item per file that fails when the file does not validate."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from engine.kernel.catalogue import Catalogue, load_catalogue
from engine.kernel.testing import run_test

RULES = Path(__file__).resolve().parent
ROOT = RULES.parent


@cache
def _catalogue() -> Catalogue:
    return load_catalogue(RULES, ROOT / "life_events", root=ROOT)


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.File | None:
    if file_path.suffix == ".yaml" and file_path.resolve().parent == RULES:
        return RuleFile.from_parent(parent, path=file_path)
    return None


class RuleFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        catalogue = _catalogue()
        yield ValidItem.from_parent(self, name="validates")
        for source, compiled in catalogue.files.items():
            if source.resolve() == self.path.resolve():
                for index, test in enumerate(compiled.rule.tests):
                    yield RuleCaseItem.from_parent(self, name=test.name, source=source, index=index)


class RuleFailure(Exception):
    pass


class ValidItem(pytest.Item):
    def runtest(self) -> None:
        problems = [
            p for p in _catalogue().problems if (ROOT / p.file).resolve() == self.path.resolve()
        ]
        if problems:
            raise RuleFailure("\n".join(str(p) for p in problems))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, RuleFailure):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.path.name}: validates"


class RuleCaseItem(pytest.Item):
    def __init__(self, *, source: Path, index: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.source = source
        self.index = index
        self.rule_id = _catalogue().files[source].rule.id

    def runtest(self) -> None:
        catalogue = _catalogue()
        compiled = catalogue.files[self.source]
        result = run_test(catalogue, compiled, compiled.rule.tests[self.index])
        if not result.passed:
            raise RuleFailure("\n".join(result.failures))

    def repr_failure(self, excinfo: Any, style: Any = None) -> str:
        if isinstance(excinfo.value, RuleFailure):
            return f"{self.path.name}: test '{self.name}': {excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"{self.rule_id}: {self.name}"
