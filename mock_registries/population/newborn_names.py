"""Names for a newborn in a family already in the register: a given name in fashion now, in
the family's naming tradition, the surname in the form for the child's sex, and the
patronymic from the father's name."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from mock_registries.population.names import (
    FEMALE_NAMES,
    MALE_NAMES,
    SURNAMES,
    Era,
    FatherName,
    GivenName,
    NameGroup,
    Surname,
)


@dataclass(frozen=True)
class NewbornName:
    first_name: str
    first_name_kk: str
    last_name: str
    last_name_kk: str
    patronymic: str | None
    patronymic_kk: str | None


@cache
def _surnames() -> dict[str, tuple[NameGroup, Surname]]:
    index: dict[str, tuple[NameGroup, Surname]] = {}
    for group, surnames in SURNAMES.items():
        for surname in surnames:
            for form in (surname.male_ru, surname.female_ru, surname.bare_ru):
                if form:
                    index.setdefault(form, (group, surname))
    return index


@cache
def _fathers() -> dict[str, FatherName]:
    return {father.name.ru: father for names in MALE_NAMES.values() for father in names}


def _young(names: Sequence[GivenName]) -> list[GivenName]:
    return [name for name in names if Era.YOUNG in name.eras] or list(names)


def newborn_name(
    rng: random.Random,
    sex: str,
    mother_last_name: str,
    father_last_name: str | None,
    father_first_name: str | None,
) -> NewbornName:
    family_name = father_last_name or mother_last_name
    found = _surnames().get(family_name)
    group = found[0] if found else NameGroup.KAZAKH
    if found:
        bare = family_name == found[1].bare_ru
        last_ru, last_kk = found[1].forms(sex, bare)
    else:
        last_ru = last_kk = family_name
    if sex == "F":
        given = rng.choice(_young(FEMALE_NAMES[group]))
    else:
        given = rng.choice(_young([f.name for f in MALE_NAMES[group]]))
    father = _fathers().get(father_first_name or "")
    patronymic = patronymic_kk = None
    if father is not None:
        patronymic = father.son_ru if sex == "M" else father.daughter_ru
        patronymic_kk = father.son_kk if sex == "M" else father.daughter_kk
    return NewbornName(given.ru, given.kk, last_ru, last_kk, patronymic, patronymic_kk)


def married_surname(wife_last_name: str, husband_last_name: str) -> tuple[str, str] | None:
    """The husband's surname in its feminine forms (Russian, Kazakh), when it is known."""
    found = _surnames().get(husband_last_name)
    if found is None:
        return None
    new_ru, new_kk = found[1].forms("F", husband_last_name == found[1].bare_ru)
    return None if new_ru == wife_last_name else (new_ru, new_kk)


def child_surname(sex: str, mother_last_name: str, father_last_name: str | None) -> tuple[str, str]:
    """The family's surname (the father's when he is named) in the form for the child's sex:
    Russian and Kazakh spellings."""
    family_name = father_last_name or mother_last_name
    found = _surnames().get(family_name)
    if found is None:
        return family_name, family_name
    return found[1].forms(sex, family_name == found[1].bare_ru)
