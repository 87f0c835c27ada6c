"""The records of stage ``code``: one event as one sentence reports it, and its actors."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Actor", "EventMention"]


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
