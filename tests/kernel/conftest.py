from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the catalogue that a test may break."""
    shutil.copytree(
        ROOT / "rules", tmp_path / "rules", ignore=shutil.ignore_patterns("conftest.py")
    )
    shutil.copytree(ROOT / "life_events", tmp_path / "life_events")
    return tmp_path
