"""Numeric and dated policy facts stated in a sentence.

A fact is a number with a unit ("$40 billion", "24%", "1,5 млн тонн", "100亿美元")
or a policy with the date it took effect ("the visa-free regime, enacted on
Nov. 10"). Each keeps the clause that states it, a kind and, where the sentence
says so, the period it covers.

Numbers are read with the conventions of the sentence's language: "10.000
millones" is ten thousand million in Spanish, "1,5" is one and a half in French,
Russian or German, "1,500" is fifteen hundred in English. Multipliers follow the
language too ("billion" is 10^9 in English, 10^12 in French and German; "mil
millones" is 10^9; "万" 10^4 and "亿" 10^8). Currencies become ISO 4217 codes.

Kinds:

* ``target`` — a goal: a goal noun in the clause ("goal", "objectif", "цель",
  "目标") or an increase verb in the infinitive or future with "to" ("to increase
  trade to $40 billion", "porter ... à", "довести до", "将达到").
* ``growth`` — a change: an increase or decrease verb or noun in the clause ("grown
  by 24%", "augmenté de", "вырос на", "增长"); a decrease gives a negative value.
  A currency amount counts as growth only when linked by "by"/"de"/"на"
  ("increased by $5 billion"); "rose to $5 billion" is an amount.
* ``share`` — a percentage of a whole ("accounts for", "share", "доля", "占").
* ``count`` — people, agreements, projects, companies.
* ``amount`` — anything else with a unit.
* ``policy`` — a regime, agreement, law, ban, visa rule, tariff or sanction with
  an in-force verb ("enacted", "took effect", "entered into force", "entré en
  vigueur", "вступил в силу", "生效", "entró en vigor") and a date.

Periods: "last year" is the anchor's previous year ("2024" in 2025); "this year"
and "in 2022" name the year. "In N months", "the first N months", "les N premiers
mois", "за N месяцев", "前N个月" and "January-October" count from January of the
latest year in which those months have all ended by the anchor: the anchor's
year when N is below the anchor's month, else the year before ("in 10 months"
in a paper of 2023-11-27 is "2023-01/2023-10"; in one of 2024-02-02 it is
"2023-01/2023-10"). "First half" is six months, "first quarter" three, "first
three quarters" nine. A target's "by 2030" is its period. Without an anchor,
periods that need one are left out.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from .dates import DateMention, chinese_numeral, find_dates, has_written_year, month_number

__all__ = ["Fact", "find_facts"]


@dataclass(frozen=True, slots=True)
class Fact:
    """A number (with unit, kind and period) or a dated policy, with the clause that states it."""

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    period: str | None
    kind: str
    date: datetime.date | None = None


# --------------------------------------------------------------------------- units

_CURRENCY_SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₽": "RUB", "₸": "KZT", "₹": "INR",
    "C$": "CAD", "A$": "AUD", "HK$": "HKD", "R$": "BRL", "CN¥": "CNY", "¥": "JPY", "RMB": "CNY",
}  # fmt: skip
_ISO_CODES = tuple(
    "USD EUR CNY RUB KZT GBP JPY CHF INR CAD AUD HKD KRW TRY UZS KGS TJS TMT AED SAR BRL ZAR MXN RMB".split()
)

# (pattern, unit) in match order; the pattern is applied to the unit text found after a number.
_UNITS: tuple[tuple[str, str], ...] = (
    (r"(?:US|U\.S\.|American|américains?|estadounidenses)\s+dollars?|dollars?\s+(?:US|américains?)"
     r"|dólar(?:es)?\s+estadounidenses?", "USD"),
    (r"Canadian\s+dollars?|dollars?\s+canadiens?", "CAD"),
    (r"Australian\s+dollars?", "AUD"),
    (r"Hong\s+Kong\s+dollars?", "HKD"),
    (r"dollars?|dólar(?:es)?|доллар\w*|Dollar|美元", "USD"),
    (r"euros?|евро|Euro|欧元", "EUR"),
    (r"(?:pounds?|livres?)\s+sterling|libras?\s+esterlinas?|фунт\w*\s+стерлинг\w*|英镑", "GBP"),
    (r"yuans?|yuanes|renminbi|юан\w*|Yuan|人民币|元人民币|元", "CNY"),
    (r"r[oo]?ubles?|roubles?|rublos?|рубл\w*|Rubel|卢布", "RUB"),
    (r"tenges?|тенге|Tenge|坚戈", "KZT"),
    (r"yens?|иен\w*|日元", "JPY"),
    (r"港元|港币", "HKD"),
    (r"韩元", "KRW"),
    (r"(?:metric\s+)?tonnes?|(?:metric\s+)?tons?|toneladas?|тонн\w*|т(?![^\W\d_])|Tonnen|吨", "tonnes"),
    (r"kilomet(?:re|er)s?|kilomètres?|kilómetros?|километр\w*|км|km|Kilometer|公里|千米", "km"),
    (r"barrels?|barils?|barriles|баррел\w*|Barrel|桶", "barrels"),
    (r"cubic\s+met(?:re|er)s?|mètres\s+cubes|metros\s+cúbicos|кубометр\w*|кубическ\w+\s+метр\w*"
     r"|立方米", "m3"),
    (r"megawatts?|MW|мегаватт\w*|МВт|兆瓦", "MW"),
    (r"gigawatts?|GW|гигаватт\w*|ГВт|吉瓦", "GW"),
    (r"hectares?|hectáreas?|гектар\w*|га|公顷", "hectares"),
    (r"people|persons|individuals|tourists|visitors|students|workers|troops|personnes|touristes|étudiants"
     r"|visiteurs|personas|turistas|estudiantes|visitantes|человек|турист\w*|студент\w*|人次|人|名",
     "people"),
    (r"agreements|deals|accords|acuerdos|соглашени\w*|协议|协定", "agreements"),
    (r"documents|memorand(?:a|ums)|contracts|documentos|contratos|документ\w*|контракт\w*|文件|合同",
     "documents"),
    (r"projects|projets|proyectos|проект\w*|项目", "projects"),
    (r"companies|enterprises|firms|entreprises|sociétés|empresas|компани\w*|предприяти\w*|企业|公司",
     "companies"),
)  # fmt: skip
_UNIT_RES = tuple((re.compile(p + r"$", re.IGNORECASE), unit) for p, unit in _UNITS)
_UNIT_ALT = "|".join(p for p, _ in _UNITS) + "|" + "|".join(_ISO_CODES)
_COUNT_UNITS = {"people", "agreements", "documents", "projects", "companies"}
_CURRENCIES = {code for _, code in _UNITS if code.isupper() and len(code) == 3} | set(_ISO_CODES)

_MULTIPLIERS: dict[str, int] = {
    "thousand": 10**3, "k": 10**3, "million": 10**6, "millions": 10**6, "mn": 10**6, "mln": 10**6,
    "m": 10**6, "billion": 10**9, "billions": 10**9, "bn": 10**9, "b": 10**9, "trillion": 10**12,
    "tn": 10**12, "trn": 10**12, "mille": 10**3, "milliard": 10**9, "milliards": 10**9, "md": 10**9,
    "mds": 10**9, "mrd": 10**9, "mil": 10**3, "millón": 10**6, "millon": 10**6, "millones": 10**6,
    "mil millones": 10**9, "millardo": 10**9, "millardos": 10**9, "billón": 10**12, "billones": 10**12,
    "тыс": 10**3, "млн": 10**6, "млрд": 10**9, "трлн": 10**12, "tausend": 10**3, "mio": 10**6,
    "millionen": 10**6, "milliarde": 10**9, "milliarden": 10**9, "billionen": 10**12,
}  # fmt: skip
_MULT_STEMS = (("тысяч", 10**3), ("миллиард", 10**9), ("миллион", 10**6), ("триллион", 10**12))
_CN_MULT = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}

_MULT_WORDS = (
    r"mil\s+millones|thousand|millions?|billions?|trillions?|mille|milliards?|millón|millon(?:es)?"
    r"|millardos?|billón|billones|mil|тыс\.?|тысяч\w*|млн\.?|миллион\w*|млрд\.?|миллиард\w*|трлн\.?"
    r"|триллион\w*|[Tt]ausend|Mio\.?|Millionen|Mrd\.?|Milliarden?|Billionen|mln|Md|Mds|md"
)
_NUM = r"\d{1,3}(?:[\u00a0\u202f\u2009{space}]\d{3})+(?![\d])(?:[.,]\d+)?|\d+(?:[.,']\d+)*"
_END = r"(?:(?<=[\u4e00-\u9fff])|(?![^\W\d_]))"  # a word ends here (CJK words need no space)
_CN_NUMERAL = "[零〇一二两三四五六七八九十百千]+(?:点[零〇一二三四五六七八九]+)?"

_CLAUSE_BOUND = re.compile(r"[;:!?\"“”()\[\]，；：（）。]|(?<!\d),|,(?!\d)|\s[-–—]\s")
_THAT = re.compile(r"\b(?:that|que|что|dass)\s+", re.IGNORECASE)


@lru_cache(maxsize=16)
def _number_pattern(lang: str | None) -> re.Pattern[str]:
    num = _NUM.replace("{space}", " " if lang in ("fr", "ru") else "")
    cur_sym = "|".join(re.escape(s) for s in sorted(_CURRENCY_SYMBOLS, key=len, reverse=True))
    pct = (
        r"%|％|percent(?![^\W\d_])|per\s?cent(?![^\W\d_])|pour\s?cent(?![^\W\d_])|por\s?ciento(?![^\W\d_])"
        r"|процент\w*|[Pp]rozent|pct(?![^\W\d_])|个百分点"
    )
    points = (
        r"percentage\s+points?|points?\s+de\s+pourcentage|puntos?\s+porcentuales?|процентн\w+\s+пункт\w*"
        r"|п\.\s?п\.|Prozentpunkte?|个百分点"
    )
    parts = [
        # 24% / 24 percent / 2 percentage points
        rf"(?P<pnum>{num})\s?(?:(?P<points>{points})|(?P<pct>{pct}))",
        # 百分之二十四
        rf"百分之(?P<cnpct>{_CN_NUMERAL}|\d+(?:\.\d+)?)",
        # $40 billion / €225m / USD 40 bn / $40 млрд
        rf"(?P<cur>{cur_sym}|(?:{'|'.join(_ISO_CODES)})(?=\s?\d))\s?(?P<cnum>{num})"
        rf"(?:\s?(?P<cmult>{_MULT_WORDS}|bn|mn|tn|[kmb])(?![^\W\d_]))?",
        # 40 billion dollars / 10.000 millones de dólares / 1,5 млн тонн / 100亿美元 / 1.5万吨
        rf"(?P<num>{num})\s?(?:(?P<mult>(?:{_MULT_WORDS})(?![^\W\d_])|[十百千万亿]+)\s?)?"
        rf"(?:(?:de|d['’]|of)\s*)?(?P<unit>{_UNIT_ALT}){_END}",
        rf"(?P<num2>{num})\s?(?P<mult2>(?:{_MULT_WORDS})(?![^\W\d_])|[万亿]+)",
        # 四百亿美元
        r"(?P<cnn>[零〇一二两三四五六七八九十百千]+)(?P<cnmult>[万亿]+)?"
        r"(?P<cnunit>美元|欧元|人民币|元|卢布|坚戈|日元|英镑|吨|公里)",
    ]
    return re.compile("|".join(parts))


def _decimal(token: str, lang: str | None) -> Decimal | None:
    """A number written with the conventions of ``lang`` ("10.000" is 10000 in Spanish, 10 in English)."""
    t = re.sub(r"[\s\u00a0\u202f\u2009']", "", token)
    if "," in t and "." in t:
        dec = "," if t.rfind(",") > t.rfind(".") else "."
        t = t.replace("." if dec == "," else ",", "").replace(",", ".")
    elif "," in t or "." in t:
        sep = "," if "," in t else "."
        head, *rest = t.split(sep)
        comma_thousands = lang in (None, "en", "zh", "ja", "ko", "es")
        dot_thousands = lang in ("es", "de", "it", "pt", "nl", "tr", "id")
        grouped = all(len(p) == 3 for p in rest) and head not in ("", "0")
        if len(rest) > 1 or (grouped and (comma_thousands if sep == "," else dot_thousands)):
            if not grouped:
                return None
            t = t.replace(sep, "")
        else:
            t = t.replace(",", ".")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _cn_decimal(text: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return Decimal(text)
    whole, _, frac = text.partition("点")
    value = chinese_numeral(whole) if whole else 0
    if value is None:
        return None
    if frac:
        digits = "".join(str(chinese_numeral(ch)) for ch in frac)
        return Decimal(f"{value}.{digits}")
    return Decimal(value)


def _multiplier(word: str | None, lang: str | None) -> int:
    if not word:
        return 1
    if all(ch in _CN_MULT for ch in word):
        value = 1
        for ch in word:
            value *= _CN_MULT[ch]
        return value
    key = " ".join(word.lower().rstrip(".").split())
    if key in ("billion", "billions", "billionen") and lang in ("fr", "de"):
        return 10**12
    if key in _MULTIPLIERS:
        return _MULTIPLIERS[key]
    for stem, value in _MULT_STEMS:
        if key.startswith(stem):
            return value
    return 1


def _unit(text: str, lang: str | None) -> str | None:
    text = " ".join(text.split())
    if text.upper() in _ISO_CODES and text.isupper():
        return "CNY" if text == "RMB" else text
    for pattern, unit in _UNIT_RES:
        if pattern.match(text):
            return unit
    return None


# --------------------------------------------------------------------------- kinds

_TARGET = re.compile(
    r"\b(?:goals?|targets?|targeted|aim(?:s|ed|ing)?|objectives?|ambitions?|plans?|planned|seeks?|seeking"
    r"|strive|striving|envisag\w*|objectifs?|cibles?|vis(?:e|ent|er)|metas?|objetivos?|цел[ьияеюй]\w*"
    r"|задач\w*|намерен\w*|планир\w*|Ziel\w*)\b|目标|力争|争取|计划",
    re.IGNORECASE,
)
_TARGET_VERB = re.compile(
    r"(?:\b(?:to|will|would|shall|should|could|can)\s+(?:\w+\s+){0,2}?(?:increase|raise|bring|boost|double|triple"
    r"|lift|take|expand|grow|reach|hit|achieve)\b|\b(?:increasing|raising|bringing|boosting|doubling|lifting"
    r"|taking|expanding)\b)"
    r"|\b(?:porter|atteindre|doubler|augmenter|accroître|hisser|alcanzar|llevar|elevar|aumentar|duplicar"
    r"|incrementar|довести|доведени\w*|увеличить|увеличени\w*|нарастить|наращивани\w*|достичь|достижени\w*"
    r"|удвоить|steigern|erhöhen|erreichen|verdoppeln)\b|将.{0,12}?(?:达到|提高到|提升至|增至|突破)|有望",
    re.IGNORECASE,
)
_GROWTH = re.compile(
    r"\b(?:gr[eo]w|grown|grows|growing|growth|increas\w*|rose|risen|rises|rising|jump\w*|surg\w*|soar\w*"
    r"|climb\w*|expand\w*|gain\w*|augment\w*|hausse|croissance|progress\w*|cr[eé]ci\w*|crec\w*|aument\w*"
    r"|increment\w*|subi[óo]\w*|alza|вырос\w*|рост\w*|увеличил\w*|прирост\w*|возрос\w*|gestiegen|stieg"
    r"|wuchs|zugenommen|Wachstum|Anstieg|year[- ]on[- ]year)\b|增长|增加|上升|提高|提升|增幅|增速|同比",
    re.IGNORECASE,
)
_DECLINE = re.compile(
    r"\b(?:fell|fallen|falls|falling|declin\w*|dropp?\w*|decreas\w*|shr[aiu]nk\w*|baiss\w*|diminu\w*"
    r"|recul\w*|chut\w*|disminu\w*|cayó|cayeron|caída|descend\w*|baj[óo]|сократил\w*|снизил\w*|снижени\w*"
    r"|упал\w*|уменьшил\w*|gesunken|sank|Rückgang)\b|下降|减少|下滑|降低|回落",
    re.IGNORECASE,
)
_ADJACENT_UP = re.compile(r"(?:\bup|\+)\s*$", re.IGNORECASE)
_ADJACENT_DOWN = re.compile(r"(?:\bdown|(?<!\w)[-−])\s*$", re.IGNORECASE)
_BY = re.compile(
    r"(?:\bby|\bde|\bun|\bна|\bum|\ben)\s+(?:about\s+|around\s+|some\s+|nearly\s+|almost\s+)?$", re.I
)
_AFTER_GROWTH = re.compile(
    r"^\s*(?:increase|rise|growth|jump|gain|hike|higher|more|year[- ]on[- ]year|de\s+(?:hausse|croissance)"
    r"|de\s+(?:aumento|crecimiento)|рост|прирост)",
    re.IGNORECASE,
)
_AFTER_DECLINE = re.compile(r"^\s*(?:decrease|decline|drop|fall|lower|less|de\s+baisse|снижени)", re.I)
_SHARE = re.compile(
    r"\b(?:account(?:s|ed|ing)?\s+for|shares?|proportion|of\s+(?:the\s+)?total|représent\w*|part(?:s)?"
    r"|cuota|participación|porcentaje|представля\w*|дол[яиюе]|Anteil)\b|占|比重|份额",
    re.IGNORECASE,
)
_AFTER_SHARE = re.compile(r"^\s*(?:of|de|des|du|del|от|的)\b", re.IGNORECASE)

# --------------------------------------------------------------------------- periods

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "un": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "dos": 2, "tres": 3,
    "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "once": 11,
    "doce": 12, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3, "четыре": 4,
    "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10,
    "одиннадцать": 11, "одиннадцати": 11, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6,
    "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11,
}  # fmt: skip
_N = r"(?P<{g}>\d{{1,2}}|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + ")"
_YEAR_OF = r"(?:\s+(?:of|de|del|des|за|в)?\s*(?P<{g}>(?:19|20)\d\d)(?:\s*(?:года|г\.|год))?)?"
_MONTH_WORD = r"[^\W\d_]{3,10}\.?"
_PERIODS = re.compile(
    "|".join(
        [
            # in (the first) 10 months (of 2023)
            r"\b(?:in|over|during|for)\s+(?:the\s+)?(?:first\s+)?"
            + _N.format(g="n1")
            + r"\s+months?\b"
            + _YEAR_OF.format(g="y1"),
            # au cours des dix premiers mois / sur les 10 premiers mois / en los primeros diez meses
            r"\b(?:les|des|los|las)\s+(?:primeros\s+)?"
            + _N.format(g="n2")
            + r"\s+(?:premiers\s+|primeros\s+)?"
            r"(?:mois|meses)\b" + _YEAR_OF.format(g="y2"),
            # за 10 месяцев / за первые девять месяцев / in den ersten zehn Monaten
            r"(?:\bза|\bв\s+течение|\bin\s+den\s+ersten)\s+(?:первые\s+)?"
            + _N.format(g="n3")
            + r"\s+(?:месяц\w*|Monaten)"
            + _YEAR_OF.format(g="y3"),
            # 前10个月 / 2023年前十个月 / 1-10月 / 1至10月
            r"(?:(?P<y4>(?:19|20)\d\d)年)?(?:今年)?前(?P<n4>\d{1,2}|[一二三四五六七八九十]{1,2})个月",
            r"(?:(?P<y5>(?:19|20)\d\d)年)?1\s*(?:-|—|–|至|到|~)\s*(?P<n5>\d{1,2})月",
            # January-October / janvier-octobre / январь-октябрь / в январе-октябре / de enero a octubre
            r"(?P<mr1>"
            + _MONTH_WORD
            + r")\s*(?:[-–—]|\s(?:to|through|à|a|по)\s)\s*(?P<mr2>"
            + _MONTH_WORD
            + r")"
            + _YEAR_OF.format(g="y6"),
            # first half / first quarter / first three quarters
            r"\b(?:first|1st)\s+(?P<half>half|quarter|three\s+quarters)\b" + _YEAR_OF.format(g="y7"),
            r"\b(?:premier|primer)\s+(?P<half2>semestre|trimestre)\b" + _YEAR_OF.format(g="y8"),
            r"\b(?:trois|tres)\s+(?P<tq>premiers\s+trimestres|primeros\s+trimestres)\b",
            r"(?:перв\w+\s+(?P<half3>полугоди\w*|квартал\w*))" + _YEAR_OF.format(g="y9"),
            r"(?P<half4>上半年|一季度|第一季度|前三季度)",
            # last year / this year / in 2022 / by 2030
            r"(?P<last>\blast\s+year\b|\bl['’]an(?:née)?\s+(?:derni[eè]re?|pass[ée]e?)\b|\bel\s+año\s+pasado\b"
            r"|\bв\s+прошлом\s+году\b|\bза\s+прошлый\s+год\b|\bim\s+(?:vergangenen|letzten)\s+Jahr\b|去年)",
            r"(?P<this>\bthis\s+year\b|\bcette\s+année\b|\beste\s+año\b|\bв\s+этом\s+году\b|\bin\s+diesem\s+Jahr\b"
            r"|今年(?!前))",
            r"(?P<by>\bby|\bd['’]ici(?:\s+à)?|\bpara|\bк|\bbis|到)\s*(?P<yby>(?:19|20)\d\d)(?:\s*(?:году|г\.|年))?",
            r"(?:\b(?:in|en|during|for|au\s+cours\s+de|durante|в|за|im\s+Jahr)\s+(?:l['’]année\s+|el\s+año\s+)?"
            r"(?P<yin>(?:19|20)\d\d)\b(?!\s*[-–/]\s*\d)|(?P<yzh>(?:19|20)\d\d)年(?!\d|前|1\s*[-至到])(?!\s*\d{1,2}月))",
        ]
    ),
    re.IGNORECASE,
)


def _months_ended(last_month: int, anchor: date | None, year: str | None) -> int | None:
    """The year whose first ``last_month`` months are meant: the written one, else the latest ended."""
    if year:
        return int(year)
    if anchor is None:
        return None
    return anchor.year if last_month < anchor.month else anchor.year - 1


def _span(y: int | None, first: int, last: int) -> str | None:
    return f"{y}-{first:02d}/{y}-{last:02d}" if y is not None else None


def _count(text: str | None) -> int | None:
    if not text:
        return None
    key = text.lower()
    if key.isdigit():
        return int(key)
    return _WORD_NUMBERS.get(key) or chinese_numeral(text)


def _period(m: re.Match[str], anchor: date | None, lang: str | None) -> tuple[str | None, bool]:
    """The period a period phrase names, and whether it is a deadline ("by 2030")."""
    g = m.groupdict()
    for n_key, y_key in (("n1", "y1"), ("n2", "y2"), ("n3", "y3"), ("n4", "y4"), ("n5", "y5")):
        if g.get(n_key):
            n = _count(g[n_key])
            if n is None or not 1 <= n <= 11:
                return None, False
            return _span(_months_ended(n, anchor, g.get(y_key)), 1, n), False
    if g.get("mr1"):
        first, last = month_number(g["mr1"], lang), month_number(g["mr2"], lang)
        if first is None or last is None or first > last:
            return None, False
        return _span(_months_ended(last, anchor, g.get("y6")), first, last), False
    for key, y_key in (("half", "y7"), ("half2", "y8"), ("half3", "y9"), ("half4", ""), ("tq", "")):
        if g.get(key):
            word = g[key].lower()
            n = 6 if word.startswith(("half", "semestre", "полугоди", "上半")) else 3
            if "three" in word or "前三" in word or key == "tq":
                n = 9
            return _span(_months_ended(n, anchor, g.get(y_key)), 1, n), False
    if g.get("last"):
        return (str(anchor.year - 1) if anchor else None), False
    if g.get("this"):
        return (str(anchor.year) if anchor else None), False
    if g.get("yby"):
        return g["yby"], True
    year = g.get("yin") or g.get("yzh")
    return (year, False) if year else (None, False)


# --------------------------------------------------------------------------- policy

_POLICY_NOUN = re.compile(
    r"\b(?:regimes?|agreements?|accords?|treaty|treaties|laws?|bans?|embargo(?:es)?|visas?|visa-free|tariffs?"
    r"|duties|sanctions?|quotas?|decrees?|rules?|régimes?|traités?|lois?|interdictions?|tarifs?|décrets?"
    r"|régimen|acuerdos?|tratados?|ley(?:es)?|prohibici[óo]n|visados?|exención\s+de\s+visados?"
    r"|arancel(?:es)?|sanciones|decretos?|режим\w*|соглашени\w*|договор\w*|закон\w*|запрет\w*|эмбарго"
    r"|виз[аыуе]?|безвиз\w*|визов\w*|пошлин\w*|санкци\w*|указ[аеу]?|Abkommens?|Gesetz\w*|Verbot\w*"
    r"|Zöll\w*|Zoll\w*|Visum|Visa|Sanktion\w*)\b|协定|协议|条约|法律|禁令|免签|签证|关税|制裁|政策",
    re.IGNORECASE,
)
_POLICY_VERB = re.compile(
    r"\b(?:enacted|took\s+effect|takes?\s+effect|taking\s+effect|c[oa]me\s+into\s+(?:force|effect)"
    r"|comes\s+into\s+(?:force|effect)|coming\s+into\s+(?:force|effect)|enter(?:s|ed)?\s+into\s+force"
    r"|went\s+into\s+(?:force|effect)|go(?:es)?\s+into\s+(?:force|effect)|effective\s+(?:from|as\s+of|on)"
    r"|in\s+(?:force|effect)\s+since|introduced|imposed|lifted|adopted|implemented"
    r"|entr[ée]e?s?\s+en\s+vigueur|entrera\s+en\s+vigueur|prend\s+effet|pris\s+effet|instaur[ée]e?s?"
    r"|mis\s+en\s+(?:place|œuvre)|entr[óa]\s+en\s+vigor|entrar[áa]\s+en\s+vigor|vigente\s+desde"
    r"|en\s+vigor\s+desde|вступ\w*\s+в\s+силу|введ[её]н\w*|действует\s+с|отмен[её]н\w*|in\s+Kraft\s+getreten"
    r"|tritt\s+in\s+Kraft|trat\s+in\s+Kraft)\b|正式生效|生效|起施行|施行|正式实施|实施|实行",
    re.IGNORECASE,
)


# Substrings every in-force verb contains: a cheap test before the patterns.
_POLICY_STEMS = (
    "effect", "force", "enact", "introduc", "impos", "lifted", "adopt", "implement", "vigueur", "effet",
    "instaur", "mis en", "vigor", "vigente", "в силу", "введ", "действует", "отмен", "kraft", "生效", "施行",
    "实施", "实行",
)  # fmt: skip


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``start:end``: between the nearest boundaries (commas not inside numbers)."""
    left = 0
    for b in _CLAUSE_BOUND.finditer(sentence, 0, start):
        left = b.end()
    right_match = _CLAUSE_BOUND.search(sentence, end)
    right = right_match.start() if right_match else len(sentence)
    head = sentence[left:start]
    if (that := list(_THAT.finditer(head))) and that[-1].end() < len(head):
        left += that[-1].end()  # "I believe that we will ..." -> "we will ..."
    while left < right and sentence[left] in " \t\n":
        left += 1
    while right > left and sentence[right - 1] in " \t\n.。":
        right -= 1
    return left, right


def _distance(start: int, end: int, other_start: int, other_end: int) -> int:
    return max(0, start - other_end, other_start - end)


def _policy_facts(sentence: str, lang: str | None, anchor: date | None) -> list[Fact]:
    low = sentence.lower()
    if not any(stem in low for stem in _POLICY_STEMS):
        return []
    verbs = list(_POLICY_VERB.finditer(sentence))
    if not verbs:
        return []
    nouns = list(_POLICY_NOUN.finditer(sentence))
    if not nouns:
        return []
    mentions: list[DateMention] = find_dates(sentence, lang, anchor or date(2000, 1, 1))
    if anchor is None:
        mentions = [m for m in mentions if has_written_year(m)]
    if not mentions:
        return []
    out: list[Fact] = []
    seen: set[date] = set()
    for verb in verbs:
        noun = min(nouns, key=lambda n: abs(n.start() - verb.start()))
        when = min(mentions, key=lambda d: _distance(d.start, d.end, verb.start(), verb.end()))
        if when.date in seen:
            continue
        seen.add(when.date)
        left, _ = _clause(sentence, noun.start(), noun.end())
        start = min(left, when.start, verb.start())
        end = max(noun.end(), verb.end(), when.end)
        out.append(Fact(sentence[start:end], start, end, None, None, None, "policy", when.date))
    return out


# --------------------------------------------------------------------------- numbers


def _kind(
    sentence: str, clause_start: int, start: int, end: int, unit: str | None, value: float
) -> tuple[str, float]:
    before = sentence[clause_start:start]
    after = sentence[end : end + 30]
    if _TARGET.search(before) or _TARGET_VERB.search(before):
        return "target", value
    percent = unit in ("percent", "percentage points")
    growth = _GROWTH.search(before)
    decline = _DECLINE.search(before)
    last_cue = max((c for c in (growth, decline) if c), key=lambda c: c.start(), default=None)
    if percent:
        if _ADJACENT_DOWN.search(before) or _AFTER_DECLINE.match(after):
            return "growth", -abs(value)
        if _ADJACENT_UP.search(before) or _AFTER_GROWTH.match(after):
            return "growth", value
        if last_cue is not None:
            return "growth", -abs(value) if last_cue is decline else value
        if _SHARE.search(before) or _AFTER_SHARE.match(after):
            return "share", value
        return "amount", value
    if last_cue is not None and _BY.search(before):
        return "growth", -abs(value) if last_cue is decline else value
    if unit in _COUNT_UNITS:
        return "count", value
    return "amount", value


def _value(m: re.Match[str], lang: str | None) -> tuple[Decimal | None, str | None]:
    g = m.groupdict()
    if g["pnum"] is not None:
        return _decimal(g["pnum"], lang), "percentage points" if g["points"] else "percent"
    if g["cnpct"] is not None:
        return _cn_decimal(g["cnpct"]), "percent"
    if g["cur"] is not None:
        number = _decimal(g["cnum"], lang)
        cur = g["cur"]
        code = _CURRENCY_SYMBOLS.get(cur, cur if cur in _ISO_CODES else None)
        if code == "RMB":
            code = "CNY"
        if cur == "¥" and lang == "zh":
            code = "CNY"
        mult = g["cmult"]
        return (number * _multiplier(mult, lang) if number is not None else None), code
    if g["num"] is not None:
        number = _decimal(g["num"], lang)
        unit = _unit(g["unit"], lang)
        if unit is None or number is None:
            return None, None
        return number * _multiplier(g["mult"], lang), unit
    if g["num2"] is not None:
        number = _decimal(g["num2"], lang)
        return (number * _multiplier(g["mult2"], lang) if number is not None else None), None
    if g["cnn"] is not None:
        number = _cn_decimal(g["cnn"])
        unit = _unit(g["cnunit"], lang)
        return (number * _multiplier(g["cnmult"], lang) if number is not None else None), unit
    return None, None


def _norm_lang(lang: str | None) -> str | None:
    if not lang:
        return None
    return re.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0] or None


def find_facts(sentence: str, lang: str | None, anchor: date | None = None) -> list[Fact]:
    """The numeric facts and dated policy facts ``sentence`` states (see the module notes for the rules).

    ``anchor`` (the dateline or publication date) resolves periods such as "in 10 months"
    and "last year" and the dates of policy facts.
    """
    if not sentence:
        return []
    lang = _norm_lang(lang)
    facts: list[Fact] = []
    if re.search(r"\d|百分之|[零〇一二两三四五六七八九十百千][万亿]?(?:美元|欧元|元|卢布|坚戈|吨)", sentence):
        facts = _numeric_facts(sentence, lang, anchor)
    facts += _policy_facts(sentence, lang, anchor)
    facts.sort(key=lambda f: f.start)
    return facts


def _numeric_facts(sentence: str, lang: str | None, anchor: date | None) -> list[Fact]:
    periods: list[tuple[int, str, bool]] | None = None
    out: list[Fact] = []
    for m in _number_pattern(lang).finditer(sentence):
        prev = sentence[m.start() - 1 : m.start()]
        if prev and ((prev.isalpha() and prev.isascii()) or prev in "._/-#№第"):
            continue  # "G20", "COVID-19", "A320"
        number, unit = _value(m, lang)
        if number is None:
            continue
        value = float(number)
        left, right = _clause(sentence, m.start(), m.end())
        kind, value = _kind(sentence, left, m.start(), m.end(), unit, value)
        if periods is None:
            periods = _periods(sentence, lang, anchor)
        out.append(
            Fact(
                sentence[left:right],
                left,
                right,
                value,
                unit,
                _nearest_period(periods, m.start(), kind),
                kind,
            )
        )
    return out


def _periods(sentence: str, lang: str | None, anchor: date | None) -> list[tuple[int, str, bool]]:
    out: list[tuple[int, str, bool]] = []
    for m in _PERIODS.finditer(sentence):
        period, deadline = _period(m, anchor, lang)
        if period:
            out.append((m.start(), period, deadline))
    return out


def _nearest_period(periods: list[tuple[int, str, bool]], at: int, kind: str) -> str | None:
    """A target takes its deadline ("by 2030"); other facts the nearest period that is not one."""
    fitting = [(pos, p) for pos, p, deadline in periods if deadline == (kind == "target")]
    if not fitting and kind == "target":
        return None
    if not fitting:
        return None
    return min(fitting, key=lambda item: abs(item[0] - at))[1]
