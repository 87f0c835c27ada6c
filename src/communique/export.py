"""Exports of stored records as JSON Lines, CSV or Parquet, streamed in chunks."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from .records import Article

__all__ = ["ARTICLE_SCHEMA", "ENTITY_SCHEMA", "ExportFormat", "flatten", "write_records"]

ExportFormat = Literal["jsonl", "csv", "parquet"]

_DATELINE = pa.struct(
    [("place", pa.string()), ("country", pa.string()), ("date", pa.string()), ("agency", pa.string())]
)
#: Parquet schema of the contract's article shape (dates as ISO text, as in JSON).
ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("source", pa.string()),
        ("outlet", pa.string()),
        ("language", pa.string()),
        ("title", pa.string()),
        ("published", pa.string()),
        ("dateline", _DATELINE),
        ("text", pa.string()),
        ("url", pa.string()),
        ("duplicate_of", pa.string()),
        ("translation_of", pa.string()),
    ]
)
#: Parquet schema of the contract's entity shape.
ENTITY_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("name", pa.string()),
        ("type", pa.string()),
        ("country", pa.string()),
        ("aliases", pa.list_(pa.string())),
        (
            "roles",
            pa.list_(
                pa.struct(
                    [
                        ("title", pa.string()),
                        ("country", pa.string()),
                        ("first_seen", pa.string()),
                        ("last_seen", pa.string()),
                    ]
                )
            ),
        ),
        ("article_ids", pa.list_(pa.string())),
    ]
)
_CHUNK = 2000


def flatten(record: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested dicts to ``parent_child`` columns; lists to JSON text (for CSV)."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}_"))
        elif isinstance(value, list):
            flat[name] = json.dumps(value, ensure_ascii=False)
        else:
            flat[name] = value
    return flat


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, _CHUNK)):
        yield chunk


def write_records(
    records: Iterable[Article | dict[str, Any]],
    fmt: ExportFormat | str,
    out: IO[str] | str,
    schema: pa.Schema | None = ARTICLE_SCHEMA,
) -> int:
    """Write records (articles, or records already in their JSON shape) to ``out`` — a text
    stream for jsonl/csv, a file path for parquet, which is binary — and return the count."""
    rows = (record if isinstance(record, dict) else record.to_dict() for record in records)
    count = 0
    if fmt == "parquet":
        if not isinstance(out, str):
            raise TypeError("Parquet is written to a file path")
        if schema is None:  # nested record shapes without a fixed schema: inferred from all rows
            table = pa.Table.from_pylist(list(rows))
            pq.write_table(table, out)
            return int(table.num_rows)
        with pq.ParquetWriter(out, schema) as parquet:
            for chunk in _chunks(rows):
                parquet.write_table(pa.Table.from_pylist(chunk, schema=schema))
                count += len(chunk)
        return count
    if isinstance(out, str):
        raise TypeError("JSON Lines and CSV are written to a text stream")
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    elif fmt == "csv":
        writer: csv.DictWriter[str] | None = None
        for row in rows:
            flat = flatten(row)
            if writer is None:
                writer = csv.DictWriter(out, fieldnames=list(flat))
                writer.writeheader()
            writer.writerow(flat)
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count
