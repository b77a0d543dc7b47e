"""A columnar population kept on disk as Apache Arrow files, so that it is generated once per
(seed, size, date) and read back in a fraction of a second by every later simulation.

One folder per population, ``<root>/seed-<seed>_size-<size>_<date>/``: ``persons.arrow``
(one row per person, a column per fact field) and one file per register's records
(``vehicle.arrow``, ``marriage.arrow``, ``disability_decision.arrow``), in the Arrow IPC file
format (Feather version 2), uncompressed: the files are memory-mapped, and a column becomes a
numpy array only when a rule first reads it. Codes (regions, citizenship...) are
dictionary-encoded columns, dates are ``date32``, a fact a person has no value for is a null;
list-valued facts keep only their length (the field's metadata says so), and a column of IINs
is followed by the population row of each (``<column>#rows``). Any Arrow reader (pyarrow,
polars, DuckDB, R's arrow) opens them.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.feather as feather

from engine.kernel.population import Population, RecordTable
from engine.kernel.vector import Array, Categorical, Column, ListLengths

FORMAT = "6"  # 6: cars and marriages from the 18th birthdays; earlier populations are made again
SUFFIX = ".arrow"
PERSONS = "persons"
ROWS = "#rows"  # suffix of the column holding the population row of each IIN of a column

Reader = Callable[[Population], Column]


def folder_of(root: Path, seed: int, size: int, as_of: date) -> Path:
    return root / f"seed-{seed}_size-{size}_{as_of.isoformat()}"


def save(population: Population, tables: dict[str, RecordTable], folder: Path) -> None:
    """Write the population's columns and record tables (written aside, then renamed into
    place: a reader never sees half a population)."""
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    meta = {"format": FORMAT, "as_of": population.as_of.isoformat(), "size": population.size}
    _write(population.columns, partial / f"{PERSONS}{SUFFIX}", meta)
    for name, table in tables.items():
        _write(table.columns, partial / f"{name}{SUFFIX}", {"format": FORMAT})
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)


def load(folder: Path) -> tuple[Population, dict[str, Callable[[Population], RecordTable]]] | None:
    """The population kept in ``folder`` (None: none there, or of another format), and what
    reads each register's records. Columns and records are read when first used."""
    path = folder / f"{PERSONS}{SUFFIX}"
    if not path.is_file():
        return None
    table = _read(path)
    meta = json.loads((table.schema.metadata or {}).get(b"proactive", b"{}"))
    if meta.get("format") != FORMAT:
        return None
    readers = _readers(table)
    iins = readers.pop("person.iin")
    population = Population(
        size=table.num_rows,
        as_of=date.fromisoformat(meta["as_of"]),
        iins=np.zeros(0, dtype=np.int64),
        lazy_columns=readers,
    )
    population.columns["person.iin"] = iins(population)
    population.iins = np.asarray(population.columns["person.iin"].data, dtype=np.int64)
    records = {
        file.stem: _records(file)
        for file in sorted(folder.glob(f"*{SUFFIX}"))
        if file.stem != PERSONS
    }
    return population, records


def _records(path: Path) -> Callable[[Population], RecordTable]:
    def read(population: Population) -> RecordTable:
        table = _read(path)
        columns = {name: reader(population) for name, reader in _readers(table).items()}
        return RecordTable(table.num_rows, columns)

    return read


def _read(path: Path) -> pa.Table:
    with pa.memory_map(str(path)) as source:
        return pa.ipc.open_file(source).read_all()


def _write(columns: dict[str, Column], path: Path, meta: dict[str, Any]) -> None:
    arrays: list[pa.Array] = []
    fields: list[pa.Field] = []
    for name, column in sorted(columns.items()):
        array, kind = _arrow(column)
        arrays.append(array)
        fields.append(pa.field(name, array.type, metadata={"kind": kind}))
        if column.rows is not None:
            arrays.append(pa.array(np.asarray(column.rows, dtype=np.int64)))
            fields.append(pa.field(f"{name}{ROWS}", pa.int64(), metadata={"kind": "rows"}))
    schema = pa.schema(fields, metadata={"proactive": json.dumps(meta)})
    table = pa.Table.from_arrays(arrays, schema=schema)
    feather.write_feather(
        table, str(path), compression="uncompressed", chunksize=max(table.num_rows, 1)
    )


def _readers(table: pa.Table) -> dict[str, Reader]:
    """For each column of the table, what turns it into a Column when first read."""
    kinds = {f.name: (f.metadata or {}).get(b"kind", b"value").decode() for f in table.schema}
    readers: dict[str, Reader] = {}
    for name, kind in kinds.items():
        if kind != "rows":
            links = f"{name}{ROWS}" if f"{name}{ROWS}" in kinds else None
            readers[name] = _reader(table, name, kind, links)
    return readers


def _reader(table: pa.Table, name: str, kind: str, links: str | None) -> Reader:
    def read(_: Population) -> Column:
        array = _array(table, name)
        rows = None if links is None else _values(_array(table, links), np.int64)
        return Column(_data(array, kind), _present(array), rows)

    return read


def _array(table: pa.Table, name: str) -> pa.Array:
    chunked = table.column(name)
    return chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)


def _arrow(column: Column) -> tuple[pa.Array, str]:
    missing = None if column.present is None else ~np.asarray(column.present, dtype=bool)
    data = column.data
    if isinstance(data, Categorical):
        codes = pa.array(np.asarray(data.codes, dtype=np.int32), mask=missing)
        labels = pa.array([str(label) for label in data.labels], type=pa.string())
        return pa.DictionaryArray.from_arrays(codes, labels), "code"
    if isinstance(data, ListLengths):
        return pa.array(np.asarray(data.lengths, dtype=np.int64), mask=missing), "length"
    values = np.asarray(data)
    if values.dtype.kind == "M":
        return pa.array(values.astype("datetime64[D]"), mask=missing), "date"
    return pa.array(values, mask=missing), "value"


def _data(array: pa.Array, kind: str) -> Any:
    if kind == "code":
        assert isinstance(array, pa.DictionaryArray)
        labels = np.asarray(array.dictionary.to_pylist(), dtype=object)
        return Categorical(_values(array.indices, np.int32), labels)
    if kind == "length":
        return ListLengths(_values(array, np.int64))
    if kind == "date":
        return _values(array, np.int32).astype("datetime64[D]")
    if pa.types.is_boolean(array.type):
        return _bits(array.buffers()[1], array.offset, len(array))
    return _values(array, array.type.to_pandas_dtype())


def _values(array: pa.Array, dtype: Any) -> Array:
    """The array's values as numpy, without a copy: a null's slot holds what was written
    there (the masks say which values are absent)."""
    buffer = array.buffers()[1]
    values: Array = np.frombuffer(
        buffer,
        dtype=dtype,
        count=len(array),
        offset=0 if buffer is None else array.offset * np.dtype(dtype).itemsize,
    )
    return values


def _present(array: pa.Array) -> Array | None:
    if not array.null_count:
        return None
    return _bits(array.buffers()[0], array.offset, len(array))


def _bits(buffer: pa.Buffer, offset: int, size: int) -> Array:
    bits = np.unpackbits(np.frombuffer(buffer, dtype=np.uint8), bitorder="little")
    result: Array = bits[offset : offset + size].astype(bool)
    return result
