"""The web pages in a real browser: headless Chromium (Debian's ``chromium`` package) driven by Playwright.

The app runs under uvicorn on the loopback, on a store holding the repository's store corpus
(``tests.conftest.store_corpus``) and one hostile article. A reader's walk-through (timeline, the 11th
meeting of the China–Kazakhstan Cooperation Committee, its four sources in four languages with the
evidence highlighted, the pair's monthly chart) is checked by
clicking links, and a full-page screenshot of every step is saved in ``$COMMUNIQUE_ARTIFACTS`` (default:
the test's temporary folder). Without /usr/bin/chromium the module skips; ``.ci/run`` installs it.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Dialog, Page, Route, expect, sync_playwright

from communique.api import create_app
from communique.runner import ingest
from communique.store import Store
from tests.conftest import store_corpus

CHROMIUM = Path("/usr/bin/chromium")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"

pytestmark = [
    pytest.mark.slow,
    # Loopback only: the app and the browser talk over 127.0.0.1; Playwright drives Chromium over pipes.
    pytest.mark.enable_socket,
    pytest.mark.skipif(
        not CHROMIUM.is_file(),
        reason=f"{CHROMIUM} not found: the browser tests need Debian's chromium package "
        "(apt-get install -y --no-install-recommends chromium; .ci/run installs it)",
    ),
]

#: Without the background-networking flags Chromium tries to reach Google hosts on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
#: An article whose title, text and outlet would run script if any page put them out unescaped. It
#: reports a meeting, so it also has an event page and a story.
HOSTILE = {
    "id": "hostile-browser",
    "title": f"{SCRIPT} Talks {IMG}",
    "text": (
        f"ASTANA, Nov. 29 (Xinhua) -- Chinese Vice Premier Ding Xuexiang met with Kazakh President "
        f"Kassym-Jomart Tokayev in Astana on Wednesday {SCRIPT}.\n\n"
        f"{IMG} Both sides agreed to deepen cooperation in trade and energy, the statement said."
    ),
    "url": "https://example.org/hostile",
    "published": "2023-11-29",
    "language": "en",
    "outlet": f"{IMG} Wire",
}
TIMEOUT_MS = 15_000


@contextmanager
def _serving(store: Store) -> Iterator[str]:
    """``communique serve``'s app for ``store`` under uvicorn in a background thread, on a free loopback
    port; yields its base URL."""
    # Bound here, handed to uvicorn: no window in which another process could take the port.
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(create_app(store), log_level="warning", access_log=False, lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started:
            assert thread.is_alive(), "uvicorn stopped while starting"
            assert time.monotonic() < deadline, "uvicorn did not start within 30 s"
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a store holding the store corpus and one hostile article."""
    folder = tmp_path_factory.mktemp("browser")
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps(HOSTILE) + "\n", "utf-8")
    with Store(str(folder / "corpus.db")) as store:
        assert ingest(store_corpus(), store).new == 6
        assert ingest([str(hostile)], store).new == 1
        with _serving(store) as url:
            yield url


@pytest.fixture(scope="module")
def examples_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a store holding the sample corpus of examples/ (seven languages, six formats)."""
    folder = tmp_path_factory.mktemp("browser-examples")
    with Store(str(folder / "examples.db")) as store:
        assert ingest([str(EXAMPLES)], store).new >= 20
        with _serving(store) as url:
            yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture()
def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: ``$COMMUNIQUE_ARTIFACTS`` if set (CI keeps it), else the test's tmp folder."""
    folder = Path(os.environ["COMMUNIQUE_ARTIFACTS"]) if os.environ.get("COMMUNIQUE_ARTIFACTS") else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Shots:
    """Numbered full-page screenshots of one test."""

    def __init__(self, folder: Path, prefix: str) -> None:
        self.folder = folder
        self.prefix = prefix
        self.taken: list[Path] = []

    def __call__(self, page: Page, name: str) -> None:
        path = self.folder / f"{self.prefix}-{len(self.taken) + 1:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 1000, path
        self.taken.append(path)


def test_walk_through_to_the_eleventh_meeting_and_the_pair_chart(
    base_url: str, browser: Browser, artifacts: Path
) -> None:
    shot = Shots(artifacts, "walk-through")
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    # Loopback only: a request anywhere else (a font, a tracker, a CDN) fails the test.
    elsewhere: list[str] = []

    def only_loopback(route: Route) -> None:
        if route.request.url.startswith(base_url + "/"):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto("/")
        expect(page).to_have_title(re.compile(r"Communiqué"))
        expect(page.locator("h1")).to_have_text("Timeline")
        expect(page.locator("a.event").first).to_be_visible()
        shot(page, "timeline")

        # Narrow the timeline to the pair with the filter form, as a reader would.
        page.locator("#filters input[name=countries]").fill("CHN,KAZ")
        with page.expect_navigation():
            page.locator("#filters button[type=submit]").click()
        assert "countries=CHN%2CKAZ" in page.url
        expect(page.locator("li.event-item").first).to_be_visible()
        expect(page.locator("a.pair")).to_have_attribute("href", "/pairs/CHN-KAZ")
        shot(page, "timeline-filtered")

        # The 11th meeting, found by the session number the page shows.
        eleventh = page.locator("a.event", has_text=re.compile(r"^\s*Session 11 of "))
        expect(eleventh).to_have_count(1)
        expect(eleventh).to_contain_text("Kazakhstan")
        href = eleventh.get_attribute("href")
        assert href and href.startswith("/events/")
        eleventh.click()
        page.wait_for_url(re.compile(re.escape(href) + "$"))
        expect(page.locator("h1")).to_contain_text("Session 11 of")

        # Four sources, in English, Spanish, Russian and Chinese, each with its evidence highlighted.
        sources = page.locator("article.source")
        expect(sources).to_have_count(4)
        languages = [sources.nth(i).get_attribute("lang") for i in range(4)]
        assert sorted(lang or "" for lang in languages) == ["en", "es", "ru", "zh"]
        for i in range(4):
            marks = sources.nth(i).locator("mark")
            assert marks.count() >= 1, f"source {i + 1} has no highlighted evidence"
            first = marks.first
            first.scroll_into_view_if_needed()
            expect(first).to_be_visible()
            assert first.inner_text().strip(), f"source {i + 1}: an empty <mark>"
            # Highlighted: the mark is drawn with a background of its own.
            background = first.evaluate("m => getComputedStyle(m).backgroundColor")
            assert background not in ("rgba(0, 0, 0, 0)", "transparent"), background
        for lang, words in (("es", "11.ª reunión"), ("ru", "11-е заседание"), ("zh", "第十一次会议")):
            marked = page.locator(f'article.source[lang="{lang}"] mark').all_inner_texts()
            assert any(words in text for text in marked), (lang, marked)
        expect(page.locator("#sources h2")).to_contain_text("Sources (4")
        page.locator("article.source mark").first.scroll_into_view_if_needed()
        shot(page, "eleventh-meeting")

        # The committee's page lists the session with a link back to this record...
        page.locator("a.mechanism").click()
        page.wait_for_url(re.compile(r"/mechanisms/"))
        session = page.locator("tr.session[data-number='11']")
        expect(session).to_have_count(1)
        assert session.locator("a.event").get_attribute("href") == href
        shot(page, "mechanism")

        # ...and to the China–Kazakhstan pair, with its monthly chart.
        pair = page.locator("a.pair")
        expect(pair).to_have_attribute("href", "/pairs/CHN-KAZ")
        pair.click()
        page.wait_for_url(re.compile(r"/pairs/CHN-KAZ$"))
        expect(page.locator("h1")).to_have_text("CHN – KAZ")
        chart = page.locator("svg.chart")
        expect(chart).to_be_visible()
        bars = chart.locator("rect.bar")
        assert bars.count() >= 1
        for i in range(bars.count()):
            box = bars.nth(i).bounding_box()
            assert box is not None and box["width"] > 0 and box["height"] > 0, (i, box)
        expect(page.locator("a.event", has_text=re.compile(r"^\s*Session 11 of "))).to_have_count(1)
        shot(page, "pair-chart")
    finally:
        context.close()
    assert not errors, errors
    assert not elsewhere, elsewhere
    assert len(shot.taken) == 5


def test_hostile_title_runs_no_script(base_url: str, browser: Browser, artifacts: Path) -> None:
    shot = Shots(artifacts, "hostile")
    # The content security policy would block inline script anyway: bypass it, so that what is
    # tested here is the escaping itself.
    context = browser.new_context(base_url=base_url, bypass_csp=True)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message} at {page.url}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        # The listener does see a dialog when script runs (so its silence below means something).
        page.set_content("<body><script>alert('control')</script></body>")
        assert dialogs == ["alert: control at about:blank"]
        dialogs.clear()

        page.goto("/")
        expect(page.locator("a.event").first).to_be_visible()
        visited = [page.url]
        # Found the way a reader would: the search box in the header.
        page.locator("header form.search input[name=q]").fill("Talks")
        page.locator("header form.search button").click()
        page.wait_for_url(re.compile(r"/search\?q=Talks"))
        visited.append(page.url)
        result = page.locator("a.article", has_text="Talks")
        expect(result).to_have_count(1)
        # The title is shown as text, markup and all.
        expect(result).to_contain_text(SCRIPT)
        result.click()
        page.wait_for_url(re.compile(r"/articles/"))
        visited.append(page.url)
        expect(page.locator("h1.source-title")).to_have_text(HOSTILE["title"])
        expect(page.locator("article.article-page .outlet")).to_have_text(HOSTILE["outlet"])
        shot(page, "article")
        events: list[str] = page.locator("a.event").evaluate_all("els => els.map(e => e.href)")
        assert events, "the hostile article reports a meeting"
        story = page.locator("a.story")
        stories = [story.get_attribute("href") or ""] if story.count() else []
        for url in [*events, *stories]:
            page.goto(url)
            visited.append(page.url)
            expect(page.locator("main")).to_contain_text("Talks")
            shot(page, "event" if "/events/" in url else "story")
        for url in visited:
            page.goto(url)
            # Nothing from the article became an element: no script, no image, no handler attribute.
            assert page.locator("script, img, [onerror]").count() == 0, url
    finally:
        context.close()
    assert dialogs == [], dialogs
    assert len(visited) >= 4


def test_sample_corpus_pages_in_a_browser(examples_url: str, browser: Browser, artifacts: Path) -> None:
    """The sample corpus: a meeting reported in several languages, and a story, clicked through."""
    shots = Shots(artifacts, "examples")
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(examples_url + "/")
    events = page.locator("a.event")
    assert events.count() >= 5
    shots(page, "timeline")
    # The most reported meeting: open each event until one has sources in two or more languages.
    for index in range(min(events.count(), 30)):
        page.goto(examples_url + "/")
        page.locator("a.event").nth(index).click()
        sources = page.locator("article.source")
        languages = {sources.nth(i).get_attribute("lang") for i in range(sources.count())}
        if len(languages) >= 2:
            break
    else:
        pytest.fail("no event page lists sources in two languages")
    for i in range(sources.count()):
        mark = sources.nth(i).locator("mark").first
        expect(mark).to_be_visible()
        assert mark.inner_text().strip()
    shots(page, "event")
    page.goto(examples_url + "/stories")
    for index in range(min(page.locator("a.story").count(), 20)):
        page.goto(examples_url + "/stories")
        page.locator("a.story").nth(index).click()
        articles = page.locator("a.article")
        if len({articles.nth(i).get_attribute("lang") for i in range(articles.count())}) >= 2:
            break
    else:
        pytest.fail("no story gathers articles in two languages")
    shots(page, "story")
    page.close()
