"""A columnar population kept on disk as Apache Parquet, so that it is generated once per
(seed, size, date) and read back in a fraction of a second by every later simulation.

One folder per population, ``<root>/seed-<seed>_size-<size>_<date>/``: ``persons.parquet``
(one row per person, a column per fact field) and one file per register's records
(``vehicle.parquet``, ``marriage.parquet``, ``disability_decision.parquet``). Codes (regions,
citizenship...) are dictionary-encoded columns, dates are ``date32``, a fact a person has no
value for is a null; list-valued facts keep only their length (the field's metadata says so).
Any Arrow or Parquet reader opens them.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from engine.kernel.population import Population, RecordTable
from engine.kernel.vector import Array, Categorical, Column, ListLengths

FORMAT = "1"
PERSONS = "persons"


def folder_of(root: Path, seed: int, size: int, as_of: date) -> Path:
    return root / f"seed-{seed}_size-{size}_{as_of.isoformat()}"


def save(population: Population, tables: dict[str, RecordTable], folder: Path) -> None:
    """Write the population's columns and record tables (written aside, then renamed into
    place: a reader never sees half a population)."""
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    meta = {"format": FORMAT, "as_of": population.as_of.isoformat(), "size": population.size}
    _write(population.columns, population.size, partial / f"{PERSONS}.parquet", meta)
    for name, table in tables.items():
        _write(table.columns, table.size, partial / f"{name}.parquet", {"format": FORMAT})
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)


def load(folder: Path) -> tuple[Population, dict[str, RecordTable]] | None:
    """The population kept in ``folder`` (None: none there, or of an older format)."""
    path = folder / f"{PERSONS}.parquet"
    if not path.is_file():
        return None
    table = pq.read_table(path, memory_map=True)
    meta = json.loads((table.schema.metadata or {}).get(b"proactive", b"{}"))
    if meta.get("format") != FORMAT:
        return None
    columns = _columns(table)
    iins = np.asarray(columns["person.iin"].data, dtype=np.int64)
    population = Population(
        size=table.num_rows, as_of=date.fromisoformat(meta["as_of"]), iins=iins, columns=columns
    )
    tables: dict[str, RecordTable] = {}
    for file in sorted(folder.glob("*.parquet")):
        if file.stem != PERSONS:
            records = pq.read_table(file, memory_map=True)
            tables[file.stem] = RecordTable(records.num_rows, _columns(records))
    return population, tables


def _write(columns: dict[str, Column], size: int, path: Path, meta: dict[str, Any]) -> None:
    arrays: list[pa.Array] = []
    fields: list[pa.Field] = []
    for name, column in sorted(columns.items()):
        array, kind = _arrow(column)
        arrays.append(array)
        fields.append(pa.field(name, array.type, metadata={"kind": kind}))
    schema = pa.schema(fields, metadata={"proactive": json.dumps(meta)})
    table = pa.Table.from_arrays(arrays, schema=schema)
    pq.write_table(table, path, row_group_size=max(size, 1), compression="zstd")


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


def _columns(table: pa.Table) -> dict[str, Column]:
    columns: dict[str, Column] = {}
    for schema_field in table.schema:
        kind = (schema_field.metadata or {}).get(b"kind", b"value").decode()
        chunked = table.column(schema_field.name)
        array = chunked.combine_chunks() if chunked.num_chunks != 1 else chunked.chunk(0)
        present: Array | None = None
        if array.null_count:
            present = np.asarray(array.is_valid().to_numpy(zero_copy_only=False), dtype=bool)
        columns[schema_field.name] = Column(_data(array, kind), present)
    return columns


def _data(array: pa.Array, kind: str) -> Any:
    if kind == "code":
        assert isinstance(array, pa.DictionaryArray)
        codes = _filled(array.indices, 0).astype(np.int32)
        labels = np.asarray(array.dictionary.to_pylist(), dtype=object)
        return Categorical(codes, labels)
    if kind == "length":
        return ListLengths(_filled(array, 0).astype(np.int64))
    if kind == "date":
        filled = pc.fill_null(array.cast(pa.int32()), 0)
        return np.asarray(filled.to_numpy(), dtype=np.int64).astype("datetime64[D]")
    if pa.types.is_boolean(array.type):
        return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)
    return _filled(array, 0)


def _filled(array: pa.Array, value: int) -> Array:
    if array.null_count:
        array = pc.fill_null(array, value)
    return np.asarray(array.to_numpy(zero_copy_only=False))
