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
from dataclasses import dataclass
from functools import cache

import ftfy
import trafilatura
from dateparser.languages.loader import default_loader

from ._data import load_json
from .errors import InputError
from .records import Document, RawDocument

__all__ = [
    "Stamp",
    "clean",
    "find_stamp",
    "is_chrome",
    "is_timestamp",
    "normalise_characters",
    "split_paragraphs",
    "stamp_languages",
]

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


# Private-use code points (Unicode category Co: the BMP block and planes 15-16) carry no meaning
# outside the font that drew them: pages use them as paragraph marks, bullets and icons. Each
# run becomes a space, not nothing, because it often stands between two words or paragraphs.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]+")
# Invisible format characters that only steer rendering: soft hyphen, bidi marks and embeddings,
# word joiner and invisible operators, byte-order mark, tag characters. Dropped outright. The
# zero-width joiner and non-joiner (U+200C/U+200D) are kept: in Persian, Indic scripts and emoji
# they change how a word is spelled.
_INVISIBLE = re.compile(
    "[\u00ad\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]"
)
# Full-width ASCII letters and digits (U+FF10-FF19, U+FF21-FF3A, U+FF41-FF5A) and the ideographic
# space are folded as NFKC would ("２０１２" -> "2012", "ＡＰＥＣ" -> "APEC"): one character for one,
# so the text keeps its length. Full-width punctuation is NOT folded in general: "，：；（）！？" are
# the ordinary punctuation of Chinese and Japanese, and the CJK rules downstream (clause bounds,
# editor lines, datelines) read them as such; only ".:/-," between two digits ("１２：４３",
# "３．５") and "%" after one are number parts, folded. Nothing else goes through NFKC: it would
# also fold superscripts ("m²" -> "m2"), ligatures, circled and CJK compatibility characters,
# changing what the text says.
_FULLWIDTH = {cp: cp - 0xFEE0 for r in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)) for cp in
              range(r[0], r[1] + 1)} | {0x3000: 0x20}  # fmt: skip
_FULLWIDTH_NUMBER_PUNCT = re.compile("(?<=\\d)[\uff0e\uff1a\uff0f\uff0d\uff0c](?=\\d)|(?<=\\d)\uff05")
_NEEDS_NORMALISING = re.compile(
    "[\u00ad\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3000\ue000-\uf8ff\ufeff"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U000e0000-\U000e007f\U000f0000-\U0010fffd]"
)


def normalise_characters(text: str) -> str:
    """Private-use and invisible characters out, full-width ASCII letters and digits folded.

    See the notes on ``_FULLWIDTH`` for what is folded and what is not. The stage's output is a new
    text (its paragraphs): every offset downstream counts in it, none in the raw input.
    """
    if not _NEEDS_NORMALISING.search(text):
        return text
    text = _INVISIBLE.sub("", _PRIVATE_USE.sub(" ", text)).translate(_FULLWIDTH)
    return _FULLWIDTH_NUMBER_PUNCT.sub(lambda m: chr(ord(m[0]) - 0xFEE0), text)


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
_GUILLEMET_QUOTE = re.compile(r"«[^«»]*»")
_CJK = re.compile(r"[\u3000-\u9fff]")
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


#: The languages whose month and weekday names a publication stamp is read in: those
#: :mod:`communique.dates` reads and their kin (dateparser's locale data gives the names).
STAMP_LANGUAGES = ("en", "fr", "es", "ru", "de", "uk", "pl", "cs", "bg", "it", "pt")
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
               "october", "november", "december")  # fmt: skip
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@cache
def _calendar_words() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Month names (each with the languages that spell it so) and weekday names, from dateparser."""
    months: dict[str, list[str]] = {}
    weekdays: set[str] = set()
    for code in STAMP_LANGUAGES:
        info = default_loader.get_locale(code).info
        for key in _MONTH_KEYS:
            for word in info.get(key, []):
                if word.isalpha():
                    months.setdefault(word.lower(), []).append(code)
        for key in _WEEKDAY_KEYS:
            weekdays.update(w.lower() for w in info.get(key, []) if w.isalpha())
    return {w: tuple(dict.fromkeys(c)) for w, c in months.items()}, frozenset(weekdays)


def stamp_languages(month: str) -> tuple[str, ...]:
    """The languages (of :data:`STAMP_LANGUAGES`) in which ``month`` names a month, for dateparser."""
    return _calendar_words()[0].get(month.strip(". ").lower(), ())


@cache
def _stamp_words() -> frozenset[str]:
    # Month names, time zones and small words that surround a date in a time stamp; month and
    # weekday names of three letters or more in every stamp language (two-letter forms such as
    # "so", "di" are ordinary words).
    months, weekdays = _calendar_words()
    names = {w for w in (*months, *weekdays) if len(w) >= 3}
    return frozenset(load_json("chrome.json")["stamp_words"]) | names


def _words(line: str) -> list[str]:
    return _WORD.findall(line)


def is_timestamp(line: str) -> bool:
    """A line that is a date/time stamp with at most a few words around it."""
    if not (_TIME.search(line) or _NUMERIC_DATE.search(line) or _YEAR.search(line)):
        return False
    lower = line.lower().strip("•· ")
    if any(lower.startswith(p) for p in _lexicon()["updated_prefixes"]):
        # "Publié le 12 décembre 2021 par Gallimard, le livre raconte ..." is a sentence: a stamp
        # ending in a full stop has at most a few words besides the date's.
        others = [w for w in _words(line) if w.lower() not in _stamp_words()]
        sentence = bool(_SENTENCE_END.search(line)) and len(others) > 3
        return len(_words(line)) <= _MAX_CHROME_WORDS and not sentence
    if _SENTENCE_END.search(line) and not line.rstrip().endswith(")"):
        return False
    rest = [w for w in _words(line) if w.lower() not in _stamp_words()]
    # A stamp may keep a source name ("Agency | 28.11.2023 08h34"): three words at most.
    if len(rest) > 3:
        return False
    if _TIME.search(line) or _NUMERIC_DATE.search(line):
        return True
    # A year alone dates a stamp only with its month ("November 28, 2023"); "Corus Chess
    # Tournament 2006" is a heading.
    months = _calendar_words()[0]
    return len(_YEAR.findall(line)) == 1 and any(w.lower().rstrip(".") in months for w in _words(line))


@dataclass(frozen=True, slots=True)
class Stamp:
    """A publication stamp in a line: its span, its kind and the date phrase inside it."""

    start: int
    end: int
    #: ``"published"`` or ``"updated"`` (by the word it starts with), else ``"stamp"``.
    kind: str
    #: The date alone ("12 Décembre 2021", "4. prosince 2018", "12.12.2021"), for a date parser.
    date_text: str
    #: The month as written, when it is a word (its languages: :func:`stamp_languages`).
    month: str | None
    #: The lead word as written ("Publié", "Veröffentlicht"), if any; whether a time is given.
    lead: str | None = None
    timed: bool = False


def _alternation(words: set[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


@cache
def _stamp_patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The stamp phrase (from its lead word or its date), the lead words alone, each lead's kind.

    A stamp is ``[lead word [:] [small word]] [time,] [weekday[,]] date [[,|at] time]``: "Publié le
    dimanche 12 Décembre 2021 à 20h30", "Veröffentlicht am Sonntag, 12. Dezember 2021",
    "4. prosince 2018, 12:43", "Updated 14:05 GMT, 3 October 2024". The date carries its year.
    """
    data = load_json("chrome.json")
    kinds = {w: "published" for w in data["published_words"]} | {w: "updated" for w in data["updated_words"]}
    months, weekdays = _calendar_words()
    lead = _alternation(set(kinds))
    day = r"(?:3[01]|[12]\d|0?[1-9])"
    mon = r"(?:0?[1-9]|1[0-2])"
    year = r"(?:19|20)\d\d(?!\d)"
    # A year may take its word: "2021 г.", "року", "roku", "година".
    year_word = r"(?:\s*(?:г\.|года|год\.|р\.|року|r\.|roku|година|г)(?![^\W\d_]))?"
    month = rf"(?:{_alternation(set(months))})(?![^\W\d_])"
    time = (
        r"(?:[01]?\d|2[0-3])\s?[:hH]\s?[0-5]\d(?!\d)"
        r"(?:\s?(?:uhr|h|hs|ч\.|godz\.|hod\.|gmt|utc|cet|cest|msk|мск|am|pm)(?![^\W\d_]))?"
    )
    date = (
        rf"(?P<d1>{day}\.?\s*(?:de\s+)?(?P<m1>{month})\.?,?\s+(?:de\s+)?{year}{year_word})"
        rf"|(?P<d2>(?P<m2>{month})\.?\s+{day}(?:st|nd|rd|th)?,?\s+{year})"
        rf"|(?P<d3>{day}\s?[./]\s?{mon}\s?[./]\s?{year}{year_word}|{year}\s?[-/.]\s?{mon}\s?[-/.]\s?{day}(?!\d)"
        rf"|{year}\s*年\s*{mon}\s*月\s*{day}\s*日)"
    )
    stamp = (
        # The lead word, a colon, a small word ("le", "am", "el", "em", "dne", "on").
        rf"(?:(?P<lead>{lead})(?![^\W\d_])\s*[:：]?(?:\s*[^\W\d_]{{1,3}}(?=\s))?\s*)?"
        rf"(?:(?P<t0>{time})\s*,?\s*)?"
        rf"(?:(?:{_alternation(set(weekdays))})\.?,?\s+)?"
        rf"(?:{date})"
        # The time, after a comma, a bar or a dash, or one or two small words ("à", "um", "в", "a las").
        rf"(?:\s*[,|–—-]?(?:\s+[^\W\d_]{{1,5}}\.?){{0,2}}\s*(?P<t1>{time}))?"
    )
    lead_only = re.compile(rf"(?<![^\W_])(?:{lead})(?![^\W\d_])", re.IGNORECASE)
    return re.compile(stamp, re.IGNORECASE), lead_only, {k.lower(): v for k, v in kinds.items()}


_WORD_START = re.compile(r"(?<!\S)[^\W\d_]")


@cache
def _lead_initials() -> frozenset[str]:
    return frozenset(word[0] for word in _stamp_patterns()[2])


def _stamp_at(text: str, pos: int) -> Stamp | None:
    pattern, _, kinds = _stamp_patterns()
    m = pattern.match(text, pos)
    if m is None:
        return None
    kind = kinds.get(" ".join(m["lead"].lower().split()), "stamp") if m["lead"] else "stamp"
    group = "d1" if m["d1"] else "d2" if m["d2"] else "d3"
    return Stamp(m.start(), m.end(), kind, m[group], m["m1"] or m["m2"], m["lead"], bool(m["t0"] or m["t1"]))


def find_stamp(line: str) -> Stamp | None:
    """The publication stamp a line starts with (after a bullet), or None."""
    start = len(line) - len(_BULLET.sub("", line.lstrip()))
    return _stamp_at(line, start) if _YEAR.search(line) or "年" in line else None


# What may follow a stamp cut out of a paragraph: nothing, or the start of something else (a
# capital, a digit, a quotation, a bracket, a CJK character). "Publié le 12 décembre 2021 par
# Gallimard, le livre ..." goes on in lower case: a sentence, not a stamp.
_AFTER_STAMP = re.compile(r"[\s,;|·•–—/-]*")


def _skip_separators(text: str, pos: int) -> int:
    m = _AFTER_STAMP.match(text, pos)
    return m.end() if m else pos


_FRESH_START = re.compile(r"[^\W\d_]|\d|[\"“„«'‘(\[\u3000-\u9fff]")


def _cut_stamps(paragraph: str) -> tuple[list[str], list[str]]:
    """A paragraph split around the publication stamps in it: (the pieces of text, the stamps).

    A stamp is cut where it starts the paragraph, or where a capitalised lead word ("Publié",
    "Veröffentlicht", "Опубликовано") starts it after a space, as when a page's title, byline and
    stamp run into one line. Without a lead word, a date is a stamp only at the paragraph's start
    and with a time ("4. prosince 2018, 12:43 Ministr ..."): a date opening a sentence is news.
    """
    if not (_YEAR.search(paragraph) or "年" in paragraph):
        return [paragraph], []
    _, lead_only, _ = _stamp_patterns()
    starts = [len(paragraph) - len(_BULLET.sub("", paragraph))]
    # A lead word further on counts when capitalised (or CJK): in lower case it is inside a
    # sentence ("die Studie, veröffentlicht am 12. Dezember 2021 in ...").
    # (Tried only where a word starts with a lead word's initial: scanning the whole paragraph
    # with the case-blind alternation cost a quarter of a millisecond per paragraph.)
    initials = _lead_initials()
    starts += [
        m.start()
        for m in _WORD_START.finditer(paragraph, 1)
        if (m[0].isupper() or m[0] >= "\u2e80")
        and m[0].lower() in initials
        and lead_only.match(paragraph, m.start())
    ]
    pieces: list[str] = []
    stamps: list[str] = []
    done = 0
    for start in sorted(set(starts)):
        if start < done or (start and not paragraph[start - 1].isspace()):
            continue
        stamp = _stamp_at(paragraph, start)
        if stamp is None or (stamp.lead is None and (start or not stamp.timed)):
            continue
        end = stamp.end
        while (more := _stamp_at(paragraph, _skip_separators(paragraph, end))) and more.lead:
            end = more.end  # "Publié le ..., mis à jour le ..."
        resume = _skip_separators(paragraph, end)
        if resume < len(paragraph) and (
            not _FRESH_START.match(paragraph, resume) or paragraph[resume].islower()
        ):
            continue
        tail = paragraph[resume:]
        # A source or a place after the stamp, as a stamp line may keep (see is_timestamp): three
        # words at most, or eight CJK characters ("来源：人民网"), and no sentence end.
        short = len(tail) <= 8 if _CJK.search(tail) else len(_words(tail)) <= 3
        if tail and short and not _SENTENCE_END.search(tail):
            resume = end = len(paragraph)  # the stamp's own tail: "…, 14:10, Москва, Кремль"
        pieces.append(paragraph[done:start].strip())
        stamps.append(paragraph[start:end].strip())
        done = resume
    pieces.append(paragraph[done:].strip())
    return [p for p in pieces if p], stamps


def _is_breadcrumb(line: str) -> bool:
    # "»" closing a "«" quotation is punctuation, not a path separator ("«X» подпишет меморандум").
    line = _GUILLEMET_QUOTE.sub(lambda m: m[0].replace("»", "\u201d"), line)
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


# A tag list's items are separated by commas, bullets, bars or semicolons; a sentence has a
# full stop, a colon, quotation marks or brackets somewhere (a tag list has none).
_TAG_SEPARATOR = re.compile(r"\s*[,，、|•·▪;]\s*")
_SENTENCE_MARKS = re.compile(r"[.!?。！？…:：;；\"“”„«»()（）]")
#: A tag is a name or a short noun phrase: three words at most ("Foreign policy", "Внешняя
#: политика"); three items at least, as two capitalised names joined by a comma are often a headline.
_MAX_TAG_WORDS = 3
_MIN_TAGS = 3


def _is_tag_list(line: str, lower: str, words: list[str]) -> bool:
    """ "Politik, Ausland, Syrien, Russland", "Tags: diplomacy, trade": a list of tags, no sentence.

    Each item starts with a capital and holds no verb: a lower-case word may only end a
    multi-word item (an adjective's noun, "Union européenne"); "Merkel trifft Putin" has one
    in the middle, "Macron reist ab" two, and neither is a tag.
    """
    for prefix in _lexicon()["tag_prefixes"]:
        if lower.startswith(prefix) and lower[len(prefix) :].lstrip()[:1] in (":", "："):
            return True  # "Tags:", "Schlagworte:", "Теги:", "标签："
    if _SENTENCE_MARKS.search(line) or len(words) > _MAX_CHROME_WORDS * 2:
        return False
    items = [item for item in _TAG_SEPARATOR.split(line) if item]
    if len(items) < _MIN_TAGS:
        return False
    for item in items:
        tokens = item.split()
        if not 1 <= len(tokens) <= _MAX_TAG_WORDS or not tokens[0][:1].isupper():
            return False
        if any(not _WORD.search(token) for token in tokens):
            return False  # a number or a symbol alone: a table row, not tags
        if any(not token[:1].isupper() for token in tokens[1:-1]):
            return False
    return True


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
    if _starts_with(lower, lex["promo_prefixes"]):
        return True  # "Read also: ...", "Подписывайтесь на ...", "Folgen Sie uns auf ..."
    if _is_tag_list(stripped, lower, words):
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
    text = normalise_characters(_fix_text(text))
    if title:
        title = _SPACES.sub(" ", normalise_characters(_fix_text(title))).strip() or None

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
    for whole in paragraphs:
        # A stamp run into a paragraph ("Title Publié le ... Text") is cut out: it dates the page,
        # and left in the text it would be read as the date of the events told next to it.
        pieces, stamps = _cut_stamps(whole)
        chrome.extend(stamps)
        for paragraph in pieces:
            # Under a "Related articles" heading, headline-shaped lines are links, not text.
            in_link_list = (in_link_list and _title_like(paragraph)) or _is_related_marker(paragraph)
            (chrome if in_link_list or is_chrome(paragraph) else kept).append(paragraph)

    if title is None and len(kept) >= 2 and _title_like(kept[0]):
        title = kept.pop(0)
    elif title is not None and len(kept) >= 2 and _same(kept[0], title):
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
