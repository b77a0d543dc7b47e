"""The engine reads only the declared facts, on behalf of the agency whose rule needs them,
and the citizen can see it."""

from __future__ import annotations

import httpx
import pytest

from engine.services import Services
from tests.engine.conftest import BirthPoster
from tests.support.flows import citizen_token, run_jobs

pytestmark = pytest.mark.anyio


async def test_the_mothers_access_log_names_the_agency_and_purpose(
    http: httpx.AsyncClient, services: Services, post_birth: BirthPoster, mother: str
) -> None:
    await post_birth(mother, "2026-03-09")
    await run_jobs(services)
    response = await http.get(
        f"/api/citizens/{mother}/access-log?lang=en", headers=citizen_token(services, mother)
    )
    assert response.status_code == 200, response.text
    engine_reads = {e["path"]: e for e in response.json()["items"] if e["via_engine"]}
    # only what the life event declares for the mother: person, insurance, household
    assert set(engine_reads) == {
        f"/persons/{mother}",
        f"/insured/{mother}",
        f"/persons/{mother}/household",
    }
    insurance = engine_reads[f"/insured/{mother}"]
    assert insurance["agency"] in ("gfc", "gfss")  # the agencies whose rules read it
    assert insurance["purpose"] == "Checking whether the mother is socially insured, and her income"
