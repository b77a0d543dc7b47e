"""A population held as columns (one numpy array per fact field), for simulation.

Built from any sequence of person records that carry the population register's fields; family
facts the registers derive (birth order, children, household, spouse) are derived here from
the parent and spouse links, the way the population register reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np

from engine.kernel.dates import add_months
from engine.kernel.dictionary import LOOKUPS, FieldType
from engine.kernel.vector import Array, Categorical, Column, ListLengths, age_on_v

CATEGORICAL = ("sex", "citizenship", "region", "language")


def iin_numbers(values: Sequence[str | None]) -> Array:
    """IINs as int64 (0 for none): joins between columns are then plain numpy searches."""
    return np.fromiter((int(v) if v else 0 for v in values), dtype=np.int64, count=len(values))


def _categorical(values: Sequence[Any]) -> Categorical:
    labels, codes = np.unique(np.asarray(values, dtype=object).astype(str), return_inverse=True)
    return Categorical(codes.astype(np.int32), labels.astype(object))


def _dates(values: Sequence[date | None]) -> tuple[Array, Array]:
    present = np.fromiter((v is not None for v in values), dtype=bool, count=len(values))
    days = np.array(
        [v if v is not None else date(1970, 1, 1) for v in values], dtype="datetime64[D]"
    )
    return days, present


@dataclass
class RecordTable:
    """Records that are not persons (vehicle registrations, marriage acts...): columns named
    ``<records>.<field>``, one row per record."""

    size: int
    columns: dict[str, Column]


@dataclass
class Population:
    """Person-keyed columns: ``lookup.field`` -> Column, one row per person.

    Columns and record tables that only some rules need (the registers' vehicles, marriages,
    disability decisions) are built on first use from ``lazy_columns`` and ``record_sources``.
    """

    size: int
    as_of: date
    iins: Array
    columns: dict[str, Column] = field(default_factory=dict)
    lazy_columns: dict[str, Callable[[Population], Column]] = field(default_factory=dict)
    record_sources: dict[str, Callable[[Population], RecordTable]] = field(default_factory=dict)
    _tables: dict[str, RecordTable] = field(default_factory=dict)
    _order: Array | None = None
    _sorted: Array | None = None
    _records: dict[str, Array] = field(default_factory=dict)

    def records(self, name: str) -> RecordTable | None:
        """The records a simulation finds events among (None: the population has none)."""
        if name == "person":
            for key in [k for k in self.lazy_columns if k.startswith("person.")]:
                self.field(key)
            person = {k: v for k, v in self.columns.items() if k.startswith("person.")}
            return RecordTable(self.size, person)
        if name not in self._tables:
            make = self.record_sources.get(name)
            if make is None:
                return None
            self._tables[name] = make(self)
        return self._tables[name]

    def index_of(self, numbers: Array) -> Array:
        """Row of each IIN (int64), -1 where it is not in the population."""
        if self._order is None or self._sorted is None:
            self._order = np.argsort(self.iins, kind="stable")
            self._sorted = self.iins[self._order]
        sorted_iins = self._sorted
        positions = np.searchsorted(sorted_iins, numbers)
        positions = np.clip(positions, 0, max(self.size - 1, 0))
        found = (sorted_iins[positions] == numbers) & (numbers != 0)
        result: Array = np.where(found, self._order[positions], -1)
        return result

    def column(self, lookup: str, name: str) -> Column | None:
        if lookup == "spouse":
            return self.column("person", name)
        key = f"{lookup}.{name}"
        if key not in self.columns and key in self.lazy_columns:
            self.columns[key] = self.lazy_columns[key](self)
        return self.columns.get(key)

    def field(self, key: str) -> Column:
        """The column ``<lookup>.<field>``, built or read on first use (KeyError: none)."""
        lookup, _, name = key.partition(".")
        column = self.column(lookup, name)
        if column is None:
            raise KeyError(key)
        return column

    def has_record(self, lookup: str) -> Array:
        """Rows for which the lookup's registry has a record: some field has a value."""
        if lookup not in self._records:
            held = np.zeros(self.size, dtype=bool)
            for name in LOOKUPS[lookup].fields:
                column = self.column(lookup, name)
                if column is not None:
                    held |= True if column.present is None else column.present
            self._records[lookup] = held
        return self._records[lookup]

    def rows_of(self, column: Column) -> Array:
        """Row of the person whose IIN each value of ``column`` is (-1: none, or no value)."""
        if column.rows is not None:
            if column.present is None:
                return column.rows
            found: Array = np.where(column.present, column.rows, -1)
            return found
        numbers = np.asarray(column.data, dtype=np.int64)
        if column.present is not None:
            numbers = np.where(column.present, numbers, 0)
        return self.index_of(numbers)

    def rows_for(self, lookup: str, party_rows: Array) -> Array:
        """Rows whose record answers ``lookup`` for the party in each row (-1: no record)."""
        if lookup == "spouse":
            spouse = self.rows_of(self.field("person.spouse_iin"))
            found: Array = np.where(party_rows >= 0, spouse[np.maximum(party_rows, 0)], -1)
            return found
        return party_rows

    def record(self, row: int, lookup: str) -> dict[str, Any] | None:
        """One person's record for a lookup, as the registry would answer (for ``explain``)."""
        rows = self.rows_for(lookup, np.array([row]))
        if rows[0] < 0:
            return None
        found: dict[str, Any] = {}
        any_present = False
        for name in LOOKUPS[lookup].fields:
            column = self.column(lookup, name)
            if column is None:
                continue
            index = int(rows[0])
            if column.present is not None and not column.present[index]:
                found[name] = None
                continue
            any_present = True
            found[name] = python_value(column.data, index)
        return found if any_present else None


def take(column: Column, rows: Array) -> Column:
    """The values of ``column`` at ``rows``; a row of -1 has no value."""
    found = rows >= 0
    safe = np.maximum(rows, 0)
    data = column.data
    taken: Any
    if isinstance(data, Categorical):
        taken = Categorical(data.codes[safe], data.labels)
    elif isinstance(data, ListLengths):
        taken = ListLengths(data.lengths[safe])
    else:
        taken = np.asarray(data)[safe]
    present = found if column.present is None else found & column.present[safe]
    linked = None if column.rows is None else np.where(found, column.rows[safe], -1)
    return Column(taken, present, linked)


def python_value(data: Any, index: int) -> Any:
    if isinstance(data, Categorical):
        return str(data.labels[data.codes[index]])
    if isinstance(data, ListLengths):
        return [{} for _ in range(int(data.lengths[index]))]
    value = data[index]
    if isinstance(value, np.datetime64):
        return date.fromisoformat(str(value.astype("datetime64[D]")))
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return Decimal(str(round(float(value), 2)))
    return value


def build_population(
    records: Sequence[Any],
    as_of: date,
    extra: Mapping[str, Callable[[Population], Column]] | None = None,
) -> Population:
    """Columns from person records (objects with the population register's attribute names).
    ``extra`` adds columns of other registers, computed from the population built so far."""
    size = len(records)
    iins = iin_numbers([r.iin for r in records])
    population = Population(size=size, as_of=as_of, iins=iins)
    columns = population.columns
    columns["person.iin"] = own_rows(population)
    for name in CATEGORICAL:
        columns[f"person.{name}"] = Column(_categorical([getattr(r, name) for r in records]))
    birth, _ = _dates([r.birth_date for r in records])
    columns["person.birth_date"] = Column(birth)
    death, died = _dates([getattr(r, "death_date", None) for r in records])
    columns["person.death_date"] = Column(death, died)
    for name in ("alive", "has_bank_account"):
        columns[f"person.{name}"] = Column(
            np.fromiter((bool(getattr(r, name)) for r in records), dtype=bool, count=size)
        )
    for name in ("mother_iin", "father_iin", "spouse_iin"):
        numbers = iin_numbers([getattr(r, name, None) for r in records])
        columns[f"person.{name}"] = Column(numbers, numbers != 0, population.index_of(numbers))
    address = np.fromiter((bool(getattr(r, "address", None)) for r in records), bool, size)
    columns["person.address"] = Column(np.zeros(size, dtype=np.int8), address)
    _derive_family(population)
    for name, make in (extra or {}).items():
        columns[name] = make(population)
    return population


def population_of_columns(iins: Array, as_of: date, person: dict[str, Column]) -> Population:
    """A population from the population register's columns already built (``person.<field>``;
    IIN columns of relatives linked to their rows), with the family facts derived."""
    population = Population(size=int(iins.size), as_of=as_of, iins=iins)
    population.columns["person.iin"] = own_rows(population)
    population.columns.update(person)
    _derive_family(population)
    return population


def own_rows(population: Population) -> Column:
    """The persons' own IINs, each linked to its row."""
    return Column(population.iins, None, np.arange(population.size, dtype=np.int64))


def _derive_family(population: Population) -> None:
    columns = population.columns
    size = population.size
    birth = columns["person.birth_date"].data
    alive = columns["person.alive"].data
    mother = population.rows_of(columns["person.mother_iin"])
    father = population.rows_of(columns["person.father_iin"])

    # birth order: place among the mother's children by birth date (as the register counts)
    order = np.zeros(size, dtype=np.int64)
    has_mother = mother >= 0
    rows = np.nonzero(has_mother)[0]
    if rows.size:
        sort = np.lexsort((rows, birth[rows], mother[rows]))
        ordered = rows[sort]
        mothers = mother[ordered]
        starts = np.r_[0, np.nonzero(np.diff(mothers))[0] + 1]
        counts = np.diff(np.r_[starts, ordered.size])
        position = np.arange(ordered.size) - np.repeat(starts, counts) + 1
        order[ordered] = position
    columns["person.birth_order"] = Column(order, has_mother)

    age = age_on_v(birth, np.datetime64(population.as_of, "D"))
    children = np.zeros(size, dtype=np.int64)
    minors = np.zeros(size, dtype=np.int64)
    under_23 = np.zeros(size, dtype=np.int64)
    for parent in (mother, father):
        linked = parent >= 0
        np.add.at(children, parent[linked], 1)
        living = linked & alive
        np.add.at(minors, parent[living & (age < 18)], 1)
        np.add.at(under_23, parent[living & (age < 23)], 1)
    spouse = population.rows_of(columns["person.spouse_iin"])
    spouse_alive = (spouse >= 0) & alive[np.maximum(spouse, 0)]
    columns["children.items"] = Column(ListLengths(children))
    columns["household.minor_children_count"] = Column(minors)
    columns["household.children_under_23_count"] = Column(under_23)
    columns["household.members"] = Column(ListLengths(1 + spouse_alive + minors))
    columns["household.iin"] = own_rows(population)


def record_table(
    name: str, rows: Sequence[Mapping[str, Any]], fields: Mapping[str, FieldType]
) -> RecordTable:
    """A table of register records (mappings) with the given field types; identifiers (IINs
    and BINs, 12 digits) become int64 numbers like the persons' IINs, other strings
    categorical codes, missing values an absent mask."""
    columns: dict[str, Column] = {}
    size = len(rows)
    for field_name, kind in fields.items():
        values = [row.get(field_name) for row in rows]
        present = np.fromiter((v is not None for v in values), dtype=bool, count=size)
        data: Any
        if kind == "string" and field_name.endswith(("_iin", "_bin", "iin")):
            data = iin_numbers(values)
        elif kind == "string":
            data = _categorical(["" if v is None else v for v in values])
        elif kind == "date":
            data, _ = _dates(values)
        elif kind == "bool":
            data = np.fromiter((bool(v) for v in values), dtype=bool, count=size)
        elif kind == "int":
            data = np.fromiter((int(v or 0) for v in values), dtype=np.int64, count=size)
        else:
            data = np.fromiter((float(v or 0) for v in values), dtype=np.float64, count=size)
        columns[f"{name}.{field_name}"] = Column(data, None if present.all() else present)
    return RecordTable(size, columns)


def attribute_column(
    records: Sequence[Any], attribute: str, kind: str, when: Callable[[Any], bool] | None = None
) -> Callable[[Population], Column]:
    """A column from a record attribute; rows where ``when`` is false have no value."""

    def make(population: Population) -> Column:
        values = [getattr(r, attribute, None) for r in records]
        present = np.fromiter(
            (
                v is not None and (when is None or when(r))
                for v, r in zip(values, records, strict=True)
            ),
            dtype=bool,
            count=len(records),
        )
        if kind == "bool":
            data: Array = np.fromiter((bool(v) for v in values), dtype=bool, count=len(values))
        elif kind == "int":
            data = np.fromiter((int(v or 0) for v in values), dtype=np.int64, count=len(values))
        else:
            data = np.fromiter((float(v or 0) for v in values), dtype=np.float64, count=len(values))
        return Column(data, None if present.all() else present)

    return make


def years_ago(day: date, years: int) -> date:
    return add_months(day, -12 * years)
