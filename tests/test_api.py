"""The REST API (``communique serve``) on the repository's store corpus (``tests.conftest.store_corpus``:
six articles on two meetings of the China-Kazakhstan Cooperation Committee): endpoints, filters, errors,
writes."""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from communique.api import check_bind, create_app
from communique.errors import CommuniqueError
from communique.runner import ingest
from communique.store import Store, queries
from tests.conftest import FIXTURES, pg_database, store_corpus
from tests.test_cli import invoke

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store holding the store corpus, ingested once per database: every API test runs on SQLite and
    on PostgreSQL (the latter skipped without COMMUNIQUE_TEST_PG)."""
    database = (
        contextlib.nullcontext(str(tmp_path_factory.mktemp("api") / "corpus.db"))
        if request.param == "sqlite"
        else pg_database("api_store")
    )
    with database as db, Store(db) as opened:
        summary = ingest(store_corpus(), opened)
        assert summary.new == 6
        yield opened


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as test_client:
        yield test_client


def get(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def eleventh_session(client: TestClient) -> tuple[dict[str, Any], dict[str, Any]]:
    """(mechanism, session) of the 11th meeting, found through the API."""
    found = [
        (m, s)
        for m in get(client, "/api/mechanisms")["items"]
        for s in m["sessions"]
        if s["number"] == 11 and m["countries"] == ["CHN", "KAZ"]
    ]
    assert len(found) == 1, found
    return found[0]


def person_id(client: TestClient, name: str) -> str:
    items = get(client, f"/api/entities?q={name}&type=PERSON")["items"]
    assert items and items[0]["name"] == name, items
    return str(items[0]["id"])


def test_openapi_schema_lists_the_endpoints(client: TestClient) -> None:
    schema = get(client, "/openapi.json")
    assert {
        "/api/articles",
        "/api/articles/{article_id}",
        "/api/events",
        "/api/events/{event_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/stories",
        "/api/stories/{story_id}",
        "/api/mechanisms",
        "/api/mechanisms/{mechanism_id}",
        "/api/aggregates/monthly",
    } <= set(schema["paths"])
    # Writes are off in this app: the endpoint is not advertised.
    assert "/api/ingest" not in schema["paths"]
    # The interactive docs would load scripts from a CDN: not served.
    assert client.get("/docs").status_code == 404


def test_the_eleventh_meeting_of_the_committee(client: TestClient, store: Store) -> None:
    mechanism, session = eleventh_session(client)
    assert mechanism["kind"] == "recurring bilateral mechanism"
    assert session["date"] == "2023-11-27" and session["place"] == "Astana"
    assert set(session["co_chairs"]) == {"Ding Xuexiang", "Roman Sklyar"}
    # The indexed queries give what the store's full scan gives.
    assert get(client, "/api/mechanisms")["items"] == store.mechanisms()
    assert get(client, f"/api/mechanisms/{mechanism['id']}") == mechanism

    event = get(client, f"/api/events/{session['event_id']}")
    assert event["session_number"] == 11 and event["plover"] == "CONSULT"
    assert event["institution"]["entity_id"] == mechanism["id"]
    assert event["languages"] == ["en", "es", "ru", "zh"] and len(event["article_ids"]) == 4
    assert {a["name"] for a in event["actors"] if a["role"] == "co-chair"} == set(session["co_chairs"])

    sessions = get(client, f"/api/events?mechanism={mechanism['id']}")
    assert [e["session_number"] for e in sessions["items"]] == [11, 12]
    assert sessions["total"] == 2


def _oracle(store: Store, **want: Any) -> list[dict[str, Any]]:
    """The same filters applied in Python to every event (the full scan of ``iter_events``)."""
    found = []
    for event in store.iter_events():
        countries = {a["country"] for a in event["actors"]}
        if any(c not in countries for c in want.get("countries", ())):
            continue
        if "person" in want and want["person"] not in {a["entity_id"] for a in event["actors"]}:
            continue
        if "plover" in want and event["plover"] != want["plover"]:
            continue
        if "start" in want and not (event["date"] and event["date"] >= want["start"]):
            continue
        found.append(event)
    return found


def test_event_filters_match_a_full_scan(client: TestClient, store: Store) -> None:
    ding = person_id(client, "Ding Xuexiang")
    cases: list[tuple[str, dict[str, Any]]] = [
        ("countries=CHN,KAZ", {"countries": ("CHN", "KAZ")}),
        ("countries=kaz", {"countries": ("KAZ",)}),
        ("plover=consult", {"plover": "CONSULT"}),
        (f"person={ding}", {"person": ding}),
        (
            f"person={ding}&plover=AGREE&countries=CHN,KAZ",
            {"person": ding, "plover": "AGREE", "countries": ("CHN", "KAZ")},
        ),
        ("start=2025-01-01", {"start": "2025-01-01"}),
    ]
    for query, want in cases:
        page = get(client, f"/api/events?{query}&limit=500")
        expected = _oracle(store, **want)
        assert page["total"] == len(expected) == len(page["items"]), query
        assert {e["id"] for e in page["items"]} == {e["id"] for e in expected}, query
        dates = [e["date"] for e in page["items"]]
        assert dates == sorted(dates), query
    assert get(client, "/api/events?countries=CHN,KAZ")["total"] >= 10
    # Pages tile the list.
    whole = get(client, "/api/events?countries=CHN,KAZ&limit=500")["items"]
    pages = [
        get(client, f"/api/events?countries=CHN,KAZ&limit=4&offset={o}") for o in range(0, len(whole), 4)
    ]
    assert [e["id"] for p in pages for e in p["items"]] == [e["id"] for e in whole]
    assert all(p["total"] == len(whole) and p["limit"] == 4 for p in pages)
    window = get(client, "/api/events?start=2023-11-27&end=2023-11-27&limit=500")["items"]
    assert window and {e["date"] for e in window} == {"2023-11-27"}


def test_single_event_lists_the_meetings_of_a_visit(client: TestClient, store: Store) -> None:
    by_id = {e["id"]: e for e in store.iter_events()}
    visits = [e for e in by_id.values() if e["contains"]]
    assert visits, "the corpus reports a visit with meetings"
    for visit in visits:
        assert get(client, f"/api/events/{visit['id']}")["contains"] == visit["contains"]


def test_monthly_aggregate_for_the_pair(client: TestClient, store: Store) -> None:
    data = get(client, "/api/aggregates/monthly?countries=CHN,KAZ")
    expected: dict[str, Counter[str]] = {}
    for event in _oracle(store, countries=("CHN", "KAZ")):
        if event["date"]:
            expected.setdefault(event["date"][:7], Counter())[event["plover"]] += 1
    assert {m["month"]: m["counts"] for m in data["months"]} == {k: dict(v) for k, v in expected.items()}
    assert [m["month"] for m in data["months"]] == ["2023-11", "2025-03"]
    assert all(m["total"] == sum(m["counts"].values()) for m in data["months"])
    assert data["countries"] == ["CHN", "KAZ"] and "CONSULT" in data["categories"]
    only = get(client, "/api/aggregates/monthly?countries=CHN,KAZ&plover=CONSULT")
    assert {c for m in only["months"] for c in m["counts"]} == {"CONSULT"}


def test_articles_entities_and_stories(client: TestClient, store: Store) -> None:
    listed = get(client, "/api/articles?limit=2")
    assert listed["total"] == 6 and len(listed["items"]) == 2
    assert {"id", "source", "title", "published", "dateline", "text"} <= set(listed["items"][0])
    found = get(client, "/api/articles?q=Astana")
    assert found["items"] and all("snippet" in hit for hit in found["items"])
    french = get(client, "/api/articles?language=fr")["items"]
    assert [a["language"] for a in french] == ["fr"]
    article = get(client, f"/api/articles/{french[0]['id'][:8]}")
    assert article["id"] == french[0]["id"] and article["event_ids"] and article["story_id"]

    ding = person_id(client, "Ding Xuexiang")
    assert get(client, f"/api/entities/{ding}") == store.entity_profile(ding)
    assert all(e["type"] == "PERSON" for e in get(client, "/api/entities?type=person")["items"])

    stories = get(client, "/api/stories")
    assert stories["total"] == 2
    biggest = max(stories["items"], key=lambda s: len(s["article_ids"]))
    assert len(biggest["article_ids"]) == 5 and set(biggest["languages"]) == {"en", "es", "fr", "ru", "zh"}
    assert get(client, f"/api/stories/{biggest['id']}") == biggest


@pytest.mark.parametrize(
    ("url", "status", "source"),
    [
        ("/api/events?start=2023-02-30", 400, "start"),
        ("/api/events?end=yesterday", 400, "end"),
        ("/api/events?start=2024-01-01&end=2023-01-01", 400, "end"),
        ("/api/events?limit=-1", 400, "limit"),
        ("/api/events?limit=0", 400, "limit"),
        ("/api/events?limit=100000", 400, "limit"),
        ("/api/events?limit=ten", 400, "limit"),
        ("/api/events?offset=-5", 400, "offset"),
        ("/api/events?plover=PARTY", 400, "plover"),
        ("/api/events?countries=CHINA", 400, "countries"),
        ("/api/events?countries=CHN,KAZ,RUS", 400, "countries"),
        ("/api/aggregates/monthly", 400, "countries"),
        ("/api/aggregates/monthly?countries=C1N,KAZ", 400, "countries"),
        ("/api/entities?type=ANIMAL", 400, "type"),
        ("/api/articles?limit=-3", 400, "limit"),
        ("/api/events/ffffffffffffffff", 404, "ffffffffffffffff"),
        ("/api/entities/ffffffffffffffff", 404, "ffffffffffffffff"),
        ("/api/stories/ffffffffffffffff", 404, "ffffffffffffffff"),
        ("/api/mechanisms/ffffffffffffffff", 404, "ffffffffffffffff"),
        ("/api/articles/ffffffffffffffff", 404, "ffffffffffffffff"),
        ("/api/nowhere", 404, "/api/nowhere"),
    ],
)
def test_errors_have_the_canonical_body(client: TestClient, url: str, status: int, source: str) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"type", "code", "message", "source"}
    assert body["error"]["code"] == ("bad_parameter" if status == 400 else "not_found")
    assert body["error"]["source"] == source and body["error"]["message"]


def test_wrong_method_has_the_canonical_body(client: TestClient) -> None:
    response = client.delete("/api/events")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_responses_carry_security_headers(client: TestClient) -> None:
    headers = client.get("/api/stories").headers
    assert "script-src" not in headers["content-security-policy"]
    assert "default-src 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_writes_are_off_unless_allowed_with_a_token(client: TestClient, tmp_path: Path) -> None:
    document = {"text": (FIXTURES / "wire_en.txt").read_text("utf-8"), "title": "t", "id": "mine"}
    off = client.post("/api/ingest", json=[document])
    assert off.status_code == 403 and off.json()["error"]["code"] == "forbidden"

    with pytest.raises(CommuniqueError):
        create_app(str(tmp_path / "w.db"), allow_ingest=True)
    with TestClient(create_app(str(tmp_path / "w.db"), allow_ingest=True, token=TOKEN)) as writer:
        assert "/api/ingest" in writer.get("/openapi.json").json()["paths"]
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}):
            refused = writer.post("/api/ingest", json=[document], headers=headers)
            assert refused.status_code == 401, headers
            assert refused.json()["error"]["code"] == "unauthorized"
            assert refused.headers["www-authenticate"] == "Bearer"
        # Without the token, even a malformed body says only "unauthorized".
        assert writer.post("/api/ingest", content=b"{oops").status_code == 401
        auth = {"Authorization": f"Bearer {TOKEN}"}
        bad = writer.post("/api/ingest", content=b"{oops", headers=auth)
        assert bad.status_code == 400 and bad.json()["error"]["code"] == "bad_parameter"
        done = writer.post("/api/ingest", json=[document, {"title": "no body"}], headers=auth)
        assert done.status_code == 200, done.text
        summary = done.json()
        assert (summary["read"], summary["new"], summary["failed"]) == (2, 1, 1)
        assert summary["failed_by_reason"] == {"no_text_field": 1}
        assert summary["errors"][0]["source"] == "body[1]"
        stored = summary["documents"][0]
        assert stored["id"] == "mine" and stored["error"] is None
        assert writer.get(f"/api/articles/{stored['article_id']}").status_code == 200
        again = writer.post("/api/ingest", json=[document], headers=auth).json()
        assert (again["new"], again["already_known"]) == (0, 1)


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_flag(host: str) -> None:
    check_bind(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "example.org"])
def test_other_hosts_need_public(host: str) -> None:
    with pytest.raises(CommuniqueError) as caught:
        check_bind(host)
    assert "--public" in caught.value.message
    check_bind(host, public=True)


def test_serve_refuses_a_public_host_and_ingest_without_token(tmp_path: Path) -> None:
    code, _, err = invoke("serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "--public" in err
    code, _, err = invoke("serve", "--allow-ingest", "--db", str(tmp_path / "x.db"))
    assert code == 2 and "--token" in err


def test_queries_agree_on_postgresql(store: Store, pg_db: str) -> None:
    """The same queries on PostgreSQL (skipped without COMMUNIQUE_TEST_PG) give what SQLite gives."""
    with Store(pg_db) as pg:
        ingest(store_corpus(), pg)
        pair = queries.EventFilter(countries=("CHN", "KAZ"))
        assert queries.monthly_counts(pg, pair) == queries.monthly_counts(store, pair)
        assert queries.list_mechanisms(pg) == queries.list_mechanisms(store)
        ids = [e["id"] for e in queries.list_events(store, pair, 500).items]
        assert [e["id"] for e in queries.list_events(pg, pair, 500).items] == ids
        ding = queries.list_entities(store, "ding xuexiang", "PERSON", 1).items[0]["id"]
        assert queries.list_entities(pg, "ding xuexiang", "PERSON", 1).items[0]["id"] == ding
        assert [e["id"] for e in queries.entity_events(pg, ding)] == [
            e["id"] for e in queries.entity_events(store, ding)
        ]
        assert json.dumps(queries.list_stories(pg).to_dict(), sort_keys=True) == json.dumps(
            queries.list_stories(store).to_dict(), sort_keys=True
        )
