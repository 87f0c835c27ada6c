"""Bytes to text: strict UTF-8 first, then a charset detector, never a silent guess."""

from __future__ import annotations

import charset_normalizer

from ..errors import InputError

#: Share of control characters (other than tab/newline/CR/form feed) past which
#: the bytes are a binary file, not text. Real text has none; 5% leaves room for
#: a stray escape code in a pasted page.
_MAX_CONTROL_SHARE = 0.05
#: charset-normalizer's "chaos" score past which a decoding is gibberish.
_MAX_CHAOS = 0.25


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text in any encoding (NUL bytes, many controls)."""
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > _MAX_CONTROL_SHARE


def decode(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode bytes, or raise :class:`InputError` naming the source and the reason."""
    if not data.strip():
        raise InputError("empty input", source=source, code="empty")
    if looks_binary(data):
        raise InputError("binary content, not text", source=source, code="binary")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > _MAX_CHAOS:
        raise InputError(
            f"undecodable bytes: not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no confident encoding",
            source=source,
            code="undecodable",
        )
    return str(best)
