"""The web pages: timeline, event, entity, country pair, mechanism, story, article, search.

Article titles and texts are hostile input. Jinja2 autoescapes everything; the only markup built in
Python is the evidence highlight (:func:`highlight`: the text is escaped first, then the span is
wrapped) and the SVG chart, whose strings go through the same escaping. Links to an article's own
URL are made only for ``http``/``https`` URLs (:func:`safe_href`), so a ``javascript:`` URL is shown
as text, never followed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from importlib import resources
from typing import Any
from urllib.parse import urlencode, urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from starlette.staticfiles import StaticFiles

from ..errors import CommuniqueError
from ..events.ontology import PLOVER_CATEGORIES
from ..params import (
    MAX_OFFSET,
    BadParameterError,
    check_range,
    parse_countries,
    parse_plover,
    parse_whole_number,
)
from ..store import Store, queries

__all__ = ["highlight", "monthly_chart", "mount_pages", "render_error", "safe_href"]

PAGE_SIZE = 50

#: One colour per PLOVER category, fixed, so a category keeps its colour across charts. Colours
#: chosen to stay distinguishable side by side (Tableau-like palette, extended).
_COLOURS = dict(
    zip(
        PLOVER_CATEGORIES,
        (
            "#d62728", "#2ca02c", "#17becf", "#8c564b", "#e377c2", "#bcbd22", "#1f77b4", "#9467bd",
            "#7f7f7f", "#ff7f0e", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173", "#3182bd",
        ),
        strict=True,
    )
)  # fmt: skip


def safe_href(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL, else ``None`` (shown as text, not linked)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url.strip()


def highlight(text: str, spans: Sequence[tuple[int, int]], prefix: str = "evidence") -> Markup:
    """``text`` escaped, with each (start, end) span wrapped in ``<mark>``.

    Spans are clamped to the text, trimmed of surrounding white space (stored sentence spans may
    start at the paragraph break before the sentence) and merged where they overlap.
    """
    trimmed: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        start, end = max(0, min(first, len(text))), max(0, min(last, len(text)))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[tuple[int, int]] = []
    for start, end in trimmed:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    parts: list[Markup] = []
    position = 0
    for n, (start, end) in enumerate(merged, 1):
        parts.append(escape(text[position:start]))
        parts.append(Markup('<mark class="evidence" id="{}">').format(f"{prefix}-{n}"))
        parts.append(escape(text[start:end]))
        parts.append(Markup("</mark>"))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def _snippet(snippet: str) -> Markup:
    """A search snippet (matches between ``[`` and ``]``) with the matches marked, text escaped."""
    parts: list[Markup] = []
    rest = snippet
    while True:
        open_at = rest.find("[")
        close_at = rest.find("]", open_at + 1) if open_at >= 0 else -1
        if open_at < 0 or close_at < 0:
            parts.append(escape(rest))
            break
        parts.append(escape(rest[:open_at]))
        parts.append(Markup("<mark>{}</mark>").format(rest[open_at + 1 : close_at]))
        rest = rest[close_at + 1 :]
    return Markup("").join(parts)


def _months_between(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    end = (int(last[:4]), int(last[5:7]))
    found = []
    while (year, month) <= end:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def monthly_chart(data: Mapping[str, Any], width: int = 800, height: int = 260) -> dict[str, Any]:
    """Geometry of a stacked bar chart of events per month per category (from
    :func:`queries.monthly_counts`), every month between the first and last shown, gaps included:
    bars as ``{x, y, width, height, colour, label}``, axis ticks and the legend."""
    counts = {m["month"]: m["counts"] for m in data["months"]}
    months = _months_between(min(counts), max(counts)) if counts else []
    left, right, top, bottom = 40, 10, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((sum(c.values()) for c in counts.values()), default=0)
    step = max(1, (peak + 4) // 5)
    ceiling = max(step, ((peak + step - 1) // step) * step)
    slot = plot_w / len(months) if months else plot_w
    bar_w = max(1.0, slot * 0.8)
    bars: list[dict[str, Any]] = []
    labels: list[dict[str, Any]] = []
    every = -(-len(months) // 8)  # at most eight month labels: "2024-11" needs about 45 units
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar_w) / 2
        base = float(top + plot_h)
        for category in PLOVER_CATEGORIES:
            n = counts.get(month, {}).get(category, 0)
            if not n:
                continue
            h = plot_h * n / ceiling
            base -= h
            bars.append(
                {
                    "x": round(x, 2),
                    "y": round(base, 2),
                    "width": round(bar_w, 2),
                    "height": round(h, 2),
                    "colour": _COLOURS[category],
                    "category": category,
                    "label": f"{month}: {n} {category}",
                }
            )
        if i % every == 0:
            labels.append({"x": round(left + i * slot + slot / 2, 2), "y": top + plot_h + 16, "text": month})
    ticks = [
        {"y": round(top + plot_h - plot_h * v / ceiling, 2), "value": v} for v in range(0, ceiling + 1, step)
    ]
    legend = [{"category": c, "colour": _COLOURS[c]} for c in PLOVER_CATEGORIES if c in data["categories"]]
    return {
        "width": width,
        "height": height,
        "left": left,
        "right": width - right,
        "bottom": top + plot_h,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "legend": legend,
        "empty": not months,
    }


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("communique.web", "templates"),
        # Autoescape every template whatever its name: nothing from the store is trusted.
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = safe_href
    env.filters["snippet"] = _snippet
    env.globals["colours"] = _COLOURS
    env.globals["categories"] = PLOVER_CATEGORIES
    return env


_ENV = _environment()


def render(template: str, **context: Any) -> str:
    """Render one template of ``web/templates``."""
    return _ENV.get_template(template).render(**context)


def render_error(err: CommuniqueError, status: int) -> str:
    """The error page: the canonical error body, readable."""
    body = err.to_dict()
    return render(
        "error.html",
        title=f"Error {status}",
        status=status,
        error=body["error"],
        body=json.dumps(body, ensure_ascii=False, indent=2),
    )


def _page(template: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(render(template, **context))


def _text(value: str | None) -> str | None:
    # An empty form field means "no filter", not a bad value.
    return value.strip() if value and value.strip() else None


def _day(value: str | None, name: str) -> date | None:
    if not _text(value):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise BadParameterError(f"not a date (YYYY-MM-DD): {value!r}", source=name) from None


def _offset(value: str | None) -> int:
    # The API's bounds: the digits 0-9 (str.isdigit() and int() also take '²'), at most MAX_OFFSET.
    return parse_whole_number(value, "offset", maximum=MAX_OFFSET)


def _pager(path: str, params: Mapping[str, str | None], page: queries.Page[Any]) -> dict[str, Any]:
    kept = {k: v for k, v in params.items() if v}

    def link(offset: int) -> str:
        query = urlencode({**kept, "offset": str(offset)} if offset else kept)
        return f"{path}?{query}" if query else path

    return {
        "total": page.total,
        "first": page.offset + 1 if page.items else 0,
        "last": page.offset + len(page.items),
        "prev": link(max(0, page.offset - page.limit)) if page.offset > 0 else None,
        "next": link(page.offset + page.limit) if page.offset + page.limit < page.total else None,
    }


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _person(store: Store, value: str | None) -> tuple[str | None, str | None]:
    """A person filter given as an entity id or as a name: (entity id, display name)."""
    text = _text(value)
    if text is None:
        return None, None
    name = queries.entity_names(store, [text]).get(text)
    if name is not None:
        return text, name
    matches = store.find_entities(text, 1)
    if not matches:
        # Unknown: filter on it anyway, so the page says "no events" rather than ignoring it.
        return text, text
    return str(matches[0]["id"]), str(matches[0]["name"])


def mount_pages(app: FastAPI) -> None:
    """Add the pages and the static files to ``app``."""
    static = resources.files("communique.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def timeline(
        request: Request,
        countries: str | None = None,
        plover: str | None = None,
        person: str | None = None,
        start: str | None = None,
        end: str | None = None,
        offset: str | None = None,
    ) -> HTMLResponse:
        store = _store(request)
        first, last = _day(start, "start"), _day(end, "end")
        check_range(first, last)
        person_id, person_name = _person(store, person)
        flt = queries.EventFilter(
            countries=parse_countries(_text(countries)),
            person=person_id,
            plover=parse_plover(plover),
            start=first,
            end=last,
        )
        page = queries.list_events(store, flt, PAGE_SIZE, _offset(offset))
        form = {
            "countries": _text(countries) or "",
            "plover": flt.plover or "",
            "person": _text(person) or "",
            "start": first.isoformat() if first else "",
            "end": last.isoformat() if last else "",
        }
        pair = "-".join(flt.countries) if len(flt.countries) == 2 else None
        return _page(
            "timeline.html",
            title="Timeline",
            form=form,
            person_name=person_name,
            pair=pair,
            events=page.items,
            pager=_pager("/", form, page),
        )

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        store = _store(request)
        event = queries.get_event(store, event_id)
        sources = [
            {**source, "html": highlight(source["text"], source["spans"], f"evidence-{source['id']}")}
            for source in queries.event_sources(store, event)
        ]
        return _page(
            "event.html",
            title=f"{event['plover']} {event['date'] or ''}".strip(),
            event=event,
            sources=sources,
            languages=sorted({s["language"] for s in sources if s["language"]}),
            contains=queries.events_by_id(store, event.get("contains", [])),
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: str) -> HTMLResponse:
        store = _store(request)
        article = store.get_article(article_id)
        events = queries.article_events(store, article.id)
        spans = [
            (int(e["start"]), int(e["end"]))
            for event in events
            for e in event["evidence"]
            if e["article_id"] == article.id
        ]
        return _page(
            "article.html",
            title=article.title or article.id,
            article=article,
            text=highlight(article.text, spans),
            events=events,
            story_id=queries.story_of_article(store, article.id),
        )

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: str) -> HTMLResponse:
        store = _store(request)
        profile = store.entity_profile(entity_id)
        events = queries.entity_events(store, entity_id)
        return _page(
            "entity.html",
            title=profile["name"],
            entity=profile,
            meetings=[e for e in events if e["plover"] == "CONSULT"],
            others=[e for e in events if e["plover"] != "CONSULT"],
        )

    @app.get("/pairs/{pair}", response_class=HTMLResponse, include_in_schema=False)
    def pair_page(request: Request, pair: str, offset: str | None = None) -> HTMLResponse:
        store = _store(request)
        codes = parse_countries(pair.replace("-", ","), "pair")
        if len(codes) != 2:
            raise BadParameterError("a pair is two ISO 3166-1 alpha-3 codes: CHN-KAZ", source="pair")
        flt = queries.EventFilter(countries=codes)
        data = queries.monthly_counts(store, flt)
        page = queries.list_events(store, flt, PAGE_SIZE, _offset(offset))
        return _page(
            "pair.html",
            title=f"{codes[0]} – {codes[1]}",
            codes=codes,
            data=data,
            chart=monthly_chart(data),
            events=page.items,
            pager=_pager(f"/pairs/{codes[0]}-{codes[1]}", {}, page),
        )

    @app.get("/mechanisms", response_class=HTMLResponse, include_in_schema=False)
    def mechanisms_page(request: Request) -> HTMLResponse:
        return _page(
            "mechanisms.html", title="Mechanisms", mechanisms=queries.list_mechanisms(_store(request))
        )

    @app.get("/mechanisms/{mechanism_id}", response_class=HTMLResponse, include_in_schema=False)
    def mechanism_page(request: Request, mechanism_id: str) -> HTMLResponse:
        mechanism = queries.get_mechanism(_store(request), mechanism_id)
        return _page("mechanism.html", title=mechanism["name"], mechanism=mechanism)

    @app.get("/stories", response_class=HTMLResponse, include_in_schema=False)
    def stories_page(request: Request, offset: str | None = None) -> HTMLResponse:
        page = queries.list_stories(_store(request), PAGE_SIZE, _offset(offset))
        return _page("stories.html", title="Stories", stories=page.items, pager=_pager("/stories", {}, page))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, include_in_schema=False)
    def story_page(request: Request, story_id: str) -> HTMLResponse:
        store = _store(request)
        story = queries.get_story(store, story_id)
        return _page(
            "story.html",
            title=story["title"] or story["id"],
            story=story,
            articles=queries.article_summaries(store, story["article_ids"]),
            events=queries.events_by_id(store, story["event_ids"]),
        )

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, q: str | None = None) -> HTMLResponse:
        store = _store(request)
        query = _text(q)
        hits = store.search(query, PAGE_SIZE) if query else []
        people = queries.list_entities(store, query, None, 10, 0).items if query else []
        return _page("search.html", title="Search", q=query or "", hits=hits, entities=people)
