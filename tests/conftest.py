"""Shared fixtures. Only the checks against ../shared (the seed gold, the real-news measurements, the
tables re-derived from the shared ontology) skip without it, each with a clear message: every other
test runs on data in the repository (examples/, tests/fixtures, tests/articles, tests/corpus).

Tests that take more than about ten seconds are marked ``slow``. The default run (``make test``,
``.ci/run``, plain ``pytest``) runs them; for a quick loop leave them out: ``pytest -m "not slow"``.
"""

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
ARTICLES = Path(__file__).resolve().parent / "articles"
CORPUS = Path(__file__).resolve().parent / "corpus"
#: A PostgreSQL database the tests may use, and whose role may create databases (.ci/run starts a
#: server and sets it); unset, the PostgreSQL tests skip.
PG_URL = os.environ.get("COMMUNIQUE_TEST_PG", "")


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "gold.json").is_file():
        pytest.skip(f"../shared/seeds not found at {SEEDS}: seed gold tests need the shared folder")
    return SEEDS


def store_corpus() -> list[str]:
    """The repository's small store corpus, for tests that need a populated store: the 11th meeting of
    the China-Kazakhstan Cooperation Committee (Astana, 27 November 2023) reported in English, Spanish,
    Russian and Chinese, with the talks of the same visit in French (tests/articles, tests/corpus), and
    the committee's 12th meeting (Beijing, 18 March 2025) in English (tests/corpus). Ingested it gives
    six articles, two stories (five articles, one), one mechanism with sessions 11 and 12, and a visit
    that contains its meetings."""
    return sorted(str(p) for p in [*ARTICLES.glob("*.txt"), *CORPUS.glob("*.txt")])


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
