"""The vehicle register's seed: cars of adults (more men than women, most between 30 and 55),
some of organisations (BIN), each with the year, engine and colour of its model, and for some
an earlier owner; the cars of owners who died in the last year are still in their name."""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np
from sqlalchemy import Table

from engine.kernel.dates import add_years
from engine.kernel.iin import check_digit
from mock_registries.population.vectorised import (  # one set of figures for both generators
    ORGANISATION_SHARE,
    OWNERSHIP,
    SECOND_CAR_SHARE,
)
from mock_registries.seeding.world import SeedWorld, age_on
from mock_registries.vehicles.catalogue import (
    MODELS,
    make_plate,
    make_vin,
    pick_colour,
    pick_model,
    pick_year,
)
from mock_registries.vehicles.models import Registration

EARLIER_OWNER_SHARE = 0.15
DRIVING_AGE = 18
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True, slots=True)
class SeededVehicle:
    vin: str
    owner_iin: str | None
    owner_bin: str | None
    region: str
    make: str
    model: str
    year: int
    engine_cc: int | None
    fuel: str
    color: str
    plate: str
    registration_date: date
    earlier_owner_iin: str | None
    earlier_registration_date: date | None


def _ownership(sex: str, age: int) -> float:
    share = 0.0
    for first, men, women in OWNERSHIP:
        if age >= first:
            share = men if sex == "M" else women
    return share


def organisation_bins(rng: random.Random, count: int) -> list[str]:
    """Valid BINs of resident legal entities (type 4, head office 0)."""
    bins: list[str] = []
    serial = 0
    while len(bins) < count:
        serial += 1
        year = rng.randint(0, 24)
        month = rng.randint(1, 12)
        first = f"{year:02d}{month:02d}40{serial:05d}"
        digit = check_digit(first)
        if digit is not None:
            bins.append(f"{first}{digit}")
    return bins


def _registered_on(rng: random.Random, earliest: date, today: date) -> date:
    if earliest >= today:
        return today
    return earliest + timedelta(days=rng.randrange((today - earliest).days + 1))


def _recently_deceased_owners(world: SeedWorld) -> list[tuple[str, str, date, date]]:
    """Owners who died in the last year: their cars stay registered in their name until the
    heirs re-register them, which the inheritance allows six months after the death at the
    earliest. Drawn from a stream of their own, so the living owners' cars stay as they are."""
    rng = world.rng("vehicles:deceased")
    since = add_years(world.today, -1)
    owners: list[tuple[str, str, date, date]] = []
    for person in world.people:
        died = person.death_date
        if died is None or died <= since or died > world.today:
            continue
        adult_on = add_years(person.birth_date, DRIVING_AGE)
        if adult_on >= died or rng.random() >= _ownership(
            person.sex, age_on(person.birth_date, died)
        ):
            continue
        owners.append((person.iin, person.region, adult_on, died))
    return owners


def derive_fleet(world: SeedWorld) -> list[SeededVehicle]:
    if world.columns is not None:
        return _fleet_of_columns(world)
    rng = world.rng("vehicles")
    today = world.today
    adults = [p for p in world.people if p.alive and world.age(p) >= DRIVING_AGE]
    # (owner IIN, owner BIN, region, registered on or after, registered on or before)
    owners: list[tuple[str | None, str | None, str, date, date]] = []
    for person in adults:
        share = _ownership(person.sex, world.age(person))
        if rng.random() < share:
            adult_on = add_years(person.birth_date, DRIVING_AGE)
            owners.append((person.iin, None, person.region, adult_on, today))
            if rng.random() < SECOND_CAR_SHARE:
                owners.append((person.iin, None, person.region, adult_on, today))
    organisations = organisation_bins(rng, max(1, len(owners) // 40))
    regions = [p.region for p in adults] or ["almaty_city"]
    for _ in range(int(len(owners) * ORGANISATION_SHARE)):
        owners.append(
            (None, rng.choice(organisations), rng.choice(regions), date(2000, 1, 1), today)
        )
    for deceased, home, adult_on, died in _recently_deceased_owners(world):
        owners.append((deceased, None, home, adult_on, died))
    fleet: list[SeededVehicle] = []
    for serial, (iin, bin_, region, earliest, latest) in enumerate(owners, start=1):
        model = pick_model(rng)
        year = pick_year(rng, model, latest.year)
        registered = _registered_on(rng, max(earliest, date(year, 1, 1)), latest)
        earlier_iin, earlier_on = None, None
        if rng.random() < EARLIER_OWNER_SHARE and registered.year > year:
            earlier_on = _registered_on(rng, date(year, 1, 1), registered - timedelta(days=1))
            previous = rng.choice(adults)
            if previous.iin != iin and previous.birth_date < earlier_on:
                earlier_iin = previous.iin
            else:
                earlier_on = None
        fleet.append(
            SeededVehicle(
                vin=make_vin(rng, model, year, serial),
                owner_iin=iin,
                owner_bin=bin_,
                region=region,
                make=model.make,
                model=model.model,
                year=year,
                engine_cc=rng.choice(model.engines) if model.engines else None,
                fuel=model.fuel,
                color=pick_colour(rng),
                plate=make_plate(rng, region),
                registration_date=registered,
                earlier_owner_iin=earlier_iin,
                earlier_registration_date=earlier_on,
            )
        )
    return fleet


def _fleet_of_columns(world: SeedWorld) -> list[SeededVehicle]:
    """The vectorised population's registrations (the owners, models, years, engines, VINs and
    dates an analyst's simulation counts), with what only the register shows: plates, colours,
    the region of an organisation's cars and, for some, an earlier owner."""
    columns = world.columns
    assert columns is not None
    rng = world.rng("vehicles")
    people = world.people
    adults = [p for p in people if p.alive and world.age(p) >= DRIVING_AGE]
    regions = [p.region for p in adults] or ["almaty_city"]
    cars = columns.vehicles
    # the cars of those who died come last, as the heirs will re-register them
    died = (cars.owner >= 0) & ~columns.alive[np.maximum(cars.owner, 0)]
    order = np.argsort(died, kind="stable")
    fleet: list[SeededVehicle] = []
    for owner, bin_, vin, index, year, engine_cc, day in zip(
        cars.owner[order].tolist(),
        cars.owner_bin[order].tolist(),
        cars.vin[order].tolist(),
        cars.model[order].tolist(),
        cars.year[order].tolist(),
        cars.engine_cc[order].tolist(),
        cars.registration_date[order].astype(np.int64).tolist(),
        strict=True,
    ):
        model = MODELS[index]
        person = people[owner] if owner >= 0 else None
        region = person.region if person is not None else rng.choice(regions)
        registered = _EPOCH + timedelta(days=day)
        earlier_iin, earlier_on = None, None
        if rng.random() < EARLIER_OWNER_SHARE and registered.year > year:
            earlier_on = _registered_on(rng, date(year, 1, 1), registered - timedelta(days=1))
            previous = rng.choice(adults)
            owner_iin = None if person is None else person.iin
            if previous.iin != owner_iin and previous.birth_date < earlier_on:
                earlier_iin = previous.iin
            else:
                earlier_on = None
        fleet.append(
            SeededVehicle(
                vin=vin,
                owner_iin=None if person is None else person.iin,
                owner_bin=None if person is not None else f"{bin_:012d}",
                region=region,
                make=model.make,
                model=model.model,
                year=year,
                engine_cc=engine_cc if engine_cc >= 0 else None,
                fuel=model.fuel,
                color=pick_colour(rng),
                plate=make_plate(rng, region),
                registration_date=registered,
                earlier_owner_iin=earlier_iin,
                earlier_registration_date=earlier_on,
            )
        )
    return fleet


def fleet(world: SeedWorld) -> list[SeededVehicle]:
    return world.memo("fleet", derive_fleet)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(11), tzinfo=UTC)


def _rows(world: SeedWorld) -> Iterator[dict[str, Any]]:
    for car in fleet(world):
        common = {
            "vin": car.vin,
            "make": car.make,
            "model": car.model,
            "year": car.year,
            "engine_cc": car.engine_cc,
            "fuel": car.fuel,
            "color": car.color,
        }
        if car.earlier_owner_iin is not None and car.earlier_registration_date is not None:
            yield {
                **common,
                "owner_iin": car.earlier_owner_iin,
                "owner_bin": None,
                "plate": None,
                "registration_date": car.earlier_registration_date,
                "deregistration_date": car.registration_date,
                "deregistration_reason": "sold",
                "registered_at": _at(car.earlier_registration_date),
            }
        yield {
            **common,
            "owner_iin": car.owner_iin,
            "owner_bin": car.owner_bin,
            "plate": car.plate,
            "registration_date": car.registration_date,
            "deregistration_date": None,
            "deregistration_reason": None,
            "registered_at": _at(car.registration_date),
        }


def seed_tables(world: SeedWorld) -> list[tuple[Table, Iterable[dict[str, Any]]]]:
    return [(Registration.__table__, _rows(world))]  # type: ignore[attr-defined]
