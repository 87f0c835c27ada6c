"""Country names, short names and demonyms in many languages, mapped to ISO 3166-1 alpha-3.

Sources, all general (nothing here comes from any corpus):

* pycountry: English names, official and common names, alpha-3 codes;
* babel (CLDR): the country names of every locale babel ships;
* ``data/demonyms.json``: adjectives/demonyms for all UN members plus Taiwan, Palestine, Kosovo,
  Hong Kong and Macau in en/fr/es/de/pt (every gender and number form) and ru (masculine lemma),
  extra names CLDR lacks ("Turkey", "США", "中华人民共和国"), case-sensitive abbreviations ("US",
  "PRC"), and the Chinese side forms ("中方", "哈方") and one-character abbreviations ("中", "哈").

Russian inflection is handled in code: adjectives are brought back to their masculine lemma
("китайского" -> "китайский"), single-word country names are declined when the index is built
("Китай" -> "Китая", "Китаю", "Китаем", "Китае"), and a guarded stem fallback covers the rest
("Южной Кореи", "Соединённых Штатов").

Ambiguity: a key naming several countries at the same confidence is dropped ("Congo", "Congolese"
-> None). Conventions that resolve common ambiguities on purpose are documented in the data file:
bare "Korean" means South Korea, "American" the United States, "Dominican" the Dominican Republic.

Indexes are built lazily, once per process; lookups afterwards are dictionary look-ups.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError

from communique._data import load_json

__all__ = ["country_abbreviation_zh", "country_code", "country_name", "is_country_word"]

_DATA_FILE = "demonyms.json"

#: Languages whose CLDR names go into the language-independent index (``lang=None``). Every other
#: babel locale is still used when a lookup names its language; the core set keeps the merged index
#: small and its cross-language collisions few.
_CORE_LANGS: tuple[str, ...] = (
    "en", "fr", "es", "de", "pt", "ru", "zh", "it", "ar", "ja", "tr", "nl", "pl", "uk", "ko", "fa",
    "hi", "id", "vi", "sv", "he", "el", "cs", "ro", "hu", "kk", "uz", "ky", "tg", "mn", "az", "ka",
    "hy", "be", "bg", "sr", "hr", "da", "no", "fi", "ms", "th",
)  # fmt: skip

#: Extra babel locales read for a language (script and regional variants of its names).
_LOCALE_VARIANTS: dict[str, tuple[str, ...]] = {
    "zh": ("zh", "zh_Hant"),
    "pt": ("pt", "pt_PT"),
    "es": ("es", "es_419"),
    "sr": ("sr", "sr_Latn"),
    "en": ("en", "en_GB"),
}

#: Codes CLDR uses that pycountry does not know (Kosovo's conventional user-assigned codes).
_EXTRA_ALPHA2 = {"XK": "XKX"}

#: Upper-case alpha-3 codes that are also ordinary words in the supported languages; they are not
#: accepted as codes on their own ("AND", "CAN", "PER").
_CODE_STOPWORDS = frozenset(
    "AND ARE CAN PER BEN TON MAR MAC COM DOM GIN HUN JAM LIE NOR PAN SUR ARM AUS BEL FIN POL SEN SOM "
    "VAT GUM TUN ATA CUB ESP ITA IRL MDA MLI".split()
)

#: Leading articles tried away when a name is not found as written ("the Philippines", "la Chine").
_ARTICLES = re.compile(r"^(?:(?:the|la|le|les|el|los|las|die|der|den|des|dem|das|o|a|os|as|il|lo|gli|i) |l')")

_POSSESSIVE = re.compile(r"(?:'s|')$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "’": "'", "ʼ": "'", "`": "'"})

# --- Russian morphology -----------------------------------------------------------------------------

#: Regular adjective endings, longest first, with the masculine lemma endings they come back to.
_RU_ADJ_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {"ий", "ый", "ой", "ого", "его", "ому", "ему", "им", "ым", "ом", "ем", "ая", "яя", "ей", "ую",
         "юю", "ое", "ее", "ие", "ые", "их", "ых", "ими", "ыми"},
        key=len,
        reverse=True,
    )
)  # fmt: skip
_RU_ADJ_LEMMAS = ("ий", "ый", "ой")

#: Noun and adjective endings stripped by the stem fallback.
_RU_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        set(_RU_ADJ_ENDINGS)
        | {"а", "я", "у", "ю", "ы", "и", "е", "о", "ь", "й", "ам", "ям", "ами", "ями", "ах", "ях", "ов",
           "ев", "ию", "ия", "ии", "ией", "ье", "ья", "ьи", "ью"},
        key=len,
        reverse=True,
    )
)  # fmt: skip
_RU_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
#: Nouns whose stem changes when declined (fleeting vowel).
_RU_FLEETING = {"египет": "египт"}
#: The stem fallback accepts a match only if its longest word stem has at least this many letters.
_RU_MIN_STEM = 4


def _key(text: str) -> str:
    """Lookup key: NFC, unified apostrophes/dashes, ё -> е, single spaces, case-folded."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    return " ".join(text.split()).casefold().replace("ё", "е")


def _lang(lang: str | None) -> str | None:
    if not lang:
        return None
    return re.split(r"[-_]", lang.strip(), maxsplit=1)[0].casefold() or None


@cache
def _data() -> dict[str, Any]:
    data: dict[str, Any] = load_json(_DATA_FILE)
    return data


@cache
def _alpha3_of_alpha2() -> dict[str, str]:
    table = {str(c.alpha_2): str(c.alpha_3) for c in pycountry.countries}
    table.update(_EXTRA_ALPHA2)
    return table


@cache
def _alpha2_of_alpha3() -> dict[str, str]:
    return {a3: a2 for a2, a3 in _alpha3_of_alpha2().items()}


class _Table:
    """Keys to candidate codes with a confidence tier (0 = a listed name, 1 = a derived form)."""

    def __init__(self) -> None:
        self.codes: dict[str, dict[str, int]] = {}

    def add(self, name: str, code: str, tier: int = 0) -> None:
        key = _key(name)
        if not key:
            return
        codes = self.codes.setdefault(key, {})
        if tier < codes.get(code, 99):
            codes[code] = tier

    def merge(self, other: _Table) -> None:
        for key, codes in other.codes.items():
            mine = self.codes.setdefault(key, {})
            for code, tier in codes.items():
                if tier < mine.get(code, 99):
                    mine[code] = tier

    def resolve(self, drop: Iterable[str]) -> dict[str, str]:
        """Keep each key whose best tier names exactly one country."""
        dropped = {_key(d) for d in drop}
        out: dict[str, str] = {}
        for key, codes in self.codes.items():
            if key in dropped:
                continue
            best = min(codes.values())
            winners = [code for code, tier in codes.items() if tier == best]
            if len(winners) == 1:
                out[key] = winners[0]
        return out


def _name_variants(name: str, lang: str) -> Iterator[str]:
    """Derived spellings of a listed name: "Myanmar (Burma)" -> "Myanmar", "Burma";
    "Korea, Republic of" -> "Republic of Korea", "Korea"; "Congo - Kinshasa" -> "Congo-Kinshasa"."""
    if "(" in name and name.endswith(")"):
        head, _, inner = name[:-1].partition("(")
        yield head.strip()
        inner = inner.strip()
        # an alternative name ("Burma"), not a qualifier ("partie française", "САР", "USA"); only in
        # English, where CLDR's brackets hold alternatives: elsewhere they hold qualifiers too (Kyrgyz
        # "Виргин аралдары (Британия)", the British Virgin Islands, made "Британия" a name of VGB)
        if lang == "en" and inner[:1].isupper() and not inner.isupper():
            yield inner
    if ", " in name:
        head, _, tail = name.partition(", ")
        if lang == "en":  # pycountry's inverted names
            yield f"{tail} {head}"
        yield head
    if " - " in name:
        yield name.replace(" - ", "-")
        yield name.split(" - ", 1)[0]
    if " & " in name:
        yield name.replace(" & ", " and ")
    if " SAR" in name:
        yield name.split(" SAR", 1)[0]
    if name.startswith("St. "):
        yield "Saint " + name[4:]


def _ru_declensions(word: str) -> list[str]:
    """Oblique case forms of a one-word Russian country name (lower case), by its ending."""
    if _RU_FLEETING.get(word):
        stem = _RU_FLEETING[word]
        return [stem + e for e in ("а", "у", "ом", "е")]
    last = word[-1:]
    if word.endswith("ия"):
        stem = word[:-2]
        return [stem + e for e in ("ии", "ию", "ией", "иею")]
    if last == "я":
        stem = word[:-1]
        return [stem + e for e in ("и", "ю", "е", "ей")]
    if last == "а":
        stem = word[:-1]
        genitive = "и" if stem[-1:] in set("гкхжшчщ") else "ы"
        instrumental = "ей" if stem[-1:] in set("жшчщц") else "ой"
        return [stem + genitive, stem + "е", stem + "у", stem + instrumental]
    if last in {"й", "ь"}:
        stem = word[:-1]
        forms = [stem + e for e in ("я", "ю", "ем", "е")]
        return [*forms, stem + "и"] if last == "ь" else forms  # "Беларусь" is feminine
    if last == "ы":  # plural names: "Филиппины", "Нидерланды"
        stem = word[:-1]
        return [stem, stem + "ов", stem + "ам", stem + "ами", stem + "ах"]
    if last in _RU_CONSONANTS:
        return [word + e for e in ("а", "у", "ом", "е")]
    return []  # foreign names in -о, -у, -е, -и do not decline ("Перу", "Чили", "Того")


@cache
def _babel_names(locale_id: str) -> dict[str, str]:
    try:
        territories = Locale.parse(locale_id).territories
    except (UnknownLocaleError, ValueError):
        return {}
    return {str(k): str(v) for k, v in territories.items()}


def _is_abbreviation(name: str) -> bool:
    """All-capital short names ("USA", "США", "EE. UU.") are matched case-sensitively: lower-cased,
    several are ordinary words ("usa" is Spanish/Portuguese/Italian for "uses")."""
    compact = name.replace(".", "").replace(" ", "")
    return len(compact) <= 6 and compact.isupper()


@cache
def _listed_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(name, alpha-3) pairs a language lists: babel, pycountry (English) and the data file."""
    alpha3 = _alpha3_of_alpha2()
    listed: list[tuple[str, str]] = []
    for locale_id in _LOCALE_VARIANTS.get(lang, (lang,)):
        for alpha2, name in _babel_names(locale_id).items():
            code = alpha3.get(alpha2)
            if code:
                listed.append((name, code))
    if lang == "en":
        for country in pycountry.countries:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if value:
                    listed.append((str(value), str(country.alpha_3)))
    for code, names in _data()["names"].get(lang, {}).items():
        listed.extend((name, code) for name in names)
    return tuple(listed)


@cache
def _raw_table(lang: str) -> _Table:
    """Every key a language contributes, before ambiguity is resolved."""
    data = _data()
    table = _Table()
    listed = [(name, code) for name, code in _listed_names(lang) if not _is_abbreviation(name)]
    for name, code in listed:
        table.add(name, code, 0)
        for variant in _name_variants(name, lang):
            table.add(variant, code, 1)
    for code, by_lang in data["demonyms"].items():
        for form in by_lang.get(lang, ()):
            table.add(form, code, 0)
    if lang == "zh":
        for side, code in data["zh_sides"].items():
            table.add(side, code, 0)
    if lang == "ru":
        for name, code in listed:
            key = _key(name)
            if " " not in key and _CYRILLIC.search(key):
                for form in _ru_declensions(key):
                    table.add(form, code, 1)
    return table


@cache
def _lang_index(lang: str) -> dict[str, str]:
    return _raw_table(lang).resolve(_data()["ambiguous"])


@cache
def _merged_index() -> dict[str, str]:
    table = _Table()
    for lang in _CORE_LANGS:
        table.merge(_raw_table(lang))
    data = _data()
    return table.resolve([*data["ambiguous"], *data["not_language_independent"]])


@cache
def _abbreviations() -> dict[str, str]:
    """Case-sensitive abbreviations, dots and spaces removed: the data file's, then CLDR's."""
    found: dict[str, set[str]] = {}
    for lang in _CORE_LANGS:
        for name, code in _listed_names(lang):
            if _is_abbreviation(name):
                found.setdefault(name.replace(".", "").replace(" ", ""), set()).add(code)
    table = {abbr: next(iter(codes)) for abbr, codes in found.items() if len(codes) == 1}
    table.update(_data()["abbreviations"])
    return table


def _ru_stems(word: str) -> set[str]:
    stems = {word}
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            stems.add(word[: -len(ending)])
    return stems


@cache
def _ru_stem_index() -> dict[tuple[str, ...], frozenset[str]]:
    """Stem tuples of every Russian key (up to four words) to the countries they name."""
    found: dict[tuple[str, ...], set[str]] = {}
    for key, code in _lang_index("ru").items():
        words = key.split()
        if not _CYRILLIC.search(key) or len(words) > 4:
            continue
        for combo in itertools.product(*(sorted(_ru_stems(w)) for w in words)):
            found.setdefault(combo, set()).add(code)
    return {combo: frozenset(codes) for combo, codes in found.items()}


def _ru_lookup(key: str) -> str | None:
    """Russian inflected forms: adjective lemma first, then the guarded stem fallback."""
    index = _lang_index("ru")
    if " " not in key:
        for ending in _RU_ADJ_ENDINGS:
            if key.endswith(ending) and len(key) - len(ending) >= 3:
                stem = key[: -len(ending)]
                for lemma_ending in _RU_ADJ_LEMMAS:
                    code = index.get(stem + lemma_ending)
                    if code:
                        return code
    words = key.split()
    if len(words) > 4:
        return None
    stem_index = _ru_stem_index()
    codes: set[str] = set()
    for combo in itertools.product(*(sorted(_ru_stems(w)) for w in words)):
        if max(len(part) for part in combo) < _RU_MIN_STEM:
            continue
        codes |= stem_index.get(combo, frozenset())
    return next(iter(codes)) if len(codes) == 1 else None


def _candidates(key: str) -> Iterator[str]:
    yield key
    bare = _POSSESSIVE.sub("", key)
    if bare != key:
        yield bare
    for text in (key, bare):
        stripped = _ARTICLES.sub("", text)
        if stripped != text:
            yield stripped
    if "." in key:
        yield key.replace(". ", ".").replace(".", "")


@lru_cache(maxsize=1 << 16)
def _lookup(name: str, lang: str | None, foreign: bool = True) -> str | None:
    text = name.strip()
    if not text:
        return None
    compact = text.replace(".", "").replace(" ", "")
    code = _abbreviations().get(compact)
    if code:
        return code
    if (
        len(compact) == 3
        and compact.isascii()
        and compact.isupper()
        and compact not in _CODE_STOPWORDS
        and compact in _alpha2_of_alpha3()
    ):
        return compact
    if lang and not foreign:
        indexes = [_lang_index(lang)]
    else:
        indexes = [_lang_index(lang), _merged_index()] if lang else [_merged_index()]
    key = _key(text)
    for candidate in _candidates(key):
        for index in indexes:
            code = index.get(candidate)
            if code:
                return code
    if _CYRILLIC.search(key):
        return _ru_lookup(_POSSESSIVE.sub("", key))
    return None


def country_code(name: str, lang: str | None = None, *, foreign: bool = True) -> str | None:
    """ISO 3166-1 alpha-3 code of a country name, short name, abbreviation or demonym.

    Case-insensitive for words ("Kazakhstan", "kazakhe", "Китая", "中方", "the People's Republic of
    China", "Kazakhstan's"); case-sensitive for abbreviations ("US", "U.S.", "UK", "PRC") and bare
    alpha-3 codes, so that "us" stays a pronoun. ``lang`` (ISO 639-1, region suffixes ignored) makes
    that language's names win and unlocks every babel locale; without it a core set of ~40 languages
    is searched. Returns None for unknown or ambiguous words ("Congo", "Republic").

    With ``foreign=False`` only ``lang``'s own names (and abbreviations) count: a word of a Russian
    text is not read through a Kyrgyz name that shares its script ("Британия" is the qualifier in
    Kyrgyz "Виргин аралдары (Британия)", not the British Virgin Islands).
    """
    return _lookup(name, _lang(lang), foreign)


def is_country_word(word: str, lang: str | None = None) -> bool:
    """Whether ``word`` names a country, as a name, short name, abbreviation or demonym."""
    return country_code(word, lang) is not None


@cache
def country_name(code: str, lang: str = "en") -> str | None:
    """Display name (CLDR, via babel) of an ISO alpha-3 code in ``lang``; English if babel lacks it."""
    alpha2 = _alpha2_of_alpha3().get(code.strip().upper())
    if alpha2 is None:
        return None
    for locale_id in (lang.replace("-", "_"), _lang(lang) or "en", "en"):
        name = _babel_names(locale_id).get(alpha2)
        if name:
            return name
    return None


def country_abbreviation_zh(char: str) -> str | None:
    """Country of a one-character Chinese abbreviation used in compounds ("中哈" -> 中, 哈).

    Kept apart from :func:`country_code` because single characters are ordinary words too. Only
    characters with one dominant reading are listed (中 CHN, 俄 RUS, 美 USA, 哈 KAZ, 新 SGP, 马 MYS,
    土 TUR ...); 乌 (Ukraine/Uzbekistan), 巴 (Pakistan/Brazil), 阿, 瑞, 西 and the like are not.
    """
    abbreviations: dict[str, str] = _data()["zh_abbreviations"]
    return abbreviations.get(char.strip())
