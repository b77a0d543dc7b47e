"""The inbox tests run on a small catalogue of their own (tests/inbox/catalogue): the real
childbirth allowance plus a consent offer without money, an inform-only notice and a grant to
the child, all on a birth that reads only the population register."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.config import Settings

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return with_inbox_catalogue(settings, tmp_path)


def with_inbox_catalogue(settings: Settings, tmp_path: Path) -> Settings:
    rules = tmp_path / "catalogue_rules"
    shutil.copytree(ROOT / "rules" / "parameters", rules / "parameters")
    shutil.copy(ROOT / "rules" / "childbirth_allowance.yaml", rules)
    for rule in (HERE / "catalogue" / "rules").glob("*.yaml"):
        shutil.copy(rule, rules)
    return settings.model_copy(
        update={"rules_dir": rules, "life_events_dir": HERE / "catalogue" / "life_events"}
    )
