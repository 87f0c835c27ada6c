"""The store's invariants: whatever the order and size of the batches, every stored reference points at a
stored record, and the stored entities, events, stories and links are the same.

The articles are analysed once (the per-article stages are pure); only storing is repeated, in batches of
1, 7 and 200, in three orders and by folder. The inputs are ``examples/``, the test articles and a
generated corpus in which the same people are named in full in some articles and by surname in others
(so entities merge, and their ids change, across batches).
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from typer.testing import CliRunner

from communique import Settings, Store
from communique.cli import app
from communique.crossdoc import add_batch, repair
from communique.ingest import read_inputs
from communique.pipeline import process_many
from communique.records import Analysed
from communique.store import _alembic_config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "corpus"
ARTICLES = Path(__file__).resolve().parent / "articles"

# Invented people of real countries (the capital is where they receive visitors).
_PEOPLE = [
    ("President", "Marek", "Novalski", "Poland", "Warsaw"),
    ("Prime Minister", "Ilse", "Brandtner", "Austria", "Vienna"),
    ("Foreign Minister", "Tomas", "Okonkwo", "Nigeria", "Abuja"),
    ("President", "Lucia", "Ferreyra", "Argentina", "Buenos Aires"),
    ("Foreign Minister", "Kenji", "Matsudaira", "Japan", "Tokyo"),
    ("Prime Minister", "Anders", "Lindqvist", "Sweden", "Stockholm"),
]
_AREAS = ["trade", "energy", "agriculture", "transport", "education", "health"]


def _generated(count: int, seed: int) -> list[dict[str, str]]:
    """News lines about meetings of invented officials: some name them in full with their office, some
    only by surname, several report the same meeting."""
    rng = random.Random(seed)
    lines = []
    start = date(2024, 3, 4)
    for n in range(count):
        host, guest = rng.sample(_PEOPLE, 2)
        day = start + timedelta(days=7 * (n // 3))  # three reports per week: some share a meeting
        areas = " and ".join(rng.sample(_AREAS, 2))
        if n % 2:
            lead = (
                f"{host[0]} {host[1]} {host[2]} of {host[3]} met {guest[3]}'s {guest[0]} "
                f"{guest[1]} {guest[2]} in {host[4]} on {day:%B} {day.day}, {day.year}."
            )
        else:
            lead = (
                f"{host[2]} received {guest[2]} of {guest[3]} in {host[4]} on {day:%B} {day.day}, "
                f"{day.year}, {host[3]}'s government said."
            )
        body = (
            f" The two sides agreed to expand cooperation in {areas}. {host[3]} pledged to support "
            f"the new projects, and {guest[2]} invited {host[2]} to visit {guest[4]} next year. "
            f"Talks between {host[3]} and {guest[3]} will continue in the autumn."
        )
        lines.append(
            {
                "text": lead + body,
                "title": f"{host[2]} and {guest[2]} meet in {host[4]}",
                "published": (day + timedelta(days=n % 2)).isoformat(),
                "url": f"https://news.example/{seed}/{n}",
            }
        )
    return lines


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Analysed]]:
    """Every input's analysed articles, by folder (the generated corpus is one folder)."""
    folder = tmp_path_factory.mktemp("generated")
    lines = _generated(36, seed=11)
    (folder / "generated.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    settings = Settings(workers=1)
    folders = [*sorted(p for p in EXAMPLES.iterdir() if p.is_dir()), ARTICLES, folder]
    result: dict[str, list[Analysed]] = {}
    for path in folders:
        items = process_many(read_inputs([str(path)], settings), settings)
        result[path.name] = [item for item in items if isinstance(item, Analysed)]
    assert sum(len(v) for v in result.values()) > 50
    return result


def _state(db: str) -> dict[str, Any]:
    """Everything a user reads, in a canonical order."""
    with Store(db) as store:
        assert store.check() == []
        with store.engine.connect() as connection:

            def rows(sql: str) -> list[tuple[Any, ...]]:
                return sorted(tuple(r) for r in connection.execute(sa.text(sql)))

            return {
                "entities": sorted(store.iter_entities(), key=lambda e: e["id"]),
                "events": rows("SELECT id, record FROM events"),
                "event_keys": rows("SELECT key, event_id FROM event_keys"),
                "stories": rows("SELECT id, record FROM stories"),
                "story_articles": rows("SELECT article_id, story_id FROM story_articles"),
                "links": rows("SELECT a, b, kind FROM article_links"),
            }


def _store(batches: Iterator[Sequence[Analysed]], db: str) -> None:
    with Store(db) as store:
        for batch in batches:
            add_batch(store, batch)
            problems = store.check()
            assert problems == [], [str(p) for p in problems]


def _in_batches(items: Sequence[Analysed], size: int) -> Iterator[Sequence[Analysed]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@pytest.fixture(scope="module")
def baseline(analysed: dict[str, list[Analysed]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = str(tmp_path_factory.mktemp("baseline") / "all.db")
    everything = [a for items in analysed.values() for a in items]
    _store(iter([everything]), db)
    state = _state(db)
    # The generated corpus names the same people in several articles: entities merge, events are shared.
    assert state["events"] and any(len(e["article_ids"]) > 1 for e in state["entities"])
    return state


@pytest.mark.parametrize("size", [1, 7, 200])
@pytest.mark.parametrize("order", ["given", "reversed", "shuffled"])
def test_any_order_and_batch_size_stores_the_same(
    analysed: dict[str, list[Analysed]], baseline: dict[str, Any], tmp_path: Path, order: str, size: int
) -> None:
    items = [a for batch in analysed.values() for a in batch]
    if order == "reversed":
        items.reverse()
    elif order == "shuffled":
        random.Random(size).shuffle(items)
    db = str(tmp_path / "store.db")
    _store(_in_batches(items, size), db)
    assert _state(db) == baseline


def test_folder_by_folder_stores_the_same(
    analysed: dict[str, list[Analysed]], baseline: dict[str, Any], tmp_path: Path
) -> None:
    db = str(tmp_path / "folders.db")
    for items in reversed(list(analysed.values())):  # one run per folder, as `ingest FOLDER` five times
        _store(iter([items]), db)
    assert _state(db) == baseline


def test_the_check_finds_a_dangling_reference(analysed: dict[str, list[Analysed]], tmp_path: Path) -> None:
    db = str(tmp_path / "broken.db")
    _store(iter([list(analysed.values())[-1]]), db)
    raw = sqlite3.connect(db)  # the foreign keys off: as a store written by another tool could be
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("UPDATE event_actors SET entity_id = 'gone' WHERE entity_id IS NOT NULL")
    raw.execute("DELETE FROM stories")
    raw.commit()
    raw.close()
    with Store(db) as store:
        problems = {(p.table, p.column) for p in store.check()}
    assert ("event_actors", "entity_id") in problems
    assert ("story_articles", "story_id") in problems
    result = CliRunner().invoke(app, ["check", "--db", db])
    assert result.exit_code == 1 and "event_actors.entity_id point at no entities.id" in result.stderr


def test_check_command_on_a_whole_store(analysed: dict[str, list[Analysed]], tmp_path: Path) -> None:
    db = str(tmp_path / "whole.db")
    _store(iter([list(analysed.values())[-1]]), db)
    result = CliRunner().invoke(app, ["check", "--db", db, "--json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["problems"] == []


def _copy_of(analysed: dict[str, list[Analysed]], tmp_path: Path, name: str) -> str:
    db = str(tmp_path / name)
    _store(iter([list(analysed.values())[-1]]), db)
    return db


def test_the_database_refuses_a_dangling_reference(
    analysed: dict[str, list[Analysed]], tmp_path: Path
) -> None:
    db = _copy_of(analysed, tmp_path, "fk.db")
    with Store(db) as store:
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
            connection.execute(
                sa.text(
                    "DELETE FROM entities WHERE id IN "
                    "(SELECT entity_id FROM event_actors WHERE entity_id IS NOT NULL)"
                )
            )
        with pytest.raises(sa.exc.IntegrityError), store.engine.begin() as connection:
            connection.execute(sa.text("UPDATE event_mentions SET event_id = 'nowhere'"))
        assert store.check() == []  # both transactions rolled back whole


def test_repair_points_old_references_at_the_current_entities(
    analysed: dict[str, list[Analysed]], tmp_path: Path
) -> None:
    """A store written before references were kept whole: an entity changed id and its events did not."""
    db = _copy_of(analysed, tmp_path, "old.db")
    with Store(db) as store, store.engine.connect() as connection:
        old = connection.scalar(
            sa.text(
                "SELECT entity_id FROM event_actors WHERE entity_id IS NOT NULL "
                "GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1"
            )
        )
        n_events = connection.scalar(sa.text("SELECT count(*) FROM events"))
    new = "f" * 16
    raw = sqlite3.connect(db)
    raw.execute("PRAGMA foreign_keys=OFF")
    for table, column in [
        ("entities", "id"),
        ("entity_aliases", "entity_id"),
        ("entity_roles", "entity_id"),
        ("entity_articles", "entity_id"),
        ("local_entities", "entity_id"),
    ]:
        raw.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new, old))
    raw.commit()
    raw.close()
    assert CliRunner().invoke(app, ["check", "--db", db]).exit_code == 1
    result = CliRunner().invoke(app, ["check", "--db", db, "--repair"])
    assert result.exit_code == 0, result.stderr
    with Store(db) as store, store.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT count(*) FROM events")) == n_events
        named = connection.execute(
            sa.text("SELECT count(*) FROM event_actors WHERE entity_id = :e"), {"e": new}
        )
        assert named.scalar()
        assert not connection.scalar(
            sa.text("SELECT count(*) FROM event_mentions WHERE data LIKE :e"), {"e": f"%{old}%"}
        )


def test_migrating_an_old_store_drops_what_points_at_nothing(
    analysed: dict[str, list[Analysed]], tmp_path: Path
) -> None:
    db = _copy_of(analysed, tmp_path, "migrate.db")
    with Store(db) as store, store.engine.begin() as connection:
        command.downgrade(_alembic_config(connection), "0005")
    raw = sqlite3.connect(db)
    raw.execute("UPDATE event_actors SET entity_id = 'gone' WHERE position = 0")
    raw.execute("INSERT INTO story_articles (article_id, story_id) VALUES ('nowhere', 'nothing')")
    raw.commit()
    raw.close()
    with Store(db) as store:  # migrates to head: 0006, then 0007 and its foreign keys
        with store.engine.connect() as connection:
            assert not connection.scalar(
                sa.text("SELECT count(*) FROM event_actors WHERE entity_id = 'gone'")
            )
            assert not connection.scalar(
                sa.text("SELECT count(*) FROM story_articles WHERE story_id = 'nothing'")
            )
            foreign = sa.inspect(connection).get_foreign_keys("event_actors")
        assert {f["referred_table"] for f in foreign} == {"events", "entities"}
        repair(store)
        assert store.check() == []
