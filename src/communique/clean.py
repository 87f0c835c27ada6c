"""Stage ``clean``: page text without chrome, the title kept apart, paragraphs kept.

HTML goes through trafilatura first (main-text extraction and page metadata);
plain text, feed content and the output of trafilatura then pass the same
line rules, because wire copy carries its chrome inline: time stamps, photo
captions ending in ``(Agency/Photographer)``, editor lines, breadcrumbs and
comment widgets. Each rule is general (shape plus a small multilingual lexicon
in ``data/chrome.json``); none names an outlet.
"""

from __future__ import annotations

import re
from functools import cache

import ftfy
import trafilatura

from ._data import load_json
from .errors import InputError
from .records import Document, RawDocument

__all__ = ["clean", "is_chrome", "is_timestamp", "split_paragraphs"]

# Mojibake and control characters are fixed; full-width CJK punctuation and curly
# quotes are kept as written (ftfy's defaults would flatten them).
_FTFY = ftfy.TextFixerConfig(fix_character_width=False, uncurl_quotes=False, explain=False)

# UTF-8 read as Latin-1/cp1252 leaves a lead character (Â..ï) followed by a continuation
# character (U+0080..U+00BF or a cp1252 symbol). ftfy costs ~1 ms per article, so it runs
# only where this signature (or a C1 control) shows there may be something to fix.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)


def _fix_text(text: str) -> str:
    return ftfy.fix_text(text, _FTFY) if _MOJIBAKE_HINT.search(text) else text


# A metadata header line as in the seed files: " date 2023-11-28 Title ...".
_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})(?:[T ][\d:]+)?\s*(.*)$", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}\s?[:hH]\s?\d{2}\b")
_NUMERIC_DATE = re.compile(
    r"\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}(?:[./]\d{2,4})?)\b|\d{4}年\d{1,2}月\d{1,2}日"
)
_YEAR = re.compile(r"\b(19|20)\d{2}\b")
# A credit in parentheses at the end of a paragraph: "(Agency/Jane Roe)", "(AFP/John Doe)".
_CREDIT_TAIL = re.compile(r"\(\s*[\w.&' -]{2,40}\s*/\s*[^()/]{2,80}\)\s*$")
_BRACKET_CREDIT = re.compile(r"\[\s*photo\s*/[^\]]*\]\s*$", re.IGNORECASE)
_BREADCRUMB = re.compile(r"\s*(?:>>|»|›|>|\|)\s*")
_SENTENCE_END = re.compile(r"[.!?。！？…»\"”]\s*$")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_ONLY_PUNCT = re.compile(r"^[\W_]*$", re.UNICODE)
_BULLET = re.compile(r"^[•·▪●◦\-–—*]\s*")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

#: Headlines are short: the longest in a sample of wire titles ran to 24 words.
_MAX_TITLE_WORDS = 30
_MAX_TITLE_CHARS = 250
#: Chrome lines are short; a line longer than this is text even if it starts
#: with a chrome-like word ("Share prices rose ...").
_MAX_CHROME_WORDS = 12


@cache
def _lexicon() -> dict[str, tuple[str, ...]]:
    data = load_json("chrome.json")
    return {key: tuple(value) for key, value in data.items() if not key.startswith("_")}


@cache
def _stamp_words() -> frozenset[str]:
    # Month names, time zones and small words that surround a date in a time stamp.
    return frozenset(load_json("chrome.json")["stamp_words"])


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_timestamp(line: str) -> bool:
    """A line that is a date/time stamp with at most a few words around it."""
    if not (_TIME.search(line) or _NUMERIC_DATE.search(line) or _YEAR.search(line)):
        return False
    lower = line.lower().strip("•· ")
    if any(lower.startswith(p) for p in _lexicon()["updated_prefixes"]):
        return len(_words(line)) <= _MAX_CHROME_WORDS
    if _SENTENCE_END.search(line) and not line.rstrip().endswith(")"):
        return False
    rest = [w for w in _words(line) if w.lower() not in _stamp_words()]
    # A stamp may keep a source name ("Agency | 28.11.2023 08h34"): three words at most.
    return len(rest) <= 3 and bool(
        _TIME.search(line) or _NUMERIC_DATE.search(line) or len(_YEAR.findall(line)) == 1
    )


def _is_breadcrumb(line: str) -> bool:
    parts = [p for p in _BREADCRUMB.split(line) if p]
    if len(parts) < 2 or not _BREADCRUMB.search(line) or _SENTENCE_END.search(line):
        return False
    return all(len(_words(p)) <= 4 for p in parts)


def _starts_with(lower: str, prefixes: tuple[str, ...]) -> bool:
    for prefix in prefixes:
        if lower.startswith(prefix):
            rest = lower[len(prefix) :]
            # Latin/Cyrillic prefixes end at a word boundary; CJK ones need none.
            if not rest or not rest[0].isalnum() or not prefix[-1].isalnum() or prefix[-1] >= "\u2e80":
                return True
    return False


def is_chrome(line: str) -> bool:
    """True when a paragraph is page chrome rather than article text."""
    stripped = line.strip()
    if not stripped or _ONLY_PUNCT.match(stripped):
        return True
    lex = _lexicon()
    words = _words(stripped)
    lower = _BULLET.sub("", stripped).lower().strip(" ()[]")
    if _CREDIT_TAIL.search(stripped) or _BRACKET_CREDIT.search(stripped):
        return True  # a photo caption: the whole paragraph goes with its credit
    if len(words) <= _MAX_CHROME_WORDS and _starts_with(lower, lex["caption_prefixes"]):
        return True
    if len(words) > _MAX_CHROME_WORDS * 2:
        return False
    if lower.rstrip(" .:!") in lex["widgets"]:
        return True
    if _BULLET.match(stripped) and len(words) <= 4:
        return True  # list items of a comment form or a share bar
    if stripped.startswith("(") and stripped.endswith(")") and _starts_with(lower, lex["editor_prefixes"]):
        return True
    if (
        len(words) <= _MAX_CHROME_WORDS
        and _starts_with(lower, lex["editor_prefixes"])
        and (":" in stripped or "：" in stripped or stripped.startswith("("))
    ):
        return True
    if (
        len(words) <= 5
        and _starts_with(lower, lex["byline_prefixes"])
        and not _SENTENCE_END.search(stripped)
        and all(w[:1].isupper() for w in words[1:])
    ):
        return True  # "By Jane Doe"
    return is_timestamp(stripped) or _is_breadcrumb(stripped)


def _is_related_marker(line: str) -> bool:
    lower = _BULLET.sub("", line.strip()).lower().rstrip(" .:!：")
    return lower in _lexicon()["related_markers"]


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: long lines that mostly stop mid-sentence."""
    body = lines[:-1]
    if not body or any(len(line) < 40 for line in body):
        return False
    open_ended = sum(1 for line in body if not _SENTENCE_END.search(line))
    return open_ended / len(body) >= 0.6


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs from plain text: blank lines separate blocks; a block's lines are
    paragraphs of their own unless the block is hard-wrapped prose."""
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if len(lines) > 1 and _is_wrapped(lines):
            paragraphs.append(" ".join(lines))
        else:
            paragraphs.extend(lines)
    return paragraphs


def _title_like(line: str) -> bool:
    words = line.split()
    if not words or len(words) > _MAX_TITLE_WORDS or len(line) > _MAX_TITLE_CHARS:
        return False
    # Headlines do not end in a full stop (a question or an exclamation may).
    return not line.rstrip().endswith((".", "。", ":", ";", ","))


def _same(a: str, b: str) -> bool:
    return _words(a.lower()) == _words(b.lower())


def _from_html(raw: RawDocument) -> tuple[str, str | None, str | None, str | None, str | None]:
    assert raw.html is not None
    extracted = trafilatura.bare_extraction(
        raw.html, url=raw.url, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(extracted, "text", None) if extracted is not None else None
    if not text:
        # trafilatura found no main text (tiny or unusual page): fall back to all visible text.
        text = trafilatura.html2txt(raw.html) or ""
    if not text.strip():
        raise InputError("no text could be extracted from the HTML", source=raw.source, code="no_text")
    meta = extracted if extracted is not None else None
    return (
        text,
        getattr(meta, "title", None),
        getattr(meta, "date", None),
        getattr(meta, "sitename", None),
        getattr(meta, "language", None),
    )


def clean(raw: RawDocument) -> Document:
    """Run the cleaning cascade on one raw document."""
    title = raw.title
    page_date = page_outlet = page_language = None
    if raw.html is not None and raw.text is None:
        text, page_title, page_date, page_outlet, page_language = _from_html(raw)
        title = title or page_title
    else:
        text = raw.text or ""
    text = _fix_text(text)
    if title:
        title = _SPACES.sub(" ", _fix_text(title)).strip() or None

    header_date = None
    lines = text.lstrip("\ufeff").split("\n", 1)
    header = _HEADER.match(lines[0])
    if header:
        header_date = header.group(1)
        text = header.group(2) + ("\n\n" + lines[1] if len(lines) > 1 else "")

    paragraphs = split_paragraphs(text)
    kept: list[str] = []
    chrome: list[str] = []
    in_link_list = False
    for paragraph in paragraphs:
        # Under a "Related articles" heading, headline-shaped lines are links, not text.
        in_link_list = (in_link_list and _title_like(paragraph)) or _is_related_marker(paragraph)
        (chrome if in_link_list or is_chrome(paragraph) else kept).append(paragraph)

    if title is None and len(kept) >= 2 and _title_like(kept[0]):
        title = kept.pop(0)
    elif title is not None and kept and _same(kept[0], title):
        kept.pop(0)

    return Document(
        raw=raw,
        title=title,
        paragraphs=tuple(kept),
        chrome=tuple(chrome),
        header_date=header_date,
        page_date=page_date,
        page_language=page_language,
        outlet=raw.outlet or page_outlet,
    )
