"""The seeds of every registry, derived from one generated population: consistent with the
people (owners alive and adult, children in the queue under six, causes of disability by
age...), deterministic by seed, and loaded once into SQLite or PostgreSQL."""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import cache
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.kernel.iin import bin_problem, is_valid_iin, parse_iin
from mock_registries.bundle import RegistryBundle
from mock_registries.civil.seed import seed_tables as civil_tables
from mock_registries.disability.seed import decisions
from mock_registries.education.seed import seed_tables as education_tables
from mock_registries.payments.seed import seed_tables as payment_tables
from mock_registries.pension.seed import seed_tables as pension_tables
from mock_registries.seeding.run import SeedParameters, seed_registries, seed_world
from mock_registries.seeding.world import (
    IIN_WITHOUT_BIRTH_DATE_FROM,
    SeedWorld,
    age_on,
    has_reached,
    retirement_age,
)
from mock_registries.social_insurance.seed import seed_tables as insurance_tables
from mock_registries.tax.seed import seed_tables as tax_tables
from mock_registries.vehicles.catalogue import PLATE_REGION, vin_problem
from mock_registries.vehicles.seed import fleet
from tests.registries.conftest import official

TODAY = date(2026, 3, 16)


@cache
def world(seed: int, size: int) -> SeedWorld:
    return seed_world(SeedParameters(seed, size, TODAY))


def rows(tables: Any) -> list[dict[str, Any]]:
    return [row for _table, table_rows in tables for row in table_rows]


worlds = st.builds(world, st.integers(0, 10_000), st.sampled_from([300, 1_500]))
checked = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@checked
@given(worlds)
def test_every_iin_is_valid_unique_and_every_link_resolves(seeded: SeedWorld) -> None:
    iins = [p.iin for p in seeded.people]
    assert len(iins) == len(set(iins)) and all(is_valid_iin(i) for i in iins)
    for person in seeded.people:
        for link in (person.mother_iin, person.father_iin, person.spouse_iin):
            assert link is None or link in seeded.by_iin
        encoded = parse_iin(person.iin).birth_date
        if encoded != person.birth_date:
            assert person.birth_date >= IIN_WITHOUT_BIRTH_DATE_FROM


def test_some_iins_do_not_encode_the_birth_date() -> None:
    seeded = world(7, 20_000)
    odd = [p for p in seeded.people if parse_iin(p.iin).birth_date != p.birth_date]
    assert odd and all(p.birth_date >= IIN_WITHOUT_BIRTH_DATE_FROM for p in odd)
    assert len(odd) < 0.01 * len(seeded.people)


@checked
@given(worlds)
def test_vehicles_belong_to_adults_or_organisations(seeded: SeedWorld) -> None:
    cars = fleet(seeded)
    assert len({car.vin for car in cars}) == len(cars)
    for car in cars:
        assert vin_problem(car.vin) is None
        assert car.plate.endswith(PLATE_REGION[car.region])
        assert car.registration_date <= TODAY and car.registration_date.year >= car.year - 1
        if car.owner_iin is not None:
            owner = seeded.by_iin[car.owner_iin]
            assert age_on(owner.birth_date, car.registration_date) >= 18
            if not owner.alive:
                assert owner.death_date is not None
                assert car.registration_date <= owner.death_date
                assert owner.death_date > date(TODAY.year - 1, TODAY.month, TODAY.day)
        else:
            assert car.owner_bin is not None and bin_problem(car.owner_bin) is None
        if car.earlier_owner_iin is not None:
            assert car.earlier_registration_date is not None
            assert car.earlier_registration_date < car.registration_date


def test_cars_of_owners_who_died_this_year_are_still_registered_to_them() -> None:
    """Heirs re-register a car after the inheritance opens, so the register still shows the
    cars of those who died in the last year; the living owners' cars are not disturbed."""
    seeded = world(7, 20_000)
    deceased = [
        car for car in fleet(seeded) if car.owner_iin and not seeded.by_iin[car.owner_iin].alive
    ]
    assert 0 < len(deceased) < 0.02 * len(fleet(seeded))
    living = [car.vin for car in fleet(seeded) if car.owner_iin is None or car not in deceased]
    assert living == [car.vin for car in fleet(seeded)][: len(living)]


@checked
@given(worlds)
def test_tax_is_owed_for_the_cars_of_people(seeded: SeedWorld) -> None:
    owned = {(car.owner_iin, car.vin) for car in fleet(seeded)}
    for row in rows(tax_tables(seeded)):
        assert (row["iin"], row["reference"]) in owned
        assert row["amount_kzt"] > 0 and row["due_date"] == date(row["tax_year"] + 1, 4, 1)
        assert (row["status"] == "closed") == (row["closed_on"] is not None)


@checked
@given(worlds)
def test_insurance_accounts_are_of_living_people_of_working_age(seeded: SeedWorld) -> None:
    for row in rows(insurance_tables(seeded)):
        person = seeded.by_iin[row["iin"]]
        assert person.alive and age_on(person.birth_date, TODAY) >= 16
        assert len(row["history"]) in (0, 24)
        if row["insured"]:
            assert row["monthly_income_kzt"] >= 85_000 and row["since"] <= TODAY
            assert sum(1 for income in row["history"] if income) >= 1


@checked
@given(worlds)
def test_queue_children_are_under_six_and_disability_causes_fit_the_age(
    seeded: SeedWorld,
) -> None:
    for row in rows(education_tables(seeded)):
        child = seeded.by_iin[row["child_iin"]]
        assert child.alive and age_on(child.birth_date, TODAY) < 6
        assert child.birth_date <= row["requested_on"] <= TODAY
        assert (row["status"] == "placed") == (row["placed_on"] is not None)
    for decision in decisions(seeded):
        person = seeded.by_iin[decision.iin]
        adult = age_on(person.birth_date, decision.valid_from) >= 18
        assert (decision.cause == "child") != adult
        assert decision.valid_to is None or decision.valid_to > decision.valid_from


@checked
@given(worlds)
def test_civil_acts_follow_the_families(seeded: SeedWorld) -> None:
    tables = dict(civil_tables(seeded))
    births, marriages, deaths = (list(rows) for rows in tables.values())
    assert {b["child_iin"] for b in births} == {
        p.iin for p in seeded.people if p.mother_iin is not None
    }
    for marriage in marriages:
        husband = seeded.by_iin[marriage["spouse1_iin"]]
        wife = seeded.by_iin[marriage["spouse2_iin"]]
        assert husband.spouse_iin == wife.iin and wife.spouse_iin == husband.iin
        assert (
            min(
                age_on(husband.birth_date, marriage["marriage_date"]),
                age_on(wife.birth_date, marriage["marriage_date"]),
            )
            >= 18
        )
    assert len(deaths) == sum(1 for p in seeded.people if not p.alive)


@checked
@given(worlds)
def test_payments_go_to_the_living_once_each(seeded: SeedWorld) -> None:
    payments = rows(payment_tables(seeded))
    references = Counter((p["agency"], p["reference"]) for p in payments)
    assert all(count == 1 for count in references.values())
    for payment in payments:
        assert seeded.by_iin[payment["iin"]].alive and payment["amount_kzt"] > 0
    # last month's payments from savings went to those who were pensioners then
    paid_on = date(2026, 2, 5)
    pensioners = {
        p["iin"]
        for p in rows(pension_tables(seeded))
        if p["receiving_pension"]
        and has_reached(
            seeded.by_iin[p["iin"]].birth_date,
            retirement_age(seeded.by_iin[p["iin"]].sex, paid_on),
            paid_on,
        )
    }
    savings = {p["iin"] for p in payments if p["kind"] == "pension_savings_payment"}
    assert savings == pensioners


def test_the_same_seed_gives_the_same_registries() -> None:
    first = world(11, 800)
    second = seed_world(SeedParameters(11, 800, TODAY))
    for derive in (civil_tables, insurance_tables, tax_tables, education_tables, payment_tables):
        assert rows(derive(first)) == rows(derive(second))
    assert rows(tax_tables(world(12, 800))) != rows(tax_tables(first))


def test_shares_look_like_kazakhstan() -> None:
    seeded = world(3, 20_000)
    size = len(seeded.people)
    cars = len(fleet(seeded))
    assert 0.15 < cars / size < 0.3  # about one car for every four or five people
    assert 0.02 < len(decisions(seeded)) / size < 0.05  # about 3.5% with a disability


@pytest.mark.anyio
async def test_seeding_loads_every_registry_once(
    bundle: RegistryBundle, client: httpx.AsyncClient
) -> None:
    wanted = SeedParameters(5, 600, TODAY)
    messages: list[str] = []
    loaded = seed_registries(bundle.contexts, wanted, messages.append)
    seeded = world(5, 600)
    assert loaded["population"] == 600
    assert loaded["vehicles"] == sum(1 + (c.earlier_owner_iin is not None) for c in fleet(seeded))
    assert any("generated 600 of 600" in m for m in messages)
    assert seed_registries(bundle.contexts, wanted, messages.append) == {}

    owner = next(car for car in fleet(seeded) if car.owner_iin is not None)
    response = await client.get(
        f"/registries/vehicles/owners/{owner.owner_iin}/vehicles", headers=official("kgd")
    )
    assert owner.vin in [v["vin"] for v in response.json()["items"]]
    insured = next(p for p in seeded.people if p.insured)
    record = await client.get(
        f"/registries/social_insurance/insured/{insured.iin}", headers=official("gfc")
    )
    assert record.json()["insured"] is True and record.json()["months_with_contributions"] > 0


def test_families_live_together_and_siblings_have_names_of_their_own() -> None:
    seeded = world(4, 5_000)
    by_iin = seeded.by_iin
    minors = [p for p in seeded.people if p.mother_iin and seeded.age(p) < 18]
    assert minors
    for child in minors:
        assert child.address == by_iin[child.mother_iin].address  # type: ignore[index]
    for husband in (p for p in seeded.people if p.sex == "M" and p.spouse_iin):
        assert husband.address == by_iin[husband.spouse_iin].address
    names = Counter((p.mother_iin, p.first_name_kk) for p in seeded.people if p.mother_iin)
    assert sum(n - 1 for n in names.values()) < 0.01 * len(names)
    addresses = Counter(p.address for p in seeded.people)
    assert 2.0 < len(seeded.people) / len(addresses) < 4.5  # persons per household
