"""Plain text files, as in the seeds: optional metadata header line, then the page text."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import InputError
from ..records import RawDocument
from ._decode import decode


def read_text(source: str, data: bytes) -> Iterator[RawDocument | InputError]:
    """One document per file. Header parsing is the cleaner's job (it is text too)."""
    try:
        yield RawDocument(source=source, text=decode(data, source))
    except InputError as err:
        yield err
