"""Per-language word lists for the rule-based fallback: stop words, organisation heads, case endings.

Lists live in ``data/languages/<code>/`` (the formats are in that folder's README). Stop words come
from spaCy's ``spacy.lang.<code>.stop_words`` where spaCy ships them (uk, bg, sr, mk, ky, cs, pl, sl,
sk, hr, de, it, pt, nl, ru ...), else from ``data/languages/<code>/stop_words.txt`` (Kazakh,
Belarusian); to either are added the language's month and weekday names from CLDR (babel), which
are capitalised in some languages and at a sentence's start in all.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "OrgHeads",
    "case_endings",
    "citation_forms",
    "connectors",
    "determiners",
    "noun_suffixes",
    "org_heads",
    "stop_words",
]

#: A stem head ("міністерств*") takes an inflection ending of at most this many letters: the case
#: endings of names are one or two letters; three would let "совет*" match "советник" (an adviser).
_MAX_STEM_ENDING = 2
#: Inflection endings a compound head ("*rat") may carry: German and Dutch genitive and plural.
_COMPOUND_ENDINGS = ("", "s", "es", "e", "en", "n")
#: A case ending is stripped only if at least this many letters stay: shorter stems ("Po" -> "P")
#: match anything.
_MIN_STEM = 3


def _lines(lang: str, name: str) -> list[str]:
    path = resources.files("communique.data").joinpath("languages", lang, name)
    if not path.is_file():
        return []
    out = []
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@cache
def stop_words(lang: str) -> frozenset[str]:
    """Case-folded function words of ``lang`` (spaCy's list or the package's), plus CLDR month and
    weekday names. Empty for a language with neither."""
    words: set[str] = set()
    try:
        module = importlib.import_module(f"spacy.lang.{lang}.stop_words")
        words |= {str(w).casefold() for w in module.STOP_WORDS}
    except ImportError:
        words |= {w.casefold() for line in _lines(lang, "stop_words.txt") for w in line.split()}
    words |= _calendar_words(lang)
    return frozenset(words)


def _calendar_words(lang: str) -> set[str]:
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(lang)
    except (ValueError, UnknownLocaleError):
        return set()
    out: set[str] = set()
    for table in (locale.months, locale.days):
        for context in ("format", "stand-alone"):
            for name in table.get(context, {}).get("wide", {}).values():
                out.add(str(name).casefold())
    return out


@dataclass(frozen=True, slots=True)
class OrgHeads:
    """Head nouns of organisation names in one language (see ``data/languages/README.md``)."""

    words: frozenset[str]
    stems: tuple[str, ...]
    compounds: tuple[str, ...]
    excluded: tuple[str, ...]

    def match(self, word: str) -> str | None:
        """How ``word`` is a head: "word", "stem", "compound" (a longer compound ending in a head),
        or None."""
        folded = word.casefold()
        if folded in self.words:
            return "word"
        if any(folded.startswith(s) and len(folded) - len(s) <= _MAX_STEM_ENDING for s in self.stems):
            return "stem"
        for head in self.compounds:
            for ending in _COMPOUND_ENDINGS:
                if not folded.endswith(head + ending):
                    continue
                base = folded[: len(folded) - len(ending)] if ending else folded
                if any(base.endswith(x) for x in self.excluded):
                    return None
                return "word" if base == head else "compound"
        return None


@cache
def org_heads(lang: str) -> OrgHeads:
    """The organisation heads of ``lang`` (empty when the language has no list)."""
    words, stems, compounds, excluded = set(), [], [], []
    for line in _lines(lang, "org_heads.txt"):
        head = line.casefold()
        if head.startswith("!"):
            excluded.append(head[1:])
        elif head.startswith("*"):
            compounds.append(head[1:])
        elif head.endswith("*"):
            stems.append(head[:-1])
        else:
            words.add(head)
    return OrgHeads(frozenset(words), tuple(stems), tuple(compounds), tuple(excluded))


@cache
def _inflection(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    strip, add = set(), set()
    for line in _lines(lang, "inflection.txt"):
        sign, _, ending = line.partition(" ")
        if sign == "-" and ending.strip():
            strip.add(ending.strip())
        elif sign == "+":
            add.add(ending.strip())
    return tuple(sorted(strip, key=len, reverse=True)), tuple(sorted(add, key=len))


@cache
def citation_forms(word: str, lang: str) -> tuple[str, ...]:
    """Candidate citation forms of an inflected name, the word itself first: each listed case ending
    that leaves a stem of at least three letters is swapped for each citation ending
    ("Великобританії" -> ..., "Великобританія"; "Қазақстанның" -> "Қазақстан"; "Syriens" -> "Syrien")."""
    strip, add = _inflection(lang)
    out = [word]
    lower = word.casefold()
    for ending in strip:
        if lower.endswith(ending) and len(word) - len(ending) >= _MIN_STEM:
            stem = word[: len(word) - len(ending)]
            out.extend(stem + new for new in add if stem + new != word)
    return tuple(dict.fromkeys(out))


def case_endings(lang: str) -> tuple[str, ...]:
    """The case endings ``lang`` lists (longest first); empty for a language with none."""
    return _inflection(lang)[0]


@cache
def connectors(lang: str) -> frozenset[str]:
    """Prepositions and articles that join an organisation's head to its complement."""
    return frozenset(w.casefold() for w in _lines(lang, "connectors.txt"))


@cache
def determiners(lang: str) -> frozenset[str]:
    """Articles and determiners of a language that capitalises every noun (German)."""
    return frozenset(w.casefold() for w in _lines(lang, "determiners.txt"))


@cache
def noun_suffixes(lang: str) -> tuple[str, ...]:
    """Suffixes of common nouns in a language that capitalises them: such a word is no name."""
    return tuple(w.casefold() for w in _lines(lang, "noun_suffixes.txt"))
