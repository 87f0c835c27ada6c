"""Fallback for languages without a dedicated backend but with letter case (German,
Portuguese, Italian, Dutch, Polish, ...): capitalisation patterns, the language's title
lexicon when there is one, and the gazetteer. Scripts without case (Arabic, Hebrew,
Thai, Japanese, Korean, Devanagari ...) give no such evidence: those languages are
refused with :class:`~communique.nlp.UnsupportedLanguageError` rather than guessed at.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..countries import country_code
from ..places import lookup_place
from .base import Annotation, EntityType, Mention, Sentence
from .titles import canonical_title, title_before

__all__ = ["FallbackBackend", "has_letter_case"]

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)", re.S)
# Capitalised words, joined by short lower-case particles ("Banco do Brasil", "Rat der EU").
_NAME = re.compile(
    r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁΑ-Ω][\w'’.-]*(?:\s+(?:(?:de|do|da|dos|das|der|die|des|von|van|di|del|della|du|la|le)\s+)?"
    r"[A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁΑ-Ω][\w'’.-]*)*"
)
#: Head words of organisation names in Latin-script languages without a backend.
_ORG_HEADS = frozenset(
    "ministerium ministério ministero ministerie ministerstwo kommission comissão commissione "
    "commissie komisja rat conselho consiglio raad rada bank banco banca partei partido partito partij "
    "partia bund união unione unie unia komitee comité comitato comitê komitet forum fórum regierung "
    "governo regering rząd agentur agência agenzia agentschap agencja organisation organização "
    "organizzazione organisatie".split()
)


#: Capitalised nouns of amounts (German capitalises every noun: "225 Millionen Euro", "Milliarden Dollar").
_MAGNITUDES = frozenset(
    "millionen milliarden billionen million milliarde prozent tonnen kilometer einwohner".split()
)


@cache
def _amount_words(lang: str) -> frozenset[str]:
    """Currency names in ``lang`` (CLDR, via babel) and magnitude nouns: never part of a person's name."""
    from babel import Locale

    try:
        names: list[str] = list(Locale.parse(lang).currencies.values())
    except (ValueError, LookupError):
        names = []
    return _MAGNITUDES | {w.casefold() for name in names for w in re.findall(r"\w+", name)}


def has_letter_case(text: str) -> bool:
    """Whether most letters of ``text`` belong to a script with upper and lower case."""
    letters = [ch for ch in text[:5000] if ch.isalpha()]
    if not letters:
        return False
    cased = sum(1 for ch in letters if ch.lower() != ch.upper())
    return cased / len(letters) > 0.8


def _is_name_script(name: str) -> bool:
    return all(
        not ch.isalpha()
        or "LATIN" in unicodedata.name(ch, "")
        or "CYRILLIC" in unicodedata.name(ch, "")
        or "GREEK" in unicodedata.name(ch, "")
        for ch in name
    )


class FallbackBackend:
    """Capitalisation rules for a cased language with no dedicated backend."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.name = f"fallback-{lang}"

    def annotate(self, text: str) -> Annotation:
        """Sentences and the names the rules can type."""
        sentences = tuple(Sentence(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip())
        mentions: list[Mention] = []
        for index, sentence in enumerate(sentences):
            for match in _NAME.finditer(text, sentence.start, sentence.end):
                name = match.group().rstrip(".")
                start, end = match.start(), match.start() + len(name)
                words = name.split()
                # German capitalises nouns: "Außenminister Rodrigo Valdivieso" starts with its title.
                while len(words) > 1 and canonical_title(words[0], self.lang) is not None:
                    cut = name.index(words[1], len(words[0]))
                    start, name, words = start + cut, name[cut:], words[1:]
                first_word = text[sentence.start : start].strip() == ""
                kind = self._type(name, words, text, start, first_word)
                if kind is None or not _is_name_script(name):
                    continue
                title = title_before(text, start, self.lang) if kind == "PERSON" else None
                mentions.append(
                    Mention(
                        text=name,
                        type=kind,
                        start=start,
                        end=end,
                        sentence=index,
                        title=title.canonical if title else None,
                        country=country_code(name, self.lang) if kind == "PLACE" else None,
                        surface=text[title.start : end] if title else None,
                    )
                )
        return Annotation(self.lang, sentences, tuple(mentions))

    def _type(
        self, name: str, words: list[str], text: str, start: int, first_word: bool
    ) -> EntityType | None:
        if canonical_title(name, self.lang) is not None and canonical_title(name, self.lang) == name:
            return None
        if lookup_place(name) is not None or country_code(name, self.lang):
            return "PLACE"
        if any(w.lower() in _ORG_HEADS for w in words):
            return "ORG"
        if title_before(text, start, self.lang) is not None:
            return "PERSON"
        if (
            2 <= len(words) <= 4
            and not first_word
            and all(w[:1].isupper() and w[1:2].islower() for w in words)
            and not any(w.casefold() in _amount_words(self.lang) for w in words)
        ):
            return "PERSON"  # Firstname Lastname in running text
        return None
