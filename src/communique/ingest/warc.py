"""WARC files (warcio), plain or gzipped: every HTML ``response`` record is one document.

A WARC is read until its end or its first damage. What came before the damage is
kept and the damage is one :class:`~communique.errors.InputError` naming the file
and the reason; nothing in the file can raise out of :func:`read_warc` or make it
hold more than a bounded amount of memory:

* a gzipped file is inflated here, a chunk at a time and under a limit
  (:mod:`._bounded`), so warcio only ever sees plain bytes and a cut or damaged gzip
  member is an error rather than a silently short file;
* every record must declare a valid length, have all of it, and be followed by the
  blank lines that close a record, so a file cut at any byte is caught;
* record and HTTP headers are read through a reader that refuses more than
  ``_MAX_HEADER_BYTES`` of header lines per record, so a file that is one endless
  header line cannot fill memory;
* HTTP headers are parsed here (warcio's own parse crashes on a response record
  without ``WARC-Target-URI``), and a response's body is read, de-chunked and
  decoded only up to the document limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader
from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

from ..errors import InputError
from ..records import RawDocument
from ..settings import Settings
from ._bounded import GzipDamageError, Inflated, InflateLimitError, clip, inflate_limit
from .html import read_html

__all__ = ["read_warc"]

_GZIP = b"\x1f\x8b"
#: Header bytes (WARC and HTTP header lines, and the blank lines after a record) one
#: record may take. Servers cap a response's headers at 8-64 KB and a WARC header block
#: is a few hundred bytes; 1 MiB is far past any real record and still small in memory.
_MAX_HEADER_BYTES = 1024 * 1024
#: A response whose raw body is over this many times the document limit is refused
#: unread: chunk framing adds a few percent and content-encoding only shrinks a body,
#: so such a body cannot hold a document within the limit, and a de-chunking reader
#: holds one whole chunk in memory.
_RAW_BODY_FACTOR = 2
#: Compressed bytes a body's content-encoding is inflated from at a time: deflate
#: inflates at most about 1000 times, so one step holds at most ~4 MB.
_BODY_BLOCK = 4096
#: Bytes read at a time while skipping the rest of a record.
_DRAIN_BLOCK = 64 * 1024
_LENGTH = re.compile(r"[0-9]{1,18}")
_HTTP_HEADERS = StatusAndHeadersParser(ArcWarcRecordLoader.HTTP_TYPES, verify=False)


class _Damage(Exception):
    """The file is damaged at this point: the message says how."""


class _HeaderLimitReader(BufferedReader):  # type: ignore[misc]  # warcio is untyped
    """warcio's plain line reader, refusing more than a budget of header lines per record."""

    def __init__(self, stream: Any, starting_data: bytes) -> None:
        super().__init__(stream, starting_data=starting_data)
        self.left = _MAX_HEADER_BYTES

    def readline(self, length: int | None = None) -> bytes:
        """One line, as warcio reads it; :class:`_Damage` once the record's budget is spent."""
        cap = self.left + 1 if length is None else min(length, self.left + 1)
        line: bytes = super().readline(cap)
        self.left -= len(line)
        if self.left < 0:
            raise _Damage(f"record headers longer than {_MAX_HEADER_BYTES} bytes")
        return line


class _Records(ArchiveIterator):  # type: ignore[misc]  # warcio is untyped
    """warcio's record iterator over already-plain bytes, with two checks it lacks.

    Its reader is swapped (before any read) for :class:`_HeaderLimitReader`: plain,
    since a gzipped input was inflated already (warcio would otherwise inflate a
    nested gzip unbounded). And the blank lines after each record are checked: warcio
    warns on stderr when they are missing and cannot tell a file cut inside them.
    """

    def __init__(self, stream: Any, starting_data: bytes) -> None:
        super().__init__(stream, no_record_parse=True)
        self.reader = _HeaderLimitReader(self.fh, starting_data)

    def reset_budget(self) -> None:
        """A new record begins: its header lines get a full budget."""
        self.reader.left = _MAX_HEADER_BYTES

    def _consume_blanklines(self) -> tuple[bytes | None, int]:
        # Replaces warcio's: the next record's first line (or None at the end) and the
        # bytes of blank lines before it. A record must be followed by a blank line (two
        # at the end of a WARC, CRLF CRLF; ARC records end with one newline).
        empty_size = newlines = 0
        while True:
            line: bytes = self.reader.readline()
            if not line:
                if newlines < (1 if self.known_format == "arc" else 2):
                    raise _Damage("the file ends inside a record (cut after its content)")
                return None, empty_size
            if line.strip():
                if newlines == 0:
                    raise _Damage("a record is not followed by a blank line (wrong Content-Length?)")
                return line, empty_size
            empty_size += len(line)
            newlines += line.count(b"\n")


def _head(stream: Inflated | BinaryIO, want: int = 64) -> bytes:
    """The first ``want`` bytes (fewer only at the end of the stream)."""
    head = b""
    while len(head) < want:
        data = stream.read(want - len(head))
        if not data:
            break
        head += data
    return head


def _declared_length(record: Any) -> int | None:
    name = "Content-Length" if record.format == "warc" else "length"
    value = record.rec_headers.get_header(name)
    if isinstance(value, str) and _LENGTH.fullmatch(value.strip()):
        return int(value)
    return None


def _target(record: Any) -> str | None:
    uri = record.rec_headers.get_header("WARC-Target-URI" if record.format == "warc" else "uri")
    return uri or None


def _http_headers(record: Any, uri: str | None) -> Any:
    """The response's HTTP headers, or None for a record that does not hold an HTTP response."""
    if record.rec_type != "response" or (uri is not None and not uri.lower().startswith(("http:", "https:"))):
        return None
    try:
        return _HTTP_HEADERS.parse(record.raw_stream)
    except (EOFError, StatusAndHeadersParserException):
        return None


def _body(record: Any, headers: Any, max_bytes: int) -> bytes:
    """The response body, de-chunked and decoded, up to ``max_bytes + 1`` bytes."""
    stream: Any = record.raw_stream
    if (headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        stream = ChunkedDataReader(stream)  # reads on as plain bytes where the chunking is broken
    encoding = (headers.get_header("Content-Encoding") or "").strip().lower()
    if encoding in BufferedReader.get_supported_decompressors():
        stream = BufferedReader(stream, block_size=_BODY_BLOCK, decomp_type=encoding)
    body: bytes = stream.read(max_bytes + 1)
    return body


def _drain(record: Any) -> None:
    """Read the rest of the record; :class:`_Damage` if the file ends before its length."""
    while record.raw_stream.read(_DRAIN_BLOCK):
        pass
    if record.raw_stream.limit > 0:
        raise _Damage("the file ends inside a record (cut or damaged)")


@dataclass(slots=True)
class _Progress:
    """How far the reading got: for the message of the damage that stops it."""

    #: Records read whole.
    complete: int = 0
    #: The record being read (its URL, or ``file#n``), None between records.
    current: str | None = None


def _documents(
    source: str, records: _Records, max_bytes: int, progress: _Progress
) -> Iterator[RawDocument | InputError]:
    for record in records:
        number = progress.complete + 1
        length = _declared_length(record)
        if length is None:
            raise _Damage(f"record {number} has no valid length in its header (cut or damaged)")
        uri = _target(record)
        where = progress.current = uri or f"{source}#{number}"
        headers = _http_headers(record, uri)
        found: list[RawDocument | InputError] = []
        if headers is not None and "html" in (headers.get_header("Content-Type") or "").lower():
            raw_size = record.raw_stream.limit
            body = b"" if raw_size > _RAW_BODY_FACTOR * max_bytes else _body(record, headers, max_bytes)
            if raw_size > _RAW_BODY_FACTOR * max_bytes or len(body) > max_bytes:
                found.append(
                    InputError(
                        f"record {number} exceeds the {max_bytes}-byte limit for one document",
                        source=where,
                        code="too_large",
                    )
                )
            else:
                found.extend(read_html(where, body, url=uri))
        _drain(record)  # a record cut short yields the error, not a partial document
        progress.complete, progress.current = number, None
        yield from found
        records.reset_budget()


def _damage(
    source: str, exc: BaseException, progress: _Progress, size: int, settings: Settings
) -> InputError:
    """The error that ends a damaged file: named by the record it is in, if any; the file always."""
    if isinstance(exc, InflateLimitError):
        return InputError(
            f"gzip data inflates past {exc.limit} bytes, the limit for {size} compressed bytes "
            f"(max_document_bytes + max_gzip_ratio {settings.max_gzip_ratio} × compressed size): "
            "a gzip bomb, or an archive to split",
            source=source,
            code="too_large",
        )
    # Inside a record, the record is the source (as for its other errors) and the
    # message names the file; between records, the file is the source.
    named = f" {source}" if progress.current and not progress.current.startswith(source) else ""
    return InputError(
        f"damaged or truncated WARC{named}: {clip(exc) or type(exc).__name__}; "
        f"{progress.complete} record(s) before it were read",
        source=progress.current or source,
        code="bad_warc",
    )


def read_warc(
    source: str, stream: BinaryIO, size: int, settings: Settings
) -> Iterator[RawDocument | InputError]:
    """Documents of a WARC (``size`` bytes as stored) until its end or first damage, then one error."""
    progress = _Progress()
    try:
        compressed = stream.read(2) == _GZIP
        stream.seek(0)
        plain: Inflated | BinaryIO = stream
        if compressed:
            limit = inflate_limit(size, settings.max_document_bytes, settings.max_gzip_ratio)
            plain = Inflated(stream, limit)
        head = _head(plain)
        if not head.strip():
            what = "inflates to nothing" if compressed else "is empty"
            yield InputError(f"no WARC records: the file {what}", source=source, code="empty")
            return
        if not head.startswith((b"WARC/", b"filedesc://")):
            start = clip(repr(head[:24]))
            if compressed:
                yield InputError(
                    f"gzip-compressed but not a WARC (only WARC is read compressed; it starts {start})",
                    source=source,
                    code="unsupported",
                )
            else:
                yield InputError(f"not a WARC file (it starts {start})", source=source, code="bad_warc")
            return
        yield from _documents(source, _Records(plain, head), settings.max_document_bytes, progress)
    except (_Damage, GzipDamageError, InflateLimitError, ArchiveLoadFailed, OSError, ValueError) as exc:
        yield _damage(source, exc, progress, size, settings)
