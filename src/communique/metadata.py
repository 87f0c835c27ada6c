"""Stage ``metadata``: publication date, dateline (place, country, date, agency) and outlet.

The publication date comes from the most explicit source available, in this
order: a metadata header line, the input's own field (JSONL, feed entry), the
page's ``<meta>`` data; then a stamp the cleaner dropped as chrome, one that says
"published" before a plain one ("Agency | 28.11.2023 08h34"); then a dateline that
writes its year; an "updated" stamp last. A date outside :func:`date_bounds` is a placeholder
or a typo ("9999-12-31", "0001-01-01"): from an explicit source the document is
refused (:class:`InputError` ``implausible_date``), so that nothing is stored
under a false or missing date and a corrected input is taken in full on the next
run (articles key by their text: one stored undated would stay undated); a time-stamp
line is only a guess and is skipped instead. Datelines are matched by shape in several
languages and accepted only when their place is a known place or an agency is
named, so an ordinary capitalised opening is not taken for one.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlparse

import dateparser

from ._data import load_json
from .clean import Stamp, find_stamp, is_timestamp, stamp_languages
from .errors import InputError
from .places import lookup_place
from .records import Dateline, Document
from .settings import Settings

__all__ = ["date_bounds", "find_dateline", "metadata", "parse_date", "plausible"]

# strptime recompiles its pattern per call here (2 ms each): test the shape first, parse with email.utils.
_RFC822 = re.compile(r"^[A-Z][a-z]{2},\s+\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\s+\d{1,2}:\d{2}")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_CJK_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_TEXT_DATE = re.compile(
    r"(?:\b\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,12}\.?,?\s+(?:de\s+)?\d{4}"
    r"|\b[^\W\d_]{3,12}\.?\s+\d{1,2},?\s+\d{4})\b"
)
_STAMP_AGENCY = re.compile(r"^\(?\s*(?P<agency>[A-Z][\w.&'-]*(?: [A-Z][\w.&'-]*){0,2})\s*[|)]\s*\d")

_SEP = r"(?:--|—|–|-|\.-|\.—|\.–|:)"
_CAPS_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ'’.\- ]{1,40}?)"
    r"(?:\s*,\s*(?P<date>[^()\n]{1,40}?))?\s*(?:\((?P<agency>[^()\n]{2,40})\))?\s*" + _SEP + r"\s+"
)
_TITLE_DATELINE = re.compile(
    r"^(?P<place>[A-ZÀ-ÖØ-Þ][\w'’.\- ]{1,30}?)(?:\s*,\s*(?P<date>[^()\n]{1,40}?))?\s*"
    r"\((?P<agency>[^()\n]{2,40})\)\s*" + _SEP + r"\s+"
)
_UPPER = "A-ZÀ-ÖØ-ÞĀ-žА-ЯЁІЇЄҐЎ"
# "CITY, day month[ year][, hh:mm] <agency>", the agency written in one of the ways wires write it:
# "/TASS/", "– РИА Новости.", "— REGNUM Text" (capitals, then the text), "(AGENCY) –" or
# "24 июл ПРАЙМ." (capitals and a full stop). The month is a word in any script (dateparser reads it).
_WORD_DATELINE = re.compile(
    rf"^(?P<place>[{_UPPER}][{_UPPER}\w'’\- ]{{1,30}}?),\s*"
    r"(?P<date>\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]+\.?(?:\s+(?:de\s+)?\d{4}(?:\s*(?:года|г\.|року|р\.|година))?)?)"
    r"(?:,?\s*\d{1,2}:\d{2})?\s*"
    r"(?:/(?P<agency>[^/\n]{2,30})/\.?"
    rf"|[–—-]\s*(?P<agency4>[{_UPPER}][{_UPPER}0-9\-]+(?:\s[{_UPPER}][{_UPPER}0-9\-]+)?)"
    r"(?=\s*$|\s+[^\W\d_][^\W\d_]*[\s,])"
    rf"|[–—-]\s*(?P<agency2>[{_UPPER}][\w ]{{1,30}}?)\."
    r"|\((?P<agency3>[^)\n]{2,30})\)\s*[–—-]"
    rf"|(?P<agency5>[{_UPPER}][{_UPPER}\-]+(?:\s[{_UPPER}][{_UPPER}\-]+)?)\.)\s*"
)
# "新华社北京7月18日电", "本报北京7月18日讯": agency, place, date, then 电/讯 (dispatch).
_CJK_DATELINE = re.compile(r"^(?P<pre>[\u4e00-\u9fff]{2,14}?)\s*(?P<date>\d{1,2}月\d{1,2}日)\s*[电電讯訊]")
# "2012年7月18日北京讯": the date first, then the place.
_CJK_DATE_FIRST = re.compile(
    r"^(?P<date>(?:\d{4}年)?\d{1,2}月\d{1,2}日)\s*(?P<place>[\u4e00-\u9fff]{2,10}?)\s*[电電讯訊]"
)


_AGENCY_GROUPS = ("agency", "agency2", "agency3", "agency4", "agency5")


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def date_bounds(settings: Settings | None = None, *, events: bool = False) -> tuple[date, date]:
    """The earliest and latest plausible publication date today (with ``events``, event date).

    From :class:`Settings` ``earliest_date`` to today plus ``publication_days_ahead`` (or
    ``event_days_ahead``): news reports the recent past, and announces events a few years
    ahead at most. The latest bound saturates at the calendar's end rather than overflow.
    """
    settings = settings or _DEFAULT_SETTINGS
    ahead = settings.event_days_ahead if events else settings.publication_days_ahead
    today = date.today()
    latest = today + timedelta(days=ahead) if ahead < (date.max - today).days else date.max
    return settings.earliest_date, latest


def plausible(day: date, bounds: tuple[date, date]) -> bool:
    """Whether ``day`` lies within ``bounds`` (both ends included)."""
    return bounds[0] <= day <= bounds[1]


_DEFAULT_SETTINGS = Settings()


@lru_cache(maxsize=4096)
def _dateparser_parse(text: str, languages: tuple[str, ...] | None, day_first: bool) -> datetime | None:
    settings: dict[str, Any] = {
        "REQUIRE_PARTS": ["day", "month"],
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    try:
        parsed: datetime | None = dateparser.parse(
            text, languages=list(languages) if languages else None, settings=settings
        )
    except (ValueError, OverflowError, TypeError):
        return None
    return parsed


def _languages(lang: str | None) -> tuple[str, ...] | None:
    return (lang, "en") if lang and lang != "en" else ("en",) if lang else None


def parse_date(text: str | None, lang: str | None = None) -> date | None:
    """A full calendar date (day, month and year) in ``text``, or None."""
    if not text:
        return None
    text = text.strip()
    if m := _ISO.search(text):
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.search(text):
        return _valid(int(m[3]), int(m[2]), int(m[1]))
    if (m := _CJK_DATE.search(text)) and m[1]:
        return _valid(int(m[1]), int(m[2]), int(m[3]))
    if m := _TEXT_DATE.search(text):
        parsed = _dateparser_parse(m.group(0), _languages(lang), day_first=True)
        return parsed.date() if parsed else None
    if not _RFC822.match(text):
        return None
    try:  # feed dates: "Wed, 12 Jun 2024 09:30:00 GMT"
        return parsedate_to_datetime(text).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _day_month(text: str, lang: str | None) -> tuple[int, int] | None:
    if m := _CJK_DATE.search(text):
        return int(m[2]), int(m[3])
    if re.fullmatch(r"\s*\d{1,2}[./]\d{1,2}\.?\s*", text):
        day, month = re.findall(r"\d+", text)
        return int(month), int(day)
    parsed = _dateparser_parse(text.strip(" .,"), _languages(lang), day_first=True)
    return (parsed.month, parsed.day) if parsed else None


def _dateline_date(
    text: str | None, lang: str | None, published: date | None, bounds: tuple[date, date] | None = None
) -> str | None:
    """A dateline date takes the publication's year, or the year before if that
    would put it after publication ("Dec. 31" in a paper of Jan. 2)."""
    if not text:
        return None
    full = parse_date(text, lang)
    if full:
        # A dateline is read from the text by shape: an implausible year there is a typo, dropped.
        return full.isoformat() if plausible(full, bounds or date_bounds()) else None
    if published is None:
        return None
    found = _day_month(text, lang)
    if not found:
        return None
    month, day = found
    when = _valid(published.year, month, day)
    if when and when > published:
        when = _valid(published.year - 1, month, day)
    return when.isoformat() if when else None


def _place_and_country(name: str) -> tuple[str, str | None] | None:
    cleaned = name.strip(" .,'’-").strip()
    place = lookup_place(cleaned)
    if place is None:
        return None
    return place.name, place.country


def find_dateline(
    paragraph: str, lang: str | None, published: date | None, bounds: tuple[date, date] | None = None
) -> Dateline:
    """The dateline at the start of a paragraph, or an empty :class:`Dateline`.

    A date it gives in full is kept only within ``bounds`` (default :func:`date_bounds`).
    """
    head = paragraph[:200]
    if (m := _CJK_DATE_FIRST.match(head)) and (found := _place_and_country(m["place"])):
        return Dateline(found[0], found[1], _dateline_date(m["date"], "zh", published, bounds))
    if m := _CJK_DATELINE.match(head):
        pre = m["pre"]
        for cut in range(len(pre) - 1):  # longest known place at the end of the prefix
            found = _place_and_country(pre[cut:])
            if found:
                agency = pre[:cut] or None
                return Dateline(
                    found[0], found[1], _dateline_date(m["date"], "zh", published, bounds), agency
                )
        # Unknown place: agencies end in 社/网/报/台 ("中新社", "中新网"); what follows is the place.
        if cut_at := next((i + 1 for i, ch in enumerate(pre) if ch in "社网报台"), 0):
            place = pre[cut_at:] or None
            return Dateline(place, None, _dateline_date(m["date"], "zh", published, bounds), pre[:cut_at])
        return Dateline()
    for pattern in (_CAPS_DATELINE, _WORD_DATELINE, _TITLE_DATELINE):
        m = pattern.match(head)
        if not m:
            continue
        groups = m.groupdict()
        agency = next((groups[g] for g in _AGENCY_GROUPS if groups.get(g)), None)
        raw_date = groups.get("date")
        place_text = m["place"]
        if (
            pattern is _CAPS_DATELINE
            and not any(ch.isupper() for ch in place_text[1:])
            and len(place_text) > 1
        ):
            continue  # "Moscow –": title case needs an agency (next pattern)
        found = _place_and_country(place_text)
        if found is None and raw_date and "," in raw_date:
            # "ASTANA, Kazakhstan, Nov. 27": the part before the date may name the country.
            first, _, rest = raw_date.partition(",")
            country = lookup_place(first.strip())
            if country and country.is_country:
                found, raw_date = (place_text.strip().title(), country.country), rest
        if found is None:
            # An unknown place needs a named agency ("Ministers (from both sides) -" is prose).
            if not agency or not agency.strip()[:1].isupper() or len(agency.split()) > 4:
                continue
            found = (place_text.strip().title(), None)
        if raw_date and "," in raw_date:
            first, _, rest = raw_date.partition(",")
            country = lookup_place(first.strip())
            if country is not None and country.is_country:
                raw_date = rest
        return Dateline(
            place=found[0],
            country=found[1],
            date=_dateline_date(raw_date, lang, published, bounds),
            agency=agency.strip() if agency else None,
        )
    return Dateline()


#: Where an explicit publication date came from, for the message that refuses it.
_DATE_SOURCES = ("a metadata header line", "the input's 'published' field", "the page's metadata")


def _explicit(doc: Document, lang: str | None, bounds: tuple[date, date]) -> date | None:
    """The first explicit date (refused when implausible)."""
    explicit = (doc.header_date, doc.raw.published, doc.page_date)
    for where, candidate in zip(_DATE_SOURCES, explicit, strict=True):
        found = parse_date(candidate, lang)
        if found is None:
            continue
        if not plausible(found, bounds):
            raise InputError(
                f"publication date {found.isoformat()} from {where} is not plausible (accepted: "
                f"{bounds[0].isoformat()} to {bounds[1].isoformat()}); correct or remove it",
                source=doc.raw.source,
                code="implausible_date",
            )
        return found
    return None


def _stamp_date(stamp: Stamp, lang: str | None) -> date | None:
    """The date of a stamp's date phrase: a month word is read in the languages that spell it so."""
    if stamp.month is None:
        return parse_date(stamp.date_text, lang)
    languages = stamp_languages(stamp.month)
    if lang in languages:
        languages = (lang, *(code for code in languages if code != lang))
    # Up to the year: dateparser reads "25 січня 2021", not the year's word after it ("року").
    phrase = re.sub(r"(\d{4}).*$", r"\1", stamp.date_text)
    parsed = _dateparser_parse(phrase, languages or _languages(lang), day_first=True)
    return parsed.date() if parsed else None


def _stamp_dates(doc: Document, lang: str | None, bounds: tuple[date, date]) -> dict[str, date]:
    """The first plausible date of each kind of stamp line ("published", "stamp", "updated").

    Only stamp lines date the page: a photo caption's date is the photo's.
    """
    found: dict[str, date] = {}
    updated = _lexicon_words("updated_words")
    for line in doc.chrome:
        stamp = find_stamp(line)
        if stamp is not None:
            kind, day = stamp.kind, _stamp_date(stamp, lang)
        elif is_timestamp(line):
            lower = line.strip().lower()
            kind = "updated" if any(lower.startswith(w) for w in updated) else "stamp"
            day = parse_date(line, lang)
        else:
            continue
        if day is not None and plausible(day, bounds):
            found.setdefault(kind, day)
    return found


@lru_cache(maxsize=4)
def _lexicon_words(key: str) -> tuple[str, ...]:
    return tuple(load_json("chrome.json")[key])


def _find_dateline(
    doc: Document, lang: str | None, published: date | None, bounds: tuple[date, date]
) -> Dateline:
    """The dateline of the first two paragraphs, else of a stamp line the cleaner dropped
    ("Вашингтон, 25 января 2021, 08:51 — REGNUM" alone on its line)."""
    lines = [*doc.paragraphs[:2], *(line for line in doc.chrome if is_timestamp(line))]
    for line in lines:
        dateline = find_dateline(line, lang, published, bounds)
        if dateline.place or dateline.agency:
            return dateline
    return Dateline()


def _published(doc: Document, lang: str | None, bounds: tuple[date, date]) -> date | None:
    """The publication date: what wins when several sources disagree.

    An explicit date first (header line, input field, page metadata; refused when implausible);
    then a stamp the cleaner found: one that says "published", else a plain one ("4. prosince
    2018, 12:43"); then a dateline that writes its year ("Вашингтон, 25 января 2021 — ..."); an
    "updated" stamp last, as a page is updated after it is published.
    """
    explicit = _explicit(doc, lang, bounds)
    if explicit is not None:
        return explicit
    stamps = _stamp_dates(doc, lang, bounds)
    if found := stamps.get("published") or stamps.get("stamp"):
        return found
    # Read without a publication date, a dateline gives a date only when it writes the year.
    if written := _find_dateline(doc, lang, None, bounds).date:
        return date.fromisoformat(written)
    return stamps.get("updated")


def _outlet_from_url(url: str | None) -> str | None:
    if not url or "://" not in url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def metadata(doc: Document, settings: Settings | None = None) -> Document:
    """Set ``published``, ``dateline`` and ``outlet`` on a cleaned, language-tagged document.

    Raises :class:`InputError` (``implausible_date``) when the document's own publication
    date lies outside :func:`date_bounds` (see the module notes).
    """
    lang = doc.language
    bounds = date_bounds(settings)
    published = _published(doc, lang, bounds)
    dateline = _find_dateline(doc, lang, published, bounds)
    if dateline.agency is None:
        for line in doc.chrome:
            if m := _STAMP_AGENCY.match(line.strip()):
                dateline = replace(dateline, agency=m["agency"])
                break
    outlet = doc.outlet or _outlet_from_url(doc.raw.url)
    return replace(
        doc,
        published=published.isoformat() if published else None,
        dateline=dateline,
        outlet=outlet,
    )
