"""The web pages of ``communique serve``: server-rendered, no script, click-through links, escaping."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from communique.api import create_app
from communique.runner import ingest
from communique.store import Store
from communique.web.pages import highlight, safe_href
from tests.conftest import store_corpus

TOKEN = "page-tests-token"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
#: An article built to break out of every context a page puts text in: element text, attribute
#: values, link targets. It reports a meeting, so it reaches the event, entity and pair pages too.
HOSTILE = {
    "title": f"{SCRIPT} Talks {IMG}",
    "text": (
        f"ASTANA, Nov. 29 (Xinhua) -- Chinese Vice Premier Ding Xuexiang met with Kazakh President "
        f"Kassym-Jomart Tokayev in Astana on Wednesday {SCRIPT}.\n\n"
        f"{IMG} Both sides agreed to deepen cooperation in trade and energy, "
        f"the statement said, linking to {JS_URL} for details."
    ),
    "url": JS_URL,
    "published": "2023-11-29",
    "language": "en",
    "outlet": f"{IMG} Wire",
    "id": "hostile",
}


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <mark>."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.marks: list[str] = []
        self._in_mark = 0
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        if tag == "mark":
            self._in_mark += 1
            self.marks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            self._in_mark -= 1

    def handle_data(self, data: str) -> None:
        if self._in_mark:
            self.marks[-1] += data

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag and (cls is None or cls in a.get("class", "").split())]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The store corpus (tests.conftest.store_corpus), plus the hostile article posted through the API,
    in one store for the module."""
    db = tmp_path_factory.mktemp("pages") / "corpus.db"
    with Store(str(db)) as store:
        assert ingest(store_corpus(), store).new == 6
        with TestClient(create_app(store, allow_ingest=True, token=TOKEN)) as test_client:
            posted = test_client.post(
                "/api/ingest", json=[HOSTILE], headers={"Authorization": f"Bearer {TOKEN}"}
            )
            assert posted.status_code == 200 and posted.json()["new"] == 1, posted.text
            yield test_client


def page(client: TestClient, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return str(response.text)


def api(client: TestClient, url: str) -> Any:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return response.json()


def hostile_id(client: TestClient) -> str:
    hits = [a for a in api(client, "/api/articles?limit=500")["items"] if a["url"] == JS_URL]
    assert len(hits) == 1
    return str(hits[0]["id"])


def eleventh_session_event(client: TestClient) -> str:
    sessions = [
        s for m in api(client, "/api/mechanisms")["items"] for s in m["sessions"] if s["number"] == 11
    ]
    assert len(sessions) == 1
    return str(sessions[0]["event_id"])


def assert_inert(html: str) -> None:
    """No script, no element or attribute from the hostile input, no javascript: link."""
    parsed = Page(html)
    assert not parsed.find("script")
    assert not parsed.find("img")
    for _tag, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
        for name in ("href", "src", "action"):
            assert not attrs.get(name, "").strip().lower().startswith("javascript:")
    assert SCRIPT not in html and IMG not in html and "<img" not in html


def test_hostile_input_is_inert_in_every_page(client: TestClient) -> None:
    article = hostile_id(client)
    events = api(client, f"/api/articles/{article}")["event_ids"]
    assert events, "the hostile article reports a meeting"
    ding = api(client, "/api/entities?q=Ding Xuexiang&type=PERSON")["items"][0]["id"]
    story = api(client, f"/api/articles/{article}")["story_id"]
    urls = [
        "/",
        f"/articles/{article}",
        *(f"/events/{e}" for e in events),
        f"/entities/{ding}",
        "/pairs/CHN-KAZ",
        "/stories",
        f"/stories/{story}",
        "/search?q=alert",
        "/search?q=" + quote(SCRIPT),
        "/?person=" + quote(IMG),
    ]
    for url in urls:
        assert_inert(page(client, url))
    # Shown, escaped: the reader sees exactly what the article says.
    shown = page(client, f"/articles/{article}")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "&lt;img src=x onerror=alert(1)&gt;" in shown
    # The javascript: URL is text, never a link.
    origin = Page(shown).find("a", "origin")
    assert origin == [] and JS_URL in shown
    # The search page reflects the query escaped, in an attribute and in no tag.
    reflected = page(client, "/search?q=" + quote(IMG))
    assert 'value="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;"' in reflected
    # So does an error page reflecting a bad id.
    missing = page(client, "/events/" + quote(SCRIPT, safe=""), 404)
    assert_inert(missing)
    assert "&lt;script&gt;" in missing


def test_hostile_input_is_escaped_in_json(client: TestClient) -> None:
    article = hostile_id(client)
    for url in (
        f"/api/articles/{article}",
        "/api/articles?q=alert",
        f"/api/events/{api(client, f'/api/articles/{article}')['event_ids'][0]}",
        "/api/articles?limit=500",
    ):
        raw = client.get(url).text
        assert "<" not in raw and ">" not in raw, url
        # The hostile markup is there, escaped (an event quotes one of its two sentences).
        assert "\\u003cscript\\u003e" in raw or "\\u003cimg src=x" in raw, url
    data = api(client, f"/api/articles/{article}")
    # Escaped on the wire, exact once parsed.
    assert data["title"] == HOSTILE["title"] and data["url"] == JS_URL
    assert SCRIPT in data["text"]


def test_pages_load_nothing_from_elsewhere_and_run_no_script(client: TestClient) -> None:
    html = page(client, "/")
    parsed = Page(html)
    sheets = parsed.find("link")
    assert [s["href"] for s in sheets] == ["/static/style.css"]
    css = client.get("/static/style.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert "@import" not in css.text and "url(" not in css.text
    assert not parsed.find("script") and not parsed.find("iframe")
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_timeline_filters_and_click_through(client: TestClient) -> None:
    parsed = Page(page(client, "/"))
    form = [a for t, a in parsed.tags if t == "form" and a.get("id") == "filters"]
    assert form and form[0]["method"] == "get"
    names = {a.get("name") for t, a in parsed.tags if t in ("input", "select")}
    assert {"countries", "plover", "person", "start", "end"} <= names
    links = parsed.find("a", "event")
    total = api(client, "/api/events?limit=500")["total"]
    assert len(links) == min(total, 50) and len(links) > 10
    for link in links[:5]:
        assert page(client, link["href"]).count('class="source"') >= 1

    consult = Page(page(client, "/?countries=CHN%2CKAZ&plover=CONSULT&start=2023-01-01&end="))
    items = consult.find("li", "event-item")
    expected = api(client, "/api/events?countries=CHN,KAZ&plover=CONSULT&start=2023-01-01&limit=500")
    assert len(items) == expected["total"] > 0
    assert {i["data-plover"] for i in items} == {"CONSULT"}
    # Empty form fields mean "no filter".
    assert len(Page(page(client, "/?countries=&plover=&person=&start=&end=")).find("a", "event")) == len(
        links
    )
    # A person by name.
    by_name = page(client, "/?person=Ding+Xuexiang")
    assert "Events with <strong>Ding Xuexiang</strong>" in by_name
    # Bad filters: an HTML page with the canonical error.
    bad = page(client, "/?start=2023-02-30", 400)
    assert "bad_parameter" in bad and "start" in bad
    assert "bad_parameter" in page(client, "/?plover=PARTY", 400)


def test_event_page_shows_every_source_with_the_evidence_marked(client: TestClient) -> None:
    event_id = eleventh_session_event(client)
    event = api(client, f"/api/events/{event_id}")
    parsed = Page(page(client, f"/events/{event_id}"))
    sources = parsed.find("article", "source")
    assert len(sources) == 4
    assert sorted(s["lang"] for s in sources) == ["en", "es", "ru", "zh"]
    assert {s["data-article-id"] for s in sources} == set(event["article_ids"])
    sentences = {" ".join(e["sentence"].split()) for e in event["evidence"]}
    assert len(parsed.marks) >= 4
    assert {" ".join(m.split()) for m in parsed.marks} <= sentences
    for words in ("11th Meeting", "11.ª reunión", "11-е заседание", "第十一次会议"):  # each language's report
        assert any(words in m for m in parsed.marks), words
    mechanism = parsed.find("a", "mechanism")
    assert mechanism and mechanism[0]["href"] == f"/mechanisms/{event['institution']['entity_id']}"


def test_mechanism_page_lists_sessions_with_links(client: TestClient) -> None:
    mechanism = next(m for m in api(client, "/api/mechanisms")["items"] if m["countries"] == ["CHN", "KAZ"])
    html = page(client, f"/mechanisms/{mechanism['id']}")
    parsed = Page(html)
    rows = parsed.find("tr", "session")
    assert [r["data-number"] for r in rows] == ["11", "12"]
    assert [a["href"] for a in parsed.find("a", "event")] == [
        f"/events/{s['event_id']}" for s in mechanism["sessions"]
    ]
    assert "Astana" in html and "Beijing" in html and "Roman Sklyar" in html
    assert mechanism["name"] in page(client, "/mechanisms")


def test_person_page_offices_and_meetings(client: TestClient) -> None:
    ding = api(client, "/api/entities?q=Ding Xuexiang&type=PERSON")["items"][0]["id"]
    profile = api(client, f"/api/entities/{ding}")
    html = page(client, f"/entities/{ding}")
    parsed = Page(html)
    assert len(parsed.find("tr", "role")) == len(profile["roles"]) > 0
    meetings = re.search(r'<section id="meetings">(.*?)</section>', html, re.S)
    assert meetings is not None
    assert f'href="/events/{eleventh_session_event(client)}"' in meetings.group(1)


def test_pair_page_draws_the_monthly_chart(client: TestClient) -> None:
    data = api(client, "/api/aggregates/monthly?countries=CHN,KAZ")
    parsed = Page(page(client, "/pairs/CHN-KAZ"))
    assert parsed.find("svg", "chart")
    bars = parsed.find("rect", "bar")
    cells = [(m["month"], c) for m in data["months"] for c in m["counts"]]
    assert len(bars) == len(cells)
    # Stacked bars: each month's heights are proportional to its counts.
    heights: dict[str, float] = {}
    for bar in bars:
        heights[bar["data-category"]] = heights.get(bar["data-category"], 0.0) + float(bar["height"])
    totals: dict[str, int] = {}
    for m in data["months"]:
        for c, n in m["counts"].items():
            totals[c] = totals.get(c, 0) + n
    unit = heights["CONSULT"] / totals["CONSULT"]
    assert all(abs(heights[c] - unit * n) < 0.1 for c, n in totals.items())
    assert len(parsed.find("a", "event")) == api(client, "/api/events?countries=CHN,KAZ")["total"]
    assert "bad_parameter" in page(client, "/pairs/CHINA-KAZ", 400)


def test_story_search_and_error_pages(client: TestClient) -> None:
    stories = api(client, "/api/stories")["items"]
    biggest = max(stories, key=lambda s: len(s["article_ids"]))
    parsed = Page(page(client, f"/stories/{biggest['id']}"))
    assert len(parsed.find("a", "article")) == len(biggest["article_ids"])
    assert {a["lang"] for a in parsed.find("a", "article")} == {"en", "es", "fr", "ru", "zh"}
    found = Page(page(client, "/search?q=Astana"))
    assert found.find("a", "article") and found.marks
    assert found.find("a", "entity")  # names matching the query
    missing = page(client, "/stories/ffffffffffffffff", 404)
    body = re.search(r'<pre class="error-body">(.*?)</pre>', missing, re.S)
    assert body is not None
    error = json.loads(body.group(1).replace("&#34;", '"').replace("&#39;", "'"))["error"]
    assert error["code"] == "not_found" and error["source"] == "ffffffffffffffff"
    assert "not_found" in page(client, "/no/such/page", 404)


def test_highlight_escapes_then_marks() -> None:
    text = "A <b>bold</b> claim.\n\nSecond & last."
    html = highlight(text, [(0, 21), (19, 22), (99, 120)])
    assert str(html) == (
        '<mark class="evidence" id="evidence-1">A &lt;b&gt;bold&lt;/b&gt; claim.</mark>\n\nSecond &amp; last.'
    )
    assert str(highlight("x < y", [])) == "x &lt; y"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1", "https://example.org/a?b=1"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("/relative", None),
        (None, None),
    ],
)
def test_safe_href_links_only_http(url: str | None, expected: str | None) -> None:
    assert safe_href(url) == expected
