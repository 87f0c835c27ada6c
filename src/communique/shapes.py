"""The shapes of what the store returns: the contract's JSON records, as ``TypedDict`` s.

The store keeps events and stories as JSON records and reads entities, mechanisms and article lists
into dictionaries; the CLI, the API, the pages and the exports read them. These types name every key
each side may rely on, so the type checker, not a reader of the store's code, says what a record holds.
At run time they are plain dictionaries: the JSON a user receives is exactly what is declared here.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

__all__ = [
    "ArticleSummary",
    "CoMentioned",
    "EntityArticle",
    "EntityProfile",
    "EntityRecord",
    "EntitySummary",
    "EventActor",
    "EventRecord",
    "EventSource",
    "Evidence",
    "Institution",
    "MechanismRecord",
    "MonthCount",
    "MonthlyCounts",
    "Pledge",
    "Role",
    "Session",
    "StoryRecord",
    "Visitor",
]


class EventActor(TypedDict):
    """A participant of an event: a resolved entity (``entity_id``) or a name the coder found."""

    entity_id: str | None
    name: str | None
    country: str | None
    #: co-chair, visitor, host, source, target or participant.
    role: str


class Visitor(TypedDict):
    """The side that travelled to a meeting or visit."""

    entity_id: str | None
    name: str | None


class Institution(TypedDict):
    """The body whose session an event is."""

    entity_id: str | None
    name: str | None


class Pledge(TypedDict):
    """What a side pledged: the sentence and the areas named in it, once per meaning."""

    text: str | None
    areas: list[str]


class Evidence(TypedDict):
    """A sentence that reports the event: its article and character span there."""

    article_id: str
    sentence: str
    start: int
    end: int


class EventRecord(TypedDict):
    """One real event, from every mention of it in every article and language."""

    id: str
    plover: str
    mode: str | None
    context: str | None
    cameo: str
    date: str | None
    end_date: str | None
    place: str | None
    country: str | None
    actors: list[EventActor]
    visitor: Visitor | None
    host_country: str | None
    institution: Institution | None
    session_number: int | None
    pledge: Pledge | None
    #: Numbers and dated policies announced (value, unit, kind, period, the clause stating them).
    facts: list[dict[str, Any]]
    article_ids: list[str]
    languages: list[str]
    evidence: list[Evidence]
    confidence: float
    #: Distinct outlets reporting it (an article without a named outlet counts as one).
    n_outlets: int
    #: For a dated visit, the meetings inside it; added when read, never stored.
    contains: NotRequired[list[str]]


class StoryRecord(TypedDict):
    """Articles and events joined by what links them (copies, translations, shared events, a visit's
    meetings, an announcement and what it announced)."""

    id: str
    title: str | None
    article_ids: list[str]
    event_ids: list[str]
    start: str | None
    end: str | None
    languages: list[str]
    n_articles: int
    n_outlets: int


class Session(TypedDict):
    """A numbered session of a recurring mechanism."""

    number: int
    date: str | None
    place: str | None
    event_id: str
    co_chairs: list[str | None]


class MechanismRecord(TypedDict):
    """A recurring body (a cooperation committee, a dialogue) with its numbered sessions."""

    id: str
    name: str
    kind: str
    countries: list[str]
    sessions: list[Session]


class Role(TypedDict):
    """An office an entity was reported holding, and when."""

    title: str
    country: str | None
    first_seen: str | None
    last_seen: str | None


class EntityRecord(TypedDict):
    """A resolved entity in the contract's shape."""

    id: str
    name: str
    type: str
    country: str | None
    aliases: list[str]
    roles: list[Role]
    article_ids: list[str]


class EntityArticle(TypedDict):
    """An article naming an entity."""

    id: str
    published: str | None
    language: str | None
    title: str | None


class CoMentioned(TypedDict):
    """An entity named in the same articles, and in how many."""

    id: str
    name: str
    type: str
    articles: int


class EntityProfile(EntityRecord):
    """An entity with its articles and the entities most often named beside it."""

    articles: list[EntityArticle]
    co_mentioned: list[CoMentioned]


class EntitySummary(TypedDict):
    """A line of the entity list."""

    id: str
    name: str
    type: str
    country: str | None
    first_seen: str | None
    last_seen: str | None
    n_articles: int


class ArticleSummary(TypedDict):
    """An article without its text: what lists and timelines show."""

    id: str
    title: str | None
    language: str | None
    published: str | None
    outlet: str | None
    translation_of: str | None
    duplicate_of: str | None


class EventSource(ArticleSummary):
    """An article reporting an event, with its text and the spans that report it."""

    source: str
    url: str | None
    text: str
    spans: list[tuple[int, int]]


class MonthCount(TypedDict):
    """Events in one month, by PLOVER category."""

    month: str
    counts: dict[str, int]
    total: int


class MonthlyCounts(TypedDict):
    """Events per month per category for a selection of events (typically a pair of countries)."""

    countries: list[str]
    categories: list[str]
    months: list[MonthCount]
    undated: int
