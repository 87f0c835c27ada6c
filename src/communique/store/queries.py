"""Read queries for the REST API and the web pages, as functions of a :class:`~communique.store.Store`.

``Store.iter_events`` reads every event, which suits an export but not a request: here every query is
bounded (a page, one id, one pair of countries) and goes through the store's indexes — ``events`` by
date, category and institution, ``event_actors`` by entity and by event, ``event_mentions`` and
``entity_articles`` by article. Everything is portable SQLAlchemy Core, so the same functions run on
SQLite and PostgreSQL. What a visit contains and what a mechanism's sessions are is read by
:mod:`communique.store._reads`, as ``Store.iter_events`` and ``Store.mechanisms`` read them.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Generic, TypeVar

import sqlalchemy as sa

from ..errors import NotFoundError
from ..shapes import (
    ArticleSummary,
    EntitySummary,
    EventRecord,
    EventSource,
    MechanismRecord,
    MonthlyCounts,
    StoryRecord,
)
from . import Store
from ._reads import all_mechanisms, contained, entity_order, iso, mechanisms, names_matching
from ._sql import chunks, select_in
from .schema import (
    articles,
    entities,
    event_actors,
    event_mentions,
    events,
    stories,
    story_articles,
)

__all__ = [
    "EventFilter",
    "Page",
    "article_events",
    "article_summaries",
    "entity_events",
    "entity_names",
    "event_sources",
    "events_by_id",
    "get_event",
    "get_mechanism",
    "get_story",
    "list_articles",
    "list_entities",
    "list_events",
    "list_mechanisms",
    "list_stories",
    "monthly_counts",
    "story_of_article",
]


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events to list. Every given field must hold (they are ANDed)."""

    #: ISO 3166-1 alpha-3 codes: one country, or a pair whose actors both take part.
    countries: tuple[str, ...] = ()
    #: Entity id of an actor (a person, or any entity).
    person: str | None = None
    #: PLOVER category.
    plover: str | None = None
    #: Entity id of the institution whose sessions the events are.
    mechanism: str | None = None
    #: First and last event date, inclusive.
    start: date | None = None
    end: date | None = None


_Item = TypeVar("_Item")


@dataclass(slots=True)
class Page(Generic[_Item]):
    """One page of a longer list."""

    total: int
    limit: int
    offset: int
    items: list[_Item] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: ``{"total", "limit", "offset", "items"}``."""
        return {"total": self.total, "limit": self.limit, "offset": self.offset, "items": self.items}


# -- events -------------------------------------------------------------------------------------


def _event_conditions(flt: EventFilter) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    for country in dict.fromkeys(flt.countries):
        # One semi-join per country: the pair is "an actor of each", not "one actor of both".
        conditions.append(
            events.c.id.in_(sa.select(event_actors.c.event_id).where(event_actors.c.country == country))
        )
    if flt.person:
        conditions.append(
            events.c.id.in_(sa.select(event_actors.c.event_id).where(event_actors.c.entity_id == flt.person))
        )
    if flt.plover:
        conditions.append(events.c.plover == flt.plover)
    if flt.mechanism:
        conditions.append(events.c.institution_id == flt.mechanism)
    if flt.start:
        conditions.append(events.c.date >= flt.start)
    if flt.end:
        conditions.append(events.c.date <= flt.end)
    return conditions


def _by_date() -> tuple[sa.ColumnElement[Any], ...]:
    # Undated events last on both back ends (SQLite sorts NULL first, PostgreSQL last).
    return (sa.case((events.c.date.is_(None), 1), else_=0), events.c.date, events.c.id)


def list_events(store: Store, flt: EventFilter, limit: int = 50, offset: int = 0) -> Page[EventRecord]:
    """Events matching ``flt`` in the contract's shape, by date, with the total that match.

    Dated events are read in index order (date, id) — a sort expression would make the database sort
    every match for each page (443 ms for offset 20,000 of 46k events, against 0.1 ms) — and the rare
    undated ones follow them."""
    conditions = _event_conditions(flt)
    dated = [*conditions, events.c.date.is_not(None)]
    undated = [*conditions, events.c.date.is_(None)]
    # One pass counts both: a country pair's semi-joins were paid twice by a count per half.
    count = sa.select(sa.func.count(), sa.func.count(events.c.date)).select_from(events).where(*conditions)
    with store.engine.connect() as connection:
        n_all, n_dated = connection.execute(count).one()
        n_undated = int(n_all or 0) - int(n_dated or 0)
        n_dated = int(n_dated or 0)
        rows = list(
            connection.scalars(
                sa.select(events.c.record)
                .where(*dated)
                .order_by(events.c.date, events.c.id)
                .limit(limit)
                .offset(offset)
            )
        )
        if len(rows) < limit and n_undated:
            rows += connection.scalars(
                sa.select(events.c.record)
                .where(*undated)
                .order_by(events.c.id)
                .limit(limit - len(rows))
                .offset(max(0, offset - n_dated))
            ).all()
    return Page(n_dated + n_undated, limit, offset, [json.loads(r) for r in rows])


def _records(connection: sa.Connection, ids: Sequence[str]) -> list[EventRecord]:
    found: list[EventRecord] = []
    for chunk in chunks(list(ids)):
        found.extend(
            json.loads(r)
            for r in connection.scalars(
                sa.select(events.c.record).where(events.c.id.in_(chunk)).order_by(*_by_date())
            )
        )
    return sorted(found, key=lambda r: (r["date"] is None, r["date"] or "", r["id"]))


def get_event(store: Store, event_id: str) -> EventRecord:
    """One event in the contract's shape; a visit lists the meetings it ``contains``."""
    with store.engine.connect() as connection:
        record = connection.scalar(sa.select(events.c.record).where(events.c.id == event_id))
        if record is None:
            raise NotFoundError("no event with that id", source=event_id)
        event: EventRecord = json.loads(record)
        event["contains"] = contained(connection, event)
    return event


def events_by_id(store: Store, ids: Sequence[str]) -> list[EventRecord]:
    """The events with these ids (unknown ids skipped), by date."""
    with store.engine.connect() as connection:
        return _records(connection, ids)


def event_sources(store: Store, event: EventRecord) -> list[EventSource]:
    """Every article reporting ``event``, with its text and the evidence spans (start, end) in it,
    earliest first: what the event page shows side by side."""
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for evidence in event.get("evidence", ()):
        spans[evidence["article_id"]].append((int(evidence["start"]), int(evidence["end"])))
    ids = sorted(set(event.get("article_ids", ())) | set(spans))
    found: list[EventSource] = []
    with store.engine.connect() as connection:
        for row in select_in(connection, (articles,), articles.c.id, ids):
            m = row._mapping
            found.append(
                {
                    "id": m["id"],
                    "title": m["title"],
                    "language": m["language"],
                    "published": iso(m["published"]),
                    "outlet": m["outlet"] or m["dateline_agency"],
                    "source": m["source"],
                    "url": m["url"],
                    "text": m["text"],
                    "translation_of": m["translation_of"],
                    "duplicate_of": m["duplicate_of"],
                    "spans": sorted(spans.get(m["id"], [])),
                }
            )
    return sorted(found, key=lambda a: (a["published"] or "", a["language"] or "", a["id"]))


def article_events(store: Store, article_id: str) -> list[EventRecord]:
    """The events an article reports, by date."""
    with store.engine.connect() as connection:
        ids = list(
            connection.scalars(
                sa.select(event_mentions.c.event_id)
                .where(event_mentions.c.article_id == article_id)
                .distinct()
            )
        )
        return _records(connection, ids)


def entity_events(store: Store, entity_id: str, limit: int = 500) -> list[EventRecord]:
    """Events an entity takes part in as an actor, or whose institution it is, by date."""
    with store.engine.connect() as connection:
        query = (
            sa.select(events.c.record)
            .where(
                sa.or_(
                    events.c.id.in_(
                        sa.select(event_actors.c.event_id).where(event_actors.c.entity_id == entity_id)
                    ),
                    events.c.institution_id == entity_id,
                )
            )
            .order_by(*_by_date())
            .limit(limit)
        )
        return [json.loads(r) for r in connection.scalars(query)]


def monthly_counts(store: Store, flt: EventFilter) -> MonthlyCounts:
    """Events per month per PLOVER category for the events ``flt`` selects (typically a pair of
    countries): ``{"categories": [...], "months": [{"month": "2023-11", "counts": {...}, "total"}]}``.
    Undated events are counted apart, in ``undated``."""
    conditions = _event_conditions(flt)
    year = sa.extract("year", events.c.date)
    month = sa.extract("month", events.c.date)
    query = (
        sa.select(year, month, events.c.plover, sa.func.count())
        .where(*conditions, events.c.date.is_not(None))
        .group_by(year, month, events.c.plover)
        .order_by(year, month, events.c.plover)
    )
    undated_query = sa.select(sa.func.count()).select_from(events).where(*conditions, events.c.date.is_(None))
    by_month: dict[str, dict[str, int]] = {}
    with store.engine.connect() as connection:
        for y, m, plover, n in connection.execute(query):
            # PostgreSQL's EXTRACT returns a numeric, SQLite's an integer: int() reads both.
            by_month.setdefault(f"{int(y):04d}-{int(m):02d}", {})[plover] = int(n)
        undated = int(connection.scalar(undated_query) or 0)
    categories = sorted({c for counts in by_month.values() for c in counts})
    return {
        "countries": list(flt.countries),
        "categories": categories,
        "months": [
            {"month": key, "counts": counts, "total": sum(counts.values())}
            for key, counts in sorted(by_month.items())
        ],
        "undated": undated,
    }


# -- articles -----------------------------------------------------------------------------------


def _article_dict(m: Any) -> dict[str, Any]:
    return {
        "id": m["id"],
        "source": m["source"],
        "outlet": m["outlet"],
        "language": m["language"],
        "title": m["title"],
        "published": iso(m["published"]),
        "dateline": {
            "place": m["dateline_place"],
            "country": m["dateline_country"],
            "date": iso(m["dateline_date"]),
            "agency": m["dateline_agency"],
        },
        "text": m["text"],
        "url": m["url"],
        "duplicate_of": m["duplicate_of"],
        "translation_of": m["translation_of"],
        "external_id": m["external_id"],
    }


def list_articles(
    store: Store, limit: int = 50, offset: int = 0, language: str | None = None
) -> Page[dict[str, Any]]:
    """Articles in the contract's shape, latest publication first (through ``ix_articles_published``)."""
    conditions = [articles.c.language == language] if language else []
    with store.engine.connect() as connection:
        total = connection.scalar(sa.select(sa.func.count()).select_from(articles).where(*conditions)) or 0
        rows = connection.execute(
            sa.select(articles)
            .where(*conditions)
            .order_by(
                sa.case((articles.c.published.is_(None), 1), else_=0),
                articles.c.published.desc(),
                articles.c.id,
            )
            .limit(limit)
            .offset(offset)
        ).all()
    return Page(int(total), limit, offset, [_article_dict(r._mapping) for r in rows])


def article_summaries(store: Store, ids: Iterable[str]) -> list[ArticleSummary]:
    """Id, title, language, date and outlet of articles, earliest first (no text)."""
    columns = (
        articles.c.id,
        articles.c.title,
        articles.c.language,
        articles.c.published,
        articles.c.outlet,
        articles.c.dateline_agency,
        articles.c.translation_of,
        articles.c.duplicate_of,
    )
    with store.engine.connect() as connection:
        found: list[ArticleSummary] = [
            {
                "id": r.id,
                "title": r.title,
                "language": r.language,
                "published": iso(r.published),
                "outlet": r.outlet or r.dateline_agency,
                "translation_of": r.translation_of,
                "duplicate_of": r.duplicate_of,
            }
            for r in select_in(connection, columns, articles.c.id, ids)
        ]
    return sorted(found, key=lambda a: (a["published"] or "", a["id"]))


# -- entities -----------------------------------------------------------------------------------


def list_entities(
    store: Store, q: str | None = None, kind: str | None = None, limit: int = 50, offset: int = 0
) -> Page[EntitySummary]:
    """Entities (id, name, type, country, n_articles), most reported first; ``q`` matches a name or
    any alias (case-insensitive substring; ``%`` and ``_`` are letters, not wildcards), ``kind`` is
    PERSON, ORG or PLACE."""
    conditions: list[sa.ColumnElement[bool]] = []
    if q and q.strip():
        conditions.append(names_matching(q.strip()))
    if kind:
        conditions.append(entities.c.type == kind)
    with store.engine.connect() as connection:
        total = connection.scalar(sa.select(sa.func.count()).select_from(entities).where(*conditions)) or 0
        rows = connection.execute(
            sa.select(entities)
            .where(*conditions)
            .order_by(*entity_order(store.dialect))
            .limit(limit)
            .offset(offset)
        ).all()
    items: list[EntitySummary] = [
        {
            "id": r.id,
            "name": r.name,
            "type": r.type,
            "country": r.country,
            "first_seen": iso(r.first_seen),
            "last_seen": iso(r.last_seen),
            "n_articles": r.n_articles,
        }
        for r in rows
    ]
    return Page(int(total), limit, offset, items)


def entity_names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """Entity id -> name, for the ids that exist."""
    names: dict[str, str] = {}
    with store.engine.connect() as connection:
        for chunk in chunks(list(ids)):
            query = sa.select(entities.c.id, entities.c.name).where(entities.c.id.in_(chunk))
            names.update((str(r.id), str(r.name)) for r in connection.execute(query))
    return names


# -- stories ------------------------------------------------------------------------------------


def list_stories(store: Store, limit: int = 50, offset: int = 0) -> Page[StoryRecord]:
    """Stories in the contract's shape, latest first (through ``ix_stories_start``)."""
    with store.engine.connect() as connection:
        total = connection.scalar(sa.select(sa.func.count()).select_from(stories)) or 0
        rows = connection.scalars(
            sa.select(stories.c.record)
            .order_by(sa.case((stories.c.start.is_(None), 1), else_=0), stories.c.start.desc(), stories.c.id)
            .limit(limit)
            .offset(offset)
        ).all()
    return Page(int(total), limit, offset, [json.loads(r) for r in rows])


def get_story(store: Store, story_id: str) -> StoryRecord:
    """One story in the contract's shape."""
    with store.engine.connect() as connection:
        record = connection.scalar(sa.select(stories.c.record).where(stories.c.id == story_id))
    if record is None:
        raise NotFoundError("no story with that id", source=story_id)
    story: StoryRecord = json.loads(record)
    return story


def story_of_article(store: Store, article_id: str) -> str | None:
    """The id of the story an article belongs to, if any."""
    with store.engine.connect() as connection:
        found = connection.scalar(
            sa.select(story_articles.c.story_id).where(story_articles.c.article_id == article_id)
        )
    return str(found) if found is not None else None


# -- mechanisms ---------------------------------------------------------------------------------


def list_mechanisms(store: Store) -> list[MechanismRecord]:
    """Every recurring mechanism with its numbered sessions (number, date, place, co-chairs, event id)."""
    with store.engine.connect() as connection:
        return all_mechanisms(connection)


def get_mechanism(store: Store, mechanism_id: str) -> MechanismRecord:
    """One mechanism by the entity id of its institution."""
    with store.engine.connect() as connection:
        found = mechanisms(connection, [mechanism_id])
    if not found:
        raise NotFoundError("no mechanism with that id", source=mechanism_id)
    return found[0]
