"""Foreign keys: every reference the store holds is declared, so the database itself refuses a batch that
would leave one pointing at nothing.

They are ``DEFERRABLE INITIALLY DEFERRED``, checked at commit: a batch rewrites entities, events and
stories by deleting and inserting them under ids that are functions of their members, so a reference
is briefly dangling inside the transaction and whole again by its end. Every child column is indexed
(the check looks children up when a parent row goes).

A store written before the fix of event references (0006) may hold references to entities that no
longer exist: a nullable reference (an event actor's or an event's institution's entity) is set to
NULL, any other dangling row is deleted (it is derived data that points at nothing); ``communique
check`` still lists the stored records (JSON) that name them, and re-ingesting into a new store
rebuilds them.

SQLite cannot add a constraint to a table: each table is rebuilt (Alembic's batch mode), with the
views of 0005 dropped around it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import importlib

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

#: (table, column, referenced table, referenced column, nullable reference). The sources' and local
#: entities' articles have had an immediate key since 0001 and 0002 (articles are never deleted).
FOREIGN_KEYS: tuple[tuple[str, str, str, str, bool], ...] = (
    ("events", "institution_id", "entities", "id", True),
    ("local_entities", "entity_id", "entities", "id", False),
    ("local_blocks", "local_key", "local_entities", "key", False),
    ("mentions", "local_key", "local_entities", "key", False),
    ("entity_aliases", "entity_id", "entities", "id", False),
    ("entity_roles", "entity_id", "entities", "id", False),
    ("entity_articles", "entity_id", "entities", "id", False),
    ("entity_articles", "article_id", "articles", "id", False),
    ("event_mentions", "event_id", "events", "id", False),
    ("event_mentions", "article_id", "articles", "id", False),
    ("event_keys", "event_id", "events", "id", False),
    ("event_actors", "event_id", "events", "id", False),
    ("event_actors", "entity_id", "entities", "id", True),
    ("event_blocks", "event_id", "events", "id", False),
    ("event_entities", "event_id", "events", "id", False),
    ("event_entities", "entity_id", "entities", "id", False),
    ("article_signatures", "article_id", "articles", "id", False),
    ("article_bands", "article_id", "articles", "id", False),
    ("article_blocks", "article_id", "articles", "id", False),
    ("article_vectors", "article_id", "articles", "id", False),
    ("article_links", "a", "articles", "id", False),
    ("article_links", "b", "articles", "id", False),
    ("story_articles", "article_id", "articles", "id", False),
    ("story_articles", "story_id", "stories", "id", False),
)


def _name(table: str, column: str) -> str:
    return f"fk_{table}_{column}"


def _views() -> object:
    return importlib.import_module("communique.store.migrations.versions.0005_views")


def upgrade() -> None:
    # A parent row inserted while a deferred violation is outstanding (an entity rewritten within
    # the batch) makes SQLite look for its children: local_blocks' key starts with the block, so
    # without this index every new local entity scanned the whole table (a third of a batch's time).
    op.create_index("ix_local_blocks_local", "local_blocks", ["local_key"])
    for table, column, target, key, nullable in FOREIGN_KEYS:
        dangling = f'"{column}" IS NOT NULL AND "{column}" NOT IN (SELECT "{key}" FROM "{target}")'
        if nullable:
            op.execute(f'UPDATE "{table}" SET "{column}" = NULL WHERE {dangling}')
        else:
            op.execute(f'DELETE FROM "{table}" WHERE {dangling}')
    if op.get_bind().dialect.name != "sqlite":
        for table, column, target, key, _ in FOREIGN_KEYS:
            op.create_foreign_key(
                _name(table, column), table, target, [column], [key], deferrable=True, initially="DEFERRED"
            )
        return
    views = _views()
    views.drop_views()  # type: ignore[attr-defined]
    # Parents first (events, local_entities): no child refers to them yet when they are rebuilt.
    by_table: dict[str, list[tuple[str, str, str]]] = {}
    for table, column, target, key, _ in FOREIGN_KEYS:
        by_table.setdefault(table, []).append((column, target, key))
    for table, keys in by_table.items():
        with op.batch_alter_table(table, recreate="always") as batch:
            for column, target, key in keys:
                batch.create_foreign_key(
                    _name(table, column), target, [column], [key], deferrable=True, initially="DEFERRED"
                )
    views.create_views()  # type: ignore[attr-defined]


def downgrade() -> None:
    op.drop_index("ix_local_blocks_local", "local_blocks")
    if op.get_bind().dialect.name != "sqlite":
        for table, column, _target, _key, _ in FOREIGN_KEYS:
            op.drop_constraint(_name(table, column), table, type_="foreignkey")
        return
    views = _views()
    views.drop_views()  # type: ignore[attr-defined]
    # Children first: a parent rebuilt while a child still refers to it would leave the child's
    # reference dangling at commit (SQLite counts the rows its DROP TABLE deletes).
    for table in reversed(dict.fromkeys(t for t, *_ in FOREIGN_KEYS)):
        with op.batch_alter_table(table, recreate="always") as batch:
            for t, column, *_ in FOREIGN_KEYS:
                if t == table:
                    batch.drop_constraint(_name(table, column), type_="foreignkey")
    views.create_views()  # type: ignore[attr-defined]
