"""Hostile requests to ``communique serve``: the write API reads no body before the token and no more
than its limit, a bad parameter on any route is a 400 (never a 500) with the security headers, and
``%`` and ``_`` in a name are letters, not wildcards."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import anyio
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from starlette.routing import BaseRoute, Route

from communique.api import MAX_INGEST_DOCUMENTS, MAX_LIMIT, MAX_OFFSET, MAX_SEARCH_RESULTS, create_app
from communique.runner import ingest
from communique.settings import Settings
from communique.store import Store, queries
from tests.conftest import pg_database, store_corpus
from tests.test_cli import invoke

TOKEN = "hostile-tests-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
#: A small body limit for the writer app, so that going past it costs nothing.
LIMIT = 64 * 1024
MIB = 1024 * 1024
SECURITY_HEADERS = ("content-security-policy", "x-content-type-options", "referrer-policy", "x-frame-options")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """The store corpus (tests.conftest.store_corpus), on SQLite and on PostgreSQL (skipped without
    COMMUNIQUE_TEST_PG)."""
    database = (
        contextlib.nullcontext(str(tmp_path_factory.mktemp("hostile") / "corpus.db"))
        if request.param == "sqlite"
        else pg_database("hostile_store")
    )
    with database as db, Store(db) as opened:
        assert ingest(store_corpus(), opened).new == 6
        yield opened


@pytest.fixture(scope="module")
def client(store: Store) -> Iterator[TestClient]:
    """A read-only app over the store corpus."""
    with TestClient(create_app(store)) as test_client:
        yield test_client


@pytest.fixture()
def writer(tmp_path: Path) -> Iterator[TestClient]:
    """An app that takes writes, with a small body limit."""
    app = create_app(
        str(tmp_path / "w.db"), settings=Settings(max_ingest_bytes=LIMIT), allow_ingest=True, token=TOKEN
    )
    with TestClient(app) as test_client:
        yield test_client


def assert_canonical(body: Any, code: str) -> dict[str, Any]:
    assert set(body) == {"error"} and set(body["error"]) == {"type", "code", "message", "source"}, body
    assert body["error"]["code"] == code, body
    error: dict[str, Any] = body["error"]
    return error


# -- 1. the write API: the token before the body, and a bounded body --------------------------------


class Upload:
    """An ASGI request body served one chunk at a time on demand, counting what the app pulled: the
    test client would read a whole body before the app sees it."""

    def __init__(self, chunks: int, size: int) -> None:
        self.left = chunks
        self.size = size
        self.pulled = 0

    async def receive(self) -> dict[str, Any]:
        if self.left <= 0:
            return {"type": "http.disconnect"}
        self.left -= 1
        self.pulled += 1
        return {"type": "http.request", "body": b"[" * self.size, "more_body": self.left > 0}


def post_upload(
    app: Any, upload: Upload, headers: dict[str, str], *, declare_length: bool
) -> tuple[int, dict[str, str], Any]:
    """POST ``upload`` to ``/api/ingest`` straight through the ASGI interface: (status, headers, JSON)."""
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw.append((b"content-type", b"application/json"))
    if declare_length:
        raw.append((b"content-length", str(upload.left * upload.size).encode()))
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/ingest",
        "raw_path": b"/api/ingest",
        "root_path": "",
        "query_string": b"",
        "headers": raw,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    async def main() -> None:
        await app(scope, upload.receive, send)

    anyio.run(main)
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    response_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], response_headers, json.loads(body)


@pytest.mark.parametrize("declare_length", [True, False], ids=["content-length", "chunked"])
def test_no_token_no_body_read(writer: TestClient, declare_length: bool) -> None:
    # 300 MiB on offer: a 401 must come before the app pulls more than a chunk of it.
    upload = Upload(chunks=300, size=MIB)
    status, headers, body = post_upload(writer.app, upload, {}, declare_length=declare_length)
    assert status == 401 and upload.pulled <= 1
    assert_canonical(body, "unauthorized")
    assert headers["www-authenticate"] == "Bearer"
    assert all(name in headers for name in SECURITY_HEADERS)


def test_over_the_limit_by_content_length_is_refused_unread(writer: TestClient) -> None:
    upload = Upload(chunks=300, size=MIB)
    status, headers, body = post_upload(writer.app, upload, AUTH, declare_length=True)
    assert status == 413 and upload.pulled == 0
    assert assert_canonical(body, "payload_too_large")["source"] == "body"
    assert all(name in headers for name in SECURITY_HEADERS)


def test_over_the_limit_while_streaming_stops_reading(writer: TestClient) -> None:
    chunk = 4096
    upload = Upload(chunks=MIB // chunk, size=chunk)
    status, _, body = post_upload(writer.app, upload, AUTH, declare_length=False)
    assert status == 413 and upload.pulled <= LIMIT // chunk + 1
    assert_canonical(body, "payload_too_large")


def test_malformed_json_is_401_without_the_token_and_400_with_it(writer: TestClient) -> None:
    json_type = {"Content-Type": "application/json"}
    for content in (b"{oops", b"[" * 60_000, b"\xff\xfe"):
        refused = writer.post("/api/ingest", content=content, headers=json_type)
        assert refused.status_code == 401, refused.text
        assert_canonical(refused.json(), "unauthorized")
        bad = writer.post("/api/ingest", content=content, headers={**json_type, **AUTH})
        assert bad.status_code == 400, bad.text
        assert assert_canonical(bad.json(), "bad_parameter")["source"] == "body"
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert writer.post("/api/ingest", content=b"[]", headers=form).status_code == 401
    unsupported = writer.post("/api/ingest", content=b"[]", headers={**form, **AUTH})
    assert unsupported.status_code == 415
    assert assert_canonical(unsupported.json(), "unsupported_media_type")["source"] == "Content-Type"
    for wrong in (b'{"text": "a"}', b'"text"', b"null"):
        bad = writer.post("/api/ingest", content=wrong, headers={**json_type, **AUTH})
        assert bad.status_code == 400 and bad.json()["error"]["source"] == "body", bad.text


def test_writes_off_is_403_before_the_body(client: TestClient) -> None:
    upload = Upload(chunks=300, size=MIB)
    status, _, body = post_upload(client.app, upload, AUTH, declare_length=True)
    assert status == 403 and upload.pulled <= 1
    assert_canonical(body, "forbidden")


# -- 4. fields of the wrong type ---------------------------------------------------------------------

TEXT = (
    "ASTANA, Nov. 29 (Xinhua) -- Chinese Vice Premier Ding Xuexiang met with Kazakh President "
    "Kassym-Jomart Tokayev in Astana on Wednesday, and both sides agreed to deepen cooperation."
)


@pytest.mark.parametrize("field", ["text", "title", "html", "url", "published", "language", "outlet", "id"])
@pytest.mark.parametrize("value", [{"a": 1}, ["a"], 3, True])
def test_a_field_of_the_wrong_type_is_a_document_error_naming_it(
    writer: TestClient, field: str, value: Any
) -> None:
    document = {"text": TEXT, "title": "Talks", field: value}
    done = writer.post("/api/ingest", json=[document, {"text": TEXT, "title": "Fine"}], headers=AUTH)
    assert done.status_code == 200, done.text
    summary = done.json()
    assert (summary["read"], summary["new"], summary["failed"]) == (2, 1, 1)
    assert summary["failed_by_reason"] == {"bad_field": 1}
    assert summary["errors"][0]["source"] == f"body[0].{field}"
    assert summary["documents"][0]["article_id"] is None
    titles = [a["title"] for a in writer.get("/api/articles").json()["items"]]
    assert titles == ["Fine"]


def test_a_document_that_is_not_an_object_is_a_document_error(writer: TestClient) -> None:
    done = writer.post("/api/ingest", json=["just text", None, {"text": TEXT}], headers=AUTH)
    assert done.status_code == 200, done.text
    summary = done.json()
    assert (summary["read"], summary["new"], summary["failed"]) == (3, 1, 2)
    assert [e["source"] for e in summary["errors"]] == ["body[0]", "body[1]"]


# -- 2. hostile parameters on every GET route --------------------------------------------------------

#: Whole numbers no list takes: past 2^63, not ASCII digits (int() reads '²' and '٣'), signs,
#: separators, floats, a number past Python's int-from-text limit.
BAD_NUMBERS = [
    str(2**63),
    str(2**64),
    str(MAX_OFFSET + 1),
    "²",
    "٣",
    "１",
    "+1",
    " 1",
    "1_0",
    "1.0",
    "-1",
    "1e3",
    "9" * 5000,
]
#: Text that must be a 400 (NUL) or taken literally.
BAD_TEXT = ["a\x00b", "\x00", "%", "_", "%00", "\\", "'", '"', "\u202e"]


def _walk(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, Route]]:
    """(full path, route) of every route, into included routers (FastAPI keeps those as one entry
    holding the router and its prefix)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _walk(inner.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]
        elif isinstance(route, Route):
            yield prefix + route.path, route


# The routes, read from an app whose store is never opened (it serves nothing).
_ROUTES = {
    path: route
    for path, route in _walk(create_app(Store.__new__(Store)).routes)
    if route.methods and "GET" in route.methods
}
GET_ROUTES = sorted(_ROUTES)


def _params(path: str) -> tuple[list[str], list[str]]:
    route = _ROUTES[path]
    if not isinstance(route, APIRoute):
        return [], []
    return [p.alias for p in route.dependant.query_params], [p.alias for p in route.dependant.path_params]


def _cases() -> list[tuple[str, str, str]]:
    cases = []
    for path in GET_ROUTES:
        query_names, path_names = _params(path)
        # A parameter no route reads is text too: a NUL in it is refused on every route.
        cases.append((path, "unknown", "a\x00b"))
        for name in query_names:
            for value in BAD_NUMBERS + BAD_TEXT:
                cases.append((path, name, value))
        for name in path_names:
            for value in [*BAD_TEXT, str(2**63), "²"]:
                cases.append((path, "{" + name + "}", value))
    return cases


def _url(path: str, name: str, value: str) -> str:
    """The route's URL with ``value`` in parameter ``name`` (``{name}`` for a path parameter), the
    other parameters filled in so that the request gets as far as the one under test."""
    query_names, path_names = _params(path)
    concrete = path
    for other in path_names:
        given = value if "{" + other + "}" == name else ("CHN-KAZ" if other == "pair" else "x")
        concrete = concrete.replace("{" + other + "}", quote(given, safe=""))
    if name.startswith("{"):
        return concrete
    filled = {"countries": "CHN,KAZ"} if "countries" in query_names and name != "countries" else {}
    return f"{concrete}?{urlencode({**filled, name: value})}"


def test_every_get_route_is_covered() -> None:
    assert {"/", "/api/events", "/api/articles", "/stories", "/pairs/{pair}", "/search"} <= set(GET_ROUTES)
    offsets = [path for path in GET_ROUTES if "offset" in _params(path)[0]]
    assert {"/", "/stories", "/pairs/{pair}", "/api/events", "/api/articles", "/api/entities"} <= set(offsets)


@pytest.mark.parametrize(("path", "name", "value"), _cases())
def test_hostile_parameters_are_never_a_500(client: TestClient, path: str, name: str, value: str) -> None:
    response = client.get(_url(path, name, value))
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert all(header in response.headers for header in SECURITY_HEADERS), response.headers
    if "\x00" in value:
        assert response.status_code == 400
    if name in ("offset", "limit") and value in BAD_NUMBERS:
        assert response.status_code == 400, response.text[:300]
        if path.startswith("/api"):
            assert assert_canonical(response.json(), "bad_parameter")["source"] == name


@pytest.mark.parametrize("url", ["/api/events?offset=²", "/?offset=²", f"/api/stories?offset={2**63}"])
def test_a_bad_number_names_the_parameter(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert "offset" in response.text


def test_the_largest_offset_is_served(client: TestClient) -> None:
    for url in (
        f"/api/events?offset={MAX_OFFSET}",
        f"/?offset={MAX_OFFSET}",
        f"/stories?offset={MAX_OFFSET}",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/api/events?offset={MAX_OFFSET}").json()["items"] == []


def test_search_depth_is_bounded(client: TestClient) -> None:
    assert client.get("/api/articles?q=Astana&offset=100").status_code == 200
    deep = client.get(f"/api/articles?q=Astana&offset={MAX_OFFSET}")
    assert deep.status_code == 400 and deep.json()["error"]["source"] == "offset"


def test_a_nul_in_a_path_or_parameter_name_is_a_400(client: TestClient) -> None:
    for url in ("/api/events/a%00b", "/events/a%00b", "/api/events?a%00b=1", "/static/a%00b.css"):
        response = client.get(url)
        assert response.status_code == 400, (url, response.text[:200])
        assert all(header in response.headers for header in SECURITY_HEADERS)


def test_a_crash_is_a_canonical_500_with_the_security_headers(store: Store) -> None:
    app = create_app(store)

    @app.get("/api/crash")
    def crash() -> None:
        raise RuntimeError("a bug")

    @app.get("/crash")
    def crash_page() -> None:
        raise RuntimeError("a bug")

    with TestClient(app) as test_client:
        for url in ("/api/crash", "/crash"):
            response = test_client.get(url)
            assert response.status_code == 500
            assert all(header in response.headers for header in SECURITY_HEADERS)
            assert "internal" in response.text and "a bug" not in response.text
        assert_canonical(test_client.get("/api/crash").json(), "internal")


# -- 3. LIKE wildcards are letters ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["%", "_", "%%", "Ding%Xuexiang", "Ding_Xuexiang", "D_ng", "\\%", "%\\"])
def test_wildcards_in_a_name_match_only_themselves(client: TestClient, store: Store, name: str) -> None:
    assert store.find_entities(name) == []
    assert queries.list_entities(store, name).total == 0
    assert client.get("/api/entities", params={"q": name}).json()["total"] == 0
    html = client.get("/", params={"person": name}).text
    assert "Events with <strong>" not in html or f"<strong>{name}</strong>" in html
    assert 'class="event"' not in html
    # The name itself still finds the entity.
    assert store.find_entities("Ding Xuexiang")[0]["name"] == "Ding Xuexiang"
    assert client.get("/api/entities", params={"q": "ding xuexiang"}).json()["total"] >= 1


def test_wildcards_in_the_cli_entity_lookup(store: Store) -> None:
    if store.dialect != "sqlite":
        pytest.skip("the CLI test reads the SQLite file")
    db = str(store.engine.url.database)
    code, out, _ = invoke("entity", "Ding Xuexiang", "--db", db)
    assert code == 0 and "Ding Xuexiang" in out
    for name in ("%", "_", "Ding_Xuexiang"):
        code, out, err = invoke("entity", name, "--db", db)
        assert code != 0 and "no entity" in err and not out, (name, out)


def test_wildcards_in_substring_search(writer: TestClient) -> None:
    # Text without spaces (Chinese) is searched by substring: '%' and '_' must not match anything.
    text = "新华社北京11月29日电 中国国务院副总理丁薛祥在阿斯塔纳会见哈萨克斯坦总统托卡耶夫。"
    done = writer.post("/api/ingest", json=[{"text": text * 2, "language": "zh"}], headers=AUTH)
    assert done.status_code == 200 and done.json()["new"] == 1, done.text
    assert writer.get("/api/articles", params={"q": "阿斯塔纳"}).json()["items"]
    for query in ("阿斯%纳", "阿斯_纳", "阿%", "%阿"):
        assert writer.get("/api/articles", params={"q": query}).json()["items"] == [], query


def test_the_readme_states_the_limits() -> None:
    readme = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text("utf-8")
    assert f"`offset` 0 to {MAX_OFFSET:,}" in readme and f"`limit` is 1 to {MAX_LIMIT}" in readme
    assert f"at most {MAX_INGEST_DOCUMENTS:,} documents" in readme
    assert f"{Settings().max_ingest_bytes // MIB} MiB of `application/json` body" in readme
    assert f"paged at most {MAX_SEARCH_RESULTS:,} deep (`offset + limit` ≤ {MAX_SEARCH_RESULTS})" in readme
