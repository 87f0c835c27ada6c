"""RSS and Atom feed files (feedparser): one document per entry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import InputError
from ..records import RawDocument


def _published(entry: Any) -> str | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed:
        return time.strftime("%Y-%m-%d", parsed)
    return None


def read_feed(source: str, data: bytes) -> Iterator[RawDocument | InputError]:
    """Entry content (or summary) is treated as HTML; the channel title names the outlet."""
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        yield InputError(f"unreadable feed ({parsed.bozo_exception})", source=source, code="bad_feed")
        return
    outlet = parsed.feed.get("title") or None
    language = (parsed.feed.get("language") or "").split("-")[0] or None
    for index, entry in enumerate(parsed.entries, start=1):
        contents = entry.get("content") or []
        body = contents[0].get("value") if contents else entry.get("summary")
        link = entry.get("link") or None
        where = link or f"{source}#{index}"
        if not body or not body.strip():
            yield InputError("feed entry has no content", source=where, code="empty")
            continue
        yield RawDocument(
            source=where,
            html=body if "<" in body else None,
            text=None if "<" in body else body,
            url=link,
            title=entry.get("title") or None,
            published=_published(entry),
            language=language,
            outlet=outlet,
            external_id=entry.get("id") or None,
        )
