"""Trigger lexicons and cue words per language, matched on lemmas.

``data/languages/<lang>/triggers.tsv`` lists ``cameo<TAB>lemma pattern<TAB>flags``;
``data/languages/<lang>/cues.json`` lists negation, modality, future, reporting and intent cues.
Lemmas are compared through a Snowball stem, so a backend without a lemmatiser
(Spanish rules, fallback languages) still matches "firmaron" to "firmar".
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..nlp.base import Token
from .spans import OffsetIndex

__all__ = ["Match", "Trigger", "cues", "find_triggers", "key", "tokens_of"]

_STEMMERS = {
    "en": "english",
    "fr": "french",
    "es": "spanish",
    "ru": "russian",
    "de": "german",
    "pt": "portuguese",
    "it": "italian",
    "nl": "dutch",
}
_WORD = re.compile(r"\w+(?:['’-]\w+)*|[^\w\s]", re.UNICODE)
#: Words a pattern may skip between its own ("signed a new agreement", "held talks with").
_MAX_GAP = 3


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon entry (or the category model's reading of a sentence)."""

    cameo: str
    keys: tuple[str, ...]
    noun: bool
    intent: bool
    pattern: str
    #: Set when the category model, not a lexicon, made the trigger: its probability.
    model_probability: float | None = None


@dataclass(frozen=True, slots=True)
class Match:
    """A trigger found in a sentence, by token index."""

    trigger: Trigger
    first: int
    last: int


@cache
def _stemmer(lang: str) -> Any:
    name = _STEMMERS.get(lang)
    if name is None:
        return None
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer(name)


#: Languages whose backend gives real lemmas: compared exactly, since a stem would make the noun
#: "cooperation" a trigger for the verb "cooperate".
LEMMATISED = frozenset({"en", "fr"})
_ACCENT_FOLDED = frozenset({"es", "pt", "it", "de", "nl"})


@cache
def key(word: str, lang: str) -> str:
    """The comparable form of a word or lemma: lower case, stemmed where no lemmatiser ran."""
    lowered = word.lower().replace("’", "'")
    if lang in LEMMATISED:
        return lowered
    stemmer = _stemmer(lang)
    stemmed = str(stemmer.stemWord(lowered)) if stemmer is not None else lowered
    if lang in _ACCENT_FOLDED:  # after stemming (the stemmer reads accents): "reunió" ~ "reunir"
        stemmed = "".join(c for c in unicodedata.normalize("NFKD", stemmed) if not unicodedata.combining(c))
    return stemmed


#: Lexicon tiers: the main table, and the breadth tier derived from the whole CAMEO verb dictionary,
#: read only where the main table finds nothing (``data/languages/<lang>/triggers.breadth.tsv``).
TIERS = {"main": "triggers.tsv", "breadth": "triggers.breadth.tsv"}


@cache
def _lexicon(lang: str, tier: str = "main") -> dict[str, tuple[Trigger, ...]]:
    path = resources.files("communique.data").joinpath("languages", lang, TIERS[tier])
    by_first: dict[str, list[Trigger]] = defaultdict(list)
    if not path.is_file():
        return {}
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" not in line:
            continue
        cameo, pattern, *rest = (part.strip() for part in line.split("\t"))
        flags = {f.strip() for f in rest[0].split(",")} if rest else set()
        words = pattern.split()  # Chinese patterns are jieba words separated by spaces too
        keys = tuple(key(w, lang) for w in words if w)
        if not keys:
            continue
        trigger = Trigger(cameo, keys, "noun" in flags, "intent" in flags, pattern)
        by_first[keys[0]].append(trigger)
    return {first: tuple(sorted(found, key=lambda t: -len(t.keys))) for first, found in by_first.items()}


@cache
def cues(lang: str) -> dict[str, frozenset[str]]:
    """Cue keys by kind (negation, modality, future, reporting, intent, question)."""
    path = resources.files("communique.data").joinpath("languages", lang, "cues.json")
    data: dict[str, list[str]] = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    return {kind: frozenset(key(w, lang) for word in words for w in [word]) for kind, words in data.items()}


def tokens_of(
    text: str, start: int, end: int, given: tuple[Token, ...] | OffsetIndex[Token], lang: str
) -> list[Token]:
    """Tokens of ``text[start:end]``: the backend's lemmas if it gave any, else words as written.
    ``given``: the backend's tokens, best as an :class:`.spans.OffsetIndex` when asked once per
    sentence (a scan of the article's tokens per sentence is quadratic in its length)."""
    if isinstance(given, OffsetIndex):
        inside = given.within(start, end)
    else:
        inside = [t for t in given if start <= t.start < end]
    if inside:
        return inside
    if lang in {"zh", "ja"}:
        import jieba  # type: ignore[import-untyped]

        found, position = [], start
        for word in jieba.cut(text[start:end]):
            found.append(Token(position, position + len(word), word))
            position += len(word)
        return [t for t in found if t.lemma.strip()]
    return [
        Token(start + m.start(), start + m.end(), m.group().lower()) for m in _WORD.finditer(text[start:end])
    ]


#: Words before a day name that belong to the date ("on Monday", "el lunes", "в понедельник").
_DAY_LEADS = frozenset({"on", "this", "last", "el", "este", "le", "ce", "в", "во", "am", "o", "no", "em"})
_HYPHENS = frozenset({"-", "–", "‑"})
_RELATIVE_DAYS = {
    "en": ("today", "yesterday"),
    "fr": ("aujourd'hui", "hier"),
    "es": ("hoy", "ayer"),
    "ru": ("сегодня", "вчера"),
    "zh": ("今天", "昨天", "当天", "今日", "昨日"),
    "de": ("heute", "gestern"),
    "pt": ("hoje", "ontem"),
}


@cache
def _day_keys(lang: str) -> frozenset[str]:
    """Keys of the language's day names (CLDR, via babel) and of "today"/"yesterday"."""
    from babel import Locale

    try:
        names = list(Locale.parse(lang).days["format"]["wide"].values())
    except (ValueError, LookupError):
        names = []
    if lang == "zh":
        names += [f"周{d}" for d in "一二三四五六日"] + [f"星期{d}" for d in "一二三四五六日"]
    return frozenset(key(n, lang) for n in [*names, *_RELATIVE_DAYS.get(lang, ())])


def _transparent(keys: list[str], lang: str) -> set[int]:
    """Token positions of a day reference: wire copy puts it between a verb and its object
    ("lifted on Saturday most of the sanctions", "levó el miércoles parte de las sanciones"),
    and it should not use up a pattern's gap."""
    days = _day_keys(lang)
    found: set[int] = set()
    for i, word in enumerate(keys):
        if word in _HYPHENS:  # "a five-year accord": one word to a reader, three tokens here
            found.add(i)
        if word in days:
            found.add(i)
            if i and keys[i - 1] in _DAY_LEADS:
                found.add(i - 1)
    return found


#: Parts of speech inside a noun phrase that do not count in a gap: "freed 11 of the most
#: prominent political prisoners" is "free prisoner" (determiners, numbers, adjectives, particles).
_PHRASE_INTERNAL = frozenset({"DET", "NUM", "ADJ", "PART"})
_OF = frozenset({"of", "de", "del", "des", "du"})


def find_triggers(
    keys: list[str], lang: str, tier: str = "main", pos: list[str] | None = None
) -> list[Match]:
    """Every lexicon pattern whose words occur in order with small gaps, longest first at a position.
    A day reference between two words of a pattern does not count in the gap; with the words' parts
    of speech (``pos``), neither do the determiners, numbers, adjectives and "of" of a noun phrase."""
    lexicon = _lexicon(lang, tier)
    skip = _transparent(keys, lang)
    if pos is not None:
        skip |= {
            i for i, tag in enumerate(pos) if tag in _PHRASE_INTERNAL or (tag == "ADP" and keys[i] in _OF)
        }
    found: list[Match] = []
    for index, word in enumerate(keys):
        for trigger in lexicon.get(word, ()):
            position, last = index, index
            for wanted in trigger.keys[1:]:
                # The next word of the pattern within the gap; skipped words may be it themselves.
                nxt, counted, cursor = None, 0, position + 1
                while cursor < len(keys) and counted <= _MAX_GAP:
                    if keys[cursor] == wanted:
                        nxt = cursor
                        break
                    counted += cursor not in skip
                    cursor += 1
                if nxt is None:
                    break
                position = last = nxt
            else:
                found.append(Match(trigger, index, last))
                break
    return found
