"""The registries' persons from the vectorised population, so that the running registries and an
analyst's simulation of the same seed, size and date describe the same people.

The columns (``population.vectorised``) give each person's IIN, sex, birth date, region,
citizenship, language, family links, death, insurance and pension account. What only the
registries show is added here, from the per-person generator's tables and with its shares:
names in Kazakh and Russian (a family's surname from the father, or the mother; a wife takes
her husband's often; patronymics from the father's given name), one address per household
(a mother, her children and her husband live together), and telephone numbers. These draws
use a ``random.Random`` of their own, seeded with the seed, and walk the persons oldest
first, so a seed, a size and a date always give the same persons.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from mock_registries.population.generator import (
    _ABSENT_FATHER_AGE_AT_BIRTH,
    _PHONE_SHARE,
    DAYS_PER_YEAR,
    FOREIGNER,
    FOREIGNER_NO_PATRONYMIC_SHARE,
    NO_PATRONYMIC_SHARE,
    GeneratedPerson,
    _AddressBook,
    _era_index,
    _group_kits,
    _GroupKit,
    _PhoneBook,
)
from mock_registries.population.names import FatherName, GivenName, Surname
from mock_registries.population.regions import REGIONS
from mock_registries.population.vectorised import (
    CITIZENSHIPS,
    LANGUAGES,
    REGION_CODES,
    SEXES,
    PopulationColumns,
)
from mock_registries.seeding.world import age_on

_EPOCH = date(1970, 1, 1)
_ORDINAL_EPOCH = _EPOCH.toordinal()
_FEMALE = SEXES.index("F")
_ABSENT_FATHER_DAYS = int(_ABSENT_FATHER_AGE_AT_BIRTH * DAYS_PER_YEAR)


def people_of(columns: PopulationColumns, seed: int) -> list[GeneratedPerson]:
    """The persons of ``columns`` as the registries hold them, in the columns' row order."""
    return _Dresser(columns, random.Random(f"{seed}:registry-people")).people()


class _Dresser:
    def __init__(self, columns: PopulationColumns, rng: random.Random) -> None:
        self.columns = columns
        self.rng = rng
        regions = tuple(REGIONS.values())
        # the order matters: each table draws from the same stream
        self.addresses = _AddressBook(rng, regions)
        self.kits = _group_kits(rng)
        self.phones = _PhoneBook(rng)

    def people(self) -> list[GeneratedPerson]:
        cols = self.columns
        size = cols.size
        birth_days = cols.birth_date.astype(np.int64)
        ordinals = (birth_days + _ORDINAL_EPOCH).tolist()
        order = np.argsort(birth_days, kind="stable").tolist()
        mother = cols.mother.tolist()
        father = cols.father.tolist()
        spouse = cols.spouse.tolist()
        sex = cols.sex.tolist()
        group = cols.name_group.tolist()
        citizenship = cols.citizenship.tolist()
        rng = self.rng
        kits = self.kits

        given: list[GivenName | None] = [None] * size
        father_name: list[FatherName | None] = [None] * size
        surname: list[Surname | None] = [None] * size
        bare = [False] * size
        patronymic: list[tuple[str | None, str | None]] = [(None, None)] * size
        home = list(range(size))
        names_of_children: dict[int, list[str]] = {}
        # a wife or a mother keeps a household of her own; her husband and children join it
        is_mother = np.zeros(size, dtype=bool)
        is_mother[cols.mother[cols.mother >= 0]] = True
        starts_family = ((cols.sex == _FEMALE) & ((cols.spouse >= 0) | is_mother)).tolist()
        for row in order:  # parents before their children
            kit = kits[group[row]]
            era = _era_index(ordinals[row])
            siblings = names_of_children.setdefault(mother[row], []) if mother[row] >= 0 else []
            given[row], father_name[row] = self._given(sex[row] == _FEMALE, kit, era, siblings)
            siblings.append(given[row].kk)
            parent = father[row] if father[row] >= 0 else mother[row]
            if parent >= 0:
                surname[row], bare[row] = surname[parent], bare[parent]
                if not starts_family[row]:
                    home[row] = home[mother[row]] if mother[row] >= 0 else home[parent]
            else:
                surname[row] = kit.surnames[int(rng.random() * len(kit.surnames))]
                bare[row] = rng.random() < kit.bare_surname_share
            name_of_father = father_name[father[row]] if father[row] >= 0 else None
            if name_of_father is None:
                # a father who is not in the population still gave the child a patronymic
                name_of_father = kit.male_names[
                    _era_index(ordinals[row] - _ABSENT_FATHER_DAYS)
                ].draw()
            patronymic[row] = self._patronymic(
                sex[row] == _FEMALE, kit, era, CITIZENSHIPS[citizenship[row]], name_of_father
            )
            husband = spouse[row]
            if (
                sex[row] == _FEMALE
                and husband >= 0
                and surname[husband] is not None
                and rng.random() < kit.wife_takes_surname
            ):
                surname[row], bare[row] = surname[husband], bare[husband]
        for row in range(size):  # a husband lives where his wife does
            if sex[row] != _FEMALE and spouse[row] >= 0:
                home[row] = home[spouse[row]]
        return self._finish(ordinals, given, surname, bare, patronymic, home)

    @staticmethod
    def _given(
        female: bool, kit: _GroupKit, era: int, siblings: list[str]
    ) -> tuple[GivenName, FatherName | None]:
        for _ in range(4):  # brothers and sisters do not share a name
            if female:
                name = kit.female_names[era].draw()
                if name.kk not in siblings:
                    break
            else:
                male = kit.male_names[era].draw()
                if male.name.kk not in siblings:
                    break
        if female:
            return name, None
        return male.name, male

    def _patronymic(
        self, female: bool, kit: _GroupKit, era: int, citizenship: str, father: FatherName
    ) -> tuple[str | None, str | None]:
        rng = self.rng
        if citizenship == FOREIGNER and rng.random() < FOREIGNER_NO_PATRONYMIC_SHARE:
            return None, None
        if rng.random() < NO_PATRONYMIC_SHARE:
            return None, None
        if rng.random() < kit.kazakh_style_patronymic[era]:
            russian = father.daughter_ru_kazakh_style if female else father.son_ru_kazakh_style
        else:
            russian = father.daughter_ru if female else father.son_ru
        return russian, father.daughter_kk if female else father.son_kk

    def _finish(
        self,
        ordinals: list[int],
        given: list[GivenName | None],
        surname: list[Surname | None],
        bare: list[bool],
        patronymic: list[tuple[str | None, str | None]],
        home: list[int],
    ) -> list[GeneratedPerson]:
        cols = self.columns
        rng = self.rng
        iins = [f"{iin:012d}" for iin in cols.iin.tolist()]
        region = cols.region.tolist()
        addresses: dict[int, str] = {}
        for household in home:
            if household not in addresses:
                addresses[household] = self.addresses.new(region[household])
        today = cols.today
        death_days = cols.death_date.astype("datetime64[D]")
        died = ~np.isnat(death_days)
        deaths = np.where(died, death_days.astype(np.int64), 0).tolist()
        died_list = died.tolist()
        alive = cols.alive.tolist()
        sex = cols.sex.tolist()
        citizenship = cols.citizenship.tolist()
        language = cols.language.tolist()
        mother = cols.mother.tolist()
        father = cols.father.tolist()
        spouse = cols.spouse.tolist()
        bank = cols.has_bank_account.tolist()
        insured = cols.insured.tolist()
        income = cols.monthly_income_kzt.tolist()
        savings = cols.pension_savings_kzt.tolist()
        years = cols.pension_years.tolist()
        dates: dict[int, date] = {}
        people: list[GeneratedPerson] = []
        for row in range(len(iins)):
            birth = dates.get(ordinals[row])
            if birth is None:
                birth = dates[ordinals[row]] = date.fromordinal(ordinals[row])
            person_sex = SEXES[sex[row]]
            family = surname[row]
            name = given[row]
            assert family is not None and name is not None
            last_name, last_name_kk = family.forms(person_sex, bare[row])
            age = age_on(birth, today)
            has_phone = alive[row] and rng.random() < _PHONE_SHARE[min(age, len(_PHONE_SHARE) - 1)]
            people.append(
                GeneratedPerson(
                    iin=iins[row],
                    last_name=last_name,
                    first_name=name.ru,
                    patronymic=patronymic[row][0],
                    last_name_kk=last_name_kk,
                    first_name_kk=name.kk,
                    patronymic_kk=patronymic[row][1],
                    sex=person_sex,
                    birth_date=birth,
                    citizenship=CITIZENSHIPS[citizenship[row]],
                    region=REGION_CODES[region[row]],
                    address=addresses[home[row]],
                    mother_iin=iins[mother[row]] if mother[row] >= 0 else None,
                    father_iin=iins[father[row]] if father[row] >= 0 else None,
                    spouse_iin=iins[spouse[row]] if spouse[row] >= 0 else None,
                    alive=alive[row],
                    death_date=_EPOCH + timedelta(days=deaths[row]) if died_list[row] else None,
                    phone=self.phones.new() if has_phone else None,
                    language=LANGUAGES[language[row]],
                    has_bank_account=bank[row],
                    insured=insured[row],
                    monthly_income_kzt=income[row] if insured[row] else None,
                    pension_savings_kzt=savings[row],
                    pension_years=years[row],
                )
            )
        return people
