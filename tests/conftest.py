"""Shared fixtures. Tests that need ../shared (the seeds) skip with a clear message without it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
#: A PostgreSQL database the tests may use, and whose role may create databases (.ci/run starts a
#: server and sets it); unset, the PostgreSQL tests skip.
PG_URL = os.environ.get("COMMUNIQUE_TEST_PG", "")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "gold.json").is_file():
        pytest.skip(f"../shared/seeds not found at {SEEDS}: seed gold tests need the shared folder")
    return SEEDS


@pytest.fixture(scope="session")
def gold(seeds_dir: Path) -> dict[str, Any]:
    return json.loads((seeds_dir / "gold.json").read_text("utf-8"))


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@contextmanager
def pg_database(suffix: str) -> Iterator[str]:
    """A fresh, empty database on the COMMUNIQUE_TEST_PG server (its URL), dropped afterwards; skips the
    test when no server is configured."""
    if not PG_URL:
        pytest.skip(
            "COMMUNIQUE_TEST_PG is not set: the PostgreSQL tests need a server "
            "(.ci/run starts one; or set it to postgresql://user:password@127.0.0.1/db)"
        )
    from communique.store import database_url

    url = sa.make_url(PG_URL)
    # Per process too, so that two runs against one server never share a database.
    name = re.sub(r"[^a-z0-9_]+", "_", f"{url.database or 'communique'}_{suffix}_{os.getpid()}".lower())[:63]
    admin = sa.create_engine(database_url(PG_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            # FORCE: a Store a failed test left open must not keep the database alive.
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


@pytest.fixture(scope="module")
def pg_db(request: pytest.FixtureRequest) -> Iterator[str]:
    """URL of a fresh PostgreSQL database for one test module (see :func:`pg_database`)."""
    with pg_database(request.module.__name__.rsplit(".", 1)[-1]) as url:
        yield url
