"""The synthetic population as columns, built with numpy: a million persons in a few seconds.

It follows the per-person generator (``generator.py``) step by step, with its figures: ages
and sexes drawn from the national pyramid and the regions' official population shares (the
south younger, the north older); each woman plans her births over her life (how many by the
region's fertility and her family's names, the first between 18 and 40, at least ten months
apart, occasional twins); the planned births of each region, name group and child's age are
matched at random with the persons of that age there, oldest first, so that the pyramid's
dips become dips in births; minors no plan matched join a woman of their region as a late
birth where ages and spacing allow; women then marry a man of their region of about their
age. Deaths, social insurance, incomes, pension savings, the vehicle register, marriage acts
and disability decisions follow the per-person generator's and the registries' seeding rules.

It carries what a simulation reads, not names, addresses or telephone numbers: the registries'
seeding takes its persons and records from these columns and adds those
(``mock_registries/seeding/people.py``). Everything is drawn from one
``numpy.random.Generator`` seeded with the seed, so a seed, a size and a date always give the
same columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from engine.kernel.iin import WEIGHTS_FIRST, WEIGHTS_SECOND
from mock_registries.population.generator import (
    _BANK_SHARE_WHEN_UNINSURED,
    _CAREER_START_AGES,
    _DEATH_SHARE,
    _EARLIEST_DEATH_AGE,
    _INCOME_AGE_FACTOR,
    _INSURED_SHARE,
    _LATE_BIRTH_MOTHER_AGE,
    _LATE_BIRTH_TRIES,
    _MARRIED_WITHOUT_CHILDREN,
    _PAST_WAGE_FACTOR,
    _PENSIONER_SAVINGS_LEFT,
    _RECENT_DEATHS_YEARS,
    _RETIREMENT_AGE,
    _UNINSURED_WAGE_FACTOR,
    _YEARS_CONTRIBUTING_OTHERWISE,
    _YEARS_CONTRIBUTING_WHEN_INSURED,
    _YIELD_PER_FUNDED_YEAR,
    AGE_BANDS,
    BIRTH_GAP_SCALE_DAYS,
    CHILD_SHARES_MOTHER_LANGUAGE,
    CITIZEN,
    DAYS_PER_YEAR,
    ENPF_FIRST_YEAR,
    FATHER_MIN_AGE_GAP,
    FIRST_BIRTH_AGE_MEAN,
    FIRST_BIRTH_AGE_SD,
    FOREIGNER,
    HUSBAND_AGE_GAP_MEAN,
    HUSBAND_AGE_GAP_SD,
    INCOME_SIGMA,
    KANDAS,
    LAST_BIRTH_AGE,
    LAST_FIRST_BIRTH_AGE,
    LIFETIME_BIRTHS,
    MARRIED_MOTHER_SHARE,
    MAX_AGE,
    MAX_PENSION_YEARS,
    MAX_SERIAL,
    MEDIAN_INCOME_KZT,
    MIN_BIRTH_SPACING_DAYS,
    MINIMUM_WAGE_KZT,
    MOTHER_MIN_AGE_AT_BIRTH,
    PENSION_CONTRIBUTION_RATE,
    PERMANENT_RESIDENT,
    RECENT_COHORT_EXTRA_CHILD,
    RECENT_COHORT_EXTRA_CHILD_UP_TO,
    RECENT_COHORT_FROM_YEAR,
    REGIONAL_AGE_TILT,
    RUSSIAN_NAME_LIFETIME_BIRTHS,
    TWIN_BIRTH_SHARE,
)
from mock_registries.population.regions import REGIONS, Fertility
from mock_registries.vehicles.catalogue import (
    _MODEL_YEAR_CODES,
    _VIN_VALUES,
    _VIN_WEIGHTS,
    MODELS,
    VIN_LETTERS,
)

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Days = npt.NDArray[np.datetime64]

MAX_VECTORISED_POPULATION = 20_000_000
SEXES = ("F", "M")
CITIZENSHIPS = (CITIZEN, KANDAS, PERMANENT_RESIDENT, FOREIGNER)
LANGUAGES = ("kk", "ru")
REGION_CODES = tuple(REGIONS)
KAZAKH, RUSSIAN = 0, 1
# by name group: citizenship shares (in CITIZENSHIPS' order), share speaking Kazakh
_CITIZENSHIP_SHARES = ((0.955, 0.030, 0.009, 0.006), (0.975, 0.0, 0.017, 0.008))
_KAZAKH_LANGUAGE_SHARE = (0.65, 0.03)
# The registers' seeding figures, read by mock_registries/vehicles/seed.py and disability/seed.py
# too; they live here because those modules bring the registries' database models, which take
# longer to import than a million persons take to generate.
# (first age, share of men, share of women owning a car)
SECOND_CAR_SHARE = 0.08
ORGANISATION_SHARE = 0.08
OWNERSHIP: tuple[tuple[int, float, float], ...] = (
    (18, 0.12, 0.04),
    (25, 0.38, 0.14),
    (35, 0.50, 0.19),
    (55, 0.40, 0.10),
    (70, 0.20, 0.04),
    (81, 0.0, 0.0),
)
# (first age, share of people with a disability decision)
SHARE_BY_AGE: tuple[tuple[int, float], ...] = (
    (0, 0.015),
    (18, 0.022),
    (40, 0.045),
    (60, 0.080),
    (75, 0.100),
)
GROUPS = ((1, 0.12), (2, 0.40), (3, 0.48))
SINCE_CHILDHOOD_SHARE = 0.12
EXPIRED_SHARE = 0.15
NO_TERM_SHARE_OLDER = 0.35
NO_TERM_SHARE = 0.10
OLDER = 45
_MAX_PLANNED = 9  # more births than any plan has, twins included
_EPOCH = date(1970, 1, 1).toordinal()
_NONE = np.int64(-1)


@dataclass(frozen=True)
class Vehicles:
    """Current registrations of the vehicle register (owner a person or an organisation)."""

    owner: Ints  # row of the owner, -1 for an organisation
    owner_bin: Ints  # 0 for a person
    vin: npt.NDArray[np.str_]
    model: Ints  # index into ``catalogue.MODELS``
    year: Ints
    engine_cc: Ints  # -1: none (electric)
    registration_date: Days


@dataclass(frozen=True)
class Marriages:
    husband: Ints
    wife: Ints
    marriage_date: Days


@dataclass(frozen=True)
class Decisions:
    """Disability decisions (of the register, in force or not)."""

    person: Ints
    group: Ints
    cause: Ints  # index into DISABILITY_CAUSES
    valid_from: Days
    valid_to: Days  # NaT: no end


DISABILITY_CAUSES = ("child", "childhood", "general")


@dataclass(frozen=True)
class PopulationColumns:
    """One row per person; codes index the module's label tuples, relatives are rows."""

    today: date
    iin: Ints
    sex: Ints  # SEXES
    birth_date: Days
    region: Ints  # REGION_CODES
    citizenship: Ints  # CITIZENSHIPS
    language: Ints  # LANGUAGES
    name_group: Ints  # KAZAKH or RUSSIAN: the family's names (the registries' seeding names them)
    mother: Ints  # -1: not in the population
    father: Ints
    spouse: Ints
    alive: Bools
    death_date: Days  # NaT when alive
    has_bank_account: Bools
    insured: Bools
    monthly_income_kzt: Ints  # 0 when not insured
    pension_savings_kzt: Ints
    pension_years: Ints
    vehicles: Vehicles
    marriages: Marriages
    decisions: Decisions

    @property
    def size(self) -> int:
        return int(self.iin.size)


def generate_columns(seed: int, size: int, today: date) -> PopulationColumns:
    """``size`` persons living in Kazakhstan on ``today`` as columns; the same arguments
    always give the same columns."""
    if not 1 <= size <= MAX_VECTORISED_POPULATION:
        raise ValueError(f"size must be between 1 and {MAX_VECTORISED_POPULATION:,}, got {size}")
    return _Builder(np.random.default_rng(seed), size, today).build()


def _days(value: date) -> int:
    return value.toordinal() - _EPOCH


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def _group_starts(keys: Ints) -> tuple[Ints, Ints]:
    """For keys sorted ascending: the start of each row's group and each row's rank in it."""
    first = np.searchsorted(keys, keys, side="left").astype(np.int64)
    return first, np.arange(keys.size, dtype=np.int64) - first


def _pair(rng: np.random.Generator, left: Ints, right: Ints) -> tuple[Ints, Ints]:
    """Random pairs of a left and a right row with equal keys, as many as both sides allow:
    the indices into ``left`` and ``right``."""
    if left.size == 0 or right.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    ranked = []
    for keys in (left, right):
        shuffled = rng.permutation(keys.size)
        order = shuffled[np.argsort(keys[shuffled], kind="stable")]
        _, rank = _group_starts(keys[order])
        ranked.append((order, keys[order] * (1 << 26) + rank))
    (left_order, left_code), (right_order, right_code) = ranked
    _, at_left, at_right = np.intersect1d(
        left_code, right_code, assume_unique=True, return_indices=True
    )
    return left_order[at_left].astype(np.int64), right_order[at_right].astype(np.int64)


def _cumulative_choice(rng: np.random.Generator, weights: Sequence[float], count: int) -> Ints:
    edges = np.cumsum(np.asarray(weights, dtype=np.float64))
    picked: Ints = np.searchsorted(edges, rng.random(count) * edges[-1], side="right")
    return np.minimum(picked, len(weights) - 1).astype(np.int64)


class _Builder:
    def __init__(self, rng: np.random.Generator, size: int, today: date) -> None:
        self.rng = rng
        self.size = size
        self.today = today
        self.today_day = _days(today)
        self.regions = tuple(REGIONS.values())
        # first and last day of birth of someone of each whole age today
        cutoffs = np.array([_days(_years_before(today, n)) for n in range(MAX_AGE + 2)])
        self.first_birth = cutoffs[1:] + 1
        self.last_birth = cutoffs[:-1]
        self.recent_cohort = _days(date(RECENT_COHORT_FROM_YEAR, 1, 1))

    def age_of(self, days: Ints) -> Ints:
        """Whole years today of someone born on each day."""
        ascending = self.first_birth[::-1]
        ages: Ints = MAX_AGE - (np.searchsorted(ascending, days, side="right") - 1)
        return ages.astype(np.int64)

    def build(self) -> PopulationColumns:
        rng = self.rng
        region, sex, age = self._pyramid()
        size = self.size
        russian_share = np.array([r.russian_name_share for r in self.regions])
        kit = (rng.random(size) < russian_share[region]).astype(np.int64)
        birth = self.first_birth[age] + (
            rng.random(size) * (self.last_birth[age] - self.first_birth[age] + 1)
        ).astype(np.int64)
        mother = self._mothers(region, sex, age, kit, birth)
        self._late_births(region, sex, age, kit, birth, mother)
        spouse = self._marry(region, sex, age, kit, birth, mother)
        father = np.where(mother >= 0, spouse[np.maximum(mother, 0)], _NONE)
        # a husband not old enough to be a child's father is not its father
        gap = int(FATHER_MIN_AGE_GAP * DAYS_PER_YEAR)
        young = (father >= 0) & (birth[np.maximum(father, 0)] + gap > birth)
        father[young] = _NONE
        citizenship, language = self._status(kit, age, mother)
        youngest_child = np.zeros(size, dtype=np.int64)
        for parent in (mother, father):
            linked = parent >= 0
            np.maximum.at(youngest_child, parent[linked], birth[linked])
        death = self._deaths(age, birth, youngest_child)
        alive = death < 0
        insured = alive & (rng.random(size) < np.asarray(_INSURED_SHARE_BY_SEX)[sex, age])
        income = self._incomes(region, age, insured)
        years, savings = self._pensions(age, insured, income)
        bank = insured | (rng.random(size) < np.asarray(_BANK_SHARE_WHEN_UNINSURED)[age])
        iin = _issue_iins(rng, birth, sex)
        birth_dates = birth.astype("datetime64[D]")
        death_dates = np.where(alive, np.datetime64("NaT"), death.astype("datetime64[D]"))
        return PopulationColumns(
            today=self.today,
            iin=iin,
            sex=sex,
            birth_date=birth_dates,
            region=region,
            citizenship=citizenship,
            language=language,
            name_group=kit,
            mother=mother,
            father=father,
            spouse=spouse,
            alive=alive,
            death_date=death_dates.astype("datetime64[D]"),
            has_bank_account=bank,
            insured=insured,
            monthly_income_kzt=income,
            pension_savings_kzt=savings,
            pension_years=years,
            vehicles=self._vehicles(region, sex, age, birth, death),
            marriages=self._marriages(spouse, sex, birth, death, mother, father),
            decisions=self._decisions(age, birth, alive),
        )

    # --- the pyramid -----------------------------------------------------------------------

    def _pyramid(self) -> tuple[Ints, Ints, Ints]:
        ages = np.arange(MAX_AGE + 1)
        national = np.zeros((2, MAX_AGE + 1))
        for first, share, male in AGE_BANDS:
            national[1, first : first + 5] = share / 5 * male
            national[0, first : first + 5] = share / 5 * (1 - male)
        tilts = {f: self._tilt(f, ages) for f in Fertility}
        mixed = sum(r.share * tilts[r.fertility] for r in self.regions)
        weights = []
        for place in self.regions:
            regional = national * tilts[place.fertility] / mixed
            weights.append(place.share * regional / regional.sum())
        cells = np.stack(weights)  # region, sex, age
        counts = self.rng.multinomial(self.size, cells.ravel() / cells.sum())
        index = np.repeat(np.arange(counts.size), counts)
        region, rest = np.divmod(index, 2 * (MAX_AGE + 1))
        sex, age = np.divmod(rest, MAX_AGE + 1)
        return region.astype(np.int64), sex.astype(np.int64), age.astype(np.int64)

    @staticmethod
    def _tilt(fertility: Fertility, ages: Ints) -> Floats:
        factor = np.ones(ages.size)
        for first, step in REGIONAL_AGE_TILT[fertility]:
            factor[ages >= first] = step
        return factor

    # --- mothers ---------------------------------------------------------------------------

    def _plans(self, women: Ints, birth: Ints, region: Ints, kit: Ints) -> tuple[Ints, Ints]:
        """The births each woman plans over her life, up to today: (woman, day) pairs."""
        rng = self.rng
        count = women.size
        fertility = np.array([list(Fertility).index(r.fertility) for r in self.regions])
        target = np.zeros(count, dtype=np.int64)
        for level, fert in enumerate(Fertility):
            for group, shares in (
                (KAZAKH, LIFETIME_BIRTHS[fert]),
                (RUSSIAN, RUSSIAN_NAME_LIFETIME_BIRTHS),
            ):
                chosen = (fertility[region[women]] == level) & (kit[women] == group)
                target[chosen] = _cumulative_choice(rng, shares, int(chosen.sum()))
        own = birth[women]
        extra = (
            (target > 0)
            & (target <= RECENT_COHORT_EXTRA_CHILD_UP_TO)
            & (own >= self.recent_cohort)
            & (rng.random(count) < RECENT_COHORT_EXTRA_CHILD)
        )
        target += extra
        first_age = np.clip(
            rng.normal(FIRST_BIRTH_AGE_MEAN, FIRST_BIRTH_AGE_SD, count),
            MOTHER_MIN_AGE_AT_BIRTH,
            LAST_FIRST_BIRTH_AGE,
        )
        gaps = MIN_BIRTH_SPACING_DAYS + (
            -BIRTH_GAP_SCALE_DAYS
            * np.log(
                (1.0 - rng.random((count, _MAX_PLANNED)))
                * (1.0 - rng.random((count, _MAX_PLANNED)))
            )
        ).astype(np.int64)
        gaps[:, 0] = np.ceil(first_age * DAYS_PER_YEAR).astype(np.int64)
        days = own[:, None] + np.cumsum(gaps, axis=1)
        last = own + int(LAST_BIRTH_AGE * DAYS_PER_YEAR)
        wanted = (np.arange(_MAX_PLANNED)[None, :] < target[:, None]) & (days <= last[:, None])
        wanted &= days <= self.today_day
        twins = wanted & (rng.random(wanted.shape) < TWIN_BIRTH_SHARE)
        who = np.concatenate([np.nonzero(wanted)[0], np.nonzero(twins)[0]])
        when = np.concatenate([days[wanted], days[twins]])
        return women[who], when

    def _mothers(self, region: Ints, sex: Ints, age: Ints, kit: Ints, birth: Ints) -> Ints:
        """Each person's mother (-1: none), oldest generation first: the births women of an
        age planned are matched with the persons of each child's age, region and name group;
        a matched person takes the planned day as birthday."""
        size = self.size
        mother = np.full(size, -1, dtype=np.int64)
        by_age = np.argsort(age, kind="stable")
        starts = np.searchsorted(age[by_age], np.arange(MAX_AGE + 2))
        cell = (region * 2 + kit) * (MAX_AGE + 1)
        pending: list[list[tuple[Ints, Ints]]] = [[] for _ in range(MAX_AGE + 1)]
        for current in range(MAX_AGE, -1, -1):
            persons = by_age[starts[current] : starts[current + 1]]
            if pending[current] and persons.size:
                woman = np.concatenate([w for w, _ in pending[current]])
                day = np.concatenate([d for _, d in pending[current]])
                at_plan, at_person = _pair(self.rng, cell[woman] + current, cell[persons] + current)
                matched = persons[at_person]
                mother[matched] = woman[at_plan]
                birth[matched] = day[at_plan]
            pending[current] = []
            women = persons[(sex[persons] == 0) & (current >= MOTHER_MIN_AGE_AT_BIRTH)]
            if women.size:
                woman, day = self._plans(women, birth, region, kit)
                child_age = self.age_of(day)
                order = np.argsort(child_age, kind="stable")
                woman, day, child_age = woman[order], day[order], child_age[order]
                bounds = np.searchsorted(child_age, np.arange(MAX_AGE + 2))
                for child in range(current):
                    if bounds[child] < bounds[child + 1]:
                        part = slice(bounds[child], bounds[child + 1])
                        pending[child].append((woman[part], day[part]))
        return mother

    def _late_births(
        self, region: Ints, sex: Ints, age: Ints, kit: Ints, birth: Ints, mother: Ints
    ) -> None:
        """Minors no plan matched join a woman of their region and name group where her age
        and the spacing from her other children allow (else they have no mother on record)."""
        rng = self.rng
        women = np.nonzero((sex == 0) & (age >= MOTHER_MIN_AGE_AT_BIRTH))[0]
        cell = ((region * 2 + kit) * (MAX_AGE + 1) + age)[women]
        order = np.argsort(cell, kind="stable")
        women, cell = women[order], cell[order]
        low = int(MOTHER_MIN_AGE_AT_BIRTH * DAYS_PER_YEAR) + 1
        high = int(LAST_BIRTH_AGE * DAYS_PER_YEAR)
        mean, spread = _LATE_BIRTH_MOTHER_AGE
        children = np.nonzero(mother >= 0)[0]
        key = np.sort(mother[children] * 100_000 + birth[children])
        for _ in range(_LATE_BIRTH_TRIES):
            left = np.nonzero((mother < 0) & (age < MOTHER_MIN_AGE_AT_BIRTH))[0]
            if left.size == 0 or women.size == 0:
                return
            gap = np.clip(
                rng.normal(mean, spread, left.size), MOTHER_MIN_AGE_AT_BIRTH, LAST_BIRTH_AGE - 1
            )
            want = (region[left] * 2 + kit[left]) * (MAX_AGE + 1) + age[left] + gap.astype(np.int64)
            first = np.searchsorted(cell, want, side="left")
            count = np.searchsorted(cell, want, side="right") - first
            has = count > 0
            left, first, count = left[has], first[has], count[has]
            pick = women[first + (rng.random(left.size) * count).astype(np.int64)]
            lo = np.maximum(self.first_birth[age[left]], birth[pick] + low)
            hi = np.minimum(self.last_birth[age[left]], birth[pick] + high)
            ok = lo <= hi
            left, pick, lo, hi = left[ok], pick[ok], lo[ok], hi[ok]
            day = lo + (rng.random(left.size) * (hi - lo + 1)).astype(np.int64)
            # one new child per woman and try, at least ten months from her other children
            _, once = np.unique(pick, return_index=True)
            left, pick, day = left[once], pick[once], day[once]
            wanted = pick * 100_000 + day
            after = np.searchsorted(key, wanted)
            spaced = np.ones(left.size, dtype=bool)
            for neighbour in (after - 1, after):
                inside = (neighbour >= 0) & (neighbour < key.size)
                other = key[np.clip(neighbour, 0, max(key.size - 1, 0))] if key.size else wanted
                same = inside & (other // 100_000 == pick)
                spaced &= ~same | (np.abs(other - wanted) >= MIN_BIRTH_SPACING_DAYS)
            mother[left[spaced]] = pick[spaced]
            birth[left[spaced]] = day[spaced]
            added = np.sort(wanted[spaced])
            key = np.insert(key, np.searchsorted(key, added), added)

    # --- couples ---------------------------------------------------------------------------

    def _marry(
        self, region: Ints, sex: Ints, age: Ints, kit: Ints, birth: Ints, mother: Ints
    ) -> Ints:
        rng = self.rng
        size = self.size
        spouse = np.full(size, -1, dtype=np.int64)
        oldest = np.full(size, np.iinfo(np.int64).max, dtype=np.int64)
        linked = mother >= 0
        np.minimum.at(oldest, mother[linked], birth[linked])
        has_children = oldest < np.iinfo(np.int64).max
        adult_women = (sex == 0) & (age >= MOTHER_MIN_AGE_AT_BIRTH)
        share = np.where(
            has_children, MARRIED_MOTHER_SHARE, np.asarray(_MARRIED_WITHOUT_CHILDREN)[age]
        )
        wives = np.nonzero(adult_women & (rng.random(size) < share))[0]
        oldest_age = np.where(
            has_children[wives], self.age_of(np.minimum(oldest[wives], self.today_day)), 0
        )
        youngest = np.maximum(18, oldest_age + FATHER_MIN_AGE_GAP)
        gap = np.round(rng.normal(HUSBAND_AGE_GAP_MEAN, HUSBAND_AGE_GAP_SD, wives.size))
        target = np.maximum(youngest, age[wives] + gap.astype(np.int64))
        group = (region * 2 + kit) * (MAX_AGE + 1)
        free = (sex == 1) & (age >= 18)
        for offset in (0, 1, -1, 2, -2, 3):
            husband_age = target + offset
            fits = (spouse[wives] < 0) & (husband_age >= youngest) & (husband_age <= MAX_AGE)
            seeking = wives[fits]
            men = np.nonzero(free)[0]
            at_wife, at_man = _pair(rng, group[seeking] + husband_age[fits], group[men] + age[men])
            wife, man = seeking[at_wife], men[at_man]
            spouse[wife] = man
            spouse[man] = wife
            free[man] = False
        # a brother, or the mother's husband, drawn by chance stays single instead
        wife = np.nonzero((sex == 0) & (spouse >= 0))[0]
        husband = spouse[wife]
        mothers = mother[wife]
        related = (mothers >= 0) & (mother[husband] == mothers)
        related |= (mothers >= 0) & (spouse[np.maximum(mothers, 0)] == husband)
        spouse[wife[related]] = _NONE
        spouse[husband[related]] = _NONE
        return spouse

    def _status(self, kit: Ints, age: Ints, mother: Ints) -> tuple[Ints, Ints]:
        rng = self.rng
        size = self.size
        citizenship = np.zeros(size, dtype=np.int64)
        language = np.zeros(size, dtype=np.int64)
        for group in (KAZAKH, RUSSIAN):
            members = kit == group
            count = int(members.sum())
            citizenship[members] = _cumulative_choice(rng, _CITIZENSHIP_SHARES[group], count)
            language[members] = rng.random(count) >= _KAZAKH_LANGUAGE_SHARE[group]
        # minors share their mother's status; most children speak their mother's language
        minor = (mother >= 0) & (age < 18)
        citizenship[minor] = citizenship[mother[minor]]
        follows = (mother >= 0) & (rng.random(size) < CHILD_SHARES_MOTHER_LANGUAGE)
        for _ in range(MAX_AGE // MOTHER_MIN_AGE_AT_BIRTH + 1):  # generation by generation
            language[follows] = language[mother[follows]]
        return citizenship, language

    # --- lives -----------------------------------------------------------------------------

    def _deaths(self, age: Ints, birth: Ints, youngest_child: Ints) -> Ints:
        """Day of death of those who died in the last few years (-1: alive)."""
        rng = self.rng
        share = np.asarray(_DEATH_SHARE)[age]
        died = rng.random(self.size) < share
        earliest = np.maximum.reduce(
            [
                birth + int(_EARLIEST_DEATH_AGE * DAYS_PER_YEAR),
                youngest_child + 1,
                np.full(self.size, self.today_day - int(_RECENT_DEATHS_YEARS * DAYS_PER_YEAR)),
            ]
        )
        died &= earliest < self.today_day
        day = earliest + (rng.random(self.size) * (self.today_day - earliest)).astype(np.int64)
        return np.where(died, day, _NONE)

    def _incomes(self, region: Ints, age: Ints, insured: Bools) -> Ints:
        factor = np.array([r.income_factor for r in self.regions])
        mean = sum(r.share * r.income_factor for r in self.regions)
        median = MEDIAN_INCOME_KZT * factor[region] / mean * np.asarray(_INCOME_AGE_FACTOR)[age]
        income = median * np.exp(INCOME_SIGMA * self.rng.standard_normal(self.size))
        wage = np.maximum(MINIMUM_WAGE_KZT, income.astype(np.int64))
        return np.where(insured, wage, 0)

    def _pensions(self, age: Ints, insured: Bools, income: Ints) -> tuple[Ints, Ints]:
        rng = self.rng
        size = self.size
        earliest, latest = _CAREER_START_AGES
        started = rng.integers(earliest, latest + 1, size)
        worked = np.maximum(0, np.minimum(age, _RETIREMENT_AGE) - started)
        low = np.where(
            insured, _YEARS_CONTRIBUTING_WHEN_INSURED[0], _YEARS_CONTRIBUTING_OTHERWISE[0]
        )
        high = np.where(
            insured, _YEARS_CONTRIBUTING_WHEN_INSURED[1], _YEARS_CONTRIBUTING_OTHERWISE[1]
        )
        years = np.minimum(
            MAX_PENSION_YEARS, np.round(worked * (low + (high - low) * rng.random(size)))
        )
        years = np.where(age < 18, 0, years).astype(np.int64)
        funded = np.minimum(years, self.today.year - ENPF_FIRST_YEAR)
        past = (
            _UNINSURED_WAGE_FACTOR
            * MEDIAN_INCOME_KZT
            * np.exp(INCOME_SIGMA * rng.standard_normal(size))
        )
        wage = np.where(insured, income, past)
        contributions = wage * 12 * PENSION_CONTRIBUTION_RATE * funded * _PAST_WAGE_FACTOR
        savings = (
            contributions * (1 + _YIELD_PER_FUNDED_YEAR * funded) * (0.7 + 0.6 * rng.random(size))
        )
        savings = np.where(age >= _RETIREMENT_AGE, savings * _PENSIONER_SAVINGS_LEFT, savings)
        return years, np.where(funded > 0, savings, 0).astype(np.int64)

    # --- the registers' records ------------------------------------------------------------

    def _vehicles(self, region: Ints, sex: Ints, age: Ints, birth: Ints, death: Ints) -> Vehicles:
        rng = self.rng
        ownership = _ownership_table()
        adults = np.nonzero((death < 0) & (age >= 18))[0]
        owners = adults[rng.random(adults.size) < ownership[sex[adults], age[adults]]]
        second = owners[rng.random(owners.size) < SECOND_CAR_SHARE]
        since = self.today_day - 365
        dead = np.nonzero((death > since) & (death <= self.today_day))[0]
        age_at_death = self.age_of(birth[dead]) - self.age_of(death[dead])
        dead = dead[
            (age_at_death >= 18)
            & (rng.random(dead.size) < ownership[sex[dead], np.clip(age_at_death, 0, MAX_AGE)])
        ]
        people = np.concatenate([owners, second, dead])
        latest = np.concatenate([np.full(owners.size + second.size, self.today_day), death[dead]])
        earliest = _add_years(birth[people], 18)  # the 18th birthday itself, not 6,574 days
        organisations = int(owners.size * ORGANISATION_SHARE) if owners.size else 0
        bins = _organisation_bins(rng, max(1, (owners.size + second.size) // 40))
        owner = np.concatenate([people, np.full(organisations, -1, dtype=np.int64)])
        owner_bin = np.concatenate(
            [np.zeros(people.size, dtype=np.int64), bins[rng.integers(0, bins.size, organisations)]]
        )
        earliest = np.concatenate([earliest, np.full(organisations, _days(date(2000, 1, 1)))])
        latest = np.concatenate([latest, np.full(organisations, self.today_day)])
        count = owner.size
        weights = [m.weight for m in MODELS]
        model = _cumulative_choice(rng, weights, count)
        first_year = np.array([m.first_year for m in MODELS])[model]
        last_year = np.minimum(np.array([m.last_year for m in MODELS])[model], _year_of(latest))
        span = last_year - first_year
        tri = rng.triangular(0, np.maximum(span, 0) * 0.35 + 1e-9, np.maximum(span, 0) + 1)
        year = np.where(span <= 0, last_year, last_year - tri.astype(np.int64))
        january = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]").astype(np.int64)
        start = np.maximum(earliest, january)
        registered = np.where(
            start >= latest,
            latest,
            start + (rng.random(count) * (latest - start + 1)).astype(np.int64),
        )
        engines = np.full((len(MODELS), 3), -1, dtype=np.int64)
        choices = np.ones(len(MODELS), dtype=np.int64)
        for index, candidate in enumerate(MODELS):
            engines[index, : len(candidate.engines)] = candidate.engines
            choices[index] = max(1, len(candidate.engines))
        engine_cc = engines[model, (rng.random(count) * choices[model]).astype(np.int64)]
        return Vehicles(
            owner=owner,
            owner_bin=owner_bin,
            vin=_vins(rng, model, year),
            model=model,
            year=year.astype(np.int64),
            engine_cc=engine_cc,
            registration_date=registered.astype("datetime64[D]"),
        )

    def _marriages(
        self, spouse: Ints, sex: Ints, birth: Ints, death: Ints, mother: Ints, father: Ints
    ) -> Marriages:
        """A marriage act for every couple: some months before their first child, or some day
        since both were 18."""
        rng = self.rng
        wife = np.nonzero((sex == 0) & (spouse >= 0))[0]
        husband = spouse[wife]
        adult = int(np.ceil(18 * DAYS_PER_YEAR))  # 18 years are at most 6,575 days
        earliest = np.maximum(birth[wife], birth[husband]) + adult
        latest = np.full(wife.size, self.today_day)
        for partner in (wife, husband):
            latest = np.where(death[partner] >= 0, np.minimum(latest, death[partner]), latest)
        first_child = np.full(self.size, np.iinfo(np.int64).max, dtype=np.int64)
        common = (mother >= 0) & (father >= 0)
        np.minimum.at(first_child, mother[common], birth[common])
        child = first_child[wife]
        before = child - rng.integers(120, 901, wife.size)
        latest = np.where(child < np.iinfo(np.int64).max, np.minimum(latest, before), latest)
        span = np.maximum(latest - earliest, 0)
        wait = np.minimum(span, rng.exponential(1500, wife.size).astype(np.int64))
        day = np.where(latest <= earliest, earliest, earliest + wait)
        return Marriages(husband, wife, day.astype("datetime64[D]"))

    def _decisions(self, age: Ints, birth: Ints, alive: Bools) -> Decisions:
        rng = self.rng
        share = np.zeros(MAX_AGE + 1)
        for first, value in SHARE_BY_AGE:
            share[first:] = value
        person = np.nonzero(alive & (rng.random(self.size) < share[age]))[0]
        count = person.size
        years = age[person]
        group = np.array([g for g, _ in GROUPS])[
            _cumulative_choice(rng, [w for _, w in GROUPS], count)
        ]
        child = years < 18
        cause = np.where(
            child, 0, np.where(rng.random(count) < SINCE_CHILDHOOD_SHARE, 1, 2)
        ).astype(np.int64)
        term = np.where(child, rng.integers(1, 6, count), np.where(group == 1, 2, 1))
        lasting = ~child & (
            rng.random(count) < np.where(years >= OLDER, NO_TERM_SHARE_OLDER, NO_TERM_SHARE)
        )
        expired = ~lasting & (rng.random(count) < EXPIRED_SHARE)
        back = np.where(
            lasting,
            rng.integers(30, 15 * 365 + 1, count),
            np.where(
                expired,
                term * 365 + rng.integers(30, 701, count),
                1 + (rng.random(count) * (term * 365 - 1)).astype(np.int64),
            ),
        )
        born = birth[person]
        valid_from = np.maximum(born, self.today_day - back)
        of_age = _add_years(born, 18)
        valid_from = np.where(~child & (valid_from < of_age), of_age, valid_from)
        valid_to = _add_years(valid_from, term) - 1
        valid_to = np.where(child, np.minimum(valid_to, of_age - 1), valid_to)
        keep = (valid_from <= self.today_day) & (lasting | (valid_to > valid_from))
        ends = np.where(lasting, np.datetime64("NaT"), valid_to.astype("datetime64[D]"))
        return Decisions(
            person[keep],
            group[keep].astype(np.int64),
            cause[keep],
            valid_from[keep].astype("datetime64[D]"),
            ends[keep].astype("datetime64[D]"),
        )


_INSURED_SHARE_BY_SEX = (_INSURED_SHARE["F"], _INSURED_SHARE["M"])


def _ownership_table() -> Floats:
    table = np.zeros((2, MAX_AGE + 1))
    for first, men, women in OWNERSHIP:
        table[1, first:] = men
        table[0, first:] = women
    return table


def _year_of(days: Ints) -> Ints:
    years: Ints = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


def _add_years(days: Ints, years: Ints | int) -> Ints:
    """The same day ``years`` later (28 February for 29 February in a common year)."""
    from engine.kernel.vector import add_months_v

    shifted = add_months_v(days.astype("datetime64[D]"), np.asarray(years, dtype=np.int64) * 12)
    result: Ints = np.asarray(shifted, dtype="datetime64[D]").astype(np.int64)
    return result


def _check_digits(first: Ints) -> Ints:
    """The IIN/BIN check digit of eleven-digit numbers (-1: such a number is never issued)."""
    once = np.zeros(first.size, dtype=np.int64)
    twice = np.zeros(first.size, dtype=np.int64)
    rest = first.copy()
    for position in range(10, -1, -1):  # the last digit first
        rest, digit = np.divmod(rest, 10)
        once += digit * WEIGHTS_FIRST[position]
        twice += digit * WEIGHTS_SECOND[position]
    once %= 11
    check = np.where(once == 10, twice % 11, once)
    return np.where(check == 10, -1, check)


def _issue_iins(rng: np.random.Generator, birth: Ints, sex: Ints) -> Ints:
    """Valid, distinct IINs: the birth date, the century-and-sex digit, a serial and the
    check digit; serials of one day and sex follow on from a random start below 3000,
    skipping those that are never issued."""
    days = birth.astype("datetime64[D]")
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    day = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    century = np.where(year >= 2000, 5, np.where(year >= 1900, 3, 1)) + (sex == 0)
    head = ((year % 100) * 10_000 + month * 100 + day) * 10 + century  # seven digits
    order = np.argsort(head, kind="stable")
    heads, first_of, _ = np.unique(head[order], return_index=True, return_counts=True)
    counts = np.diff(np.r_[first_of, order.size])
    starts = rng.integers(0, 3000, heads.size)
    slack = counts + 4 + counts // 20  # about one serial in 120 is never issued
    candidate_head = np.repeat(heads, slack)
    offset = np.arange(slack.sum()) - np.repeat(np.cumsum(slack) - slack, slack)
    serial = np.repeat(starts, slack) + offset
    check = _check_digits(candidate_head * 10_000 + serial)
    valid = (check >= 0) & (serial <= MAX_SERIAL)
    running = np.cumsum(valid)
    before = np.r_[0, running[np.cumsum(slack)[:-1] - 1]]
    rank = running - np.repeat(before, slack)  # valid serials of the day so far, this one included
    use = valid & (rank <= np.repeat(counts, slack))
    if int(use.sum()) != birth.size:
        raise RuntimeError("no IIN serials left for a day of birth")
    iins = (candidate_head[use] * 10_000 + serial[use]) * 10 + check[use]
    result = np.empty(birth.size, dtype=np.int64)
    result[order] = iins
    return result


def _organisation_bins(rng: np.random.Generator, count: int) -> Ints:
    """Valid BINs of resident legal entities (type 4, head office 0)."""
    serial = np.arange(1, 2 * count + 20, dtype=np.int64)
    year = rng.integers(0, 25, serial.size)
    month = rng.integers(1, 13, serial.size)
    first = ((year * 100 + month) * 100 + 40) * 100_000 + serial
    check = _check_digits(first)
    bins: Ints = (first * 10 + check)[check >= 0][:count]
    return bins


def _vins(rng: np.random.Generator, model: Ints, year: Ints) -> npt.NDArray[np.str_]:
    """17-character VINs in the format of ``catalogue.make_vin`` (manufacturer, descriptor,
    check digit, model year, plant, serial), unique by their serial."""
    count = model.size
    letters = np.frombuffer(VIN_LETTERS.encode(), dtype=np.uint8)
    wmis = np.frombuffer("".join(m.wmi for m in MODELS).encode(), dtype=np.uint8).reshape(-1, 3)
    codes = np.frombuffer(_MODEL_YEAR_CODES.encode(), dtype=np.uint8)
    chars = np.empty((count, 17), dtype=np.uint8)
    chars[:, :3] = wmis[model]
    chars[:, 3:8] = letters[rng.integers(0, letters.size, (count, 5))]
    chars[:, 9] = codes[(year - 1980) % 30]
    chars[:, 10] = letters[rng.integers(0, letters.size, count)]
    serial = np.arange(1, count + 1, dtype=np.int64) % 1_000_000
    for position in range(16, 10, -1):
        serial, digit = np.divmod(serial, 10)
        chars[:, position] = ord("0") + digit
    values = np.zeros(256, dtype=np.int64)
    for char, value in _VIN_VALUES.items():
        values[ord(char)] = value
    chars[:, 8] = ord("0")
    remainder = (values[chars] @ np.asarray(_VIN_WEIGHTS, dtype=np.int64)) % 11
    chars[:, 8] = np.where(remainder == 10, ord("X"), ord("0") + remainder)
    vins: npt.NDArray[np.str_] = chars.view("S17").ravel().astype(str)
    return vins
