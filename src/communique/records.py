"""The records that flow through the pipeline.

``RawDocument`` is what a reader yields; ``Document`` is the working record that
each per-article stage returns a new copy of; ``Article`` is what the store keeps
and what ``export articles`` prints (the contract's article shape); ``EventMention``
(with its ``Actor`` records) is one event as one sentence reports it, what stage
``code`` returns; ``Analysed`` is an article with what the stages found in it.

``LocalEntity`` is one person, organisation or place as one article names it (stage
``entities``), what the store keeps and resolution joins across articles.

The records live here, below the stages that make and read them: the stages import
this module and it imports none of them (only the backend interface's own records,
:mod:`communique.nlp.base`), so no import runs in a circle through it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from .nlp.base import EntityType, Mention

#: What separates the parts of a name: spaces, hyphens, middle dots (Chinese and Japanese renderings
#: of foreign names).
NAME_PARTS = re.compile(r"[\s\-‐·・]+")


@dataclass(frozen=True, slots=True)
class LocalEntity:
    """One entity as one article names it."""

    key: str
    article_id: str
    type: EntityType
    names: tuple[str, ...]
    aliases: tuple[str, ...]
    language: str | None
    country: str | None = None
    titles: tuple[tuple[str, str | None], ...] = ()
    mentions: tuple[Mention, ...] = field(default=(), compare=False)
    #: :func:`block_keys`, computed where the entity is found (in a worker) rather than by the store.
    blocks: frozenset[str] = field(default=frozenset(), compare=False)

    @property
    def full_name(self) -> str:
        """The longest name this article gives (most parts, then most letters)."""
        return max(self.names, key=lambda n: (len(NAME_PARTS.split(n)), len(n), n))


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input document as a reader found it, before any cleaning."""

    source: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    outlet: str | None = None
    external_id: str | None = None


def iso_date(value: str | None) -> date | None:
    """A record's ISO date text (``"2024-10-14"``) as a date; None for none."""
    return date.fromisoformat(value) if value else None


def input_key(raw: RawDocument) -> str:
    """A key of the whole input document, every field a reader gave it: the same bytes read again
    from the same place key the same, so that ``ingest`` finds them stored before analysing them."""
    values = (raw.source, raw.text, raw.html, raw.url, raw.title, raw.published, raw.language,
              raw.outlet, raw.external_id)  # fmt: skip
    digest = hashlib.sha256(json.dumps(values).encode("ascii"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Dateline:
    """Where and when a report says it was filed, and by which agency."""

    place: str | None = None
    country: str | None = None
    date: str | None = None
    agency: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """The working record of the per-article stages (``clean`` -> ``language`` -> ``metadata``)."""

    raw: RawDocument
    title: str | None = None
    paragraphs: tuple[str, ...] = ()
    #: Lines dropped as page chrome; kept because they often carry the date.
    chrome: tuple[str, ...] = ()
    #: Date found in a metadata header line (``" date 2023-11-28 ..."``).
    header_date: str | None = None
    #: Date and language a page declared in its own metadata (HTML ``<meta>``).
    page_date: str | None = None
    page_language: str | None = None
    language: str | None = None
    published: str | None = None
    dateline: Dateline = field(default_factory=Dateline)
    outlet: str | None = None

    @property
    def text(self) -> str:
        """Body text: paragraphs separated by one blank line."""
        return "\n\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article, in the contract's shape."""

    id: str
    source: str
    outlet: str | None
    language: str | None
    title: str | None
    published: str | None
    dateline: Dateline
    text: str
    url: str | None = None
    duplicate_of: str | None = None
    translation_of: str | None = None
    #: The id the source gave the document (JSONL ``id``, feed entry id, API document id), if any.
    external_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's JSON shape of an article."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant of an event."""

    name: str | None
    country: str | None
    role: str
    start: int | None = None
    end: int | None = None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one sentence reports it."""

    plover: str
    cameo: str
    mode: str | None
    context: str | None
    date: str | None
    end_date: str | None
    place: str | None
    country: str | None
    actors: tuple[Actor, ...]
    sentence: int
    start: int
    end: int
    text: str
    language: str
    kind: str = "event"
    institution: str | None = None
    institution_start: int | None = None
    #: Filled by the caller once the institution's mention is resolved to an entity.
    institution_key: str | None = None
    session_number: int | None = None
    pledge_text: str | None = None
    pledge_areas: tuple[str, ...] = ()
    facts: tuple[dict[str, object], ...] = field(default=())
    confidence: float = 0.5


@dataclass(frozen=True, slots=True)
class Analysed:
    """An article with what the per-article stages found in it."""

    article: Article
    entities: tuple[LocalEntity, ...] = ()
    events: tuple[EventMention, ...] = ()
    #: Why entities were not extracted (e.g. ``"unsupported_language"``), if they were not.
    note: str | None = None
    #: MinHash signature of the text (:func:`communique.near_duplicates.signature`).
    signature: bytes = b""
    #: :func:`input_key` of the document the article was read from ("" when not read from one).
    input_key: str = ""
