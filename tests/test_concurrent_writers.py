"""Several writers on one store: two ``ingest`` processes at once both finish, every article stored once.

Writers take turns per batch (``BEGIN IMMEDIATE`` on SQLite, an advisory lock on PostgreSQL) and a new
store is migrated by whichever process gets the lock first; the other finds it migrated.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from communique import Store

from .conftest import pg_database

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"

# Each test starts several interpreters that load the pipeline: 20 to 80 s apiece.
pytestmark = pytest.mark.slow


def _ingest_at_once(db: str, inputs: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    """Start one ``communique ingest`` per input list at the same moment; wait for all."""
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "communique", "ingest", *paths, "--db", db, "--batch-size", "3", "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for paths in inputs
    ]
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        results.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    return results


def _check(db: str, expected: int) -> None:
    with Store(db) as store:
        assert store.check() == []
        assert store.count_articles() == expected
        with store.engine.connect() as connection:
            sources = connection.execute(
                sa.text("SELECT count(*), count(DISTINCT article_id || '|' || source) FROM article_sources")
            ).one()
        assert sources[0] == sources[1]  # no source row twice


def _alone(tmp_path: Path, paths: list[str]) -> int:
    db = str(tmp_path / "alone.db")
    done = _ingest_at_once(db, [paths])[0]
    assert done.returncode == 0, done.stderr
    with Store(db) as store:
        return store.count_articles()


def test_two_ingests_of_the_same_articles_into_a_new_sqlite_store(tmp_path: Path) -> None:
    paths = [str(CORPUS / "text"), str(CORPUS / "jsonl")]
    expected = _alone(tmp_path, paths)
    db = str(tmp_path / "shared.db")  # does not exist yet: both processes race to create and migrate it
    for result in _ingest_at_once(db, [paths, paths]):
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    _check(db, expected)


def test_two_ingests_of_different_articles_into_one_postgresql_store(tmp_path: Path) -> None:
    paths_a, paths_b = [str(CORPUS / "text")], [str(CORPUS / "jsonl"), str(CORPUS / "text")]
    expected = _alone(tmp_path, [*paths_a, *paths_b])
    with pg_database("writers") as url:
        for result in _ingest_at_once(url, [paths_a, paths_b]):
            assert result.returncode == 0, result.stderr
        _check(url, expected)


@pytest.mark.parametrize("rounds", [6])
def test_many_openers_of_a_new_store_all_find_it_migrated(tmp_path: Path, rounds: int) -> None:
    for n in range(rounds):
        db = str(tmp_path / f"new{n}.db")
        code = "import sys; from communique import Store; Store(sys.argv[1]).close()"
        procs = [
            subprocess.Popen([sys.executable, "-c", code, db], stderr=subprocess.PIPE, text=True)
            for _ in range(4)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        _check(db, 0)
