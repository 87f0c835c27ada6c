"""Readers: from paths the user names to :class:`~communique.records.RawDocument` records.

``read_inputs`` expands files, folders (recursively), globs and ``-`` (stdin),
detects each file's format from its content and hands it to one reader per
format. Every problem becomes an :class:`~communique.errors.InputError` in the
stream, never an exception that would stop the batch.
"""

from __future__ import annotations

import glob
import io
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError
from ..records import RawDocument
from ..settings import Settings
from ._detect import Format, sniff
from .feed import read_feed
from .html import read_html
from .jsonl import read_json, read_jsonl
from .text import read_text
from .warc import read_warc

__all__ = ["Format", "expand_paths", "read_bytes", "read_inputs", "sniff"]

_SKIP_NAMES = {".DS_Store", "Thumbs.db"}


def expand_paths(paths: Iterable[str]) -> Iterator[str | InputError]:
    """Files, folders (recursively, sorted) and globs to file paths; ``-`` passes through.

    Hidden files and folders (a leading dot) are skipped. A folder that cannot be
    listed, a symbolic link that loops back to a folder it is inside or points
    nowhere, and anything that is not a regular file (a pipe, a device) are each one
    :class:`InputError` (code ``unreadable``); the rest of the folder is still read.
    """
    for given in paths:
        if given == "-":
            yield given
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, ())
        elif path.is_file():
            yield given
        elif glob.has_magic(given):
            matches = sorted(glob.glob(given, recursive=True))
            if not matches:
                yield InputError("glob matches no file", source=given, code="not_found")
            for match in matches:
                yield from expand_paths([match])
        elif path.is_symlink():
            yield InputError("symbolic link to nothing", source=given, code="unreadable")
        elif path.exists():
            yield InputError("not a regular file or folder", source=given, code="unreadable")
        else:
            yield InputError("no such file or folder", source=given, code="not_found")


def _walk(folder: Path, inside: tuple[tuple[int, int], ...]) -> Iterator[str | InputError]:
    """Files under ``folder`` depth-first in name order (the order of ``sorted(rglob)``).

    ``inside`` holds the (device, inode) of the folders being walked, so a link back
    to one of them is reported once instead of walked forever. Linked folders are
    followed otherwise: a data folder linked into place is read like any other.
    """
    try:
        here = folder.stat()
    except OSError as exc:
        yield InputError(f"cannot read folder ({exc.strerror or exc})", source=str(folder), code="unreadable")
        return
    key = (here.st_dev, here.st_ino)
    if key in inside:
        yield InputError(
            "symbolic link loop (back to a folder it is inside)", source=str(folder), code="unreadable"
        )
        return
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield InputError(f"cannot read folder ({exc.strerror or exc})", source=str(folder), code="unreadable")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in _SKIP_NAMES:
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:
            yield InputError(f"cannot read ({exc.strerror or exc})", source=entry.path, code="unreadable")
            continue
        if is_dir:
            yield from _walk(Path(entry.path), (*inside, key))
        elif is_file:
            yield entry.path
        elif entry.is_symlink() and not os.path.exists(entry.path):
            yield InputError("symbolic link to nothing", source=entry.path, code="unreadable")
        else:
            yield InputError("not a regular file or folder", source=entry.path, code="unreadable")


def read_bytes(source: str, data: bytes, settings: Settings) -> Iterator[RawDocument | InputError]:
    """Read one file's bytes with the reader its content calls for."""
    return _dispatch(source, io.BytesIO(data), len(data), settings)


def _dispatch(
    source: str, stream: BinaryIO, size: int, settings: Settings
) -> Iterator[RawDocument | InputError]:
    head = stream.read(65536)
    stream.seek(0)
    fmt = sniff(head, source)
    limit = settings.max_document_bytes
    if fmt == "warc":
        yield from read_warc(source, stream, size, settings)
        return
    if fmt == "jsonl":
        yield from read_jsonl(source, stream, limit)
        return
    if size > limit:
        yield InputError(
            f"{size} bytes exceeds the {limit}-byte limit for one document",
            source=source,
            code="too_large",
        )
        return
    data = stream.read()
    if fmt == "json":
        yield from read_json(source, data)
    elif fmt == "feed":
        yield from read_feed(source, data)
    elif fmt == "html":
        yield from read_html(source, data)
    else:
        yield from read_text(source, data)


def _read_file(path: str, settings: Settings) -> Iterator[RawDocument | InputError]:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as stream:
            yield from _dispatch(path, stream, size, settings)
    except OSError as exc:
        yield InputError(f"cannot read ({exc.strerror or exc})", source=path, code="unreadable")


def read_inputs(
    paths: Iterable[str], settings: Settings | None = None, stdin: BinaryIO | None = None
) -> Iterator[RawDocument | InputError]:
    """Every document (or error) found under ``paths``, in a stable order."""
    settings = settings or Settings()
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read()
            yield from read_bytes("<stdin>", data, settings)
        else:
            yield from _read_file(item, settings)
