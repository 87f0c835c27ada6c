"""The store: migrations, idempotent re-ingest, full-text search, a kill mid-run then a re-run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from communique import Settings, Store, ingest
from communique.errors import StoreError
from communique.store import _alembic_config, database_url, schema
from tests.conftest import FIXTURES

CLI = [sys.executable, "-m", "communique"]


def test_schema_matches_migrations(db: str) -> None:
    with Store(db) as store:
        inspector = sa.inspect(store.engine)
        for table in schema.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            head = ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head


def test_database_url() -> None:
    assert database_url("/tmp/x.db") == "sqlite:////tmp/x.db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    # psycopg 3 is the installed driver; SQLAlchemy's default for postgresql:// is psycopg2.
    assert database_url("postgresql://u:p@127.0.0.1:5433/db") == "postgresql+psycopg://u:p@127.0.0.1:5433/db"
    assert database_url("postgres://u@127.0.0.1/db") == "postgresql+psycopg://u@127.0.0.1/db"
    assert database_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


@pytest.mark.enable_socket
def test_unreachable_server_is_a_store_error_without_the_password() -> None:
    # Port 1 on the loopback: refused at once, no server needed.
    with pytest.raises(StoreError) as caught:
        Store("postgresql://someone:secret@127.0.0.1:1/nothing")
    body = caught.value.to_dict()["error"]
    assert body["code"] == "store" and "secret" not in json.dumps(body)
    assert body["source"] == "postgresql://someone:***@127.0.0.1:1/nothing"


def test_reingest_changes_nothing(db: str) -> None:
    with Store(db) as store:
        first = ingest([str(FIXTURES)], store, Settings(db=db))
        snapshot = [a.to_dict() for a in store.iter_articles()]
        second = ingest([str(FIXTURES)], store, Settings(db=db))
        assert first.new == 9 and first.known == 0
        assert second.new == 0 and second.known == 9
        assert [a.to_dict() for a in store.iter_articles()] == snapshot
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM article_sources").scalar() == 9


def test_same_content_from_another_source_is_one_article(tmp_path: Path, db: str) -> None:
    text = (FIXTURES / "wire_en.txt").read_text("utf-8")
    (tmp_path / "a.txt").write_text(text, "utf-8")
    # Re-wrapped, re-spaced copy of the same content from another outlet's file.
    (tmp_path / "b.txt").write_text(text.replace(" -- ", " --  ") + "\n\n\n", "utf-8")
    with Store(db) as store:
        summary = ingest([str(tmp_path)], store, Settings(db=db))
        assert (summary.new, summary.known) == (1, 1)
        with store.engine.connect() as connection:
            assert connection.exec_driver_sql("SELECT count(*) FROM article_sources").scalar() == 2


def test_full_text_search_and_lookup(db: str) -> None:
    with Store(db) as store:
        ingest([str(FIXTURES)], store, Settings(db=db))
        hits = store.search("cocoa research")
        assert [h.article.title for h in hits] == ["Ghana and Brazil sign cocoa research deal"]
        assert "[cocoa]" in hits[0].snippet
        assert store.search("Sénégal")[0].article.language == "fr"
        assert store.search("senegal")  # diacritics folded
        assert store.search('U.S.-"China') == []  # bad FTS syntax is searched as a phrase
        assert store.search("圣地亚哥")[0].article.language == "zh"
        article = hits[0].article
        assert store.get_article(article.id[:8]) == article


def _write_corpus(folder: Path, count: int) -> None:
    folder.mkdir()
    countries = ["Peru", "Chile", "Ghana", "Kenya", "Nepal", "Laos", "Oman", "Qatar", "Malta", "Fiji"]
    for i in range(count):
        a, b = countries[i % 10], countries[(i * 7 + 3) % 10]
        (folder / f"{i:05d}.txt").write_text(
            f" date 2024-{1 + i % 12:02d}-{1 + i % 27:02d} {a} and {b} hold talks number {i}\n\n"
            f"LIMA, Jan. {1 + i % 27} (Andina) -- Officials of {a} and {b} met for round {i} of talks "
            f"on trade, energy and fisheries, and agreed to meet again within {i % 11 + 2} months.\n\n"
            f"The delegations said that trade had grown by {i % 40} percent in the period.\n",
            "utf-8",
        )


def _count(db: str) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return int(connection.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_kill_mid_batch_then_rerun(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", str(tmp_path / "crash.db")
    _write_corpus(corpus, 800)
    env = {**os.environ, "COMMUNIQUE_DB": db}
    proc = subprocess.Popen([*CLI, "ingest", str(corpus), "--quiet", "--batch-size", "25"], env=env)
    deadline = time.monotonic() + 120
    while _count(db) < 50 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = _count(db)
    assert 0 < committed < 800, "the kill must land in the middle of the run"
    assert committed % 25 == 0  # only whole batches were committed
    rerun = subprocess.run(
        [*CLI, "ingest", str(corpus), "--json", "--batch-size", "25"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert f'"already_known": {committed}' in rerun.stdout
    with sqlite3.connect(db) as connection:
        total, distinct = connection.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
        fts = connection.execute(
            "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'delegations'"
        ).fetchone()[0]
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
    assert total == distinct == 800 and fts == 800 and integrity == "ok"


def test_the_ids_sources_gave_are_kept(tmp_path: Path) -> None:
    """A JSONL ``id`` is stored with the article (its first sighting's) and with each of its sources."""
    text = "The foreign ministers of Chile and Peru met in Lima on 3 May 2024 to discuss a border treaty."
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(json.dumps({"id": "wire-17", "text": text, "url": "https://a.example/1"}) + "\n")
    second.write_text(
        json.dumps({"id": "feed-9", "text": text, "url": "https://b.example/2"})
        + "\n"
        + json.dumps({"text": "Peru and Chile agreed to meet again in Santiago next year, officials said."})
        + "\n"
    )
    db = str(tmp_path / "ids.db")
    with Store(db) as store:
        ingest([str(first), str(second)], store, Settings(db=db))
        articles = {a.url: a for a in store.iter_articles()}
        assert articles["https://a.example/1"].external_id == "wire-17"
        assert articles["https://a.example/1"].to_dict()["external_id"] == "wire-17"
        assert [a.external_id for url, a in articles.items() if url != "https://a.example/1"] == [None]
    with sqlite3.connect(db) as connection:
        sources = set(connection.execute("SELECT url, external_id FROM article_sources"))
    assert ("https://a.example/1", "wire-17") in sources and ("https://b.example/2", "feed-9") in sources


def test_content_read_again_is_not_analysed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A document stored before is found by its input key before analysis: read and already known,
    never handed to the per-article stages; a changed document is analysed."""
    from communique import runner

    analysed: list[str] = []
    real = runner.process_many

    def counting(items: Any, settings: Any) -> Any:
        def seen() -> Any:
            for item in items:
                analysed.append(getattr(item, "source", "error"))
                yield item

        return real(seen(), settings)

    monkeypatch.setattr(runner, "process_many", counting)
    db = str(tmp_path / "again.db")
    with Store(db) as store:
        first = ingest([str(FIXTURES)], store, Settings(db=db))
        assert first.new == len(analysed) == 9
        analysed.clear()
        again = ingest([str(FIXTURES)], store, Settings(db=db))
        assert (again.read, again.new, again.known, analysed) == (9, 0, 9, [])
        edited = tmp_path / "edited.txt"
        edited.write_text((FIXTURES / "wire_en.txt").read_text(encoding="utf-8") + "\nOne more line.\n")
        third = ingest([str(FIXTURES), str(edited)], store, Settings(db=db))
        assert (third.read, third.new, third.known, analysed) == (10, 1, 9, [str(edited)])
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM input_keys").fetchone() == (10,)
