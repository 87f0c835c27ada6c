"""The cross-article stages' view of the store: every query they make and every row they write, by name.

:mod:`communique.crossdoc` resolves entities, merges event mentions into events and links copies,
translations and stories. It decides; this module reads and writes. A :class:`Ledger` wraps one write
transaction (:meth:`communique.store.Store.ledger`), so a batch is stored whole or not at all, and the
stages never see a table, a column or a dialect: moving them (to other workers, to another store) means
implementing this class, nothing else.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

import sqlalchemy as sa

from ..records import Article, LocalEntity, iso_date
from ._reads import TRAVELLER_ROLES, meetings_in_visit
from ._sql import chunks, nul_free, select_in
from .schema import (
    article_bands,
    article_blocks,
    article_links,
    article_signatures,
    article_sources,
    article_vectors,
    articles,
    entities,
    entity_aliases,
    entity_articles,
    entity_roles,
    event_actors,
    event_blocks,
    event_entities,
    event_keys,
    event_mentions,
    events,
    input_keys,
    local_blocks,
    local_entities,
    mentions,
    stories,
    story_articles,
)

__all__ = [
    "ArticleInfo",
    "EntityRows",
    "EventRows",
    "EventSpan",
    "Ledger",
    "StoredArticles",
    "StoredLocal",
    "StoredMention",
]


class ArticleInfo(NamedTuple):
    """What linking reads of an article."""

    id: str
    published: date | None
    language: str | None
    text: str
    title: str | None
    outlet: str | None
    url: str | None
    dateline_country: str | None = None


class EventSpan(NamedTuple):
    """An event's place in time and on the map, as the story and visit rules read it."""

    id: str
    cameo: str | None
    date: dt.date | None
    end_date: dt.date | None
    country: str | None


class StoredLocal(NamedTuple):
    """A stored local entity with the entity it belongs to and its article's publication day."""

    local: LocalEntity
    entity_id: str
    published: date | None


class StoredMention(NamedTuple):
    """A stored event mention: its row id, event, article, sentence span and decoded ``data``."""

    id: int
    event_id: str
    article_id: str
    language: str | None
    sentence: str
    start: int
    end: int
    data: dict[str, Any]


@dataclass
class StoredArticles:
    """What storing a batch's articles found: the ids stored now (in batch order, once each), the ids
    stored before, and those of the latter that came with a new source (outlet or URL)."""

    new: list[str]
    known: set[str]
    new_sources: set[str]


@dataclass
class EntityRows:
    """The rows of rewritten entities, one list per table."""

    entities: list[dict[str, Any]]
    aliases: list[dict[str, Any]]
    roles: list[dict[str, Any]]
    articles: list[dict[str, Any]]


@dataclass
class EventRows:
    """The derived rows of rewritten events, one list per table."""

    events: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    blocks: list[dict[str, Any]]
    entities: list[dict[str, Any]]


def _article_row(article: Article, now: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "language": article.language,
        "title": article.title,
        "published": iso_date(article.published),
        "dateline_place": article.dateline.place,
        "dateline_country": article.dateline.country,
        "dateline_date": iso_date(article.dateline.date),
        "dateline_agency": article.dateline.agency,
        "text": article.text,
        "duplicate_of": article.duplicate_of,
        "translation_of": article.translation_of,
        "ingested_at": now,
        "external_id": article.external_id,
    }


def _local_row(local: LocalEntity, published: date | None, ident: str) -> dict[str, Any]:
    return {
        "key": local.key,
        "article_id": local.article_id,
        "entity_id": ident,
        "type": local.type,
        "name": local.full_name,
        "names": json.dumps(local.names, ensure_ascii=False),
        "aliases": json.dumps(local.aliases, ensure_ascii=False),
        "language": local.language,
        "country": local.country,
        "titles": json.dumps(local.titles, ensure_ascii=False),
        "published": published,
    }


def _stored_local(row: Any) -> StoredLocal:
    local = LocalEntity(
        key=row.key,
        article_id=row.article_id,
        type=row.type,
        names=tuple(json.loads(row.names)),
        aliases=tuple(json.loads(row.aliases)),
        language=row.language,
        country=row.country,
        titles=tuple((t, c) for t, c in json.loads(row.titles)),
    )
    return StoredLocal(local, row.entity_id, row.published)


def _stored_mention(row: Any) -> StoredMention:
    return StoredMention(
        row.id,
        row.event_id,
        row.article_id,
        row.language,
        row.sentence,
        row.start,
        row.end,
        json.loads(row.data),
    )


def _encoded(data: Mapping[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


class Ledger:
    """One write transaction of the store, as the cross-article stages use it."""

    def __init__(self, connection: sa.Connection) -> None:
        self._c = connection

    def _rename(self, tables: Sequence[sa.Table], column: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Point ``column`` of every row of ``tables`` from each pair's old value to its new one."""
        if not pairs:
            return
        values = [{"old_value": old, "new_value": new} for old, new in pairs]
        for table in tables:
            self._c.execute(
                table.update()
                .where(table.c[column] == sa.bindparam("old_value"))
                .values({column: sa.bindparam("new_value")}),
                values,
            )

    def _delete_in(self, tables: Sequence[tuple[sa.Table, sa.Column[Any]]], values: Iterable[str]) -> None:
        for chunk in chunks(sorted(set(values))):
            for table, column in tables:
                self._c.execute(table.delete().where(column.in_(chunk)))

    # -- articles --------------------------------------------------------------------------------

    def add_articles(self, batch: Sequence[Article]) -> StoredArticles:
        """Store the articles not stored yet and every source (outlet, URL) not recorded yet."""
        now = datetime.now(UTC).replace(tzinfo=None)
        unique: dict[str, Article] = {}
        for article in batch:
            unique.setdefault(article.id, article)
        # In chunks (select_in): a large --batch-size must stay under the bind-parameter limits.
        known = {row.id for row in select_in(self._c, (articles.c.id,), articles.c.id, unique)}
        new = [key for key in unique if key not in known]
        if new:
            self._c.execute(articles.insert(), [_article_row(unique[key], now) for key in new])
        seen = {
            (a.id, nul_free(a.source)): {
                "article_id": a.id,
                "source": a.source,
                "url": a.url,
                "outlet": a.outlet,
                "first_seen": now,
                "external_id": a.external_id,
            }
            for a in batch
        }
        recorded = {
            (article_id, nul_free(source))
            for article_id, source in select_in(
                self._c,
                (article_sources.c.article_id, article_sources.c.source),
                article_sources.c.article_id,
                unique,
            )
        }
        fresh = [row for key, row in seen.items() if key not in recorded]
        if fresh:
            self._c.execute(article_sources.insert(), fresh)
        return StoredArticles(new, known, {str(r["article_id"]) for r in fresh if r["article_id"] in known})

    def add_input_keys(self, keys: Mapping[str, str]) -> None:
        """Record the input documents (:func:`communique.records.input_key` -> article id) not
        recorded yet."""
        known = {r.key for r in select_in(self._c, (input_keys.c.key,), input_keys.c.key, keys)}
        rows = [{"key": k, "article_id": a} for k, a in sorted(keys.items()) if k not in known]
        if rows:
            self._c.execute(input_keys.insert(), rows)

    def article_info(self, ids: Iterable[str]) -> dict[str, ArticleInfo]:
        """What linking reads of each stored article among ``ids``."""
        columns = (
            articles.c.id,
            articles.c.published,
            articles.c.language,
            articles.c.text,
            articles.c.title,
            articles.c.outlet,
            articles.c.url,
            articles.c.dateline_country,
        )
        return {row.id: ArticleInfo(*row) for row in select_in(self._c, columns, articles.c.id, ids)}

    def published_days(self, ids: Iterable[str]) -> dict[str, dt.date | None]:
        """Each stored article's publication day (None when unknown)."""
        columns = (articles.c.id, articles.c.published)
        return {row.id: row.published for row in select_in(self._c, columns, articles.c.id, ids)}

    def sources(self, article_ids: Iterable[str]) -> list[tuple[str, str | None, str | None]]:
        """(article id, outlet, url) of every recorded source of ``article_ids``."""
        columns = (article_sources.c.article_id, article_sources.c.outlet, article_sources.c.url)
        return [tuple(r) for r in select_in(self._c, columns, article_sources.c.article_id, article_ids)]

    # -- local entities and entities -------------------------------------------------------------

    def locals_in_blocks(self, blocks: Iterable[str]) -> dict[str, set[str]]:
        """Block key -> the stored local entities indexed under it."""
        found: dict[str, set[str]] = defaultdict(set)
        for block, key in select_in(
            self._c, (local_blocks.c.block, local_blocks.c.local_key), local_blocks.c.block, blocks
        ):
            found[block].add(key)
        return found

    def locals_by_key(self, keys: Iterable[str]) -> list[StoredLocal]:
        """The stored local entities with these keys."""
        return [_stored_local(r) for r in select_in(self._c, (local_entities,), local_entities.c.key, keys)]

    def members(self, entity_ids: Iterable[str]) -> list[StoredLocal]:
        """Every stored local entity of these entities."""
        return [
            _stored_local(r)
            for r in select_in(self._c, (local_entities,), local_entities.c.entity_id, entity_ids)
        ]

    def entity_of_locals(self, keys: Iterable[str]) -> dict[str, str]:
        """Local entity key -> the entity it belongs to now."""
        columns = (local_entities.c.key, local_entities.c.entity_id)
        return dict(select_in(self._c, columns, local_entities.c.key, keys))

    def add_locals(self, rows: Sequence[tuple[LocalEntity, date | None, str, Iterable[str]]]) -> None:
        """Store new local entities — (local, publication day, entity id, block keys) — with their
        mentions and block keys."""
        if not rows:
            return
        self._c.execute(
            local_entities.insert(), [_local_row(local, day, ident) for local, day, ident, _ in rows]
        )
        self._c.execute(
            local_blocks.insert(),
            [{"block": b, "local_key": local.key} for local, _, _, blocks in rows for b in sorted(blocks)],
        )
        mention_rows = [
            {
                "local_key": local.key,
                "article_id": local.article_id,
                "text": m.text,
                "surface": m.surface,
                "type": m.type,
                "start": m.start,
                "end": m.end,
                "sentence": m.sentence,
                "title": m.title,
                "country": m.country,
            }
            for local, _, _, _ in rows
            for m in local.mentions
        ]
        if mention_rows:
            self._c.execute(mentions.insert(), mention_rows)

    def move_locals(self, moved: Mapping[str, str]) -> None:
        """Point stored local entities (key -> entity id) at the entity they now belong to."""
        if moved:
            self._c.execute(
                local_entities.update()
                .where(local_entities.c.key == sa.bindparam("member"))
                .values(entity_id=sa.bindparam("ident")),
                [{"member": key, "ident": ident} for key, ident in moved.items()],
            )

    def entity_ids(self) -> set[str]:
        """Every stored entity id."""
        return set(self._c.scalars(sa.select(entities.c.id)))

    def entity_names(self, ids: Iterable[str]) -> dict[str, tuple[str, str | None]]:
        """Entity id -> (display name, country)."""
        columns = (entities.c.id, entities.c.name, entities.c.country)
        return {r.id: (r.name, r.country) for r in select_in(self._c, columns, entities.c.id, ids)}

    def entity_types(self, ids: Iterable[str]) -> dict[str, str]:
        """Entity id -> type (PERSON, ORG, ...)."""
        return dict(select_in(self._c, (entities.c.id, entities.c.type), entities.c.id, ids))

    def replace_entities(self, old_ids: Iterable[str], rows: EntityRows) -> None:
        """Drop the entities ``old_ids`` and store ``rows`` in their place."""
        self._delete_in(
            [
                (entities, entities.c.id),
                (entity_aliases, entity_aliases.c.entity_id),
                (entity_roles, entity_roles.c.entity_id),
                (entity_articles, entity_articles.c.entity_id),
            ],
            old_ids,
        )
        # One executemany per table: a round trip per entity made resolution the pipeline's bottleneck.
        for table, values in (
            (entities, rows.entities),
            (entity_aliases, rows.aliases),
            (entity_roles, rows.roles),
            (entity_articles, rows.articles),
        ):
            if values:
                self._c.execute(table.insert(), values)

    def entities_of_articles(self, article_ids: Iterable[str]) -> dict[str, set[str]]:
        """Article id -> the entities it names."""
        found: dict[str, set[str]] = defaultdict(set)
        columns = (entity_articles.c.entity_id, entity_articles.c.article_id)
        for entity_id, article_id in select_in(self._c, columns, entity_articles.c.article_id, article_ids):
            found[article_id].add(entity_id)
        return found

    def entity_at_spans(self, article_ids: Iterable[str]) -> dict[tuple[str, int], list[tuple[int, str]]]:
        """(article id, start) of every stored entity mention of ``article_ids`` -> (end, entity id)s."""
        found: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
        for chunk in chunks(sorted(set(article_ids))):
            query = (
                sa.select(mentions.c.article_id, mentions.c.start, mentions.c.end, local_entities.c.entity_id)
                .join(local_entities, local_entities.c.key == mentions.c.local_key)
                .where(mentions.c.article_id.in_(chunk))
            )
            for article_id, start, end, ident in self._c.execute(query):
                found[(article_id, start)].append((end, ident))
        return found

    def name_blocks(self, article_ids: Iterable[str], kind: str, prefix: str) -> dict[str, set[str]]:
        """Article id -> the block keys starting with ``prefix`` of its local entities of type ``kind``."""
        found: dict[str, set[str]] = defaultdict(set)
        for chunk in chunks(sorted(set(article_ids))):
            query = (
                sa.select(local_entities.c.article_id, local_blocks.c.block)
                .join(local_blocks, local_blocks.c.local_key == local_entities.c.key)
                .where(local_entities.c.article_id.in_(chunk), local_entities.c.type == kind)
            )
            for article_id, block in self._c.execute(query):
                if block.startswith(prefix):
                    found[article_id].add(block)
        return found

    # -- event mentions and events ---------------------------------------------------------------

    def events_naming(self, entity_ids: Iterable[str]) -> set[str]:
        """The events any of whose mentions names one of ``entity_ids``."""
        columns = (event_entities.c.event_id,)
        return {r.event_id for r in select_in(self._c, columns, event_entities.c.entity_id, entity_ids)}

    def events_of_articles(self, article_ids: Iterable[str]) -> set[str]:
        """The events reported by any of ``article_ids``."""
        columns = (event_mentions.c.event_id,)
        return {r.event_id for r in select_in(self._c, columns, event_mentions.c.article_id, article_ids)}

    def event_ids(self) -> list[str]:
        """Every stored event id."""
        return list(self._c.scalars(sa.select(events.c.id)))

    def all_mention_data(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """(article id, decoded data) of every stored event mention."""
        for article_id, data in self._c.execute(
            sa.select(event_mentions.c.article_id, event_mentions.c.data)
        ):
            yield article_id, json.loads(data)

    def mention_data_of_articles(self, article_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(event id, data as stored text) of every mention reported by ``article_ids``."""
        columns = (event_mentions.c.event_id, event_mentions.c.data)
        return [tuple(r) for r in select_in(self._c, columns, event_mentions.c.article_id, article_ids)]

    def mentions_of_events(self, event_ids: Iterable[str]) -> list[StoredMention]:
        """Every stored mention of ``event_ids``, by event, article, place in it, then row id (insertion
        order: without it the database's scan order would settle mentions at the same place, and pick
        the record's "best" mention differently per engine)."""
        found: list[StoredMention] = []
        for chunk in chunks(sorted(set(event_ids))):
            query = (
                sa.select(event_mentions)
                .where(event_mentions.c.event_id.in_(chunk))
                .order_by(
                    event_mentions.c.event_id,
                    event_mentions.c.article_id,
                    event_mentions.c.start,
                    event_mentions.c.id,
                )
            )
            found.extend(_stored_mention(r) for r in self._c.execute(query))
        return found

    def key_owners(self, keys: Iterable[str]) -> dict[str, str]:
        """Identity key -> its event, for the stored keys among ``keys``."""
        return dict(select_in(self._c, (event_keys.c.key, event_keys.c.event_id), event_keys.c.key, keys))

    def keys_of_events(self, event_ids: Iterable[str]) -> dict[str, str]:
        """Identity key -> its event, for every key of ``event_ids``."""
        columns = (event_keys.c.key, event_keys.c.event_id)
        return dict(select_in(self._c, columns, event_keys.c.event_id, event_ids))

    def drop_event_keys(self, event_ids: Iterable[str]) -> None:
        """Forget the identity keys of ``event_ids`` (their mentions bring new ones)."""
        self._delete_in([(event_keys, event_keys.c.event_id)], event_ids)

    def rename_events(self, pairs: Sequence[tuple[str, str]]) -> None:
        """Move the mentions and keys of each old event id to its new one."""
        self._rename((event_mentions, event_keys), "event_id", pairs)

    def add_event_keys(self, owners: Mapping[str, str]) -> None:
        """Store identity keys (key -> event)."""
        if owners:
            self._c.execute(
                event_keys.insert(), [{"key": k, "event_id": e} for k, e in sorted(owners.items())]
            )

    def add_mentions(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Store new mentions: article_id, language, sentence, start, end, event_id, data (a mapping)."""
        if rows:
            self._c.execute(event_mentions.insert(), [dict(r) | {"data": _encoded(r["data"])} for r in rows])

    def update_mentions(self, rows: Sequence[tuple[int, str, Mapping[str, Any]]]) -> None:
        """Point stored mentions (row id, event id, data) at their event, with their data restated."""
        if rows:
            self._c.execute(
                event_mentions.update()
                .where(event_mentions.c.id == sa.bindparam("row_id"))
                .values(event_id=sa.bindparam("new_event"), data=sa.bindparam("new_data")),
                [{"row_id": i, "new_event": e, "new_data": _encoded(d)} for i, e, d in rows],
            )

    def drop_event_records(self, event_ids: Iterable[str]) -> None:
        """Drop the derived rows of ``event_ids``: their record, actors, blocks and entity index."""
        self._delete_in(
            [
                (events, events.c.id),
                (event_actors, event_actors.c.event_id),
                (event_blocks, event_blocks.c.event_id),
                (event_entities, event_entities.c.event_id),
            ],
            event_ids,
        )

    def add_event_records(self, rows: EventRows) -> None:
        """Store events' derived rows."""
        for table, values in (
            (events, rows.events),
            (event_actors, rows.actors),
            (event_blocks, rows.blocks),
            (event_entities, rows.entities),
        ):
            if values:
                self._c.execute(table.insert(), values)

    def event_spans(self, event_ids: Iterable[str]) -> dict[str, EventSpan]:
        """Each stored event's CAMEO code, dates and country."""
        columns = (events.c.id, events.c.cameo, events.c.date, events.c.end_date, events.c.country)
        return {r.id: EventSpan(*r) for r in select_in(self._c, columns, events.c.id, event_ids)}

    def event_article_pairs(
        self, article_ids: Iterable[str], event_ids: Iterable[str]
    ) -> set[tuple[str, str]]:
        """(article, event) for every mention reported by ``article_ids`` or of ``event_ids``."""
        columns = (event_mentions.c.article_id, event_mentions.c.event_id)
        rows = select_in(self._c, columns, event_mentions.c.article_id, article_ids)
        rows += select_in(self._c, columns, event_mentions.c.event_id, event_ids)
        return {(r.article_id, r.event_id) for r in rows}

    def travellers(self, event_id: str) -> set[str]:
        """Entity ids of an event's visitor or source (who travels, or who announces travelling)."""
        query = sa.select(event_actors.c.entity_id).where(
            event_actors.c.event_id == event_id,
            event_actors.c.role.in_(TRAVELLER_ROLES),
            event_actors.c.entity_id.is_not(None),
        )
        return set(self._c.scalars(query))

    def meetings_in_visit(self, visit: EventSpan, travellers: Iterable[str]) -> list[str]:
        """The meetings inside a visit (the rule of :func:`communique.store._reads.meetings_in_visit`)."""
        assert visit.date is not None
        return meetings_in_visit(
            self._c, visit.id, visit.date, visit.end_date or visit.date, visit.country, travellers
        )

    def events_by(
        self, people: Iterable[str], roles: Sequence[str], codes: Sequence[str], first: date, last: date
    ) -> list[str]:
        """Events with one of CAMEO ``codes`` from ``first`` to ``last`` in which one of ``people`` has
        one of ``roles``."""
        query = (
            sa.select(events.c.id)
            .join(event_actors, event_actors.c.event_id == events.c.id)
            .where(
                events.c.cameo.in_(codes),
                events.c.date >= first,
                events.c.date <= last,
                event_actors.c.role.in_(roles),
                event_actors.c.entity_id.in_(sorted(set(people))),
            )
        )
        return list(self._c.scalars(query).unique())

    def event_blocks(self, event_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(block, event) of every meeting block of ``event_ids``."""
        columns = (event_blocks.c.block, event_blocks.c.event_id)
        return [tuple(r) for r in select_in(self._c, columns, event_blocks.c.event_id, event_ids)]

    def events_in_blocks(self, blocks: Iterable[str]) -> list[tuple[str, str]]:
        """(block, event) of every event indexed under one of ``blocks``."""
        columns = (event_blocks.c.block, event_blocks.c.event_id)
        return [tuple(r) for r in select_in(self._c, columns, event_blocks.c.block, blocks)]

    # -- article links ---------------------------------------------------------------------------

    def articles_in_bands(self, bands: Iterable[str]) -> dict[str, set[str]]:
        """MinHash band key -> the stored articles under it."""
        found: dict[str, set[str]] = defaultdict(set)
        columns = (article_bands.c.band, article_bands.c.article_id)
        for band, article_id in select_in(self._c, columns, article_bands.c.band, bands):
            found[band].add(article_id)
        return found

    def signatures(self, article_ids: Iterable[str]) -> dict[str, bytes]:
        """Article id -> its stored MinHash signature."""
        columns = (article_signatures.c.article_id, article_signatures.c.minhash)
        return dict(select_in(self._c, columns, article_signatures.c.article_id, article_ids))

    def add_signatures(self, signatures: Mapping[str, bytes], bands: Mapping[str, Iterable[str]]) -> None:
        """Store new articles' signatures and band keys."""
        if signatures:
            self._c.execute(
                article_signatures.insert(), [{"article_id": a, "minhash": s} for a, s in signatures.items()]
            )
        rows = [{"band": b, "article_id": a} for a, keys in bands.items() for b in keys]
        if rows:
            self._c.execute(article_bands.insert(), rows)

    def add_links(self, kind: str, pairs: Sequence[tuple[str, str, float]]) -> None:
        """Store article links of one kind: (a, b, score)."""
        if pairs:
            self._c.execute(
                article_links.insert(), [{"a": a, "b": b, "kind": kind, "score": s} for a, b, s in pairs]
            )

    def links(self, article_ids: Iterable[str], kind: str | None = None) -> list[tuple[str, str]]:
        """Article links touching any of ``article_ids`` (of one kind, or every kind)."""
        ids = list(article_ids)
        columns = (article_links.c.a, article_links.c.b, article_links.c.kind)
        rows = select_in(self._c, columns, article_links.c.a, ids) + select_in(
            self._c, columns, article_links.c.b, ids
        )
        return [(r.a, r.b) for r in rows if kind is None or r.kind == kind]

    def set_duplicate_of(self, members: Iterable[str], original: str) -> None:
        """Point every member of a duplicate group at its original (and the original at none)."""
        for chunk in chunks(sorted(set(members))):
            self._c.execute(
                articles.update()
                .where(articles.c.id.in_(chunk))
                .values(duplicate_of=sa.case((articles.c.id == original, None), else_=original))
            )

    def set_translation_of(self, copy: str, original: str) -> None:
        """Record that article ``copy`` translates ``original``."""
        self._c.execute(articles.update().where(articles.c.id == copy).values(translation_of=original))

    def vector(self, article_id: str) -> bytes | None:
        """An article's stored sentence vector (float16 bytes), if computed before."""
        query = sa.select(article_vectors.c.vector).where(article_vectors.c.article_id == article_id)
        value = self._c.execute(query).scalar()
        return bytes(value) if value is not None else None

    def add_vector(self, article_id: str, vector: bytes) -> None:
        """Store an article's sentence vector."""
        self._c.execute(article_vectors.insert().values(article_id=article_id, vector=vector))

    def articles_in_blocks(self, blocks: Iterable[str]) -> dict[str, set[str]]:
        """Name-and-day block key -> the stored articles under it."""
        found: dict[str, set[str]] = defaultdict(set)
        columns = (article_blocks.c.block, article_blocks.c.article_id)
        for block, article_id in select_in(self._c, columns, article_blocks.c.block, blocks):
            found[block].add(article_id)
        return found

    def add_article_blocks(self, rows: Sequence[tuple[str, str]]) -> None:
        """Index articles under name-and-day block keys: (block, article id)."""
        if rows:
            self._c.execute(article_blocks.insert(), [{"block": b, "article_id": a} for b, a in rows])

    # -- stories ---------------------------------------------------------------------------------

    def story_members(self, article_ids: Iterable[str]) -> set[str]:
        """Every article of the stories that hold one of ``article_ids``."""
        held = {
            r.story_id
            for r in select_in(
                self._c, (story_articles.c.story_id,), story_articles.c.article_id, article_ids
            )
        }
        return {
            r.article_id
            for r in select_in(self._c, (story_articles.c.article_id,), story_articles.c.story_id, held)
        }

    def replace_stories(self, article_ids: Iterable[str], rows: Sequence[Mapping[str, Any]]) -> None:
        """Drop every story holding one of ``article_ids`` and store ``rows`` (story records with their
        ``article_ids``) in their place."""
        old = {
            r.story_id
            for r in select_in(
                self._c, (story_articles.c.story_id,), story_articles.c.article_id, article_ids
            )
        }
        self._delete_in([(stories, stories.c.id), (story_articles, story_articles.c.story_id)], old)
        if not rows:
            return
        self._c.execute(
            stories.insert(),
            [
                {
                    "id": r["id"],
                    "title": r["title"],
                    "start": iso_date(r["start"]),
                    "end": iso_date(r["end"]),
                    "n_articles": r["n_articles"],
                    "n_outlets": r["n_outlets"],
                    "record": json.dumps(r, ensure_ascii=False),
                }
                for r in rows
            ],
        )
        self._c.execute(
            story_articles.insert(),
            [{"article_id": a, "story_id": r["id"]} for r in rows for a in r["article_ids"]],
        )
