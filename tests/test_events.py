"""The ``events``, ``statements_of_intent`` and ``facts`` sections of ../shared/seeds/gold.json (skipped
without ../shared), and the checks that need no gold, on the seeds and on the repository's store corpus
(``tests.conftest.store_corpus``, which reports the same committee's 11th and 12th meetings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from communique import Settings, Store, ingest, process, read_inputs
from tests.conftest import store_corpus


def _store(paths: list[str], folder: Path) -> dict[str, Any]:
    db = str(folder / "events.db")
    prefix = {process(raw).id: Path(raw.source).name[:3] for raw in read_inputs(paths)}  # type: ignore[arg-type]
    with Store(db) as store:
        ingest(paths, store, Settings(db=db))
        events = list(store.iter_events())
        entities = {e["id"]: e for e in store.iter_entities()}
        mechanisms = store.mechanisms()
    return {"events": events, "entities": entities, "prefix": prefix, "mechanisms": mechanisms}


@pytest.fixture(scope="module")
def seeded(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _store([str(p) for p in sorted(seeds_dir.glob("*.txt"))], tmp_path_factory.mktemp("seeds"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _store(store_corpus(), tmp_path_factory.mktemp("corpus"))


@pytest.fixture(params=["seeds", "corpus"])
def stored(request: pytest.FixtureRequest) -> dict[str, Any]:
    """The seeds' store (skipped without ../shared), then the store corpus'."""
    return dict(request.getfixturevalue("seeded" if request.param == "seeds" else "corpus"))


def _name(gold: dict[str, Any], ident: str) -> str:
    return str(next(e["name"] for e in gold["entities"] if e["id"] == ident))


def _articles(event: dict[str, Any], prefix: dict[str, str]) -> set[str]:
    return {prefix[a] for a in event["article_ids"]}


def _people(event: dict[str, Any], entities: dict[str, Any]) -> set[str]:
    return {
        entities[a["entity_id"]]["name"]
        for a in event["actors"]
        if a["entity_id"] in entities and entities[a["entity_id"]]["type"] == "PERSON"
    }


@pytest.mark.parametrize("gold_id", ["E1", "E2", "E3", "E4"])
def test_meetings(gold_id: str, gold: dict[str, Any], seeded: dict[str, Any]) -> None:
    expected = next(e for e in gold["events"] if e["id"] == gold_id)
    people = {_name(gold, p) for p in expected["participants"]}
    matching = [
        e
        for e in seeded["events"]
        if e["plover"] == "CONSULT"
        and e["cameo"] == expected["cameo"]
        and _people(e, seeded["entities"]) == people
        and e["date"] == expected["date"]
    ]
    assert len(matching) == 1, [(_people(e, seeded["entities"]), e["date"]) for e in seeded["events"]]
    [event] = matching
    assert event["place"] == expected["place"] and event["country"] == expected["country"]
    assert event["mode"] == expected["mode"]
    assert _articles(event, seeded["prefix"]) == set(expected["articles"])
    visitor = next(
        a
        for a in event["actors"]
        if a["role"] in ("visitor",) or (a["role"] == "co-chair" and a["country"] != expected["host_country"])
    )
    assert seeded["entities"][visitor["entity_id"]]["name"] == _name(gold, expected["visitor"])
    if "institution" in expected:
        assert event["institution"]["name"] == _name(gold, expected["institution"])
        assert event["session_number"] == expected["session_number"]
    assert {a["country"] for a in event["actors"]} >= set(expected["actor_countries"])
    assert all(ev["sentence"] for ev in event["evidence"])


def test_visit_contains_its_meetings(gold: dict[str, Any], seeded: dict[str, Any]) -> None:
    expected = next(e for e in gold["events"] if e["id"] == "V1")
    visits = [e for e in seeded["events"] if e["cameo"] == "042"]
    assert len(visits) == 1
    [visit] = visits
    assert (visit["date"], visit["end_date"]) == (expected["date"], expected["end_date"])
    assert visit["country"] == expected["target_country"]
    source = next(a for a in visit["actors"] if a["role"] in ("visitor", "source"))
    assert seeded["entities"][source["entity_id"]]["name"] == _name(gold, expected["source_actor"])
    assert _articles(visit, seeded["prefix"]) >= set(expected["articles"])
    contained = {e["id"] for e in seeded["events"] if e["id"] in visit["contains"]}
    assert len(contained) == 3


@pytest.mark.parametrize("index", [0, 1, 2, 3])
def test_statements_of_intent(index: int, gold: dict[str, Any], seeded: dict[str, Any]) -> None:
    expected = gold["statements_of_intent"][index]
    found = [
        e
        for e in seeded["events"]
        if e["plover"] == "AGREE"
        and e["cameo"] == expected["cameo"]
        and e["date"] == expected["date"]
        and any(a["country"] == expected["actor_country"] and a["role"] == "source" for a in e["actors"])
        and any(a["country"] == expected["target_country"] for a in e["actors"] if a["role"] != "source")
    ]
    assert len(found) == 1, expected
    assert set(expected["articles"]) == _articles(found[0], seeded["prefix"])


def test_mechanism_with_its_sessions(stored: dict[str, Any]) -> None:
    [mechanism] = stored["mechanisms"]
    assert mechanism["name"] == "China-Kazakhstan Cooperation Committee"
    assert mechanism["countries"] == ["CHN", "KAZ"]
    sessions = [(s["number"], s["date"], s["place"]) for s in mechanism["sessions"]]
    assert sessions == [(11, "2023-11-27", "Astana"), (12, "2025-03-18", "Beijing")]


def test_pledge_areas(seeded: dict[str, Any], gold: dict[str, Any]) -> None:
    expected = next(f for f in gold["facts"] if f["what"] == "areas of cooperation named")
    areas = {a for e in seeded["events"] if e["pledge"] for a in e["pledge"]["areas"]}
    assert set(expected["values"]) <= areas


@pytest.mark.parametrize("gold_id", ["E1", "E2", "E3", "E4", "V1"])
def test_visitor_and_host_country_on_the_event(
    gold_id: str, gold: dict[str, Any], seeded: dict[str, Any]
) -> None:
    """The contract's event-level ``visitor`` and ``host_country``, also when both sides co-chair."""
    expected = next(e for e in gold["events"] if e["id"] == gold_id)
    visitor = expected.get("visitor") or expected["source_actor"]
    host = expected.get("host_country") or expected["target_country"]
    found = [
        e
        for e in seeded["events"]
        if e["plover"] == "CONSULT"
        and e["cameo"] == expected["cameo"]
        and e["date"] == expected["date"]
        and (
            gold_id == "V1"
            or _people(e, seeded["entities"]) == {_name(gold, p) for p in expected["participants"]}
        )
    ]
    assert len(found) == 1
    [event] = found
    assert event["host_country"] == host
    assert seeded["entities"][event["visitor"]["entity_id"]]["name"] == _name(gold, visitor)


def test_every_meeting_is_one_of_golds(gold: dict[str, Any], seeded: dict[str, Any]) -> None:
    """No meeting from a sentence that only recalls one ("that meeting with X in October"), no
    meeting of interests ("meets our common interests")."""
    meetings = [e for e in seeded["events"] if e["plover"] == "CONSULT"]
    wanted = {(e["cameo"], e["date"], e["place"]) for e in gold["events"]}
    assert len(meetings) == len(gold["events"])
    assert all((e["cameo"], e["date"], e["place"]) in wanted for e in meetings)


@pytest.mark.parametrize(
    "stored",
    [
        "seeds",
        pytest.param(
            "corpus",
            marks=pytest.mark.xfail(
                strict=True,
                reason="known defect: the Russian report's 'в Акорде' (the Akorda, the presidential "
                "residence, in the locative) is stored as the place of the talks, and lookup_place "
                "does not know it",
            ),
        ),
    ],
    indirect=True,
)
def test_every_place_is_a_known_place(stored: dict[str, Any]) -> None:
    from communique.places import lookup_place

    places = {e["place"] for e in stored["events"] if e["place"]}
    assert places
    assert [p for p in sorted(places) if lookup_place(p) is None] == []  # not a policy's name


def test_no_city_demonym_or_policy_as_actor(stored: dict[str, Any]) -> None:
    from communique.countries import country_code, country_name
    from communique.places import lookup_place

    for event in stored["events"]:
        for actor in event["actors"]:
            name = actor["name"]
            place = lookup_place(name)
            assert place is None or place.is_country, name  # a city hosts nothing
            code = country_code(name, "en")
            assert code is None or country_name(code, "en") == name or len(name.split()) > 1, name
            assert "Road" not in name.split(), name  # the seeds' policies are "... Road" initiatives


def test_pledge_areas_hold_no_attribution(stored: dict[str, Any]) -> None:
    areas = [a for e in stored["events"] if e["pledge"] for a in e["pledge"]["areas"]]
    assert areas
    assert not [a for a in areas if re.search(r"\bsaid\b|[“”\"]", a)]


def test_pledge_areas_of_the_seed_committee_one_wording_per_area(seeded: dict[str, Any]) -> None:
    [committee] = [e for e in seeded["events"] if e["session_number"] == 11]
    own = committee["pledge"]["areas"]
    assert "financial cooperation" in own and "coopération financière" not in own
    assert "all spheres" not in own  # said at the talk with the president, not at the committee
