"""WARC files (warcio): every HTML ``response`` record is one document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..records import RawDocument
from .html import read_html


def read_warc(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """Read records until the end or the first damage; what came before damage is kept."""
    count = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = (record.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            where = url or f"{source}#{count}"
            body = record.content_stream().read(max_bytes + 1)
            # warcio reads a cut record silently: what its length promised and did not
            # come is left on the limit reader.
            if getattr(record.raw_stream, "limit", 0) > 0 and len(body) <= max_bytes:
                yield InputError(f"truncated WARC: record {count} ends early", source=where, code="bad_warc")
                continue
            if len(body) > max_bytes:
                yield InputError(f"record exceeds the {max_bytes}-byte limit", source=where, code="too_large")
                continue
            yield from read_html(where, body, url=url)
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
        yield InputError(
            f"damaged or truncated WARC after {count} record(s): {exc}", source=source, code="bad_warc"
        )
