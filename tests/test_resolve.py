"""Resolution across articles, languages and scripts; incremental and independent of order."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from communique import Settings, Store, ingest
from communique.cli import app
from communique.entities import same_entity
from communique.records import LocalEntity
from communique.romanize import name_keys
from tests.conftest import store_corpus

ARTICLES = Path(__file__).resolve().parent / "articles"


def _entities(db: str) -> list[dict[str, Any]]:
    with Store(db) as store:
        return sorted(store.iter_entities(), key=lambda e: e["id"])


def _ingest(paths: list[str], db: str) -> None:
    with Store(db) as store:
        ingest(paths, store, Settings(db=db))


@pytest.fixture(scope="module")
def corpus(seeds_dir: Path) -> list[str]:
    return sorted(str(p) for p in [*seeds_dir.glob("*.txt"), *ARTICLES.glob("*.txt")])


@pytest.fixture(scope="module")
def all_at_once(corpus: list[str], tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = str(tmp_path_factory.mktemp("once") / "once.db")
    _ingest(corpus, db)
    return _entities(db)


def test_other_languages_resolve_to_the_same_entities(all_at_once: list[dict[str, Any]]) -> None:
    by_name = {e["name"]: e for e in all_at_once if e["type"] == "PERSON"}
    assert set(by_name) == {
        "Ding Xuexiang",
        "Roman Sklyar",
        "Kassym-Jomart Tokayev",
        "Alikhan Smailov",
        "Xi Jinping",
    }
    aliases = {name: set(e["aliases"]) for name, e in by_name.items()}
    assert {"Дин Сюэсян", "丁薛祥", "M. Ding"} <= aliases["Ding Xuexiang"]
    assert {"Роман Скляр", "斯克利亚尔"} <= aliases["Roman Sklyar"]
    assert {"Касым-Жомарт Токаев", "托卡耶夫", "Kassym-Jomart Tokaïev", "Kasym-Jomart Tokayev"} <= aliases[
        "Kassym-Jomart Tokayev"
    ]
    assert "Си Цзиньпин" in aliases["Xi Jinping"]
    assert len(by_name["Ding Xuexiang"]["article_ids"]) == 9  # five seeds and four other languages
    committee = [e for e in all_at_once if e["name"] == "China-Kazakhstan Cooperation Committee"]
    assert len(committee) == 1 and "Comité de coopération Chine-Kazakhstan" in committee[0]["aliases"]


def test_order_and_batches_do_not_change_the_result(tmp_path: Path) -> None:
    corpus = store_corpus()
    _ingest(corpus, str(tmp_path / "once.db"))
    all_at_once = _entities(str(tmp_path / "once.db"))
    assert any(len(e["article_ids"]) >= 4 for e in all_at_once)  # people named across the languages
    shuffled = corpus[:]
    random.Random(3).shuffle(shuffled)
    db = str(tmp_path / "one_by_one.db")
    for path in shuffled:  # one article per run: every step is an incremental update
        _ingest([path], db)
    assert _entities(db) == all_at_once
    db2 = str(tmp_path / "reversed.db")
    _ingest(list(reversed(corpus)), db2)
    assert _entities(db2) == all_at_once


def test_incremental_batch_touches_only_what_it_shares(corpus: list[str], tmp_path: Path) -> None:
    db = str(tmp_path / "grow.db")
    _ingest([p for p in corpus if "002_" in p], db)
    before = {e["name"]: e for e in _entities(db)}
    assert len(before["Ding Xuexiang"]["article_ids"]) == 1
    _ingest([p for p in corpus if "ru_" in p], db)
    after = {e["name"]: e for e in _entities(db)}
    assert len(after["Ding Xuexiang"]["article_ids"]) == 2
    assert "Kassym-Jomart Tokayev" not in after  # only the Russian spelling is known so far
    assert any("Токаев" in e["name"] for e in after.values())


def test_spelling_variants_need_agreeing_country_or_office() -> None:
    def person(key: str, name: str, country: str | None, office: str | None) -> LocalEntity:
        titles = ((office, country),) if office else ()
        return LocalEntity(key, key, "PERSON", (name,), (name,), "en", country, titles)

    a = person("a:0", "Kassym-Jomart Tokayev", "KAZ", "President")
    # Spellings that fold to one phonetic key are one name; others are variants needing evidence.
    assert same_entity(a, person("b:0", "Kasym-Jomart Tokayev", None, None))
    assert same_entity(a, person("b:1", "Kasim-Jomart Tokajev", None, "President"))
    assert not same_entity(a, person("c:0", "Kasim-Jomart Tokajev", "UZB", "President"))
    assert not same_entity(a, person("d:0", "Kasim-Jomart Tokajev", None, None))
    assert not same_entity(a, person("e:0", "Tokayev", None, None))  # a bare surname needs evidence
    assert same_entity(a, person("f:0", "Tokayev", "KAZ", None))


def test_romanised_keys() -> None:
    assert name_keys("Дин Сюэсян") == ("din siuesian", "ding xuexiang")
    assert name_keys("丁薛祥") == ("ding xuexiang",)
    assert name_keys("Kassym-Jomart Tokayev") == name_keys("Kasym-Jomart Tokayev")


def test_export_and_entity_command(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    _ingest(store_corpus(), db)
    runner = CliRunner()
    result = runner.invoke(app, ["export", "entities", "--db", db])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and set(rows[0]) == {"id", "name", "type", "country", "aliases", "roles", "article_ids"}
    target = tmp_path / "entities.parquet"
    result = runner.invoke(app, ["export", "entities", "-f", "parquet", "-o", str(target), "--db", db])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(app, ["entity", "Токаев", "--db", db])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Kassym-Jomart Tokayev  [PERSON, KAZ]")
    assert "office: President (KAZ), 2023-11-28" in result.stdout
    assert "mentioned with: " in result.stdout and "Ding Xuexiang" in result.stdout
    result = runner.invoke(app, ["entity", "nobody-at-all", "--db", db])
    assert result.exit_code == 1 and "no entity" in result.stderr
