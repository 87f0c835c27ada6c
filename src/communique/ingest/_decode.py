"""Bytes to text: a byte-order mark, then UTF-8, then the declared charset, then a detector.

The order, and why:

1. A BOM (UTF-8, UTF-16, UTF-32) says the encoding outright; UTF-16/32 text is full
   of NUL bytes and would otherwise look binary.
2. UTF-8, strictly; and UTF-8 with the few invalid bytes replaced when nearly all of
   the non-ASCII bytes form valid UTF-8 sequences. One stray byte in a UTF-8 article
   must not send the whole article to the detector (which reads it as mojibake).
3. The charset a page declares (latin-1 read as windows-1252, as browsers do).
4. charset-normalizer's guess; among candidates it scores about equally, the reading the
   language identifier is surest of (West-European text in a Central-European or Baltic
   code page reads "étrangčres", Czech in windows-1252 "pøíštì"), windows-1252/latin-1
   on a tie. A guess the detector is not sure of is logged as a warning on the
   ``communique.ingest`` logger.

Every failure is an :class:`InputError` naming the source and the reason, never a
silent guess.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import Any

import charset_normalizer

from ..errors import InputError
from ..language import detect_language

__all__ = ["decode", "looks_binary"]

_log = logging.getLogger("communique.ingest")

#: Share of control characters (other than tab/newline/CR/form feed) past which
#: the bytes are a binary file, not text. Real text has none; 5% leaves room for
#: a stray escape code in a pasted page.
_MAX_CONTROL_SHARE = 0.05
#: charset-normalizer's "chaos" score past which a decoding is gibberish.
_MAX_CHAOS = 0.25
#: Share of the non-ASCII bytes that must form valid UTF-8 for text with invalid bytes
#: to be read as UTF-8 (the rest replaced by U+FFFD). A legacy code page puts few of
#: its non-ASCII bytes into valid UTF-8 by chance (a latin-1 letter would have to be
#: followed by a byte 0x80-0xBF, a symbol), so real legacy text scores far below this;
#: UTF-8 with one stray byte scores near 100%. 90% rather than 99% keeps an English
#: article with a handful of curly quotes (3 bytes each) and one stray byte as UTF-8.
_MIN_UTF8_SHARE = 0.9
#: Share of U+FFFD in text decoded after a UTF-16/32 BOM past which the bytes were
#: not that encoding after all (a binary file that happens to start like a BOM).
_MAX_REPLACED_SHARE = 0.01
#: Detector candidates within these margins of the best one count as equally likely
#: (charset-normalizer often scores cp1250, cp1252 and cp1257 identically on French).
#: 0.04 of coherence: Portuguese latin-1 scored 0.026 below a DOS code page, while
#: Polish and Lithuanian in their own code pages score 0.06-0.09 above cp1252 and keep
#: theirs; Czech in cp1250 ties cp1252 exactly and is settled by the language identifier.
_CLOSE_CHAOS = 0.01
_CLOSE_COHERENCE = 0.04
#: West-European single-byte encodings preferred among close candidates, best first
#: (Python codec names, as charset-normalizer reports them).
_WEST_EUROPEAN = ("cp1252", "latin_1", "iso8859_15")
#: Characters of each reading the language identifier looks at, and the score step below which two
#: readings count as equally sure.
_LANGUAGE_SAMPLE = 2000
_SAME_SCORE = 0.005
#: Byte-order marks, UTF-32 before UTF-16 (the UTF-32-LE mark starts like UTF-16-LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Declared charsets read as another, as browsers do (WHATWG Encoding Standard): latin-1
#: and ASCII labels mean windows-1252; a page that says UTF-16 without a BOM is not.
_DECLARED_AS = {"iso8859-1": "cp1252", "ascii": "cp1252"}
_ASCII = bytes(range(128))
_ESCAPED = re.compile("[\udc80-\udcff]")
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


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
    for bom, unicode_codec in _BOMS:
        if data.startswith(bom):
            return _after_bom(data[len(bom) :], unicode_codec, source)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if looks_binary(data):
        raise InputError("binary content, not text", source=source, code="binary")
    text = data.decode("utf-8", errors="surrogateescape")
    invalid = len(_ESCAPED.findall(text))
    if not invalid:
        return text
    if invalid <= (1 - _MIN_UTF8_SHARE) * len(data.translate(None, _ASCII)):
        _log.warning("%s: read as UTF-8 with %d invalid byte(s) replaced", source, invalid)
        return _ESCAPED.sub("\ufffd", text)
    codec = _declared_codec(declared)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass
    return _detected(data, source, invalid)


def _after_bom(data: bytes, codec: str, source: str) -> str:
    text = data.decode(codec, errors="replace")
    if not text.strip():
        raise InputError("empty input", source=source, code="empty")
    replaced = text.count("\ufffd")
    if "\x00" in text or len(_CONTROLS.findall(text)) > _MAX_CONTROL_SHARE * len(text):
        raise InputError(f"binary content after a {codec} byte-order mark", source=source, code="binary")
    if replaced > _MAX_REPLACED_SHARE * len(text):
        raise InputError(
            f"undecodable bytes: a {codec} byte-order mark, but {replaced} invalid sequence(s)",
            source=source,
            code="undecodable",
        )
    if replaced:
        _log.warning("%s: read as %s with %d invalid sequence(s) replaced", source, codec, replaced)
    return text


def _declared_codec(declared: str | None) -> str | None:
    """The Python codec for a declared charset label, or None to ignore the label."""
    if not declared:
        return None
    try:
        name = codecs.lookup(declared).name
    except LookupError:
        return None
    if name == "utf-8" or name.startswith(("utf-16", "utf-32")):
        return None  # UTF-8 was tried already; UTF-16/32 without a BOM is a mislabel
    return _DECLARED_AS.get(name, name)


def _detected(data: bytes, source: str, invalid: int) -> str:
    matches = list(charset_normalizer.from_bytes(data))
    if not matches or matches[0].chaos > _MAX_CHAOS:
        raise InputError(
            f"undecodable bytes: not UTF-8 ({invalid} invalid byte(s)) and no confident encoding",
            source=source,
            code="undecodable",
        )
    best = matches[0]
    close = [
        m
        for m in matches
        if m.chaos <= best.chaos + _CLOSE_CHAOS and m.coherence >= best.coherence - _CLOSE_COHERENCE
    ]
    name, text, chosen = _preferred(data, close) or (best.encoding, str(best), best)
    rivals = sorted({m.encoding for m in close if m.encoding not in chosen.could_be_from_charset})
    if rivals or chosen.chaos > _MAX_CHAOS / 2:
        _log.warning(
            "%s: not UTF-8; encoding guessed as %s (as likely: %s)", source, name, ", ".join(rivals) or "none"
        )
    return text


def _preferred(data: bytes, close: list[Any]) -> tuple[str, str, Any] | None:
    """The reading the language identifier is surest of among the close candidates, a West-European
    code page on a tie: (codec, text, its match).

    Code pages that score alike in the detector differ in the letters they make: Czech read as
    cp1252 has "pøíštì" where cp1250 has "příští", French read as cp1250 has "étrangčres". The
    language model knows which spelling its language uses (on Czech, Polish, French, Portuguese and
    German samples the right page scores 0.01-0.11 higher, or the same text when the letters agree).
    """
    readings: dict[str, tuple[str, Any]] = {}
    for match in close:
        for codec in (*(c for c in _WEST_EUROPEAN if c in match.could_be_from_charset), match.encoding):
            if codec in readings:
                continue
            try:
                readings[codec] = (data.decode(codec), match)
            except (UnicodeDecodeError, LookupError):  # cp1252 leaves five bytes undefined
                continue
    if not readings:
        return None

    def rank(codec: str) -> tuple[float, int]:
        score = detect_language(readings[codec][0][:_LANGUAGE_SAMPLE])[1]
        west = _WEST_EUROPEAN.index(codec) if codec in _WEST_EUROPEAN else len(_WEST_EUROPEAN)
        # Scores this close are the same reading (letters the pages share): prefer the West.
        return (round(score / _SAME_SCORE), -west)

    codec = max(readings, key=rank)
    return codec, readings[codec][0], readings[codec][1]
