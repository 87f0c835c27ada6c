"""One schema: the migrations. The table objects the code queries through (store/schema.py) must describe
exactly what the migrations build — tables, columns, types, nullability, keys, indexes, foreign keys —
on SQLite and on PostgreSQL; each back end's full-text machinery is the migrations' alone."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from communique.store import Store, database_url, schema

from .conftest import pg_database

#: Made by the migrations only, per back end: the migration bookkeeping and full-text search.
_ONLY_MIGRATED = {
    "sqlite": {
        "tables": {"alembic_version", "articles_fts", "articles_fts_config", "articles_fts_data"}
        | {"articles_fts_docsize", "articles_fts_idx"},
        "indexes": set(),
    },
    "postgresql": {"tables": {"alembic_version"}, "indexes": {"ix_articles_search"}},
}


def _describe(engine: sa.Engine) -> dict[str, Any]:
    inspector = sa.inspect(engine)
    found: dict[str, Any] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", sa.exc.SAWarning)  # SQLite's reflection of named constraints
        for table in inspector.get_table_names():
            found[table] = {
                "columns": sorted(
                    (c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)
                ),
                "primary key": inspector.get_pk_constraint(table)["constrained_columns"],
                "indexes": sorted(
                    (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                    for i in inspector.get_indexes(table)
                ),
                "foreign keys": sorted(
                    (tuple(f["constrained_columns"]), f["referred_table"], tuple(f["referred_columns"]))
                    for f in inspector.get_foreign_keys(table)
                ),
            }
        found["views"] = sorted(inspector.get_view_names())
    return found


def _compare(migrated_url: str, declared_url: str, dialect: str) -> None:
    with Store(migrated_url) as store:
        migrated = _describe(store.engine)
        # The views (migration 0005, for people browsing the file) survive the tables' rebuilds.
        with store.engine.connect() as connection:
            for view in migrated["views"]:
                connection.execute(sa.text(f'SELECT * FROM "{view}" LIMIT 1')).all()
    engine = sa.create_engine(database_url(declared_url))
    schema.metadata.create_all(engine)
    declared = _describe(engine)
    engine.dispose()
    extra = _ONLY_MIGRATED[dialect]
    assert len(migrated.pop("views")) >= 5
    assert declared.pop("views") == []
    assert set(migrated) - set(declared) == extra["tables"]
    assert set(declared) <= set(migrated)
    for table, shape in declared.items():
        got = dict(migrated[table])
        got["indexes"] = [i for i in got["indexes"] if i[0] not in extra["indexes"]]
        assert got == shape, table


def test_sqlite_schema_is_the_migrations(tmp_path: Path) -> None:
    _compare(str(tmp_path / "migrated.db"), str(tmp_path / "declared.db"), "sqlite")


def test_postgresql_schema_is_the_migrations() -> None:
    with pg_database("schema_migrated") as migrated, pg_database("schema_declared") as declared:
        _compare(migrated, declared, "postgresql")
