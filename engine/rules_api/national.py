"""A simulation's figures scaled to the whole country, region by region: each region's
figures in the sample times the region's official population over its persons in the
sample. The regions' populations are those the mock population is drawn from (Bureau of
National Statistics of the Agency for Strategic Planning and Reforms, population on
1 January 2025; see mock_registries/population/regions.py for which are published figures
and which are estimates)."""

from __future__ import annotations

from typing import Any

from engine.kernel.simulate import NO_REGION, SimulationResult

SOURCE = (
    "Bureau of National Statistics of the Republic of Kazakhstan, population on "
    "1 January 2025 (20,286,084): 9 regions as published, 11 oblasts estimated to add up "
    "to the published total"
)


def official_populations() -> dict[str, int]:
    from mock_registries.population.regions import REGIONS

    return {code: region.population for code, region in REGIONS.items()}


def region_names(lang: str) -> dict[str, str]:
    """Each region's name in the language (kk, ru or en)."""
    from mock_registries.population.regions import REGIONS

    return {code: getattr(region, f"name_{lang}") for code, region in REGIONS.items()}


def national(result: SimulationResult) -> dict[str, Any]:
    """Eligible, one-time, monthly and annual cost per region and in total, for the country."""
    official = official_populations()
    country = sum(official.values())
    sample = max(sum(result.persons_by_region.values()), 1)
    regions: dict[str, dict[str, Any]] = {}
    for code, figures in result.by_region.items():
        persons = result.persons_by_region.get(code, 0)
        if code == NO_REGION or code not in official or not persons:
            factor = country / sample
        else:
            factor = official[code] / persons
        regions[code] = {
            "official_population": official.get(code),
            "sample_persons": persons,
            "factor": round(factor, 3),
            **_scaled(figures["eligible"], figures["cost_kzt"], result.period, factor),
        }
    totals = {
        name: sum(region[name] for region in regions.values())
        for name in ("eligible", "one_time_cost_kzt", "monthly_cost_kzt", "annual_cost_kzt")
    }
    return {"source": SOURCE, "population": country, **totals, "by_region": regions}


def _scaled(eligible: int, cost: int, period: str | None, factor: float) -> dict[str, int]:
    one_time = round(cost * factor) if period == "one_time" else 0
    monthly = round(cost * factor) if period == "monthly" else 0
    return {
        "eligible": round(eligible * factor),
        "one_time_cost_kzt": one_time,
        "monthly_cost_kzt": monthly,
        "annual_cost_kzt": one_time + 12 * monthly,
    }
