"""Which reader a file needs, decided from its content (the file ending only breaks ties)."""

from __future__ import annotations

import re
from typing import Literal

Format = Literal["warc", "feed", "html", "jsonl", "json", "text"]

_GZIP = b"\x1f\x8b"
_FEED = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML = re.compile(rb"<(!doctype\s+html|html|head|body|article|div|p)[\s>]", re.IGNORECASE)


def sniff(head: bytes, name: str = "") -> Format:
    """Guess the format from the first bytes of a file."""
    lower = name.lower()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"WARC/"):
        return "warc"
    if head.startswith(_GZIP):
        # Only WARC is read compressed; a .warc.gz is by far the common case.
        return "warc"
    if stripped.startswith(b"<"):
        window = stripped[:4096]
        if _FEED.search(window):
            return "feed"
        if _HTML.search(window) or stripped[:5].lower() == b"<?xml":
            return "html"
    if stripped.startswith((b"{", b"[")):
        first_line = stripped.split(b"\n", 1)[0].rstrip()
        if lower.endswith((".jsonl", ".ndjson")) or (stripped.startswith(b"{") and first_line.endswith(b"}")):
            return "jsonl"
        if lower.endswith(".json"):
            return "json"
    if lower.endswith((".warc", ".warc.gz")):
        return "warc"
    if lower.endswith((".rss", ".atom")):
        return "feed"
    if lower.endswith((".html", ".htm", ".xhtml")):
        return "html"
    return "text"
