"""Deterministic synthetic population of Kazakhstan for the mock state registries.

The generator first draws how many people of each age and sex live in each region, from the
national age pyramid and the regions' population shares (the south younger, the north older).
It then builds households oldest generation first, within each region. Every woman of 18 or more
gets a history of births (first birth mostly between 20 and 30, at least ten months between
children, occasional twins, more children in the south), a husband of about her age when one
is available, and children taken from the pyramid's counts for their age. Daughters made this
way become mothers in turn, so three and four generations link up. Children the birth
histories leave over join a family of their region as a late birth where ages and spacing
allow. People left over at the end (mostly men, and adults whose parents are not in the
population) get households of their own.

Everything is drawn from one ``random.Random(seed)``, so a seed, a size and a date always give
the same population.
"""

from __future__ import annotations

import gc
import math
import random
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import accumulate
from typing import Generic, TypeVar

from engine.kernel.iin import make_iin
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
from mock_registries.population.regions import REGIONS, Fertility, Locality, Region

MAX_POPULATION = 1_000_000
MAX_AGE = 99
PROGRESS_STEP = 10_000

CITIZEN = "citizen"
KANDAS = "kandas"
PERMANENT_RESIDENT = "permanent_resident"
FOREIGNER = "foreigner"

# (first age of the band, share of the population, share of men in the band): the age and
# sex structure of Kazakhstan in 2023-2024 (Bureau of National Statistics), rounded: 31% are
# under 16, 42% under 25, 8.9% are 65 or older, 11-12% have reached pension age.
AGE_BANDS: tuple[tuple[int, float, float], ...] = (
    (0, 0.1030, 0.513),
    (5, 0.0992, 0.513),
    (10, 0.0934, 0.513),
    (15, 0.0714, 0.512),
    (20, 0.0540, 0.505),
    (25, 0.0605, 0.502),
    (30, 0.0749, 0.497),
    (35, 0.0749, 0.494),
    (40, 0.0660, 0.488),
    (45, 0.0588, 0.482),
    (50, 0.0542, 0.470),
    (55, 0.0523, 0.458),
    (60, 0.0484, 0.440),
    (65, 0.0392, 0.410),
    (70, 0.0241, 0.380),
    (75, 0.0110, 0.340),
    (80, 0.0085, 0.300),
    (85, 0.0041, 0.260),
    (90, 0.0016, 0.220),
    (95, 0.0005, 0.200),
)

# How much more (or less) common each age is in a region than nationally, by the region's
# fertility: in Turkistan about 38% of people are under 16, in North Kazakhstan about 22%.
# (first age, factor) steps.
REGIONAL_AGE_TILT: dict[Fertility, tuple[tuple[int, float], ...]] = {
    Fertility.HIGH: ((0, 1.22), (16, 1.04), (30, 0.92), (60, 0.70)),
    Fertility.MEDIUM: ((0, 1.0),),
    Fertility.LOW: ((0, 0.80), (16, 0.95), (30, 1.06), (60, 1.32)),
}

# Chance that a woman plans 0, 1, 2, ... births. Plans run above what happened: births that
# the age pyramid has no room for (the 1990s had few) are then dropped, year by year.
LIFETIME_BIRTHS: dict[Fertility, tuple[float, ...]] = {
    Fertility.HIGH: (0.03, 0.05, 0.15, 0.37, 0.24, 0.10, 0.05, 0.01),
    Fertility.MEDIUM: (0.05, 0.08, 0.28, 0.41, 0.13, 0.04, 0.01),
    Fertility.LOW: (0.08, 0.17, 0.40, 0.25, 0.07, 0.02, 0.01),
}
RUSSIAN_NAME_LIFETIME_BIRTHS = (0.10, 0.28, 0.42, 0.14, 0.04, 0.015, 0.005)
# Fertility rose from about 1.8 children per woman in 1999 to over 3 in the 2010s and 2020s.
RECENT_COHORT_FROM_YEAR = 1976
RECENT_COHORT_EXTRA_CHILD = 0.8
RECENT_COHORT_EXTRA_CHILD_UP_TO = 2  # a second or third child rather than a sixth

MIN_BIRTH_SPACING_DAYS = 300  # ten months between the births of siblings who are not twins
BIRTH_GAP_SCALE_DAYS = 380.0  # gaps average a little under three years
TWIN_BIRTH_SHARE = 0.015
FIRST_BIRTH_AGE_MEAN = 24.0
FIRST_BIRTH_AGE_SD = 3.8
LAST_FIRST_BIRTH_AGE = 40.0
LAST_BIRTH_AGE = 45.0
MOTHER_MIN_AGE_AT_BIRTH = 18
FATHER_MIN_AGE_GAP = 19  # years between a father's age and his oldest child's age
HUSBAND_AGE_GAP_MEAN = 3.0
HUSBAND_AGE_GAP_SD = 3.5
MARRIED_MOTHER_SHARE = 0.80
BOY_SHARE = 0.512
CHILD_SHARES_MOTHER_LANGUAGE = 0.85
NO_PATRONYMIC_SHARE = 0.015
FOREIGNER_NO_PATRONYMIC_SHARE = 0.6

MINIMUM_WAGE_KZT = 85_000
MEDIAN_INCOME_KZT = 300_000
INCOME_SIGMA = 0.55
PENSION_CONTRIBUTION_RATE = 0.10
ENPF_FIRST_YEAR = 1998  # the funded pension system started on 1 January 1998
MAX_PENSION_YEARS = 45

# Kcell/activ 701, 702, 775, 778; Beeline 705, 771, 776, 777; Tele2/Altel 700, 707, 708, 747
MOBILE_PREFIXES = (700, 701, 702, 705, 707, 708, 747, 771, 775, 776, 777, 778)
MOBILE_PREFIX_WEIGHTS = (2, 9, 6, 8, 9, 3, 7, 6, 5, 4, 7, 4)

COMMON_STREETS = (
    "ул. Абая",
    "ул. Абылай хана",
    "ул. Айтеке би",
    "ул. Амангельды",
    "ул. Ауэзова",
    "ул. Байтурсынова",
    "ул. Богенбай батыра",
    "ул. Гагарина",
    "ул. Гоголя",
    "ул. Достык",
    "ул. Желтоксан",
    "ул. Жамбыла",
    "ул. Жастар",
    "ул. Жибек Жолы",
    "ул. Кабанбай батыра",
    "ул. Казыбек би",
    "ул. Кенесары",
    "ул. Курмангазы",
    "ул. Лермонтова",
    "ул. Маметовой",
    "ул. Махамбета",
    "ул. Молодежная",
    "ул. Момышулы",
    "ул. Мира",
    "ул. Наурызбай батыра",
    "ул. Новая",
    "ул. Пушкина",
    "ул. Райымбека",
    "ул. Садовая",
    "ул. Сатпаева",
    "ул. Сейфуллина",
    "ул. Степная",
    "ул. Толе би",
    "ул. Тауелсиздик",
    "ул. Уалиханова",
    "ул. Центральная",
    "ул. Чехова",
    "ул. Шевченко",
    "ул. Школьная",
    "ул. Бейбитшилик",
)


@dataclass(frozen=True, slots=True)
class GeneratedPerson:
    iin: str
    last_name: str
    first_name: str
    patronymic: str | None
    last_name_kk: str
    first_name_kk: str
    patronymic_kk: str | None
    sex: str
    birth_date: date
    citizenship: str
    region: str
    address: str
    mother_iin: str | None
    father_iin: str | None
    spouse_iin: str | None
    alive: bool
    death_date: date | None
    phone: str | None
    language: str
    has_bank_account: bool
    insured: bool
    monthly_income_kzt: int | None
    pension_savings_kzt: int
    pension_years: int


def generate_population(
    seed: int,
    size: int,
    today: date,
    progress: Callable[[int], None] | None = None,
) -> list[GeneratedPerson]:
    """``size`` people living in Kazakhstan on ``today``; the same arguments always give the
    same list. ``progress`` is called with the number of people made so far every
    10 000 people, and with ``size`` when the list is complete."""
    if not 1 <= size <= MAX_POPULATION:
        raise ValueError(f"size must be between 1 and {MAX_POPULATION:,}, got {size}")
    with _gc_paused():
        people = _PopulationBuilder(random.Random(seed), size, today, progress).build()
    if progress is not None:
        progress(size)
    return people


@contextmanager
def _gc_paused() -> Iterator[None]:
    # The builder allocates millions of objects without reference cycles; letting the cyclic
    # collector rescan all of them again and again would nearly double the running time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


T = TypeVar("T")

DAYS_PER_YEAR = 365.25
MAX_SERIAL = 9999


class _Pool(Generic[T]):
    """Weighted draws in constant time: items repeat in a long list in proportion to weight."""

    __slots__ = ("_items", "_rng")

    def __init__(
        self,
        rng: random.Random,
        items: Sequence[T],
        weights: Sequence[float],
        resolution: int = 1000,
    ) -> None:
        total = sum(weights)
        expanded: list[T] = []
        for item, weight in zip(items, weights, strict=True):
            expanded.extend([item] * round(weight / total * resolution))
        self._items = expanded or list(items)
        self._rng = rng

    def draw(self) -> T:
        items = self._items
        return items[int(self._rng.random() * len(items))]


class _AgeCalendar:
    """Whole-year ages on one day, worked out from day ordinals."""

    def __init__(self, today: date) -> None:
        self.today = today.toordinal()
        self.year = today.year
        # cutoffs[n] is the last day on which someone who is n years old today was born
        self._cutoffs = [_years_before(today, n).toordinal() for n in range(MAX_AGE + 2)]
        self._ascending = self._cutoffs[::-1]
        self.dates: dict[int, date] = {}  # every day asked for through date(), for reuse

    def age(self, birth: int) -> int:
        return MAX_AGE + 1 - bisect_left(self._ascending, birth)

    def birth_range(self, age: int) -> tuple[int, int]:
        """The first and the last day on which someone who is ``age`` today was born."""
        return self._cutoffs[age + 1] + 1, self._cutoffs[age]

    def random_birth(self, rng: random.Random, age: int) -> int:
        first, last = self.birth_range(age)
        return first + int(rng.random() * (last - first + 1))

    def date(self, ordinal: int) -> date:
        day = self.dates.get(ordinal)
        if day is None:
            day = self.dates[ordinal] = date.fromordinal(ordinal)
        return day


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


_ERA_STARTS = (date(1970, 1, 1).toordinal(), date(2000, 1, 1).toordinal())
_ERAS = (Era.OLD, Era.MIDDLE, Era.YOUNG)


def _era_index(birth: int) -> int:
    """0 for people born before 1970, 1 for 1970-1999, 2 from 2000."""
    return (birth >= _ERA_STARTS[0]) + (birth >= _ERA_STARTS[1])


@dataclass(frozen=True, slots=True)
class _Place:
    prefix: str
    name: str
    apartments: float
    streets: tuple[str, ...]


def _place(region: Region, locality: Locality) -> _Place:
    own = locality.streets
    # a town's own main streets are busier than the names that every town has
    streets = own * 3 + tuple(street for street in COMMON_STREETS if street not in own)
    prefix = f"{region.address_prefix}, " if region.address_prefix else ""
    return _Place(prefix, locality.name, locality.apartments, streets)


class _AddressBook:
    """Household addresses, each handed out once, so that one address is one household."""

    def __init__(self, rng: random.Random, regions: Sequence[Region]) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._extra = 0
        self._places = [
            _Pool(
                rng,
                [_place(region, locality) for locality in region.localities],
                [locality.weight for locality in region.localities],
            )
            for region in regions
        ]

    def new(self, region: int) -> str:
        rng = self._rng
        place = self._places[region].draw()
        streets = place.streets
        address = ""
        for _ in range(32):
            head = f"{place.prefix}{place.name}, {streets[int(rng.random() * len(streets))]}"
            if rng.random() < place.apartments:
                house = 1 + int(rng.random() * 120)
                address = f"{head}, д. {house}, кв. {1 + int(rng.random() * 240)}"
            else:
                address = f"{head}, д. {1 + int(rng.random() * 300)}"
            if address not in self._used:
                self._used.add(address)
                return address
        self._extra += 1  # a crowded village: number one more building
        address = f"{address}, корп. {self._extra}"
        self._used.add(address)
        return address


class _PhoneBook:
    """Distinct mobile numbers without remembering those handed out: each operator prefix walks
    through its ten million numbers in a scrambled order that never repeats."""

    NUMBERS_PER_PREFIX = 10_000_000
    STRIDE = 3_967_397  # coprime with ten million, so i * STRIDE modulo it never repeats

    def __init__(self, rng: random.Random) -> None:
        self._prefixes = _Pool(rng, range(len(MOBILE_PREFIXES)), MOBILE_PREFIX_WEIGHTS)
        self._offsets = [int(rng.random() * self.NUMBERS_PER_PREFIX) for _ in MOBILE_PREFIXES]
        self._issued = [0] * len(MOBILE_PREFIXES)
        self._heads = [f"+7 {prefix} " for prefix in MOBILE_PREFIXES]
        self._triples = [f"{n:03d} " for n in range(1000)]
        self._pairs = [f"{n:02d}" for n in range(100)]

    def new(self) -> str:
        """A number written "+7 701 234 56 78"."""
        index = self._prefixes.draw()
        issued = self._issued[index]
        self._issued[index] = issued + 1
        number = (self._offsets[index] + issued * self.STRIDE) % self.NUMBERS_PER_PREFIX
        pairs = self._pairs
        return (
            f"{self._heads[index]}{self._triples[number // 10_000]}"
            f"{pairs[number // 100 % 100]} {pairs[number % 100]}"
        )


class _GroupKit:
    """Everything that depends on whether a family has Kazakh or Russian names."""

    IN_FASHION = 8.0
    OUT_OF_FASHION = 1.0

    def __init__(
        self,
        rng: random.Random,
        group: NameGroup,
        index: int,
        citizenship: tuple[tuple[str, float], ...],
        kazakh_language_share: float,
        wife_takes_surname: float,
        bare_surname_share: float,
        kazakh_style_patronymic: tuple[float, float, float],
        lifetime_births: dict[Fertility, tuple[float, ...]],
    ) -> None:
        self.group = group
        self.index = index
        self.kazakh_language_share = kazakh_language_share
        self.wife_takes_surname = wife_takes_surname
        self.bare_surname_share = bare_surname_share
        self.kazakh_style_patronymic = kazakh_style_patronymic
        self.surnames = SURNAMES[group]
        self.citizenship = _Pool(rng, [c for c, _ in citizenship], [w for _, w in citizenship])
        self.female_names = tuple(
            _Pool(rng, FEMALE_NAMES[group], self._fashion(FEMALE_NAMES[group], era), 4000)
            for era in _ERAS
        )
        fathers = MALE_NAMES[group]
        self.male_names = tuple(
            _Pool(rng, fathers, self._fashion([f.name for f in fathers], era), 4000)
            for era in _ERAS
        )
        self.lifetime_births = {
            fertility: _Pool(rng, range(len(shares)), shares)
            for fertility, shares in lifetime_births.items()
        }

    def _fashion(self, names: Sequence[GivenName], era: Era) -> list[float]:
        return [self.IN_FASHION if era in n.eras else self.OUT_OF_FASHION for n in names]


def _group_kits(rng: random.Random) -> tuple[_GroupKit, _GroupKit]:
    kazakh = _GroupKit(
        rng,
        NameGroup.KAZAKH,
        0,
        # kandas are ethnic Kazakhs who came back, so only Kazakh families have that status
        citizenship=(
            (CITIZEN, 0.955),
            (KANDAS, 0.030),
            (PERMANENT_RESIDENT, 0.009),
            (FOREIGNER, 0.006),
        ),
        kazakh_language_share=0.65,
        wife_takes_surname=0.55,
        bare_surname_share=0.03,
        kazakh_style_patronymic=(0.03, 0.10, 0.30),
        lifetime_births=LIFETIME_BIRTHS,
    )
    russian = _GroupKit(
        rng,
        NameGroup.RUSSIAN,
        1,
        citizenship=((CITIZEN, 0.975), (PERMANENT_RESIDENT, 0.017), (FOREIGNER, 0.008)),
        kazakh_language_share=0.03,
        wife_takes_surname=0.85,
        bare_surname_share=0.0,
        kazakh_style_patronymic=(0.0, 0.0, 0.0),
        lifetime_births=dict.fromkeys(Fertility, RUSSIAN_NAME_LIFETIME_BIRTHS),
    )
    return kazakh, russian


@dataclass(slots=True, eq=False)
class _Draft:
    """A person while the population is being built. Relatives are the drafts themselves:
    IINs are issued only once everybody exists."""

    birth: int  # day ordinal
    age: int
    sex: str
    kit: _GroupKit
    region: int
    address: str
    citizenship: str
    language: str
    surname: Surname
    bare_surname: bool
    given: GivenName
    father_name: FatherName | None  # for men: the patronymic their children get
    patronymic: str | None
    patronymic_kk: str | None
    iin: str = ""
    mother: _Draft | None = None
    father: _Draft | None = None
    spouse: _Draft | None = None
    youngest_child: int = 0  # birth ordinal of the youngest child, 0 when none


@dataclass(slots=True, eq=False)
class _Family:
    mother: _Draft
    father: _Draft | None
    births: list[int] = field(default_factory=list)  # birth ordinals of the children
    names: list[str] = field(default_factory=list)  # their given names, kept distinct


def _national_age_sex_shares() -> dict[tuple[str, int], float]:
    shares = {}
    for first_age, share, male_share in AGE_BANDS:
        for age in range(first_age, first_age + 5):
            shares["M", age] = share / 5 * male_share
            shares["F", age] = share / 5 * (1.0 - male_share)
    return shares


def _age_tilt(fertility: Fertility, age: int) -> float:
    factor = 1.0
    for first_age, step_factor in REGIONAL_AGE_TILT[fertility]:
        if age >= first_age:
            factor = step_factor
    return factor


def _by_age(rule: Callable[[int], float]) -> list[float]:
    return [rule(age) for age in range(MAX_AGE + 1)]


def _phone_share(age: int) -> float:
    if age < 10:
        return 0.0
    if age < 14:
        return 0.25
    if age < 18:
        return 0.75
    return 0.97 if age < 75 else 0.85


def _insured_share(age: int) -> float:
    if 18 <= age <= 62:
        return 0.63
    if 16 <= age < 18:
        return 0.02
    return 0.12 if 63 <= age <= 70 else 0.0


def _bank_share_when_uninsured(age: int) -> float:
    # insured people always have an account: wages are paid into it
    if age < 14:
        return 0.0
    if age < 16:
        return 0.08
    if age < 18:
        return 0.30
    return 0.72 if age < 75 else 0.60


def _death_share(age: int) -> float:
    # recorded deaths of the last few years among people who would now be this old
    if age < 60:
        return 0.0
    if age < 70:
        return 0.015
    if age < 80:
        return 0.05
    if age < 90:
        return 0.12
    return 0.25


def _income_age_factor(age: int) -> float:
    if age < 25:
        return 0.72
    if age < 35:
        return 1.03
    if age < 55:
        return 1.12
    return 0.98


def _married_share_without_children(age: int) -> float:
    if age < 22:
        return 0.10
    if age < 26:
        return 0.35
    if age < 30:
        return 0.45
    return 0.45 if age < 60 else 0.40


_PHONE_SHARE = _by_age(_phone_share)
_INSURED_SHARE = {
    "M": _by_age(lambda age: 1.08 * _insured_share(age)),
    "F": _by_age(lambda age: 0.92 * _insured_share(age)),
}
_BANK_SHARE_WHEN_UNINSURED = _by_age(_bank_share_when_uninsured)
_DEATH_SHARE = _by_age(_death_share)
_INCOME_AGE_FACTOR = _by_age(_income_age_factor)
_MARRIED_WITHOUT_CHILDREN = _by_age(_married_share_without_children)
_RECENT_DEATHS_YEARS = 6
_EARLIEST_DEATH_AGE = 60
_ABSENT_FATHER_AGE_AT_BIRTH = 30  # sets the generation of a patronymic's unknown father
_RETIREMENT_AGE = 63
_CAREER_START_AGES = (18, 23)
_YEARS_CONTRIBUTING_WHEN_INSURED = (0.75, 1.0)  # share of the years since starting work
_YEARS_CONTRIBUTING_OTHERWISE = (0.15, 0.8)
_PAST_WAGE_FACTOR = 0.45  # contributions were paid on lower wages in earlier years
_UNINSURED_WAGE_FACTOR = 0.6  # what people not working now earned when they did
_YIELD_PER_FUNDED_YEAR = 0.04  # investment income, roughly, on contributions of past years
_PENSIONER_SAVINGS_LEFT = 0.5  # pensioners have drawn part of their savings
_MINORS_OVERBOOKED = 1.10  # ask for a few more children than exist: few need a late birth
# women simulated per fertility level, name group and cohort to estimate births by mother's
# age: enough for a precise estimate in a large population, cheap in a small one
_BIRTH_DENSITY_SAMPLES = (200, 3000)
_PEOPLE_PER_DENSITY_SAMPLE = 20
_LATE_BIRTH_TRIES = 12
_LATE_BIRTH_MOTHER_AGE = (27.0, 5.0)  # mean and spread of a mother's age at a late birth
_FIRST_SERIAL_SPREAD = 3000


class _PopulationBuilder:
    def __init__(
        self,
        rng: random.Random,
        size: int,
        today: date,
        progress: Callable[[int], None] | None,
    ) -> None:
        self._rng = rng
        self._size = size
        self._progress = progress
        self._calendar = _AgeCalendar(today)
        self._regions = tuple(REGIONS.values())
        self._addresses = _AddressBook(rng, self._regions)
        self._kits = _group_kits(rng)
        kazakh, russian = self._kits
        self._kits_by_region = [
            _Pool(rng, (russian, kazakh), (r.russian_name_share, 1.0 - r.russian_name_share))
            for r in self._regions
        ]
        self._phones = _PhoneBook(rng)
        mean_income_factor = sum(r.share * r.income_factor for r in self._regions)
        self._median_income = [
            MEDIAN_INCOME_KZT * r.income_factor / mean_income_factor for r in self._regions
        ]
        self._recent_cohort_start = date(RECENT_COHORT_FROM_YEAR, 1, 1).toordinal()
        # people of each sex and age in each region not yet made
        self._remaining = [
            {"M": [0] * (MAX_AGE + 1), "F": [0] * (MAX_AGE + 1)} for _ in self._regions
        ]
        self._keep_birth = [[1.0] * (MAX_AGE + 1) for _ in self._regions]
        self._daughters: list[list[_Draft]] = [[] for _ in range(MAX_AGE + 1)]
        # families whose mother may still have a minor child, by region and mother's age
        self._families: list[list[list[_Family]]] = [
            [[] for _ in range(MAX_AGE + 1)] for _ in self._regions
        ]
        self._bachelors: dict[int, list[_Draft]] = {}
        self._drafts: list[_Draft] = []
        self._serials: dict[int, int] = {}

    def build(self) -> list[GeneratedPerson]:
        self._draw_ages_and_sexes()
        self._calibrate_births()
        for age in range(MAX_AGE, MOTHER_MIN_AGE_AT_BIRTH - 1, -1):
            self._settle_women(age)
        self._settle_left_minors()
        self._settle_remaining_men()
        self._bachelors.clear()
        self._families.clear()
        self._issue_iins()
        return self._finish_all()

    # --- the pyramid -------------------------------------------------------------------------

    def _draw_ages_and_sexes(self) -> None:
        cells: list[tuple[int, str, int]] = []
        weights: list[float] = []
        national = _national_age_sex_shares()
        mixed_tilt = [
            sum(r.share * _age_tilt(r.fertility, age) for r in self._regions)
            for age in range(MAX_AGE + 1)
        ]
        for index, region in enumerate(self._regions):
            # keeps the national pyramid while the south is younger and the north older
            tilt = [
                _age_tilt(region.fertility, age) / mixed_tilt[age] for age in range(MAX_AGE + 1)
            ]
            regional_total = sum(share * tilt[age] for (_, age), share in national.items())
            for (sex, age), share in national.items():
                cells.append((index, sex, age))
                weights.append(region.share * share * tilt[age] / regional_total)
        cumulative = list(accumulate(weights))
        counts = [0] * len(cells)
        for cell in self._rng.choices(range(len(cells)), cum_weights=cumulative, k=self._size):
            counts[cell] += 1
        for (region_index, sex, age), count in zip(cells, counts, strict=True):
            self._remaining[region_index][sex][age] = count

    def _calibrate_births(self) -> None:
        """Thin out births so that the mothers of each region ask for about as many children
        of each age as its pyramid holds: the pyramid's dips (the late 1990s) become dips in
        births, and families in the north stay smaller than in the south."""
        density = self._birth_density()
        recent_mother_ages = self._calendar.year - RECENT_COHORT_FROM_YEAR
        for index, region in enumerate(self._regions):
            women = self._remaining[index]["F"]
            men = self._remaining[index]["M"]
            russian = region.russian_name_share
            by_cohort = [
                [
                    (1 - russian) * kazakh + russian * slavic
                    for kazakh, slavic in zip(
                        density[region.fertility, 0, recent],
                        density[region.fertility, 1, recent],
                        strict=True,
                    )
                ]
                for recent in (False, True)
            ]
            for child_age in range(MAX_AGE + 1):
                demand = 0.0
                for mother_age in range(child_age + MOTHER_MIN_AGE_AT_BIRTH, MAX_AGE + 1):
                    if not women[mother_age]:
                        continue
                    gap = mother_age - child_age
                    births = by_cohort[mother_age <= recent_mother_ages]
                    demand += women[mother_age] * (births[gap] + births[gap - 1]) / 2
                supply = women[child_age] + men[child_age]
                overbooking = _MINORS_OVERBOOKED if child_age < 18 else 1.0
                if demand > 0:
                    keep = min(1.0, overbooking * supply / demand)
                    self._keep_birth[index][child_age] = keep

    def _birth_density(self) -> dict[tuple[Fertility, int, bool], list[float]]:
        """Expected births per woman by her age in whole years at the birth, by fertility,
        name group, and whether she was born in the recent cohort."""
        least, most = _BIRTH_DENSITY_SAMPLES
        samples = min(most, max(least, self._size // _PEOPLE_PER_DENSITY_SAMPLE))
        density = {}
        region_of = {region.fertility: region for region in self._regions}
        for fertility, region in region_of.items():
            for kit in self._kits:
                for recent in (False, True):
                    mother_birth = self._recent_cohort_start - (0 if recent else 1)
                    births = [0.0] * (MAX_AGE + 2)
                    for _ in range(samples):
                        for day in self._plan_births(mother_birth, region, kit):
                            births[int((day - mother_birth) / DAYS_PER_YEAR)] += 1.0
                    density[fertility, kit.index, recent] = [count / samples for count in births]
        return density

    # --- households --------------------------------------------------------------------------

    def _settle_women(self, age: int) -> None:
        women = self._daughters[age]
        self._daughters[age] = []
        for region, remaining in enumerate(self._remaining):
            for _ in range(remaining["F"][age]):
                women.append(self._new_root(region, "F", age))
            remaining["F"][age] = 0
        # women with and without parents in the population compete for husbands in turn
        self._rng.shuffle(women)
        for woman in women:
            self._form_family(woman)

    def _settle_left_minors(self) -> None:
        """Children the mothers' birth histories left over join a family of their region as
        a late birth where ages and spacing allow; the rest have no parents on record."""
        for region, remaining in enumerate(self._remaining):
            for age in range(MOTHER_MIN_AGE_AT_BIRTH - 1, -1, -1):
                for sex in ("F", "M"):
                    for _ in range(remaining[sex][age]):
                        if not self._late_birth(region, sex, age):
                            self._new_root(region, sex, age)
                    remaining[sex][age] = 0

    def _settle_remaining_men(self) -> None:
        for region, remaining in enumerate(self._remaining):
            for age in range(MAX_AGE, -1, -1):
                for _ in range(remaining["M"][age]):
                    self._new_root(region, "M", age)
                remaining["M"][age] = 0

    def _form_family(self, woman: _Draft) -> None:
        rng = self._rng
        births = self._births_so_far(woman)
        married_share = MARRIED_MOTHER_SHARE if births else _MARRIED_WITHOUT_CHILDREN[woman.age]
        wants_husband = rng.random() < married_share
        if not births and not wants_husband:
            return
        if woman.mother is not None:  # a daughter leaves her parents' home
            woman.address = self._addresses.new(woman.region)
        husband = None
        if wants_husband:
            oldest_child_age = self._calendar.age(births[0]) if births else 0
            youngest_husband = max(18, oldest_child_age + FATHER_MIN_AGE_GAP)
            husband = self._find_husband(woman, youngest_husband)
        if husband is not None:
            self._marry(woman, husband)
        family = _Family(woman, husband)
        self._give_birth(family, births)
        if woman.age < MOTHER_MIN_AGE_AT_BIRTH + LAST_BIRTH_AGE:  # may still have a minor child
            self._families[woman.region][woman.age].append(family)

    def _plan_births(self, mother_birth: int, region: Region, kit: _GroupKit) -> list[int]:
        """Birth days of a woman's children over her whole life; twins appear twice."""
        rng = self._rng
        target = kit.lifetime_births[region.fertility].draw()
        if target == 0:
            return []
        if (
            target <= RECENT_COHORT_EXTRA_CHILD_UP_TO
            and mother_birth >= self._recent_cohort_start
            and rng.random() < RECENT_COHORT_EXTRA_CHILD
        ):
            target += 1
        first_age = rng.gauss(FIRST_BIRTH_AGE_MEAN, FIRST_BIRTH_AGE_SD)
        first_age = min(LAST_FIRST_BIRTH_AGE, max(MOTHER_MIN_AGE_AT_BIRTH, first_age))
        day = mother_birth + math.ceil(first_age * DAYS_PER_YEAR)
        last_day = mother_birth + int(LAST_BIRTH_AGE * DAYS_PER_YEAR)
        births: list[int] = []
        while len(births) < target and day <= last_day:
            births.append(day)
            if rng.random() < TWIN_BIRTH_SHARE:
                births.append(day)
            # the sum of two exponential waits: a gamma-distributed gap with shape 2
            gap = -BIRTH_GAP_SCALE_DAYS * math.log((1.0 - rng.random()) * (1.0 - rng.random()))
            day += MIN_BIRTH_SPACING_DAYS + int(gap)
        return births

    def _births_so_far(self, woman: _Draft) -> list[int]:
        planned = self._plan_births(woman.birth, self._regions[woman.region], woman.kit)
        today = self._calendar.today
        keep_birth = self._keep_birth[woman.region]
        births: list[int] = []
        index = 0
        while index < len(planned) and planned[index] <= today:
            day = planned[index]
            end = index + 1
            while end < len(planned) and planned[end] == day:
                end += 1
            keep = keep_birth[self._calendar.age(day)]
            if keep >= 1.0 or self._rng.random() < keep:
                births.extend(planned[index:end])
            index = end
        return births

    def _bachelor_key(self, region: int, kit: _GroupKit, age: int) -> int:
        return (region * 2 + kit.index) * (MAX_AGE + 1) + age

    def _find_husband(self, woman: _Draft, youngest: int) -> _Draft | None:
        gap = round(self._rng.gauss(HUSBAND_AGE_GAP_MEAN, HUSBAND_AGE_GAP_SD))
        target = max(youngest, woman.age + gap)
        for age in (target, target + 1, target - 1, target + 2, target - 2, target + 3):
            if age < youngest or age > MAX_AGE:
                continue
            bachelors = self._bachelors.get(self._bachelor_key(woman.region, woman.kit, age))
            if bachelors:
                return bachelors.pop()
            men = self._remaining[woman.region]["M"]
            if men[age] > 0:
                men[age] -= 1
                return self._new_husband(woman, age)
        return None

    def _marry(self, wife: _Draft, husband: _Draft) -> None:
        wife.spouse = husband
        husband.spouse = wife
        husband.address = wife.address
        if self._rng.random() < wife.kit.wife_takes_surname:
            wife.surname = husband.surname
            wife.bare_surname = husband.bare_surname

    def _give_birth(self, family: _Family, births: list[int]) -> None:
        remaining = self._remaining[family.mother.region]
        for day in births:
            age = self._calendar.age(day)
            sex = "M" if self._rng.random() < BOY_SHARE else "F"
            if remaining[sex][age] == 0:
                sex = "F" if sex == "M" else "M"
                if remaining[sex][age] == 0:
                    continue  # nobody of this age is left: the child is not in the population
            remaining[sex][age] -= 1
            child = self._add_child(family, day, age, sex)
            if age < MOTHER_MIN_AGE_AT_BIRTH:
                continue
            if sex == "F":  # she will look for a husband and have children in her turn
                self._daughters[age].append(child)
            else:
                key = self._bachelor_key(child.region, child.kit, age)
                self._bachelors.setdefault(key, []).append(child)

    def _add_child(self, family: _Family, day: int, age: int, sex: str) -> _Draft:
        child = self._new_child(family.mother, family.father, day, age, sex, family.names)
        family.births.append(day)
        family.names.append(child.given.kk)
        return child

    def _late_birth(self, region: int, sex: str, age: int) -> bool:
        rng = self._rng
        families_by_age = self._families[region]
        for _ in range(_LATE_BIRTH_TRIES):
            mother_gap = rng.gauss(*_LATE_BIRTH_MOTHER_AGE)
            mother_gap = min(LAST_BIRTH_AGE - 1, max(MOTHER_MIN_AGE_AT_BIRTH, mother_gap))
            families = families_by_age[age + int(mother_gap)]
            if not families:
                continue
            family = families[int(rng.random() * len(families))]
            day = self._late_birth_day(family, age)
            if day is not None:
                self._add_child(family, day, age, sex)
                return True
        return False

    def _late_birth_day(self, family: _Family, age: int) -> int | None:
        """A birthday that makes the child ``age`` years old today and fits the family, or
        None: the mother 18 to 45 at the birth, the father 19 years older than the child,
        ten months from any brother or sister."""
        mother, father = family.mother, family.father
        if father is not None and father.age < age + FATHER_MIN_AGE_GAP:
            return None
        first, last = self._calendar.birth_range(age)
        first = max(first, mother.birth + math.ceil(MOTHER_MIN_AGE_AT_BIRTH * DAYS_PER_YEAR))
        last = min(last, mother.birth + int(LAST_BIRTH_AGE * DAYS_PER_YEAR))
        if first > last:
            return None
        day = first + int(self._rng.random() * (last - first + 1))
        if any(abs(day - sibling) < MIN_BIRTH_SPACING_DAYS for sibling in family.births):
            return None
        return day

    # --- people ------------------------------------------------------------------------------

    def _new_root(self, region: int, sex: str, age: int) -> _Draft:
        """Someone whose parents are not in the population, in a household of their own."""
        kit = self._kits_by_region[region].draw()
        return self._new_person(
            sex=sex,
            birth=self._calendar.random_birth(self._rng, age),
            age=age,
            kit=kit,
            region=region,
            address=self._addresses.new(region),
            citizenship=kit.citizenship.draw(),
            language=self._language(kit),
            surname_from=None,
            father=None,
        )

    def _new_husband(self, wife: _Draft, age: int) -> _Draft:
        return self._new_person(
            sex="M",
            birth=self._calendar.random_birth(self._rng, age),
            age=age,
            kit=wife.kit,
            region=wife.region,
            address=wife.address,
            citizenship=wife.kit.citizenship.draw(),
            language=self._language(wife.kit),
            surname_from=None,
            father=None,
        )

    def _new_child(
        self,
        mother: _Draft,
        father: _Draft | None,
        birth: int,
        age: int,
        sex: str,
        siblings: list[str],
    ) -> _Draft:
        rng = self._rng
        kit = mother.kit
        language = mother.language
        if rng.random() >= CHILD_SHARES_MOTHER_LANGUAGE:
            language = self._language(kit)
        child = self._new_person(
            sex=sex,
            birth=birth,
            age=age,
            kit=kit,
            region=mother.region,
            address=mother.address,
            # minors share their mother's status; grown-ups have a status of their own
            citizenship=mother.citizenship if age < 18 else kit.citizenship.draw(),
            language=language,
            surname_from=father if father is not None else mother,
            father=father,
            siblings=siblings,
        )
        child.mother = mother
        mother.youngest_child = max(mother.youngest_child, birth)
        if father is not None:
            child.father = father
            father.youngest_child = max(father.youngest_child, birth)
        return child

    def _new_person(
        self,
        *,
        sex: str,
        birth: int,
        age: int,
        kit: _GroupKit,
        region: int,
        address: str,
        citizenship: str,
        language: str,
        surname_from: _Draft | None,
        father: _Draft | None,
        siblings: Sequence[str] = (),
    ) -> _Draft:
        rng = self._rng
        era = _era_index(birth)
        given, own_father_name = self._given_name(sex, kit, era, siblings)
        if surname_from is not None:
            surname, bare = surname_from.surname, surname_from.bare_surname
        else:
            surname = kit.surnames[int(rng.random() * len(kit.surnames))]
            bare = rng.random() < kit.bare_surname_share
        father_name = father.father_name if father is not None else None
        if father_name is None:
            # a father who is not in the population still gave the child a patronymic
            father_birth = birth - int(_ABSENT_FATHER_AGE_AT_BIRTH * DAYS_PER_YEAR)
            father_name = kit.male_names[_era_index(father_birth)].draw()
        patronymic, patronymic_kk = self._patronymic(sex, kit, era, citizenship, father_name)
        draft = _Draft(
            birth,
            age,
            sex,
            kit,
            region,
            address,
            citizenship,
            language,
            surname,
            bare,
            given,
            own_father_name,
            patronymic,
            patronymic_kk,
        )
        self._drafts.append(draft)
        made = len(self._drafts)
        if self._progress is not None and made % PROGRESS_STEP == 0 and made < self._size:
            self._progress(made)
        return draft

    def _given_name(
        self, sex: str, kit: _GroupKit, era: int, siblings: Sequence[str]
    ) -> tuple[GivenName, FatherName | None]:
        for _ in range(4):  # brothers and sisters do not share a name
            if sex == "M":
                male = kit.male_names[era].draw()
                if male.name.kk not in siblings:
                    break
            else:
                female = kit.female_names[era].draw()
                if female.kk not in siblings:
                    break
        if sex == "M":
            return male.name, male
        return female, None

    def _patronymic(
        self, sex: str, kit: _GroupKit, era: int, citizenship: str, father: FatherName
    ) -> tuple[str | None, str | None]:
        rng = self._rng
        if citizenship == FOREIGNER and rng.random() < FOREIGNER_NO_PATRONYMIC_SHARE:
            return None, None
        if rng.random() < NO_PATRONYMIC_SHARE:
            return None, None
        son = sex == "M"
        if rng.random() < kit.kazakh_style_patronymic[era]:
            russian = father.son_ru_kazakh_style if son else father.daughter_ru_kazakh_style
        else:
            russian = father.son_ru if son else father.daughter_ru
        return russian, father.son_kk if son else father.daughter_kk

    def _language(self, kit: _GroupKit) -> str:
        return "kk" if self._rng.random() < kit.kazakh_language_share else "ru"

    def _issue_iins(self) -> None:
        # one tight pass: issuing numbers in between the family building runs twice as slow
        for draft in self._drafts:
            draft.iin = self._issue_iin(draft.birth, draft.sex)

    def _issue_iin(self, birth: int, sex: str) -> str:
        key = birth * 2 + (sex == "F")
        serial = self._serials.get(key)
        if serial is None:
            serial = int(self._rng.random() * _FIRST_SERIAL_SPREAD)
        birth_date = self._calendar.date(birth)
        while True:
            if serial > MAX_SERIAL:
                raise RuntimeError(f"no IIN serials left for {birth_date} ({sex})")
            iin = make_iin(birth_date, sex, serial)
            serial += 1
            if iin is not None:
                break
        self._serials[key] = serial
        return iin

    # --- finishing ---------------------------------------------------------------------------

    def _finish_all(self) -> list[GeneratedPerson]:
        drafts = self._drafts
        drafts.reverse()
        people: list[GeneratedPerson] = []
        while drafts:  # popping lets each draft go once its person and its children exist
            draft = drafts.pop()
            people.append(self._finish(draft))
            draft.spouse = None  # so that the couple's drafts do not hold on to each other
        return people

    def _finish(self, draft: _Draft) -> GeneratedPerson:
        rng = self._rng
        birth_dates = self._calendar.dates
        age = draft.age
        death = self._death_day(draft) if _DEATH_SHARE[age] else None
        alive = death is None
        insured = alive and rng.random() < _INSURED_SHARE[draft.sex][age]
        income = self._income(draft) if insured else None
        if age < 18:
            pension_years = savings = 0
        else:
            pension_years = self._pension_years(age, insured)
            savings = self._pension_savings(age, pension_years, income)
        last_name, last_name_kk = draft.surname.forms(draft.sex, draft.bare_surname)
        return GeneratedPerson(
            iin=draft.iin,
            last_name=last_name,
            first_name=draft.given.ru,
            patronymic=draft.patronymic,
            last_name_kk=last_name_kk,
            first_name_kk=draft.given.kk,
            patronymic_kk=draft.patronymic_kk,
            sex=draft.sex,
            birth_date=birth_dates[draft.birth],  # made when the IIN was issued
            citizenship=draft.citizenship,
            region=self._regions[draft.region].code,
            address=draft.address,
            mother_iin=None if draft.mother is None else draft.mother.iin,
            father_iin=None if draft.father is None else draft.father.iin,
            spouse_iin=None if draft.spouse is None else draft.spouse.iin,
            alive=alive,
            death_date=None if death is None else date.fromordinal(death),
            phone=self._phones.new() if alive and rng.random() < _PHONE_SHARE[age] else None,
            language=draft.language,
            has_bank_account=insured or rng.random() < _BANK_SHARE_WHEN_UNINSURED[age],
            insured=insured,
            monthly_income_kzt=income,
            pension_savings_kzt=savings,
            pension_years=pension_years,
        )

    def _death_day(self, draft: _Draft) -> int | None:
        if self._rng.random() >= _DEATH_SHARE[draft.age]:
            return None
        today = self._calendar.today
        earliest = max(
            draft.birth + int(_EARLIEST_DEATH_AGE * DAYS_PER_YEAR),
            draft.youngest_child + 1,
            today - int(_RECENT_DEATHS_YEARS * DAYS_PER_YEAR),
        )
        if earliest >= today:
            return None
        return earliest + int(self._rng.random() * (today - earliest))

    def _income(self, draft: _Draft) -> int:
        median = self._median_income[draft.region] * _INCOME_AGE_FACTOR[draft.age]
        income = median * math.exp(INCOME_SIGMA * self._rng.gauss(0.0, 1.0))
        return max(MINIMUM_WAGE_KZT, int(income))

    def _pension_years(self, age: int, insured: bool) -> int:
        rng = self._rng
        earliest, latest = _CAREER_START_AGES
        started = earliest + int(rng.random() * (latest - earliest + 1))
        worked = max(0, min(age, _RETIREMENT_AGE) - started)
        low, high = _YEARS_CONTRIBUTING_WHEN_INSURED if insured else _YEARS_CONTRIBUTING_OTHERWISE
        return min(MAX_PENSION_YEARS, round(worked * (low + (high - low) * rng.random())))

    def _pension_savings(self, age: int, pension_years: int, income: int | None) -> int:
        funded_years = min(pension_years, self._calendar.year - ENPF_FIRST_YEAR)
        if funded_years <= 0:
            return 0
        rng = self._rng
        if income is None:
            wage = _UNINSURED_WAGE_FACTOR * MEDIAN_INCOME_KZT
            wage *= math.exp(INCOME_SIGMA * rng.gauss(0.0, 1.0))
        else:
            wage = income
        contributions = wage * 12 * PENSION_CONTRIBUTION_RATE * funded_years * _PAST_WAGE_FACTOR
        savings = contributions * (1 + _YIELD_PER_FUNDED_YEAR * funded_years)
        savings *= 0.7 + 0.6 * rng.random()
        if age >= _RETIREMENT_AGE:
            savings *= _PENSIONER_SAVINGS_LEFT
        return int(savings)
