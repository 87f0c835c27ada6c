"""Referential integrity of a store: every stored reference points at a stored record.

The store rewrites entities, events and stories as batches arrive (their ids are functions of their
members), so a reference left behind by a rewrite is the bug this check exists to catch. It is run by
``communique check``, after every batch in the invariant and fuzz tests, and costs one anti-join per
reference (indexed on both sides), so it is cheap enough to run on a large store.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import sqlalchemy as sa

from . import schema

__all__ = ["Problem", "check_references"]

#: (table, column, table, column it must point at): every foreign key the schema declares (NULLs are
#: allowed: an actor without an entity). The database enforces them at commit; this check also finds
#: what a store written before them, or by another tool with the keys off, holds.
REFERENCES: tuple[tuple[str, str, str, str], ...] = tuple(
    (table.name, key.parent.name, key.column.table.name, key.column.name)
    for table in schema.metadata.sorted_tables
    for key in table.foreign_keys
)


@dataclass(frozen=True, slots=True)
class Problem:
    """References of one kind that point at nothing: ``count`` rows of ``table.column`` (``example`` is
    one of the missing values)."""

    table: str
    column: str
    target: str
    count: int
    example: str

    def __str__(self) -> str:
        return f"{self.count} {self.table}.{self.column} point at no {self.target} (e.g. {self.example!r})"


def check_references(connection: sa.Connection) -> list[Problem]:
    """Every dangling reference of the store, by kind (an empty list when the store is whole)."""
    problems: list[Problem] = []
    for table, column, target, key in REFERENCES:
        query = sa.text(
            f'SELECT c."{column}" FROM "{table}" c WHERE c."{column}" IS NOT NULL '
            f'AND NOT EXISTS (SELECT 1 FROM "{target}" t WHERE t."{key}" = c."{column}")'
        )
        missing = [str(v) for v in connection.scalars(query)]
        if missing:
            problems.append(Problem(table, column, f"{target}.{key}", len(missing), missing[0]))
    problems.extend(_record_references(connection))
    return problems


def _record_references(connection: sa.Connection) -> Iterator[Problem]:
    """References inside the stored JSON records: a story's events, an event record's actors."""
    event_ids = set(connection.scalars(sa.text("SELECT id FROM events")))
    entity_ids = set(connection.scalars(sa.text("SELECT id FROM entities")))
    missing_events = [
        event
        for record in connection.scalars(sa.text("SELECT record FROM stories"))
        for event in json.loads(record).get("event_ids", ())
        if event not in event_ids
    ]
    if missing_events:
        yield Problem("stories", "record.event_ids", "events.id", len(missing_events), missing_events[0])
    missing_entities = [
        actor["entity_id"]
        for record in connection.scalars(sa.text("SELECT record FROM events"))
        for actor in json.loads(record).get("actors", ())
        if actor.get("entity_id") and actor["entity_id"] not in entity_ids
    ]
    if missing_entities:
        yield Problem("events", "record.actors", "entities.id", len(missing_entities), missing_entities[0])
