"""The one small interface every language backend implements.

A backend turns a text into sentences and entity *mentions*. A mention is a
name as written (without its title words), its type, its offsets, and what the
text around it says: the title words ("Vice Premier", "вице-премьер",
"国务院副总理") and the country of affiliation (from a demonym, "of China", a
possessive, or the office). Backends are loaded lazily, once per process, and
looked up by language code (:func:`communique.nlp.backend_for`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

EntityType = Literal["PERSON", "ORG", "PLACE"]


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of the annotated text."""

    start: int
    end: int


def trimmed_sentence(text: str, start: int, end: int) -> Sentence | None:
    """The span ``text[start:end]`` without surrounding white space, or None if nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end) if end > start else None


@dataclass(frozen=True, slots=True)
class Mention:
    """One mention of a person, organisation or place in a text."""

    #: The name as written, without title words ("Wang Xiaoming", "M. Wang" -> "Wang").
    text: str
    type: EntityType
    #: Character offsets of ``text`` in the annotated text.
    start: int
    end: int
    #: Index into :attr:`Annotation.sentences`.
    sentence: int
    #: Title words attached to a person, as written ("First Deputy Prime Minister").
    title: str | None = None
    #: ISO 3166-1 alpha-3 country of affiliation, when the text says it.
    country: str | None = None
    #: The whole phrase as written, title words included ("Chinese Vice Premier Wang
    #: Xiaoming", "M. Wang"), when it differs from ``text``; kept as an alias.
    surface: str | None = None


@dataclass(frozen=True, slots=True)
class Token:
    """A word with its dictionary form, for the event coder's trigger lexicons."""

    start: int
    end: int
    lemma: str
    #: Universal part of speech when the backend has a tagger ("VERB", "AUX", "NOUN", ...), else "".
    pos: str = ""
    #: A finite verb form ("met", "signs"), when the backend's tagger says so.
    finite: bool = False


@dataclass(frozen=True, slots=True)
class Arc:
    """A word of a dependency parse: its offsets, its head (an index into the same sentence's arcs;
    the root is its own head), its relation to the head, part of speech and lemma."""

    start: int
    end: int
    head: int
    dep: str
    pos: str
    lemma: str


@dataclass(frozen=True, slots=True)
class Annotation:
    """Everything a backend read out of one text."""

    language: str
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    #: Words with lemmas, when the backend has a lemmatiser (else the coder tokenises itself).
    tokens: tuple[Token, ...] = ()


class Backend(Protocol):
    """What a language backend provides."""

    #: Registry name, e.g. ``"spacy-en"``, ``"natasha"``, ``"jieba"``.
    name: str

    def annotate(self, text: str) -> Annotation:
        """Sentences and mentions of ``text``; pure: same text, same answer."""
        ...


class Parser(Protocol):
    """A backend that can also parse: the event coder asks it only for sentences holding an event."""

    def parse(self, text: str, spans: list[Sentence]) -> list[tuple[Arc, ...]]:
        """A dependency parse of each span of ``text`` (offsets in ``text``)."""
        ...
