"""The generated population and what every registry's seed is derived from it.

Each registry draws from its own ``random.Random`` seeded by the population seed and the
registry's name, walking the people in the generator's order: the same seed, size and date
give the same records in every registry, and a registry's records do not change when another
registry's derivation does.
"""

from __future__ import annotations

import calendar
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from engine.kernel.dates import add_months
from engine.kernel.iin import make_iin
from mock_registries.population.generator import GeneratedPerson

if TYPE_CHECKING:
    from mock_registries.population.vectorised import PopulationColumns

# Decree No. 853 of 26 Aug 2013: the IIN need no longer encode the date of birth
IIN_WITHOUT_BIRTH_DATE_FROM = date(2013, 8, 26)
IIN_DATE_MISMATCH_SHARE = 0.003
T = TypeVar("T")
FIRST_QUIRK_SERIAL = 9000


def age_on(birth: date, day: date) -> int:
    """Whole years on ``day``, as ``engine.kernel.dates.age_on`` counts them (someone born on
    29 February completes a year on 28 February in common years), without its calendar
    arithmetic: seeding calls this millions of times."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day) and not (
        (birth.month, birth.day) == (2, 29)
        and (day.month, day.day) == (2, 28)
        and not calendar.isleap(day.year)
    ):
        years -= 1
    return years


def retirement_age(sex: str, on: date) -> float:
    """Men 63; women 61 until 2027, then half a year more each year to 63 in 2031."""
    if sex == "M":
        return 63.0
    return {2028: 61.5, 2029: 62.0, 2030: 62.5}.get(on.year, 61.0 if on.year < 2028 else 63.0)


def has_reached(birth: date, years: float, on: date) -> bool:
    return on >= add_months(birth, round(years * 12))


@dataclass
class SeedWorld:
    people: Sequence[GeneratedPerson]
    seed: int
    today: date
    # the vectorised population the people were made from (row by row): its register
    # records (vehicles, disability decisions) are the registries' too
    columns: PopulationColumns | None = None

    _memo: dict[str, Any] = field(default_factory=dict)

    def rng(self, purpose: str) -> random.Random:
        return random.Random(f"{self.seed}:{purpose}")

    def memo(self, key: str, derive: Callable[[SeedWorld], T]) -> T:
        """A derivation shared by several registries (the fleet for vehicles and tax), made
        once."""
        if key not in self._memo:
            self._memo[key] = derive(self)
        value: T = self._memo[key]
        return value

    @cached_property
    def by_iin(self) -> dict[str, GeneratedPerson]:
        return {person.iin: person for person in self.people}

    @cached_property
    def children_of_mother(self) -> dict[str, list[GeneratedPerson]]:
        children: dict[str, list[GeneratedPerson]] = defaultdict(list)
        for person in self.people:
            if person.mother_iin is not None:
                children[person.mother_iin].append(person)
        for siblings in children.values():
            siblings.sort(key=lambda child: child.birth_date)
        return dict(children)

    def minor_children(self, mother_iin: str) -> int:
        return sum(
            1
            for child in self.children_of_mother.get(mother_iin, ())
            if child.alive and age_on(child.birth_date, self.today) < 18
        )

    def age(self, person: GeneratedPerson) -> int:
        return age_on(person.birth_date, self.today)


def with_iin_quirks(
    people: Sequence[GeneratedPerson], seed: int, today: date
) -> list[GeneratedPerson]:
    """A few people born after 26 Aug 2013 get an IIN whose date part is the day it was
    issued, not their birth date (legal since then); links to them follow."""
    rng = random.Random(f"{seed}:iin-quirks")
    taken = {person.iin for person in people}
    renamed: dict[str, str] = {}
    for person in people:
        if (
            person.birth_date < IIN_WITHOUT_BIRTH_DATE_FROM
            or rng.random() >= IIN_DATE_MISMATCH_SHARE
        ):
            continue
        issued = min(today, person.birth_date + timedelta(days=rng.randint(1, 60)))
        if issued == person.birth_date:
            continue
        for serial in range(FIRST_QUIRK_SERIAL, 10_000):
            iin = make_iin(issued, person.sex, serial)
            if iin is not None and iin not in taken:
                taken.add(iin)
                renamed[person.iin] = iin
                break
    if not renamed:
        return list(people)

    def renamed_or(value: str | None) -> str | None:
        return renamed.get(value, value) if value is not None else None

    return [
        replace(
            person,
            iin=renamed.get(person.iin, person.iin),
            mother_iin=renamed_or(person.mother_iin),
            father_iin=renamed_or(person.father_iin),
            spouse_iin=renamed_or(person.spouse_iin),
        )
        if {person.iin, person.mother_iin, person.father_iin, person.spouse_iin} & renamed.keys()
        else person
        for person in people
    ]
