"""An analyst's `proactive rules simulate` starts in a fraction of a second: the command and
the simulation load neither the database layer nor the web stack."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("sqlalchemy", "sqlmodel", "fastapi", "starlette", "uvicorn", "httpx", "apscheduler")


def test_the_simulate_command_imports_no_database_or_web_module() -> None:
    probe = (
        "import sys, engine.cli, engine.kernel.catalogue, engine.rules_api.service, "
        "engine.rules_api.population, engine.rules_api.national, engine.rules_api.store; "
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
