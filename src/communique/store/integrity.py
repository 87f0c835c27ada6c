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

__all__ = ["Problem", "check_references"]

#: (table, column) -> (table, column) it must point at. NULLs are allowed (an actor without an entity).
REFERENCES: tuple[tuple[str, str, str, str], ...] = (
    ("article_sources", "article_id", "articles", "id"),
    ("local_entities", "article_id", "articles", "id"),
    ("local_entities", "entity_id", "entities", "id"),
    ("local_blocks", "local_key", "local_entities", "key"),
    ("mentions", "local_key", "local_entities", "key"),
    ("entity_aliases", "entity_id", "entities", "id"),
    ("entity_roles", "entity_id", "entities", "id"),
    ("entity_articles", "entity_id", "entities", "id"),
    ("entity_articles", "article_id", "articles", "id"),
    ("events", "institution_id", "entities", "id"),
    ("event_mentions", "event_id", "events", "id"),
    ("event_mentions", "article_id", "articles", "id"),
    ("event_keys", "event_id", "events", "id"),
    ("event_actors", "event_id", "events", "id"),
    ("event_actors", "entity_id", "entities", "id"),
    ("event_blocks", "event_id", "events", "id"),
    ("event_entities", "event_id", "events", "id"),
    ("event_entities", "entity_id", "entities", "id"),
    ("article_signatures", "article_id", "articles", "id"),
    ("article_bands", "article_id", "articles", "id"),
    ("article_blocks", "article_id", "articles", "id"),
    ("article_vectors", "article_id", "articles", "id"),
    ("article_links", "a", "articles", "id"),
    ("article_links", "b", "articles", "id"),
    ("story_articles", "article_id", "articles", "id"),
    ("story_articles", "story_id", "stories", "id"),
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
