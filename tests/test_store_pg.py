"""The store on PostgreSQL: the same migrations, and the same records as SQLite for the same input.

Needs a server: COMMUNIQUE_TEST_PG (set by .ci/run) names a database whose role may create databases;
without it every test here skips. The store corpus (tests.conftest.store_corpus), the test fixtures and
the JSON Lines sample of examples/ (which holds a translation) are ingested once into SQLite and once
into a fresh PostgreSQL database, then every record, every table and every search is compared.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from communique import Settings, Store, ingest
from communique.crossdoc import add_articles
from communique.records import Article, Dateline
from communique.store import _alembic_config, schema
from tests.conftest import FIXTURES, ROOT, pg_database, store_corpus

# The server listens on 127.0.0.1: allowed even where sockets are otherwise disabled.
pytestmark = pytest.mark.enable_socket


@dataclass
class Pair:
    """The same input stored in SQLite and in PostgreSQL."""

    sqlite: Store
    pg: Store
    summaries: dict[str, Any]
    inputs: list[str]


@pytest.fixture(scope="module")
def stores(pg_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    db = str(tmp_path_factory.mktemp("sqlite") / "test.db")
    sqlite, pg = Store(db), Store(pg_db)
    summaries = {}
    inputs = [*store_corpus(), str(FIXTURES), str(ROOT / "examples" / "corpus" / "jsonl")]
    try:
        for name, store in (("sqlite", sqlite), ("pg", pg)):
            # Small batches, so that later batches link against what earlier ones stored.
            settings = Settings(db=store.url, batch_size=4)
            summaries[name] = ingest(inputs, store, settings)
        yield Pair(sqlite, pg, summaries, inputs)
    finally:
        sqlite.close()
        pg.close()


def _records(store: Store) -> dict[str, Any]:
    """Everything the exports and lookups give, in their order."""
    return {
        "articles": [a.to_dict() for a in store.iter_articles()],
        "entities": list(store.iter_entities()),
        "events": list(store.iter_events()),
        "stories": list(store.iter_stories()),
        "mechanisms": store.mechanisms(),
    }


def _tables(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, without the ingestion timestamps (the only thing allowed to differ)."""
    found = {}
    with store.engine.connect() as connection:
        for table in schema.metadata.sorted_tables:
            columns = [c for c in table.columns if not isinstance(c.type, sa.DateTime)]
            rows = connection.execute(sa.select(*columns)).all()
            found[table.name] = sorted((tuple(r) for r in rows), key=repr)
    return found


def test_migrations_reach_head_with_the_same_tables(pg_db: str) -> None:
    with Store(pg_db) as store:
        assert store.dialect == "postgresql"
        assert store.engine.url.drivername == "postgresql+psycopg"
        inspector = sa.inspect(store.engine)
        for table in schema.metadata.sorted_tables:
            migrated = {c["name"] for c in inspector.get_columns(table.name)}
            assert migrated == {c.name for c in table.columns}, table.name
        assert "ix_articles_search" in {i["name"] for i in inspector.get_indexes("articles")}
        with store.engine.connect() as connection:
            head = ScriptDirectory.from_config(_alembic_config(connection)).get_current_head()
            assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
            # Search folds diacritics on PostgreSQL too (unaccent is a trusted extension).
            folded = connection.exec_driver_sql(
                "SELECT to_tsvector('communique_search'::regconfig, 'Sénégal Белов')::text"
            ).scalar()
            assert folded == "'senegal':1 'белов':2"
    # A second open finds the database at head and leaves it alone.
    with Store(pg_db) as again:
        assert again.count_articles() == 0


def test_same_records_as_sqlite(stores: Pair) -> None:
    assert stores.summaries["pg"].to_dict() == stores.summaries["sqlite"].to_dict()
    assert stores.pg.count_articles() == stores.sqlite.count_articles() == 19
    expected, got = _records(stores.sqlite), _records(stores.pg)
    for kind in expected:
        assert expected[kind], kind  # something to compare
        assert got[kind] == expected[kind], kind
    # Translations: the English EFE record of examples/ is a translation of the Spanish one, on both.
    assert [a["translation_of"] for a in got["articles"]] == [
        a["translation_of"] for a in expected["articles"]
    ]
    assert any(a["translation_of"] for a in got["articles"])


def test_same_tables_as_sqlite(stores: Pair) -> None:
    expected, got = _tables(stores.sqlite), _tables(stores.pg)
    for name, rows in expected.items():
        assert got[name] == rows, name


def test_eleventh_meeting_has_four_sources(stores: Pair) -> None:
    for store in (stores.sqlite, stores.pg):
        sessions = [
            session
            for mechanism in store.mechanisms()
            for session in mechanism["sessions"]
            if session["number"] == 11
        ]
        assert len(sessions) == 1
        event = next(e for e in store.iter_events() if e["id"] == sessions[0]["event_id"])
        assert len(event["article_ids"]) == 4
        assert event["date"] == "2023-11-27"


def test_search_finds_the_same_articles(stores: Pair) -> None:
    for query in ("cooperation committee", "Tokayev", "cocoa research", "Sénégal", "senegal", "圣地亚哥"):
        expected = [h.article.id for h in stores.sqlite.search(query)]
        assert expected, query
        got = stores.pg.search(query)
        # Both rank by term statistics, with different formulas: the same articles, maybe in another order.
        assert sorted(h.article.id for h in got) == sorted(expected), query
    hits = stores.pg.search("cocoa research")
    assert [h.article.title for h in hits] == ["Ghana and Brazil sign cocoa research deal"]
    assert "[cocoa]" in hits[0].snippet
    assert stores.pg.search("senegal")[0].article.language == "fr"
    assert stores.pg.search("圣地亚哥")[0].article.language == "zh"
    assert stores.pg.search('U.S.-"China') == stores.sqlite.search('U.S.-"China') == []
    assert stores.pg.search("   ") == []


def test_lookups_agree(stores: Pair) -> None:
    for name in ("Tokayev", "Токаев", "Ding Xuexiang", "committee"):
        assert stores.pg.find_entities(name) == stores.sqlite.find_entities(name), name
    top = next(stores.sqlite.iter_entities())
    assert stores.pg.entity_profile(top["id"]) == stores.sqlite.entity_profile(top["id"])
    article = next(stores.sqlite.iter_articles())
    assert stores.pg.get_article(article.id[:6]) == article


def test_reingest_changes_nothing(stores: Pair) -> None:
    before_records, before_tables = _records(stores.pg), _tables(stores.pg)
    again = ingest(stores.inputs, stores.pg, Settings(db=stores.pg.url, batch_size=4))
    assert again.new == 0 and again.known == stores.summaries["pg"].read
    assert _records(stores.pg) == before_records
    assert _tables(stores.pg) == before_tables


LONG_TEXT = " ".join(
    f"Paragraph {n}: the delegations discussed trade, energy, fisheries and transport corridors."
    for n in range(8)
)


def _article(i: int, **changes: Any) -> Article:
    fields: dict[str, Any] = {
        "id": f"{i:016x}",
        "source": f"batch/{i}.txt",
        "outlet": None,
        "language": "en",
        "title": f"Talks number {i}",
        "published": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}" if i % 5 else None,
        "dateline": Dateline(),
        "text": f"Officials met for round {i} of talks on trade and energy; word{i} was said.",
    }
    return Article(**(fields | changes))


def _counts(result: Any) -> tuple[int, int]:
    return result.new, result.known


def test_large_batch_and_nul_characters(tmp_path: Path) -> None:
    # More ids than one IN list holds (500), in one transaction; two copies of one text, for
    # near-duplicate linking.
    batch = [_article(i) for i in range(1200)]
    copies = [_article(i, text=LONG_TEXT, title="Copy") for i in (7001, 7000)]
    with pg_database("batch") as url, Store(url) as store, Store(str(tmp_path / "b.db")) as sqlite:
        for each in (store, sqlite):
            assert _counts(add_articles(each, batch)) == (1200, 0)
            assert _counts(add_articles(each, batch[:700])) == (0, 700)
            assert _counts(add_articles(each, copies)) == (2, 0)
        assert [a.to_dict() for a in store.iter_articles()] == [a.to_dict() for a in sqlite.iter_articles()]
        # The dated copy is the original.
        assert store.get_article(f"{7000:016x}").duplicate_of == f"{7001:016x}"
        assert store.get_article(f"{7001:016x}").duplicate_of is None
        assert store.count_articles() == 1202
        ids = [a.id for a in store.iter_articles(chunk=333)]
        # Undated first, as SQLite orders them, then by date and id.
        undated = sorted(a.id for a in batch if a.published is None)
        assert ids[: len(undated)] == undated and len(set(ids)) == 1202
        assert [h.article.id for h in store.search("word77")] == [f"{77:016x}"]
        # PostgreSQL text cannot hold NUL: stored as U+FFFD, one character for one, and still known
        # when the same input comes again.
        odd = _article(5000, source="odd\x00.jsonl", title="NUL\x00 title", text="A text\x00 with NUL.")
        assert _counts(add_articles(store, [odd])) == (1, 0)
        assert _counts(add_articles(store, [odd])) == (0, 1)
        stored = store.get_article(odd.id)
        assert stored.text == "A text\ufffd with NUL." and len(stored.text) == len(odd.text)
        assert stored.source == "odd\ufffd.jsonl"


def test_foreign_keys_refuse_a_dangling_reference(pg_db: str) -> None:
    with Store(pg_db) as store:
        foreign = sa.inspect(store.engine).get_foreign_keys("event_actors")
        assert {f["referred_table"] for f in foreign} == {"events", "entities"}
        assert all(
            f["options"].get("deferrable") and f["options"].get("initially") == "DEFERRED" for f in foreign
        )
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
            connection.execute(
                sa.text("INSERT INTO event_actors (event_id, position, role) VALUES ('nowhere', 0, 'source')")
            )
        assert store.check() == []
