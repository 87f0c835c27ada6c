"""JSON Lines: one article per line (``id, url, title, text|html, published, language, outlet``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import InputError
from ..records import RawDocument


def _field(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None or value == "":
        return None
    return str(value)


def _record(obj: Any, where: str) -> RawDocument | InputError:
    if not isinstance(obj, dict):
        return InputError("JSON value is not an object", source=where, code="not_json")
    text, html = _field(obj, "text"), _field(obj, "html")
    if text is None and html is None:
        return InputError("record has neither 'text' nor 'html'", source=where, code="no_text_field")
    url = _field(obj, "url")
    return RawDocument(
        source=url or where,
        text=text,
        html=html if text is None else None,
        url=url,
        title=_field(obj, "title"),
        published=_field(obj, "published"),
        language=_field(obj, "language"),
        outlet=_field(obj, "outlet"),
        external_id=_field(obj, "id"),
    )


def read_json(source: str, data: bytes) -> Iterator[RawDocument | InputError]:
    """A whole JSON document: an array of records, or one record."""
    try:
        obj = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        yield InputError(f"neither JSON Lines nor a JSON document ({exc})", source=source, code="not_json")
        return
    items = obj if isinstance(obj, list) else [obj]
    for index, item in enumerate(items, start=1):
        yield _record(item, f"{source}#{index}" if isinstance(obj, list) else source)


def read_jsonl(source: str, lines: Iterable[bytes], max_bytes: int) -> Iterator[RawDocument | InputError]:
    """Yield a document or an error for each non-blank line; a bad line never stops the file."""
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        if not line.strip():
            continue
        if len(line) > max_bytes:
            yield InputError(
                f"line of {len(line)} bytes exceeds the {max_bytes}-byte limit",
                source=where,
                code="too_large",
            )
            continue
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            yield InputError(f"not JSON ({exc})", source=where, code="not_json")
            continue
        yield _record(obj, where)
