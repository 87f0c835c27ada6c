"""The ``entities`` section of ../shared/seeds/gold.json: each gold entity is exactly one stored
entity with the right type, country, office and aliases; no junk persons (skipped without ../shared).
The checks that need no gold run on articles in the repository."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from communique import Settings, Store, ingest
from tests.conftest import CORPUS

OFFICES = {  # gold role text -> the canonical office the lexicons map it to
    "P1": "Vice Premier",
    "P2": "First Deputy Prime Minister",
    "P3": "President",
    "P4": "Prime Minister",
    "P5": "President",
}
# Gold aliases that are no string of the seed texts (the gold lists them as equivalent
# names): they are checked by the merge tests below instead.
NOT_IN_TEXTS = {
    "CPC Central Committee",
    "Chinese Communist Party's Central Committee",
    "Kazakhstan-China Cooperation Committee",
}


def _norm(alias: str) -> str:
    return re.sub(r"^(?:the|le|la|les)\s+", "", alias.strip(), flags=re.IGNORECASE).replace("’", "'")


@pytest.fixture(scope="module")
def stored(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    db = str(tmp_path_factory.mktemp("entities") / "seeds.db")
    with Store(db) as store:
        ingest([str(p) for p in sorted(seeds_dir.glob("*.txt"))], store, Settings(db=db))
        return list(store.iter_entities())


def _matching(stored: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [e for e in stored if _norm(name) in {_norm(n) for n in (e["name"], *e["aliases"])}]


def _article_prefixes(stored_entity: dict[str, Any], seeds_dir: Path) -> set[str]:
    from communique import process, read_inputs

    ids = {}
    for raw in read_inputs([str(p) for p in sorted(seeds_dir.glob("*.txt"))]):
        ids[process(raw).id] = Path(raw.source).name[:3]  # type: ignore[union-attr]
    return {ids[a] for a in stored_entity["article_ids"] if a in ids}


@pytest.mark.parametrize("gold_id", ["P1", "P2", "P3", "P4", "P5"])
def test_person(gold_id: str, gold: dict[str, Any], stored: list[dict[str, Any]], seeds_dir: Path) -> None:
    expected = next(e for e in gold["entities"] if e["id"] == gold_id)
    [entity] = _matching(stored, expected["name"])
    assert entity["name"] == expected["name"]
    assert entity["type"] == "PERSON" and entity["country"] == expected["country"]
    names = {_norm(n) for n in (entity["name"], *entity["aliases"])}
    for alias in (*expected["aliases"], *expected.get("same_entity_as", [])):
        assert _norm(alias) in names, alias
    offices = {(r["title"], r["country"]) for r in entity["roles"]}
    assert (OFFICES[gold_id], expected["country"]) in offices
    assert _article_prefixes(entity, seeds_dir) == set(expected["articles"])


def test_no_junk_persons(gold: dict[str, Any], stored: list[dict[str, Any]]) -> None:
    gold_names = {e["name"] for e in gold["entities"] if e["type"] == "PERSON"}
    assert {e["name"] for e in stored if e["type"] == "PERSON"} == gold_names


@pytest.mark.parametrize("gold_id", ["O1", "O2", "O3", "L1", "L2"])
def test_organisations_and_places(gold_id: str, gold: dict[str, Any], stored: list[dict[str, Any]]) -> None:
    expected = next(e for e in gold["entities"] if e["id"] == gold_id)
    [entity] = _matching(stored, expected["name"])
    assert entity["type"] == expected["type"]
    if expected["type"] == "PLACE" or gold_id == "O2":
        assert entity["country"] == expected["country"]
    names = {_norm(n) for n in (entity["name"], *entity["aliases"])}
    for alias in expected.get("same_entity_as", []):
        assert _norm(alias) in names, alias


def test_organisation_aliases_in_the_texts(gold: dict[str, Any], stored: list[dict[str, Any]]) -> None:
    # "the committee" is an anaphor resolved to the body named before it; "One Belt, One Road
    # initiative" and "Comité central du Parti communiste chinois" are named by shape.
    for gold_id in ("O1", "O2", "O3"):
        expected = next(e for e in gold["entities"] if e["id"] == gold_id)
        [entity] = _matching(stored, expected["name"])
        names = {_norm(n) for n in (entity["name"], *entity["aliases"])}
        for alias in expected["aliases"]:
            if alias not in NOT_IN_TEXTS:
                assert _norm(alias) in names, alias


def test_reversed_name_of_a_bilateral_body_is_the_same_body(tmp_path: Path) -> None:
    article = tmp_path / "reversed.txt"
    article.write_text(
        " date 2023-11-29 Kazakhstan and China review cooperation\n\n"
        "ASTANA, Nov. 28 (Kazinform) -- Kazakhstan and China reviewed the work of the Kazakhstan-China "
        "Cooperation Committee on Tuesday, officials said in Astana.\n\nBoth sides praised the committee.\n",
        "utf-8",
    )
    db = str(tmp_path / "r.db")
    with Store(db) as store:
        ingest([str(CORPUS / "en_eleventh_meeting.txt"), str(article)], store, Settings(db=db))
        [body] = [e for e in store.iter_entities() if e["name"] == "China-Kazakhstan Cooperation Committee"]
    assert "Kazakhstan-China Cooperation Committee" in body["aliases"] and len(body["article_ids"]) == 2


def test_german_amounts_are_not_people() -> None:
    from communique.nlp import annotate

    text = (
        "Berlin sagt Chile 225 Millionen Euro zu, sagte Staatssekretärin Katrin Albers am Dienstag. "
        "Die Milliarden Euro kommen aus dem Haushalt, erklärte Minister Rodrigo Valdivieso."
    )
    persons = {m.text for m in annotate(text, "de").mentions if m.type == "PERSON"}
    assert persons == {"Katrin Albers", "Rodrigo Valdivieso"}


def test_a_lower_case_office_is_not_a_body() -> None:
    from communique.nlp import annotate

    text = (
        "La secrétaire d'Etat allemande Katrin Albers et le ministre chilien des Affaires étrangères, "
        "Rodrigo Valdivieso, ont coprésidé mardi la réunion."
    )
    mentions = {(m.text, m.type) for m in annotate(text, "fr").mentions}
    assert ("Rodrigo Valdivieso", "PERSON") in mentions
    assert not any(name.startswith("ministre") for name, _ in mentions)


def test_a_two_part_name_inside_a_longer_one_is_that_person() -> None:
    from communique.entities import local_entities
    from communique.nlp.base import Annotation, Mention

    text = "Ivonne Acuña Murillo habló. Ella, Acuña Murillo, dijo que sí. Rosa Acuña llegó."
    mentions = tuple(
        Mention(
            text=name, type="PERSON", start=text.index(name), end=text.index(name) + len(name), sentence=0
        )
        for name in ("Ivonne Acuña Murillo", "Acuña Murillo", "Rosa Acuña")
    )
    found = local_entities("a", Annotation(language="es", sentences=(), mentions=mentions))
    names = sorted(tuple(sorted(e.names)) for e in found)
    assert names == [("Acuña Murillo", "Ivonne Acuña Murillo"), ("Rosa Acuña",)]


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [("Британия", "ru", None), ("北京", "zh", "CHN"), ("Chine", "fr", "CHN"), ("Україна", "uk", "UKR")],
)
def test_a_place_is_read_in_its_articles_language(name: str, lang: str, expected: str | None) -> None:
    # Russian "Британия" (Britain) is no name of the British Virgin Islands, whatever a Kyrgyz name
    # of theirs holds in brackets; a Chinese city of two characters is still a city.
    from communique.entities import _place_name

    assert _place_name(name, lang)[1] == expected


def test_a_demonym_and_the_first_word_of_a_title_are_no_person() -> None:
    # The model reads "Kazakh First" of "Kazakh First Deputy Prime Minister" as a person's name; a
    # span that ends inside a title and starts with a demonym is the title's, while a person whose
    # name ends where a title would begin ("John Major") stays.
    from communique.nlp import annotate

    text = "Bolivian First Deputy Prime Minister Ana Quispe met Marta Major in La Paz."
    persons = {m.text for m in annotate(text, "en").mentions if m.type == "PERSON"}
    assert not any(p.startswith("Bolivian") for p in persons)
    assert "Ana Quispe" in persons


def test_one_word_read_as_place_and_person_in_one_text_is_a_place() -> None:
    # The same town read as a place in one sentence and as a person in another ("will travel to X"):
    # one label per name and text; a surname of a person named in full keeps its label.
    from communique.nlp import annotate

    text = (
        "The projects in the Magallanes and Antofagasta regions will get the money first.\n\n"
        "On Wednesday, Albers will travel to Antofagasta, in the north of the country, to visit a plant."
    )
    kinds = {(m.text, m.type) for m in annotate(text, "en").mentions if m.text == "Antofagasta"}
    assert kinds == {("Antofagasta", "PLACE")}
