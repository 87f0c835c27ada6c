"""JSON Lines: one article per line (``id, url, title, text|html, published, language, outlet``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..errors import InputError
from ..records import RawDocument
from ._bounded import clip

#: Bytes read at a time while skipping the rest of an over-long line.
_SKIP_BLOCK = 1024 * 1024
#: Fields read as text: each must be a JSON string (or null, or absent).
_TEXT_FIELDS = ("text", "html", "url", "title", "published", "language", "outlet")


class _FieldError(Exception):
    """A field holds a value of the wrong JSON type."""


def _field(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return value
    if name == "id" and isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # numeric ids are common in dumps
    kind = _JSON_TYPES.get(type(value), type(value).__name__)
    expected = "a string or an integer" if name == "id" else "a string"
    raise _FieldError(f"field '{name}' must be {expected}, not {kind}")


_JSON_TYPES = {dict: "an object", list: "an array", int: "a number", float: "a number", bool: "a boolean"}


def _record(obj: Any, where: str) -> RawDocument | InputError:
    if not isinstance(obj, dict):
        return InputError("JSON value is not an object", source=where, code="not_json")
    try:
        fields = {name: _field(obj, name) for name in (*_TEXT_FIELDS, "id")}
    except _FieldError as exc:
        return InputError(str(exc), source=where, code="bad_field")
    text, html = fields["text"], fields["html"]
    if text is None and html is None:
        return InputError("record has neither 'text' nor 'html'", source=where, code="no_text_field")
    url = fields["url"]
    return RawDocument(
        source=url or where,
        text=text,
        html=html if text is None else None,
        url=url,
        title=fields["title"],
        published=fields["published"],
        language=fields["language"],
        outlet=fields["outlet"],
        external_id=fields["id"],
    )


def read_json(source: str, data: bytes) -> Iterator[RawDocument | InputError]:
    """A whole JSON document: an array of records, or one record."""
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield InputError(
            f"neither JSON Lines nor a JSON document ({clip(exc)})", source=source, code="not_json"
        )
        return
    except RecursionError:  # nesting deeper than the parser's stack, never an article
        yield InputError("JSON nested too deeply", source=source, code="not_json")
        return
    items = obj if isinstance(obj, list) else [obj]
    for index, item in enumerate(items, start=1):
        yield _record(item, f"{source}#{index}" if isinstance(obj, list) else source)


def _lines(stream: BinaryIO, max_bytes: int) -> Iterator[tuple[int, bytes | int]]:
    """(line number, line) per line; (number, its size) for a line over ``max_bytes``.

    A line is read at most ``max_bytes + 1`` bytes at a time, so one endless line
    cannot fill memory.
    """
    number = 0
    while line := stream.readline(max_bytes + 1):
        number += 1
        if len(line) <= max_bytes:
            yield number, line
            continue
        size = len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(_SKIP_BLOCK)
            if not line:
                break
            size += len(line)
        yield number, size


def read_jsonl(source: str, stream: BinaryIO, max_bytes: int) -> Iterator[RawDocument | InputError]:
    """Yield a document or an error for each non-blank line; a bad line never stops the file."""
    for number, line in _lines(stream, max_bytes):
        where = f"{source}:{number}"
        if isinstance(line, int):
            yield InputError(
                f"line of {line} bytes exceeds the {max_bytes}-byte limit",
                source=where,
                code="too_large",
            )
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield InputError(f"not JSON ({clip(exc)})", source=where, code="not_json")
            continue
        except RecursionError:
            yield InputError("JSON nested too deeply", source=where, code="not_json")
            continue
        yield _record(obj, where)
