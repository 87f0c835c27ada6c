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


RESOLUTION = Path(__file__).resolve().parent / "resolution"


@pytest.fixture(scope="module")
def resolution_fixtures(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = str(tmp_path_factory.mktemp("resolution") / "r.db")
    _ingest(sorted(str(p) for p in RESOLUTION.glob("*.txt")), db)
    return [e for e in _entities(db) if e["type"] != "PLACE"]


def _holding(entities: list[dict[str, Any]], alias: str) -> list[dict[str, Any]]:
    return [e for e in entities if alias == e["name"] or alias in e["aliases"]]


def test_one_person_across_scripts_when_transliteration_and_country_agree(
    resolution_fixtures: list[dict[str, Any]],
) -> None:
    # en, de, ru, zh: "Makelong" ~ Macron, "Xiao'erci" ~ Scholz, "Tramp" ~ Trump, by sound, with the
    # country (or office) each article gives.
    for name, others in (
        ("Emmanuel Macron", {"Эмманюэль Макрон", "马克龙"}),
        ("Olaf Scholz", {"肖尔茨"}),
        ("Donald Trump", {"Дональд Трамп", "特朗普"}),
    ):
        [entity] = _holding(resolution_fixtures, name)
        assert others <= set(entity["aliases"]), (name, entity["aliases"])
        assert len(entity["article_ids"]) == 4


def test_acronyms_join_only_their_expansion_or_themselves(resolution_fixtures: list[dict[str, Any]]) -> None:
    [cdu] = _holding(resolution_fixtures, "CDU")
    assert "Christlich Demokratische Union" in cdu["aliases"] and len(cdu["article_ids"]) == 2
    [chrysler] = _holding(resolution_fixtures, "Chrysler")
    assert not {"CNN", "CDU", "C"} & {chrysler["name"], *chrysler["aliases"]}
    [cnn] = _holding(resolution_fixtures, "CNN")
    assert cnn["id"] != chrysler["id"] and len(cnn["article_ids"]) == 2


def test_two_people_with_one_surname_stay_apart(resolution_fixtures: list[dict[str, Any]]) -> None:
    # Each article also names its man by surname alone ("Кан сказал"): that is no evidence across articles.
    [prime_minister] = _holding(resolution_fixtures, "Наото Кан")
    [goalkeeper] = _holding(resolution_fixtures, "Оливер Кан")
    assert prime_minister["id"] != goalkeeper["id"]


def _local(
    key: str, kind: str, names: tuple[str, ...], country: str | None = None, office: str = ""
) -> LocalEntity:
    titles = ((office, country),) if office else ()
    return LocalEntity(key, key, kind, names, names, "en", country, titles)  # type: ignore[arg-type]


def test_organisations_need_the_same_name_or_acronym() -> None:
    chrysler = _local("a:0", "ORG", ("Chrysler",))
    for other in ("C", "CNN", "Citigroup", "Carrefour", "Ctrl+Enter"):
        assert not same_entity(chrysler, _local("b:0", "ORG", (other,))), other
    # Initials across articles are no evidence ("Caramba TV" is not the "CT" of another article) ...
    assert not same_entity(_local("a:1", "ORG", ("CT",)), _local("b:1", "ORG", ("Caramba TV",)))
    # ... the same acronym is, and so is an article that spells it out.
    cdu = _local("a:2", "ORG", ("CDU", "Christlich Demokratische Union"))
    assert same_entity(cdu, _local("b:2", "ORG", ("CDU",)))
    assert same_entity(cdu, _local("b:3", "ORG", ("Christlich Demokratische Union",)))
    # A body's name without its head noun is the body; a shorter name that drops another word is not.
    assert same_entity(
        _local("a:3", "ORG", ("Belt and Road",)), _local("b:4", "ORG", ("Belt and Road Initiative",))
    )
    assert not same_entity(
        _local("a:4", "ORG", ("Consejo Nacional",)), _local("b:5", "ORG", ("Consejo Político Nacional",))
    )
    # The foreign ministry of one country is not that of another.
    assert not same_entity(_local("a:5", "ORG", ("МИД",), "RUS"), _local("b:6", "ORG", ("МИД",), "JPN"))


def test_short_names_across_scripts_need_country_or_office() -> None:
    trump = _local("a:0", "PERSON", ("Donald Trump",), "USA", "President")
    assert same_entity(trump, _local("b:0", "PERSON", ("Трамп",), "USA"))
    assert same_entity(trump, _local("b:1", "PERSON", ("特朗普",), None, "President"))
    assert not same_entity(trump, _local("b:2", "PERSON", ("Трамп",)))  # transliteration alone
    assert not same_entity(trump, _local("b:3", "PERSON", ("特朗普",), "CHN"))  # contradicted
    # A long full name whose every part transliterates exactly stands unless contradicted.
    assert same_entity(
        _local("a:1", "PERSON", ("Donald Trump",)), _local("b:4", "PERSON", ("Дональд Трамп",))
    )
    # Namesakes: another given name, or one consonant more, is another person.
    merkel = _local("a:2", "PERSON", ("Angela Merkel",), "DEU", "Chancellor")
    assert not same_entity(merkel, _local("b:5", "PERSON", ("Андреас Меркель",), "DEU"))
    assert not same_entity(trump, _local("b:6", "PERSON", ("Трумэн",), "USA", "President"))
    lavrov = _local("a:3", "PERSON", ("Sergei Lavrov",), "RUS", "Foreign Minister")
    assert not same_entity(lavrov, _local("b:7", "PERSON", ("Сергей Рябков",), "RUS"))


def test_sounds_alike_across_scripts() -> None:
    from communique.romanize import sound_classes, sounds_alike

    assert sound_classes("Macron") == sound_classes("Макрон") == sound_classes("马克龙") == "NKLN"
    for latin, other in (
        ("Macron", "马克龙"),
        ("Scholz", "肖尔茨"),
        ("Merkel", "默克尔"),
        ("Biden", "拜登"),
        ("Trump", "特朗普"),
        ("Trump", "Трамп"),
        ("Biden", "Байден"),
        ("Scholz", "Шольц"),
    ):
        assert sounds_alike(latin, other), (latin, other)
    for latin, other in (("Putin", "Потанин"), ("Lavrov", "Рябков"), ("Meade", "Андрей"), ("Hung", "武明科")):
        assert not sounds_alike(latin, other), (latin, other)
