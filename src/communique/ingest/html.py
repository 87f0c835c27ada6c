"""Saved HTML pages. Extraction itself happens in :mod:`communique.clean` (trafilatura)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import InputError
from ..records import RawDocument
from ._decode import decode

_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def read_html(source: str, data: bytes, url: str | None = None) -> Iterator[RawDocument | InputError]:
    """One document per page; the page's declared charset is tried if it is not UTF-8."""
    match = _CHARSET.search(data[:4096])
    declared = match.group(1).decode("ascii", "replace") if match else None
    try:
        yield RawDocument(source=source, html=decode(data, source, declared), url=url)
    except InputError as err:
        yield err
