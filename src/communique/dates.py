"""Date expressions in a sentence, resolved against the article's anchor date.

News dates itself relative to its dateline: "said ... on Monday", "from Nov. 26
to 27", "hier", "в понедельник", "27日". This module finds such phrases with
per-language regular expressions (compiled once per language, month and
weekday names in English, French, Spanish, Russian, German and Chinese) and
builds the calendar date itself; no parser is ever handed a whole sentence
(dateparser reads "Nov. 26 to 27" as 1927). Numeric dates ("27.11.2023",
"2023-11-27") go through :func:`communique.metadata.parse_date`.

Resolution rules, with ``anchor`` the dateline date (else the publication date)
and ``ceiling`` the later of ``anchor`` and ``published``:

* News reports the past. A weekday is the most recent such day on or before the
  anchor; a date without a year takes the latest year that keeps it on or before
  the ceiling (the anchor's year, or the year before: "Dec. 31" in a Jan. 2 paper).
* An explicit future marker in the mention's clause ("will", "next", "va",
  "prochain", "будет", "将于", "próximo", "visitará") turns that around: a
  weekday is the next such day on or after the anchor, a year-less date the
  occurrence nearest the anchor. Adjacent modifiers are stronger: "next Monday",
  "lundi prochain", "el próximo lunes" are strictly after the anchor, "last
  Monday", "el pasado 10 de noviembre", "le 10 novembre dernier" strictly before;
  "下周一"/"上周一"/"本周一" name a day of the next, previous or current week.
* Dates with a written year are taken as written.
* ``future`` is true when the resolved date is after the ceiling, or after the anchor
  because the phrase points forward ("tomorrow", "next Monday", "will ... on Tuesday").

Vague expressions ("last week", "recently", a month alone) are not reported, nor is a date
outside the plausible event range (:func:`communique.metadata.date_bounds`): "九九九九年十二月三十一日"
or "March 12, 2099" is a typo or a placeholder, and counting days from an anchor at the
calendar's edge (year 1 or 9999) names no day at all rather than overflow.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .metadata import date_bounds, parse_date, plausible

__all__ = [
    "DateMention",
    "chinese_numeral",
    "date_languages",
    "find_dates",
    "has_written_year",
    "month_number",
]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase in a text and the date (or span) it names."""

    text: str
    start: int
    end: int
    date: datetime.date
    end_date: datetime.date | None
    relative: bool
    future: bool


# --------------------------------------------------------------------------- tables

_MONTHS: dict[str, dict[str, int]] = {
    "en": {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
        "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
        "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
        "dec": 12,
    },
    "fr": {
        "janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fevr": 2, "mars": 3,
        "avril": 4, "avr": 4, "mai": 5, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
        "septembre": 9, "sept": 9, "octobre": 10, "oct": 10, "novembre": 11, "nov": 11,
        "décembre": 12, "decembre": 12, "déc": 12,
    },
    "es": {
        "enero": 1, "ene": 1, "febrero": 2, "feb": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
        "junio": 6, "jun": 6, "julio": 7, "jul": 7, "agosto": 8, "septiembre": 9, "setiembre": 9,
        "sept": 9, "sep": 9, "octubre": 10, "oct": 10, "noviembre": 11, "nov": 11, "diciembre": 12,
        "dic": 12,
    },
    "ru": {
        "января": 1, "январь": 1, "янв": 1, "февраля": 2, "февраль": 2, "февр": 2, "фев": 2,
        "марта": 3, "март": 3, "апреля": 4, "апрель": 4, "апр": 4, "мая": 5, "май": 5, "июня": 6,
        "июнь": 6, "июля": 7, "июль": 7, "августа": 8, "август": 8, "авг": 8, "сентября": 9,
        "сентябрь": 9, "сент": 9, "сен": 9, "октября": 10, "октябрь": 10, "окт": 10, "ноября": 11,
        "ноябрь": 11, "нояб": 11, "декабря": 12, "декабрь": 12, "дек": 12,
    },
    "de": {
        "januar": 1, "jänner": 1, "jan": 1, "februar": 2, "feb": 2, "märz": 3, "maerz": 3, "april": 4,
        "apr": 4, "mai": 5, "juni": 6, "juli": 7, "august": 8, "aug": 8, "september": 9, "sept": 9,
        "sep": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    },
}  # fmt: skip

_WEEKDAYS: dict[str, dict[str, int]] = {
    "en": {
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
        "sunday": 6,
    },
    "fr": {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6},
    "es": {
        "lunes": 0, "martes": 1, "miércoles": 2, "miercoles": 2, "jueves": 3, "viernes": 4,
        "sábado": 5, "sabado": 5, "domingo": 6,
    },
    "ru": {
        "понедельник": 0, "вторник": 1, "среду": 2, "среда": 2, "четверг": 3, "пятницу": 4,
        "пятница": 4, "субботу": 5, "суббота": 5, "воскресенье": 6,
    },
    "de": {
        "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
        "sonnabend": 5, "sonntag": 6,
    },
}  # fmt: skip

_RELATIVE: dict[str, dict[str, int]] = {
    "en": {
        "the day before yesterday": -2, "the day after tomorrow": 2, "yesterday": -1, "today": 0,
        "tonight": 0, "tomorrow": 1,
    },
    "fr": {
        "avant-hier": -2, "après-demain": 2, "hier": -1, "aujourd'hui": 0, "aujourd’hui": 0,
        "ce matin": 0, "ce soir": 0, "demain": 1,
    },
    "es": {
        "anteayer": -2, "antier": -2, "antes de ayer": -2, "pasado mañana": 2, "ayer": -1, "hoy": 0,
        "esta mañana": 0, "esta tarde": 0, "esta noche": 0, "mañana": 1,
    },
    "ru": {"позавчера": -2, "послезавтра": 2, "вчера": -1, "сегодня": 0, "завтра": 1},
    "de": {"vorgestern": -2, "übermorgen": 2, "gestern": -1, "heute": 0, "morgen": 1},
    "zh": {
        "前天": -2, "后天": 2, "昨天": -1, "昨日": -1, "今天": 0, "今日": 0, "明天": 1, "明日": 1,
    },
}  # fmt: skip

# Words that are something else in another language ("hier" is German for "here",
# "morgen" also means "morning"): left out when the language is unknown.
_UNION_SKIP = {"hier", "morgen", "ago", "set"}

_BEFORE_MODS = {
    "next": "next", "coming": "next", "this coming": "next", "upcoming": "next", "last": "last",
    "past": "last", "this": "this", "ce": "this", "el próximo": "next", "próximo": "next",
    "el proximo": "next", "el pasado": "last", "pasado": "last", "este": "this",
    "nächsten": "next", "kommenden": "next", "vergangenen": "last", "letzten": "last",
    "diesen": "this",
}  # fmt: skip
_AFTER_MODS = {
    "prochain": "next", "prochaine": "next", "dernier": "last", "dernière": "last", "passé": "last",
    "próximo": "next", "proximo": "next", "pasado": "last",
}  # fmt: skip
_RU_MOD_STEMS = (("следующ", "next"), ("ближайш", "next"), ("прошл", "last"), ("эт", "this"))

_FUTURE_MARKERS: dict[str, str] = {
    "en": r"\b(?:will|shall|won't|next|upcoming|forthcoming|scheduled|to\s+be\s+held|(?:is|are)\s+"
    r"(?:to|due\s+to|set\s+to|expected\s+to|going\s+to)|plans?\s+to|planned|planning\s+to|this\s+coming)\b"
    r"|['’]ll\b",
    "fr": r"\b(?:va|vont|allons|prochaine?s?|se\s+tiendra|aura\s+lieu|auront\s+lieu|devrai(?:en)?t|"
    r"pr[ée]vue?s?|à\s+venir|sera|seront|aura|auront|fera|feront|ira|iront|\w+(?:era|eront|iront|dra|dront))\b",
    "es": r"\b(?:va\s+a|van\s+a|vamos\s+a|pr[óo]xim[oa]s?|venider[oa]s?|previst[oa]s?|\w+(?:rá|rán|remos))"
    r"(?![^\W\d_])",
    "ru": r"(?<![^\W\d_])(?:будет|будут|буду|будем|следующ\w*|предстоящ\w*|состоится|состоятся|"
    r"планиру\w*|запланирован\w*|намерен\w*|пройд[её]т|пройдут)",
    "de": r"\b(?:wird|werden|werde|nächste\w*|kommende\w*|soll|sollen|geplant\w*|bevorstehend\w*)\b",
    "zh": r"将于|将在|将会|将要|将赴|将出席|将访问|将举行|将召开|将同|将与|将对|即将|下周|下个?月|明年|"
    r"计划于|拟于|预计于|定于|预定",
}

# Clause boundaries: the future marker must sit in the same clause as the date.
_CLAUSE_BOUND = re.compile(
    r"[;:!?\"“”()\[\]，；：（）。]|,(?!\d)|\s[-–—]\s"
    r"|\b(?:that|which|who|while|but|whereas|que|qui|mais|pero|dass|aber|что|который\w*|но)\b",
    re.IGNORECASE,
)
_TRIVIAL_CLAUSE = re.compile(
    r"\W*(?:(?:on|in|at|from|since|le|la|les|el|los|du|del|au|en|в|во|с|am|vom|于|在|自)\W*)?",
    re.IGNORECASE,
)
_ADJ_NEXT_BEFORE = re.compile(r"(?:\bnext|\bupcoming|\bthis\s+coming|pr[óo]xim[oa]s?|следующ\w*)\s+$", re.I)
_ADJ_LAST_BEFORE = re.compile(r"(?:\blast|\bpast|\bpasad[oa]s?|прошл\w*)\s+$", re.IGNORECASE)
_ADJ_NEXT_AFTER = re.compile(r"^\s+(?:prochaine?s?|pr[óo]xim[oa]s?)\b", re.IGNORECASE)
_ADJ_LAST_AFTER = re.compile(r"^\s+(?:derni[eè]re?s?|pasad[oa]s?|passée?s?)\b", re.IGNORECASE)

_CN_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_NUM = "[零〇一二两三四五六七八九十]"
_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_ZH_WEEK_MOD = {"上": "week-last", "上个": "week-last", "下": "week-next", "下个": "week-next",
                "本": "week-this", "这": "week-this", "這": "week-this", "这个": "week-this"}  # fmt: skip

_DIGIT = re.compile(r"\d")
_YEAR_IN = re.compile(r"(?:19|20)\d\d")
_SEPARATORS = {
    "en": ["to", "through", "until", "till", "and"],
    "fr": ["au", "et", "à"],
    "es": ["al", "y", "a", "hasta"],
    "ru": ["по", "до", "и"],
    "de": ["bis", "und"],
}
_CJK_RELATIVE = set(_RELATIVE["zh"])
_LOWER_WEEKDAYS = {w for code in ("fr", "es", "ru") for w in _WEEKDAYS[code]}
_CONJUNCTIONS = {"and", "et", "y", "и", "und"}
_LANGS = ("en", "fr", "es", "ru", "de")


def chinese_numeral(text: str) -> int | None:
    """The value of a Chinese numeral ("二十七" -> 27, "一万五千" -> 15000, "二〇二三" -> 2023)."""
    if not text:
        return None
    if all(ch in _CN_DIGITS for ch in text):  # positional: "二〇二三"
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total = section = num = 0
    for ch in text:
        if ch in _CN_DIGITS:
            num = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (num or 1) * _CN_UNITS[ch]
            num = 0
        elif ch in _CN_BIG:
            if section + num == 0:
                total = (total or 1) * _CN_BIG[ch]
            else:
                total += (section + num) * _CN_BIG[ch]
            section = num = 0
        else:
            return None
    return total + section + num


def _number(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return chinese_numeral(text)


def month_number(token: str, lang: str | None = None) -> int | None:
    """The month (1-12) a month name or abbreviation names, in ``lang`` or any supported language."""
    key = token.strip().rstrip(".").lower()
    tables = [_MONTHS[lang]] if lang in _MONTHS else list(_MONTHS.values())
    for table in tables:
        if key in table:
            return table[key]
    return None


# --------------------------------------------------------------------------- patterns


def _alternation(words: Iterable[str]) -> str:
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in items)


@dataclass(frozen=True, slots=True)
class _Config:
    lang: str | None
    numeric: re.Pattern[str]  # phrases that start with a digit (or a Chinese numeral)
    month_first: re.Pattern[str] | None  # "Nov. 27"
    words: re.Pattern[str] | None  # weekdays and "yesterday"
    triggers: tuple[str, ...]
    future: re.Pattern[str]
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]


def _is_abbreviation(word: str, table: dict[str, int]) -> bool:
    return any(other != word and other.startswith(word) and n == table[word] for other, n in table.items())


def date_languages() -> frozenset[str]:
    """Languages whose date words (months, weekdays, "yesterday", separators) these tables hold;
    a text in another language is read for numeric dates and the words of all of them."""
    return frozenset((*_LANGS, "zh"))


def _norm_lang(lang: str | None) -> str | None:
    if not lang:
        return None
    code = re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    return code if code in (*_LANGS, "zh") else None


def _cased(words: Iterable[str], lower: bool = True, upper: bool = False) -> set[str]:
    """Case variants, so that patterns need no IGNORECASE (five times slower on long alternations)."""
    out: set[str] = set()
    for word in words:
        out.add(word[:1].upper() + word[1:])
        if lower:
            out.add(word)
        if upper:
            out.add(word.upper())
    return out


@lru_cache(maxsize=16)
def _config(lang: str | None) -> _Config:
    langs: tuple[str, ...] = (lang,) if lang else (*_LANGS, "zh")
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    relative: dict[str, int] = {}
    seps: list[str] = []
    for code in langs:
        months.update(_MONTHS.get(code, {}))
        weekdays.update(_WEEKDAYS.get(code, {}))
        relative.update(_RELATIVE.get(code, {}))
        seps.extend(_SEPARATORS.get(code, []))
    if lang is None:
        for word in _UNION_SKIP:
            months.pop(word, None)
            relative.pop(word, None)
    # English month names are capitalised ("may", "march" in lower case are words); only
    # abbreviations take a dot ("Nov. 27", but the dot after "10 ноября." ends the sentence).
    others = {w for code in langs if code != "en" for w in _MONTHS.get(code, {})}
    abbrevs = {w for code in langs for w in _MONTHS.get(code, {}) if _is_abbreviation(w, _MONTHS[code])}

    def variants(words: Iterable[str]) -> set[str]:
        words = list(words)
        return _cased((w for w in words if w in others), upper=True) | _cased(
            (w for w in words if w not in others), lower=False, upper=True
        )

    month = None
    if months:
        full = _alternation(variants(w for w in months if w not in abbrevs))
        short = _alternation(variants(w for w in months if w in abbrevs))
        month = rf"(?:(?:{full})(?![^\W\d_])|(?:{short})(?:\.|(?![^\W\d_])))"
    day = r"(?:3[01]|[12]\d|0?[1-9])"
    suffix = r"(?:st|nd|rd|th|er|º|°|-?го)?"
    sep = r"(?:\s*[-–—/]\s*"
    if seps:
        sep += rf"|\s+(?:{_alternation(seps)})\s+(?:el\s+|le\s+)?"
    sep += ")"
    year = r"(?:,?\s+|\s+del?\s+)(?P<{g}>(?:19|20)\d\d)(?!\d)(?:\s*(?:года|г\.|год))?"
    numeric = [
        r"(?P<iso>(?:19|20)\d\d-[01]?\d-[0-3]?\d)(?!\d)",
        r"(?P<dmy>\d{1,2}[./]\d{1,2}[./](?:19|20)\d\d)(?!\d)",
        r"(?P<ymd>(?:19|20)\d\d[./][01]?\d[./][0-3]?\d)(?![\d])",
    ]
    words: list[str] = []
    if lang in (None, "zh"):
        cn = rf"(?:\d{{1,2}}|{_CN_NUM}{{1,3}})"
        zsep = r"\s*(?:至|到|—|–|-|~|～)\s*"
        numeric.append(
            rf"(?:(?P<zy>(?:19|20)\d\d|[零〇一二三四五六七八九]{{4}})\s*年\s*)?(?P<zm>{cn})\s*月\s*(?P<zd>{cn})"
            rf"(?P<zri>\s*[日号])?(?:{zsep}(?:(?P<zm2>{cn})\s*月\s*)?(?P<zd2>{cn})\s*[日号])?"
        )
        numeric.append(rf"(?P<zdo>\d{{1,2}})日(?:{zsep}(?P<zdo2>\d{{1,2}})日)?(?![本元圆币均益常程内])")
        words.append(
            r"(?P<zwm>上个|下个|这个|上|下|本|这|這)?(?:周|星期|礼拜|週|禮拜)(?P<zwd>[一二三四五六日天])(?!次)"
        )
    month_first = None
    if month:
        numeric.append(
            rf"(?P<a_d1>{day}){suffix}(?:\.?\s*(?:de\s+)?(?P<a_m1>{month}))?"
            rf"(?:\.?(?P<a_sep>{sep})(?P<a_d2>{day}){suffix})?(?:\.\s*|\s+)(?:de\s+|of\s+(?:the\s+)?)?"
            rf"(?P<a_m2>{month})(?:{year.format(g='a_y')})?"
        )
        if lang in (None, "en", "es"):
            month_first = re.compile(
                rf"(?P<b_m1>{month})\s*(?P<b_d1>{day})(?:st|nd|rd|th)?(?!\d)(?:(?P<b_sep>{sep})"
                rf"(?:(?P<b_m2>{month})\s*)?(?P<b_d2>{day})(?:st|nd|rd|th)?(?!\d))?(?:{year.format(g='b_y')})?"
            )
    if weekdays:
        before = [w for w in _BEFORE_MODS if lang is None or _mod_fits(w, lang)]
        ru_before = r"|[Сс]ледующ\w*|[Бб]лижайш\w*|[Пп]рошл\w*|[Ээ]т[оиуа]т?" if lang in (None, "ru") else ""
        after = [w for w in _AFTER_MODS if lang is None or lang in ("fr", "es")]
        after_re = rf"(?:\s+(?P<wpost>{_alternation(after)})(?![^\W\d_]))?" if after else ""
        words.append(
            rf"(?:(?P<wpre>{_alternation(_cased(before))}{ru_before})\s+)?"
            rf"(?P<wd>{_alternation(_cased(weekdays, upper=True))})(?![^\W\d_]){after_re}"
        )
    if relative:
        latin = [w for w in relative if not re.search(r"[\u4e00-\u9fff]", w)]
        cjk = [w for w in relative if w not in latin]
        alts = []
        if latin:
            alts.append(rf"(?:{_alternation(_cased(latin))})(?![^\W\d_])")
        if cjk:
            alts.append(_alternation(cjk))
        words.append(rf"(?P<rel>{'|'.join(alts)})")
    triggers = [w.lower() for w in (*weekdays, *relative)]
    if lang in (None, "zh"):
        triggers += ["周", "星期", "礼拜", "週", "禮拜", "月"]
    future = re.compile("|".join(_FUTURE_MARKERS[c] for c in langs), re.IGNORECASE)
    return _Config(
        lang,
        re.compile("|".join(numeric)),
        month_first,
        re.compile("|".join(words)) if words else None,
        tuple(dict.fromkeys(triggers)),
        future,
        months,
        weekdays,
        relative,
    )


def _mod_fits(word: str, lang: str) -> bool:
    groups = {
        "en": {"next", "coming", "this coming", "upcoming", "last", "past", "this"},
        "fr": {"ce"},
        "es": {"el próximo", "próximo", "el proximo", "el pasado", "pasado", "este"},
        "de": {"nächsten", "kommenden", "vergangenen", "letzten", "diesen"},
    }
    return word in groups.get(lang, set())


# --------------------------------------------------------------------------- raw mentions


@dataclass(slots=True)
class _Raw:
    start: int
    end: int
    kind: str  # "fixed" | "abs" | "weekday" | "rel" | "dayonly"
    month: int = 0
    day: int = 0
    year: int | None = None
    end_month: int | None = None
    end_day: int | None = None
    weekday: int = -1
    offset: int = 0
    mod: str = ""
    fixed: date | None = None
    hint: int = -1  # a weekday written beside an absolute date


def _capitalised_midsentence(text: str, start: int, word: str) -> bool:
    return word[:1].isupper() and bool(text[:start].strip()) and text[:start].rstrip()[-1:] not in '.!?"“«'


def _mod(word: str | None) -> str:
    if not word:
        return ""
    key = " ".join(word.lower().split())
    if key in _BEFORE_MODS:
        return _BEFORE_MODS[key]
    if key in _AFTER_MODS:
        return _AFTER_MODS[key]
    for stem, kind in _RU_MOD_STEMS:
        if key.startswith(stem):
            return kind
    return ""


def _raws(m: re.Match[str], text: str, cfg: _Config) -> list[_Raw]:
    s, e = m.span()
    g = m.groupdict()
    if g.get("iso") or g.get("dmy") or g.get("ymd"):
        return _numeric(m, cfg.lang)
    if g.get("zm") is not None:
        return _chinese(m)
    if g.get("zdo") is not None:
        day = int(g["zdo"])
        end_day = int(g["zdo2"]) if g.get("zdo2") else None
        return [_Raw(s, e, "dayonly", day=day, end_day=end_day)]
    if g.get("zwd") is not None:
        if not g.get("zwm") and text[s - 1 : s] in tuple("每一两几数个"):
            return []  # "每周一次": once a week
        mod = _ZH_WEEK_MOD.get(g["zwm"] or "", "")
        return [_Raw(s, e, "weekday", weekday=_ZH_WEEKDAY[g["zwd"]], mod=mod)]
    if g.get("a_m2") is not None:
        return _day_first(m, text, cfg)
    if g.get("b_m1") is not None:
        return _month_first(m, text, cfg)
    if g.get("wd") is not None:
        word = g["wd"]
        lw = word.lower()
        if (
            lw.startswith("сред")
            and not g.get("wpre")
            and not re.search(r"(?:^|\s)(?:в|во|на)\s*$", text[:s])
        ):
            return []  # "среда" is also "environment"
        if lw in _LOWER_WEEKDAYS and _capitalised_midsentence(text, s, word):
            return []  # "Domingo" the name, "Santo Domingo"
        return [
            _Raw(s, e, "weekday", weekday=cfg.weekdays[lw], mod=_mod(g.get("wpre")) or _mod(g.get("wpost")))
        ]
    if g.get("rel") is not None:
        word = g["rel"]
        key = " ".join(word.lower().split())
        before = text[:s]
        if key == "mañana" and re.search(r"\b(?:la|una|cada|de|toda)\s+$", before, re.IGNORECASE):
            return []  # "la mañana": the morning
        if key == "morgen" and (word[0].isupper() or re.search(r"\b(?:am|heute|gestern)\s+$", before)):
            return []  # "Morgen": morning
        if key == "today" and word[0].isupper() and re.search(r"[A-Z][\w.]*\s+$", before):
            return []  # "USA Today", "China Today"
        return [_Raw(s, e, "rel", offset=cfg.relative.get(key, 0))]
    return []


def _numeric(m: re.Match[str], lang: str | None) -> list[_Raw]:
    phrase = m.group(0)
    found = parse_date(phrase, lang)
    if found is None and m["ymd"]:
        y, mo, d = (int(x) for x in re.split(r"[./]", phrase))
        found = _valid(y, mo, d)
    if found is None and m["dmy"] and lang in (None, "en"):
        mo, d, y = (int(x) for x in re.split(r"[./]", phrase))
        found = _valid(y, mo, d)  # US order: 11/27/2023
    return [_Raw(m.start(), m.end(), "fixed", fixed=found)] if found else []


def _chinese(m: re.Match[str]) -> list[_Raw]:
    month, day = _number(m["zm"]), _number(m["zd"])
    if not month or not day:
        return []
    if m["zri"] is None and m["zd2"] is None:
        return []  # "11月27" without 日: not a date phrase
    year = _number(m["zy"]) if m["zy"] else None
    end_month = _number(m["zm2"]) if m["zm2"] else None
    end_day = _number(m["zd2"]) if m["zd2"] else None
    if end_day is not None and end_month is None:
        end_month = month
    return [_Raw(m.start(), m.end(), "abs", month, day, year, end_month, end_day)]


def _range_or_pair(raw: _Raw, sep: str | None, first_end: int, second_start: int) -> list[_Raw]:
    """ "Nov. 26 and 27" is a span; "Nov. 3 and 17" two dates."""
    if raw.end_day is None or not sep or sep.strip().lower() not in _CONJUNCTIONS:
        return [raw]
    one, two = _valid(2001, raw.month, raw.day), _valid(2001, raw.end_month or raw.month, raw.end_day)
    if one and two and timedelta(0) < two - one <= timedelta(days=1):
        return [raw]
    first = _Raw(raw.start, first_end, "abs", raw.month, raw.day, raw.year)
    second = _Raw(second_start, raw.end, "abs", raw.end_month or raw.month, raw.end_day, raw.year)
    return [first, second]


def _day_first(m: re.Match[str], text: str, cfg: _Config) -> list[_Raw]:
    m2 = month_number(m["a_m2"], cfg.lang) if cfg.lang else month_number(m["a_m2"])
    if m2 is None:
        return []
    m1 = month_number(m["a_m1"], cfg.lang) if m["a_m1"] else None
    d1 = int(m["a_d1"])
    year = int(m["a_y"]) if m["a_y"] else None
    if m["a_d2"] is None:
        return [_Raw(m.start(), m.end(), "abs", m2, d1, year)]
    d2 = int(m["a_d2"])
    start_month = m1 or (m2 if d1 <= d2 else (m2 - 2) % 12 + 1)
    raw = _Raw(m.start(), m.end(), "abs", start_month, d1, year, m2, d2)
    first_end = m.end("a_m1") if m["a_m1"] else m.end("a_d1")
    return _range_or_pair(raw, m["a_sep"], first_end, m.start("a_d2"))


def _month_first(m: re.Match[str], text: str, cfg: _Config) -> list[_Raw]:
    m1 = month_number(m["b_m1"], cfg.lang) if cfg.lang else month_number(m["b_m1"])
    if m1 is None:
        return []
    d1 = int(m["b_d1"])
    year = int(m["b_y"]) if m["b_y"] else None
    if m["b_d2"] is None:
        return [_Raw(m.start(), m.end(), "abs", m1, d1, year)]
    m2 = month_number(m["b_m2"], cfg.lang) if m["b_m2"] else m1
    raw = _Raw(m.start(), m.end(), "abs", m1, d1, year, m2, int(m["b_d2"]))
    return _range_or_pair(raw, m["b_sep"], m.end("b_d1"), m.start("b_d2"))


def _merge(raws: list[_Raw], text: str) -> list[_Raw]:
    """ "Monday, Nov. 27", "lundi 27 novembre", "11月27日（周一）": one mention, the weekday a hint."""
    out: list[_Raw] = []
    for raw in raws:
        prev = out[-1] if out else None
        if prev is not None and re.fullmatch(r"[\s,，(（]*", text[prev.end : raw.start]):
            pair = (prev, raw) if prev.kind == "weekday" else (raw, prev)
            weekday, dated = pair
            if weekday.kind == "weekday" and weekday.mod in ("", "this") and dated.kind in ("abs", "fixed"):
                dated.hint = weekday.weekday
                dated.start, dated.end = prev.start, raw.end
                out[-1] = dated
                continue
        out.append(raw)
    return out


# --------------------------------------------------------------------------- resolution


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _pick(candidates: list[date], mode: str, anchor: date, ceiling: date) -> date | None:
    if not candidates:
        return None
    if mode == "next":
        after = [c for c in candidates if c > anchor]
        return min(after) if after else None
    if mode == "last":
        before = [c for c in candidates if c < anchor]
        return max(before) if before else None
    if mode == "future":
        return min(candidates, key=lambda c: (abs((c - anchor).days), -c.toordinal()))
    past = [c for c in candidates if c <= ceiling]
    return max(past) if past else min(candidates)


def _mode(raw: _Raw, text: str, cfg: _Config, has_future: bool) -> str:
    if raw.mod in ("next", "last"):
        return raw.mod
    if raw.kind in ("abs", "dayonly"):
        before, after = text[max(0, raw.start - 20) : raw.start], text[raw.end : raw.end + 20]
        if _ADJ_NEXT_BEFORE.search(before) or _ADJ_NEXT_AFTER.search(after):
            return "next"
        if _ADJ_LAST_BEFORE.search(before) or _ADJ_LAST_AFTER.search(after):
            return "last"
    if has_future and _clause_has_future(raw, text, cfg):
        return "future"
    return "past"


def _clause_has_future(raw: _Raw, text: str, cfg: _Config) -> bool:
    left = 0
    for b in _CLAUSE_BOUND.finditer(text, 0, raw.start):
        left = b.end()
    bounds = [b.start() for b in _CLAUSE_BOUND.finditer(text, raw.end)]
    right = bounds[0] if bounds else len(text)
    rest = text[left : raw.start] + " " + text[raw.end : right]
    if _TRIVIAL_CLAUSE.fullmatch(rest) and len(bounds) > 1:
        right = bounds[1]  # "On Monday, he will ...": the date's clause is the next one
    elif _TRIVIAL_CLAUSE.fullmatch(rest) and bounds:
        right = len(text)
    if cfg.lang == "ru" and _ru_future(text[left : raw.start] + " " + text[raw.end : right]):
        return True
    return bool(cfg.future.search(text[left : raw.start]) or cfg.future.search(text, raw.end, right))


def _ru_future(text: str) -> bool:
    from .nlp.russian import says_future

    return says_future(text)


def _resolve(raw: _Raw, mode: str, anchor: date, ceiling: date) -> tuple[date, date | None] | None:
    try:
        return _resolve_days(raw, mode, anchor, ceiling)
    except OverflowError:  # days counted from an anchor at the calendar's edge (year 1 or 9999)
        return None


def _resolve_days(raw: _Raw, mode: str, anchor: date, ceiling: date) -> tuple[date, date | None] | None:
    if raw.kind == "fixed":
        return (raw.fixed, None) if raw.fixed else None
    if raw.kind == "rel":
        return anchor + timedelta(days=raw.offset), None
    if raw.kind == "weekday":
        aw, wd = anchor.weekday(), raw.weekday
        monday = anchor - timedelta(days=aw)
        if raw.mod == "week-next":
            return monday + timedelta(days=7 + wd), None
        if raw.mod == "week-last":
            return monday + timedelta(days=wd - 7), None
        if raw.mod == "week-this":
            return monday + timedelta(days=wd), None
        if mode == "next":
            return anchor + timedelta(days=(wd - aw) % 7 or 7), None
        if mode == "last":
            return anchor - timedelta(days=(aw - wd) % 7 or 7), None
        if mode == "future":
            return anchor + timedelta(days=(wd - aw) % 7), None
        return anchor - timedelta(days=(aw - wd) % 7), None
    if raw.kind == "dayonly":
        index = anchor.year * 12 + anchor.month - 1
        cands = [c for k in (-1, 0, 1) if (c := _valid((index + k) // 12, (index + k) % 12 + 1, raw.day))]
        start = _pick(cands, mode, anchor, ceiling)
        if start is None:
            return None
        end = _valid(start.year, start.month, raw.end_day) if raw.end_day else None
        return start, (end if end and end > start else None)
    # absolute
    if raw.year is not None:
        end = _valid(raw.year, raw.end_month, raw.end_day) if raw.end_month and raw.end_day else None
        start = _valid(raw.year, raw.month, raw.day)
        if start and end and start > end:
            start = _valid(raw.year - 1, raw.month, raw.day)
        if start is None:
            return None
    else:
        years = (anchor.year - 1, anchor.year, anchor.year + 1)
        cands = [c for y in years if (c := _valid(y, raw.month, raw.day))]
        if raw.hint >= 0 and (matching := [c for c in cands if c.weekday() == raw.hint]):
            cands = matching
        picked = _pick(cands, mode, anchor, ceiling)
        if picked is None:
            return None
        start, end = picked, None
        if raw.end_month and raw.end_day:
            end = _valid(start.year, raw.end_month, raw.end_day)
            if end and end < start:
                end = _valid(start.year + 1, raw.end_month, raw.end_day)
    if end is not None and not (start < end <= start + timedelta(days=62)):
        end = None
    return start, end


_LETTER_BEFORE = re.compile(r"[^\W\d_]")


def _starts_cleanly(m: re.Match[str], text: str) -> bool:
    """The checks a leading look-behind would make (kept out of the patterns: they slow every position)."""
    s = m.start()
    prev = text[s - 1 : s]
    if not prev:
        return True
    g = m.groupdict()
    if g.get("zdo") is not None:
        return prev not in "月号日第每" and not prev.isdigit()
    if g.get("zm") is not None or g.get("zwd") is not None or g.get("rel") in _CJK_RELATIVE:
        return not (g.get("zm") and prev.isdigit())
    if g.get("b_m1") is not None or g.get("wd") is not None or g.get("rel") is not None:
        return not _LETTER_BEFORE.match(prev)
    return not (prev.isdigit() or prev in ".,")


def _scan(pattern: re.Pattern[str], text: str, cfg: _Config) -> list[_Raw]:
    out: list[_Raw] = []
    pos = 0
    while m := pattern.search(text, pos):
        if _starts_cleanly(m, text):
            out.extend(_raws(m, text, cfg))
            pos = m.end()
        else:
            pos = m.start() + 1
    return out


def find_dates(
    text: str,
    lang: str | None,
    anchor: date,
    published: date | None = None,
    bounds: tuple[date, date] | None = None,
) -> list[DateMention]:
    """The date phrases in ``text``, resolved against ``anchor`` (see the module notes for the rules).

    ``anchor`` is the dateline date if known, else the publication date; ``published`` caps
    what a phrase without an explicit future marker may resolve to. A date outside ``bounds``
    (default: :func:`communique.metadata.date_bounds` for events) is not reported.
    """
    if not text:
        return []
    cfg = _config(_norm_lang(lang))
    raws: list[_Raw] = []
    if _DIGIT.search(text) or (cfg.lang in (None, "zh") and "月" in text):
        raws = _scan(cfg.numeric, text, cfg)
        if cfg.month_first is not None:
            raws += _scan(cfg.month_first, text, cfg)
    if cfg.words is not None:
        low = text.lower()
        if any(t in low for t in cfg.triggers):
            raws += _scan(cfg.words, text, cfg)
    if not raws:
        return []
    raws.sort(key=lambda r: r.start)
    raws = _merge(_drop_overlaps(raws), text)
    ceiling = max(anchor, published) if published else anchor
    bounds = bounds or date_bounds(events=True)
    has_future = bool(cfg.future.search(text)) or (cfg.lang == "ru" and _ru_future(text))
    out: list[DateMention] = []
    for raw in raws:
        mode = _mode(raw, text, cfg, has_future)
        resolved = _resolve(raw, mode, anchor, ceiling)
        if resolved is None:
            continue
        start, end = resolved
        if not plausible(start, bounds):
            continue
        if end is not None and not plausible(end, bounds):
            end = None
        relative = raw.kind in ("rel", "weekday", "dayonly")
        forward = mode in ("future", "next") or raw.offset > 0 or raw.mod in ("week-next", "week-this")
        future = start > ceiling or (forward and start > anchor)
        out.append(DateMention(text[raw.start : raw.end], raw.start, raw.end, start, end, relative, future))
    return out


def _drop_overlaps(raws: list[_Raw]) -> list[_Raw]:
    out: list[_Raw] = []
    for raw in raws:
        if out and raw.start < out[-1].end:
            if raw.end - raw.start > out[-1].end - out[-1].start:
                out[-1] = raw
            continue
        out.append(raw)
    return out


def has_written_year(mention: DateMention) -> bool:
    """Whether the mention spells out its year ("Nov. 10, 2023", "2023年11月10日")."""
    return not mention.relative and bool(_YEAR_IN.search(mention.text))
