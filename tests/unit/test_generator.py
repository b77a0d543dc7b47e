"""Properties of the synthetic population: valid IINs, determinism, consistent families, and
age, region and name structure close to Kazakhstan's."""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.kernel.iin import is_valid_iin, parse_iin
from mock_registries.population.generator import (
    MAX_POPULATION,
    MIN_BIRTH_SPACING_DAYS,
    GeneratedPerson,
    generate_population,
)
from mock_registries.population.names import (
    FEMALE_NAMES,
    KAZAKH_LETTERS,
    MALE_NAMES,
    SURNAMES,
    NameGroup,
)
from mock_registries.population.regions import REGIONS

TODAY = date(2025, 6, 1)
SIZE = 20_000
SOUTH = {"turkistan", "shymkent", "kyzylorda", "zhambyl", "mangystau"}
CITIZENSHIPS = {"citizen", "kandas", "permanent_resident", "foreigner"}
PHONE = re.compile(r"\+7 7(00|01|02|05|07|08|47|71|75|76|77|78) \d{3} \d{2} \d{2}")


def age_on(day: date, birth: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@pytest.fixture(scope="module")
def progress_calls() -> list[int]:
    return []


@pytest.fixture(scope="module")
def people(progress_calls: list[int]) -> list[GeneratedPerson]:
    return generate_population(2024, SIZE, TODAY, progress=progress_calls.append)


@pytest.fixture(scope="module")
def by_iin(people: list[GeneratedPerson]) -> dict[str, GeneratedPerson]:
    return {p.iin: p for p in people}


@pytest.fixture(scope="module")
def children(people: list[GeneratedPerson]) -> dict[str, list[GeneratedPerson]]:
    by_mother: dict[str, list[GeneratedPerson]] = defaultdict(list)
    for person in people:
        if person.mother_iin is not None:
            by_mother[person.mother_iin].append(person)
    return by_mother


def assert_links_resolve(population: list[GeneratedPerson]) -> None:
    iins = {p.iin for p in population}
    for person in population:
        for link in (person.mother_iin, person.father_iin, person.spouse_iin):
            assert link is None or link in iins


# --- size and progress ---------------------------------------------------------------------


def test_result_has_exactly_the_requested_size(people: list[GeneratedPerson]) -> None:
    assert len(people) == SIZE


@pytest.mark.parametrize("size", [0, -1, MAX_POPULATION + 1])
def test_size_out_of_bounds_is_refused(size: int) -> None:
    with pytest.raises(ValueError, match="size"):
        generate_population(1, size, TODAY)


def test_progress_is_reported_every_ten_thousand_and_ends_with_the_size(
    people: list[GeneratedPerson], progress_calls: list[int]
) -> None:
    assert progress_calls == [10_000, 20_000]
    small: list[int] = []
    generate_population(3, 25, TODAY, progress=small.append)
    assert small == [25]


# --- IINs ----------------------------------------------------------------------------------


def test_every_iin_is_valid_unique_and_encodes_birth_date_and_sex(
    people: list[GeneratedPerson],
) -> None:
    assert len({p.iin for p in people}) == len(people)
    for person in people:
        assert is_valid_iin(person.iin), person.iin
        parts = parse_iin(person.iin)
        assert parts.birth_date == person.birth_date
        assert parts.sex == person.sex


# --- determinism and small populations ------------------------------------------------------


def test_same_seed_gives_the_same_population() -> None:
    assert generate_population(11, 3_000, TODAY) == generate_population(11, 3_000, TODAY)


def test_another_seed_gives_another_population() -> None:
    first = generate_population(11, 500, TODAY)
    second = generate_population(12, 500, TODAY)
    assert [p.iin for p in first] != [p.iin for p in second]


def test_generation_leaves_the_global_random_state_alone() -> None:
    random.seed(99)
    expected = random.random()
    random.seed(99)
    generate_population(5, 200, TODAY)
    assert random.random() == expected


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=2**63),
    size=st.integers(min_value=1, max_value=400),
    today=st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31)),
)
def test_any_small_population_is_deterministic_complete_and_closed(
    seed: int, size: int, today: date
) -> None:
    population = generate_population(seed, size, today)
    assert population == generate_population(seed, size, today)
    assert len(population) == size
    assert len({p.iin for p in population}) == size
    assert all(is_valid_iin(p.iin) for p in population)
    assert all(p.birth_date <= today for p in population)
    assert_links_resolve(population)


# --- families -------------------------------------------------------------------------------


def test_parent_and_spouse_links_resolve(people: list[GeneratedPerson]) -> None:
    assert_links_resolve(people)


def test_mothers_are_women_at_least_sixteen_years_older(
    people: list[GeneratedPerson], by_iin: dict[str, GeneratedPerson]
) -> None:
    for child in people:
        if child.mother_iin is None:
            continue
        mother = by_iin[child.mother_iin]
        assert mother.sex == "F"
        assert years_after(mother.birth_date, 16) <= child.birth_date


def test_fathers_are_men_older_than_their_children(
    people: list[GeneratedPerson], by_iin: dict[str, GeneratedPerson]
) -> None:
    for child in people:
        if child.father_iin is None:
            continue
        father = by_iin[child.father_iin]
        assert father.sex == "M"
        assert father.birth_date < child.birth_date
        assert child.mother_iin is not None  # a father on record comes with the mother


def test_a_childs_father_is_the_mothers_husband(
    people: list[GeneratedPerson], by_iin: dict[str, GeneratedPerson]
) -> None:
    for child in people:
        if child.father_iin is not None and child.mother_iin is not None:
            assert by_iin[child.mother_iin].spouse_iin == child.father_iin


def test_spouses_point_at_each_other_and_are_of_opposite_sex(
    people: list[GeneratedPerson], by_iin: dict[str, GeneratedPerson]
) -> None:
    married = [p for p in people if p.spouse_iin is not None]
    assert len(married) > SIZE // 4
    for person in married:
        assert person.spouse_iin is not None
        spouse = by_iin[person.spouse_iin]
        assert spouse.spouse_iin == person.iin
        assert spouse.sex != person.sex
        assert spouse.address == person.address


def test_siblings_are_ten_months_apart_unless_twins(
    children: dict[str, list[GeneratedPerson]],
) -> None:
    births = 0
    twins = 0
    for brood in children.values():
        days = sorted(child.birth_date for child in brood)
        births += len(days)
        for earlier, later in pairwise(days):
            gap = (later - earlier).days
            if gap == 0:
                twins += 1
            else:
                assert gap >= MIN_BIRTH_SPACING_DAYS
    assert 0 < twins / births < 0.04


def test_minors_live_with_their_mother(
    people: list[GeneratedPerson], by_iin: dict[str, GeneratedPerson]
) -> None:
    minors = [p for p in people if age_on(TODAY, p.birth_date) < 18]
    with_mother = [p for p in minors if p.mother_iin is not None]
    assert len(with_mother) / len(minors) > 0.97
    for child in with_mother:
        assert child.mother_iin is not None
        mother = by_iin[child.mother_iin]
        assert child.region == mother.region
        assert child.address == mother.address


def test_children_carry_their_fathers_surname(
    people: list[GeneratedPerson], by_iin: dict[str, GeneratedPerson]
) -> None:
    for child in people:
        if child.father_iin is None:
            continue
        father = by_iin[child.father_iin]
        if child.sex == "M":
            assert child.last_name == father.last_name
            assert child.last_name_kk == father.last_name_kk
        elif child.spouse_iin is None:  # a wife may have taken her husband's surname
            assert child.last_name.startswith(father.last_name.removesuffix("ий"))
            assert child.last_name_kk.startswith(father.last_name_kk.removesuffix("ий"))


def test_family_sizes_look_like_kazakhstan(
    by_iin: dict[str, GeneratedPerson], children: dict[str, list[GeneratedPerson]]
) -> None:
    mothers = list(children)
    large = [m for m in mothers if len(children[m]) >= 4]
    assert 0.08 < len(large) / len(mothers) < 0.20
    south = [m for m in mothers if by_iin[m].region in SOUTH]
    elsewhere = [m for m in mothers if by_iin[m].region not in SOUTH]
    south_share = sum(len(children[m]) >= 4 for m in south) / len(south)
    elsewhere_share = sum(len(children[m]) >= 4 for m in elsewhere) / len(elsewhere)
    assert south_share > 1.5 * elsewhere_share
    ages_at_birth = [
        age_on(child.birth_date, by_iin[mother].birth_date)
        for mother in mothers
        for child in children[mother]
    ]
    assert sum(20 <= a <= 35 for a in ages_at_birth) / len(ages_at_birth) > 0.75
    assert min(ages_at_birth) >= 16
    assert max(ages_at_birth) <= 46


# --- age, sex, region -----------------------------------------------------------------------


def test_age_structure_is_that_of_a_young_country(people: list[GeneratedPerson]) -> None:
    ages = [age_on(TODAY, p.birth_date) for p in people]
    assert 0.27 < sum(a < 16 for a in ages) / len(ages) < 0.33
    assert 0.08 < sum(a >= 63 for a in ages) / len(ages) < 0.14
    assert max(ages) <= 100
    assert 0.47 < sum(p.sex == "M" for p in people) / len(people) < 0.50
    old = [p for p, a in zip(people, ages, strict=True) if a >= 75]
    assert sum(p.sex == "F" for p in old) / len(old) > 0.6


def test_regions_are_the_twenty_with_shares_summing_to_one() -> None:
    assert len(REGIONS) == 20
    assert {"astana", "almaty_city", "shymkent", "ulytau", "zhetisu", "abai"} <= set(REGIONS)
    assert sum(r.share for r in REGIONS.values()) == pytest.approx(1.0)
    assert all(r.code == code for code, r in REGIONS.items())


def test_region_shares_are_close_to_the_official_ones(people: list[GeneratedPerson]) -> None:
    counts = Counter(p.region for p in people)
    assert set(counts) <= set(REGIONS)
    for code, region in REGIONS.items():
        observed = counts[code] / len(people)
        tolerance = min(0.008, 0.25 * region.share + 0.002)
        assert abs(observed - region.share) < tolerance, (code, observed, region.share)


def test_the_south_is_younger_than_the_north(people: list[GeneratedPerson]) -> None:
    def child_share(codes: set[str]) -> float:
        group = [p for p in people if p.region in codes]
        return sum(age_on(TODAY, p.birth_date) < 16 for p in group) / len(group)

    north = {"north_kazakhstan", "kostanay", "pavlodar", "karaganda", "east_kazakhstan"}
    assert child_share(SOUTH) > child_share(north) + 0.08


# --- names, status, contact -----------------------------------------------------------------


def test_name_lists_are_large_and_russian_spellings_plain() -> None:
    for group in NameGroup:
        for female in FEMALE_NAMES[group]:
            assert KAZAKH_LETTERS.isdisjoint(female.ru), female
        for father in MALE_NAMES[group]:
            plain = (father.name.ru, father.son_ru, father.daughter_ru, father.son_ru_kazakh_style)
            assert all(KAZAKH_LETTERS.isdisjoint(text) for text in plain), father
    assert len(FEMALE_NAMES[NameGroup.KAZAKH]) >= 60
    assert len(MALE_NAMES[NameGroup.KAZAKH]) >= 60
    assert len(SURNAMES[NameGroup.KAZAKH]) >= 80
    assert len(FEMALE_NAMES[NameGroup.RUSSIAN]) >= 40
    assert len(MALE_NAMES[NameGroup.RUSSIAN]) >= 40


def test_russian_forms_have_no_kazakh_letters(people: list[GeneratedPerson]) -> None:
    for person in people:
        for text in (person.last_name, person.first_name, person.patronymic or ""):
            assert KAZAKH_LETTERS.isdisjoint(text), text


def test_kazakh_forms_use_kazakh_letters_and_some_names_are_russian(
    people: list[GeneratedPerson],
) -> None:
    with_kazakh_letters = sum(not KAZAKH_LETTERS.isdisjoint(p.first_name_kk) for p in people)
    assert with_kazakh_letters / len(people) > 0.2
    same_in_both = [p for p in people if p.first_name == p.first_name_kk]
    assert len({p.first_name for p in people}) > 100
    russian_patronymic = sum(
        (p.patronymic or "").endswith(("вич", "вна", "ич", "ична"))
        and p.patronymic == p.patronymic_kk
        for p in same_in_both
    )
    assert 0.15 < russian_patronymic / len(people) < 0.30


def test_citizenship_mix(people: list[GeneratedPerson]) -> None:
    counts = Counter(p.citizenship for p in people)
    assert set(counts) <= CITIZENSHIPS
    assert 0.94 < counts["citizen"] / len(people) < 0.975
    assert 0.012 < counts["kandas"] / len(people) < 0.04
    assert 0.004 < counts["permanent_resident"] / len(people) < 0.02
    assert 0.001 < counts["foreigner"] / len(people) < 0.012


def test_the_dead_died_in_the_past_and_have_no_phone(people: list[GeneratedPerson]) -> None:
    dead = [p for p in people if not p.alive]
    assert 0 < len(dead) < 0.02 * len(people)
    for person in people:
        if person.alive:
            assert person.death_date is None
            continue
        assert person.death_date is not None
        assert person.birth_date < person.death_date < TODAY
        assert person.phone is None
        assert not person.insured


def test_phones_are_kazakh_mobiles_held_by_almost_all_adults(
    people: list[GeneratedPerson],
) -> None:
    phones = [p.phone for p in people if p.phone is not None]
    assert len(set(phones)) == len(phones)
    assert all(PHONE.fullmatch(phone) for phone in phones)
    adults = [p for p in people if p.alive and age_on(TODAY, p.birth_date) >= 18]
    assert sum(p.phone is not None for p in adults) / len(adults) > 0.9
    assert all(p.phone is None for p in people if age_on(TODAY, p.birth_date) < 10)


def test_work_income_and_pension_savings(people: list[GeneratedPerson]) -> None:
    working_age = [p for p in people if 18 <= age_on(TODAY, p.birth_date) <= 62 and p.alive]
    assert 0.55 < sum(p.insured for p in working_age) / len(working_age) < 0.70
    incomes = sorted(p.monthly_income_kzt for p in people if p.monthly_income_kzt is not None)
    assert incomes[0] >= 85_000
    assert 250_000 < incomes[len(incomes) // 2] < 350_000
    for person in people:
        assert (person.monthly_income_kzt is not None) == person.insured
        if person.insured:
            assert person.has_bank_account
        if age_on(TODAY, person.birth_date) < 18:
            assert person.pension_savings_kzt == 0
            assert person.pension_years == 0
        assert person.pension_savings_kzt >= 0
    adults = [p for p in people if age_on(TODAY, p.birth_date) >= 18]
    assert 0.8 < sum(p.has_bank_account for p in adults) / len(adults) < 0.92


def test_preferred_language(people: list[GeneratedPerson]) -> None:
    assert {p.language for p in people} == {"kk", "ru"}
    kazakh_named = [p for p in people if p.first_name != p.first_name_kk]
    assert 0.55 < sum(p.language == "kk" for p in kazakh_named) / len(kazakh_named) < 0.75


def test_addresses_name_the_region_and_the_street(
    people: list[GeneratedPerson],
) -> None:
    for person in people[:2000]:
        assert ", ул. " in person.address or ", пр. " in person.address or "мкр." in person.address
        assert ", д. " in person.address
    astana = next(p for p in people if p.region == "astana")
    assert astana.address.startswith("г. Астана, ")
    karaganda = next(p for p in people if p.region == "karaganda")
    assert karaganda.address.startswith("Карагандинская обл., ")


def test_birth_dates_are_in_the_past_and_plausible(people: list[GeneratedPerson]) -> None:
    assert all(TODAY - timedelta(days=101 * 366) < p.birth_date <= TODAY for p in people)
