"""Event mentions -> one stored record per real event (incremental; see :mod:`communique.events.link`).

Each new mention's identity keys are looked up in ``event_keys``; a mention joins
the event that holds one of its keys (events that turn out to share keys are
merged), otherwise it founds a new event whose id is a hash of its first key.
Every touched event's record is then recomputed from all its mentions, so the
record does not depend on the order its reports arrived in.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..events.coder import Actor, EventMention
from ..events.link import event_keys as keys_of
from ..events.ontology import visit_sides
from ._sql import chunks, select_in
from .resolve import UnionFind
from .schema import (
    article_sources,
    entities,
    event_actors,
    event_blocks,
    event_entities,
    event_keys,
    event_mentions,
    events,
    local_entities,
)
from .schema import mentions as entity_mentions

__all__ = ["events_naming", "events_of_articles", "repair_events", "store_events"]

_ROLE_RANK = {"co-chair": 0, "visitor": 1, "host": 2, "source": 3, "target": 4, "participant": 5}


def _entity_map(connection: sa.Connection, locals_: Sequence[Any]) -> dict[tuple[str, int, int], str]:
    """(article id, start, end) of every mention of the batch's local entities -> entity id."""
    keys = [local.key for local in locals_]
    ids: dict[str, str] = {}
    for chunk in chunks(keys):
        query = sa.select(local_entities.c.key, local_entities.c.entity_id).where(
            local_entities.c.key.in_(chunk)
        )
        ids.update({row[0]: row[1] for row in connection.execute(query)})
    mapping: dict[tuple[str, int, int], str] = {}
    for local in locals_:
        for mention in local.mentions:
            if local.key in ids:
                mapping[(local.article_id, mention.start, mention.end)] = ids[local.key]
    return mapping


def store_events(
    connection: sa.Connection,
    batch: Sequence[tuple[str, Sequence[EventMention]]],
    locals_: Sequence[Any],
    renamed: Mapping[str, str] | None = None,
    restate: Iterable[str] = (),
) -> list[str]:
    """Store the event mentions of new articles (``(article_id, mentions)`` pairs); return the ids of
    the events touched.

    ``renamed`` maps entity ids that resolution has just replaced to their new ids: the stored
    mentions naming an old id are pointed at the new one and their events re-keyed, so no event keeps
    an entity that no longer exists and events that now share a participant meet.

    Mentions that share an identity key are one event, and an event's id is a hash of the smallest
    key of all its mentions: the set of events and their ids depend only on what is stored, not on the
    order or batches it arrived in. The batch is linked in memory against the stored keys it shares,
    then written with a handful of bulk statements (per-mention round trips made storage the
    pipeline's bottleneck).
    """
    entity_at = _entity_map(connection, locals_)
    by_article: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    for (article, start, end), ident in entity_at.items():
        by_article[article][(start, end)] = ident
    pending: list[_Pending] = []
    for article_id, mentions in batch:
        local_map = by_article.get(article_id, {})
        for mention in mentions:
            institution_key = None
            if mention.institution_start is not None:
                institution_key = next(
                    (ident for (s, _e), ident in local_map.items() if s == mention.institution_start), None
                )
            resolved = replace(mention, institution_key=institution_key)
            keys = keys_of(resolved, local_map)
            if not keys:
                continue
            data = _as_dict(mention)
            data["institution_key"] = institution_key
            data["actor_entities"] = [
                local_map.get((a.start, a.end)) if a.start is not None and a.end is not None else None
                for a in mention.actors
            ]
            row = {
                "article_id": article_id,
                "language": mention.language,
                "sentence": mention.text,
                "start": mention.start,
                "end": mention.end,
                "data": data,
            }
            pending.append(_Pending(keys, row))
    pending.extend(_renamed_mentions(connection, renamed or {}))
    return _link(connection, pending, restate)


def repair_events(connection: sa.Connection) -> list[str]:
    """Point every stored mention that names an entity which no longer exists at the entity its span
    belongs to now, re-key its event, and restate every event record; return the events touched.

    Stores written before references were kept whole (migration 0006) hold such mentions; the span of
    each actor (article, start, end) still leads to its local entity, whose entity is current.
    """
    alive = set(connection.scalars(sa.select(entities.c.id)))
    wanted: dict[str, set[tuple[int, int]]] = defaultdict(set)  # article -> spans of dead actors
    dead_at: list[tuple[str, str, int, int]] = []  # (dead id, article, start, end)
    for article_id, stored in connection.execute(
        sa.select(event_mentions.c.article_id, event_mentions.c.data)
    ):
        mention = json.loads(stored)
        spans = [(a["start"], a["end"]) for a in mention["actors"]]
        if mention.get("institution_key") and mention.get("institution_start") is not None:
            spans.append((mention["institution_start"], None))
            ids = [*mention["actor_entities"], mention["institution_key"]]
        else:
            ids = list(mention["actor_entities"])
        for ident, (start, end) in zip(ids, spans, strict=True):
            if ident and ident not in alive and start is not None:
                dead_at.append((ident, article_id, start, end))
                wanted[article_id].add((start, end))
    # Names and outlets shown in records were not restated either: every record is rewritten.
    everything = list(connection.scalars(sa.select(events.c.id)))
    if not dead_at:
        return _link(connection, [], everything)
    current: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for chunk in chunks(sorted(wanted)):
        query = (
            sa.select(
                entity_mentions.c.article_id,
                entity_mentions.c.start,
                entity_mentions.c.end,
                local_entities.c.entity_id,
            )
            .join(local_entities, local_entities.c.key == entity_mentions.c.local_key)
            .where(entity_mentions.c.article_id.in_(chunk))
        )
        for article_id, start, end, ident in connection.execute(query):
            current[(article_id, start)].append((end, ident))
    renamed: dict[str, str] = {}
    for dead, article_id, start, end in dead_at:
        found = [ident for e, ident in current.get((article_id, start), ()) if end is None or e == end]
        if found and found[0] in alive:
            renamed.setdefault(dead, found[0])
    stale: set[str] = set()
    for chunk in chunks(sorted({a for _, a, _, _ in dead_at})):
        rows = connection.execute(
            sa.select(event_mentions.c.event_id, event_mentions.c.data).where(
                event_mentions.c.article_id.in_(chunk)
            )
        )
        for event_id, text in rows:
            if any(dead in text for dead in renamed):
                stale.add(event_id)
    pending = _renamed_mentions(connection, renamed, stale)
    return _link(connection, pending, everything)


def _link(connection: sa.Connection, pending: list[_Pending], restate: Iterable[str]) -> list[str]:
    """Link ``pending`` mentions into events by their keys (see :func:`store_events`), write them, and
    rewrite every event touched or named in ``restate``; return the events touched."""
    restated = sorted(set(restate) - {p.event_id for p in pending if p.event_id})
    if not pending:
        _rewrite(connection, restated)
        return restated

    # Stored events sharing a key with a pending mention, and every key of theirs.
    columns = (event_keys.c.key, event_keys.c.event_id)
    owner: dict[str, str] = dict(
        select_in(connection, columns, event_keys.c.key, {k for p in pending for k in p.keys})
    )
    owner.update(select_in(connection, columns, event_keys.c.event_id, set(owner.values())))

    # Components of keys: a pending mention joins its keys, a stored event joins its keys.
    union = UnionFind()
    for key, event_id in owner.items():
        union.union(f"k:{key}", f"e:{event_id}")
    for index, item in enumerate(pending):
        for key in item.keys:
            union.union(f"p:{index}", f"k:{key}")
        if item.event_id:
            union.union(f"p:{index}", f"e:{item.event_id}")
    smallest: dict[str, str] = {}
    for node in union.parent:
        if node.startswith("k:"):
            root = union.find(node)
            smallest[root] = min(smallest.get(root, node), node)
    event_of = {root: hashlib.sha256(key[2:].encode()).hexdigest()[:16] for root, key in smallest.items()}
    for index, item in enumerate(pending):
        # A stored mention left without keys (none had them before either) stays where it was.
        event_of.setdefault(union.find(f"p:{index}"), item.event_id or "")

    # Stored events whose id changes: their mentions and keys move to the new id, their rows go.
    moved = sorted(
        {
            (node[2:], event_of[union.find(node)])
            for node in union.parent
            if node.startswith("e:") and node[2:] != event_of[union.find(node)]
        }
    )
    if moved:
        renames = [{"old_event": old, "new_event": new} for old, new in moved]
        for table in (event_mentions, event_keys):
            connection.execute(
                table.update()
                .where(table.c.event_id == sa.bindparam("old_event"))
                .values(event_id=sa.bindparam("new_event")),
                renames,
            )
    _delete_records(connection, [old for old, _ in moved])
    new_keys = {
        key: event_of[union.find(f"k:{key}")] for item in pending for key in item.keys if key not in owner
    }
    if new_keys:
        connection.execute(
            event_keys.insert(), [{"key": k, "event_id": e} for k, e in sorted(new_keys.items())]
        )
    inserted: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    for index, item in enumerate(pending):
        event_id = event_of[union.find(f"p:{index}")]
        encoded = json.dumps(item.row["data"], ensure_ascii=False, default=str)
        if item.mention_id is None:
            inserted.append(item.row | {"event_id": event_id, "data": encoded})
        else:
            updated.append({"row_id": item.mention_id, "new_event": event_id, "new_data": encoded})
    if inserted:
        connection.execute(event_mentions.insert(), inserted)
    if updated:
        connection.execute(
            event_mentions.update()
            .where(event_mentions.c.id == sa.bindparam("row_id"))
            .values(event_id=sa.bindparam("new_event"), data=sa.bindparam("new_data")),
            updated,
        )
    touched = {event_of[union.find(f"p:{index}")] for index in range(len(pending))}
    # A restated event that was merged away is rewritten under its new id (among the touched).
    touched |= set(restated) - {old for old, _ in moved}
    _rewrite(connection, sorted(touched))
    return sorted(touched)


def events_naming(connection: sa.Connection, entity_ids: Iterable[str]) -> set[str]:
    """The events any of whose mentions names one of ``entity_ids``."""
    return _event_ids(connection, event_entities, event_entities.c.entity_id, entity_ids)


def events_of_articles(connection: sa.Connection, article_ids: Iterable[str]) -> set[str]:
    """The events reported by any of ``article_ids``."""
    return _event_ids(connection, event_mentions, event_mentions.c.article_id, article_ids)


def _event_ids(
    connection: sa.Connection, table: sa.Table, column: sa.Column[Any], values: Iterable[str]
) -> set[str]:
    return {row.event_id for row in select_in(connection, (table.c.event_id,), column, values)}


@dataclass
class _Pending:
    """A mention to be (re)linked: its identity keys, its row, and for a stored mention its row id
    and the event it belonged to."""

    keys: list[str]
    row: dict[str, Any]
    mention_id: int | None = None
    event_id: str | None = None


def _renamed_mentions(
    connection: sa.Connection, renamed: Mapping[str, str], stale: set[str] | None = None
) -> list[_Pending]:
    """The stored mentions of every event that names a replaced entity (or of the ``stale`` events
    given), pointed at the new ids and re-keyed; the old keys of those events are dropped (the
    mentions bring their new ones)."""
    if not renamed:
        return []
    stale = events_naming(connection, renamed) if stale is None else stale
    if not stale:
        return []
    pending: list[_Pending] = []
    for chunk in chunks(sorted(stale)):
        query = (
            sa.select(event_mentions)
            .where(event_mentions.c.event_id.in_(chunk))
            .order_by(event_mentions.c.id)
        )
        for row in connection.execute(query):
            data = json.loads(row.data)
            data["actor_entities"] = [renamed.get(e, e) if e else e for e in data["actor_entities"]]
            if data.get("institution_key"):
                data["institution_key"] = renamed.get(data["institution_key"], data["institution_key"])
            mention = _as_mention(data)
            local_map = {
                (a.start, a.end): e
                for a, e in zip(mention.actors, data["actor_entities"], strict=True)
                if e and a.start is not None and a.end is not None
            }
            keys = keys_of(mention, local_map)
            pending.append(_Pending(keys, {"data": data}, row.id, row.event_id))
        connection.execute(event_keys.delete().where(event_keys.c.event_id.in_(chunk)))
    return pending


def _as_mention(data: Mapping[str, Any]) -> EventMention:
    """The mention a stored row's ``data`` was made from (the inverse of :func:`_as_dict`)."""
    values = {name: data[name] for name in _MENTION_FIELDS if name in data}
    values["actors"] = tuple(Actor(**{n: a.get(n) for n in _ACTOR_FIELDS}) for a in data["actors"])
    values["facts"] = tuple(data.get("facts", ()))
    values["pledge_areas"] = tuple(data.get("pledge_areas", ()))
    return EventMention(**values)


def _delete_records(connection: sa.Connection, event_ids: Sequence[str]) -> None:
    """Drop the derived rows of ``event_ids`` (their record, actors, blocks and entity index)."""
    for chunk in chunks(event_ids):
        for table, column in (
            (events, events.c.id),
            (event_actors, event_actors.c.event_id),
            (event_blocks, event_blocks.c.event_id),
            (event_entities, event_entities.c.event_id),
        ):
            connection.execute(table.delete().where(column.in_(chunk)))


_MENTION_FIELDS = tuple(f.name for f in fields(EventMention))
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))


def _as_dict(mention: EventMention) -> dict[str, Any]:
    """``dataclasses.asdict`` without its deep copies (a tenth of the cost, same result)."""
    data = {name: getattr(mention, name) for name in _MENTION_FIELDS}
    data["actors"] = [{name: getattr(a, name) for name in _ACTOR_FIELDS} for a in mention.actors]
    data["facts"] = [dict(f) for f in mention.facts]
    data["pledge_areas"] = list(mention.pledge_areas)
    return data


def _rewrite(connection: sa.Connection, event_ids: Sequence[str]) -> None:
    """Recompute the records of ``event_ids`` from all their mentions."""
    by_event: dict[str, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
    for chunk in chunks(event_ids):
        query = (
            sa.select(event_mentions)
            .where(event_mentions.c.event_id.in_(chunk))
            # The row id (insertion order) settles mentions at the same place: without it the
            # database's scan order would pick the record's "best" mention, differently per engine.
            .order_by(
                event_mentions.c.event_id,
                event_mentions.c.article_id,
                event_mentions.c.start,
                event_mentions.c.id,
            )
        )
        for r in connection.execute(query):
            by_event[r._mapping["event_id"]].append((r._mapping, json.loads(r._mapping["data"])))
    _delete_records(connection, event_ids)
    names = _names(connection, [m for mentions in by_event.values() for m in mentions])
    outlets: dict[str, set[str]] = defaultdict(set)
    article_ids = sorted({row["article_id"] for mentions in by_event.values() for row, _ in mentions})
    for chunk in chunks(article_ids):
        query = sa.select(article_sources.c.article_id, article_sources.c.outlet).where(
            article_sources.c.article_id.in_(chunk)
        )
        for article_id, outlet in connection.execute(query):
            outlets[article_id].add(outlet or article_id)  # an unnamed outlet counts once
    event_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    block_rows: list[dict[str, str]] = []
    entity_rows: list[dict[str, str]] = []
    for event_id in event_ids:
        mentions = by_event.get(event_id)
        if not mentions:
            continue
        named = {e for _, d in mentions for e in (*d["actor_entities"], d.get("institution_key")) if e}
        entity_rows.extend({"event_id": event_id, "entity_id": e} for e in sorted(named))
        record = _aggregate(event_id, mentions, names)
        record["n_outlets"] = len({o for a in record["article_ids"] for o in outlets.get(a, {a})})
        event_rows.append(
            {
                "id": event_id,
                "plover": record["plover"],
                "mode": record["mode"],
                "context": record["context"],
                "cameo": record["cameo"],
                "date": _day(record["date"]),
                "end_date": _day(record["end_date"]),
                "place": record["place"],
                "country": record["country"],
                "institution_id": (record["institution"] or {}).get("entity_id"),
                "institution_name": (record["institution"] or {}).get("name"),
                "session_number": record["session_number"],
                "record": json.dumps(record, ensure_ascii=False),
                "n_articles": len(record["article_ids"]),
                "n_outlets": record["n_outlets"],
                "confidence": record["confidence"],
            }
        )
        block_rows.extend({"block": b, "event_id": event_id} for b in meeting_blocks(record))
        actor_rows.extend(
            {
                "event_id": event_id,
                "position": i,
                "entity_id": a["entity_id"],
                "name": a["name"],
                "country": a["country"],
                "role": a["role"],
            }
            for i, a in enumerate(record["actors"])
        )
    if event_rows:
        connection.execute(events.insert(), event_rows)
    if actor_rows:
        connection.execute(event_actors.insert(), actor_rows)
    if block_rows:
        connection.execute(event_blocks.insert(), block_rows)
    if entity_rows:
        connection.execute(event_entities.insert(), entity_rows)


def meeting_blocks(record: Mapping[str, Any]) -> list[str]:
    """A meeting's day and each pair of countries taking part ("2024-10-14|BRA|IDN"): how stories find
    other reports of a meeting that name different people, through an index, never a day's scan."""
    if record.get("plover") != "CONSULT" or not record.get("date"):
        return []
    countries = sorted({a["country"] for a in record.get("actors", ()) if a.get("country")})
    return [f"{record['date']}|{a}|{b}" for i, a in enumerate(countries) for b in countries[i + 1 :]]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _names(
    connection: sa.Connection, mentions: list[tuple[Any, dict[str, Any]]]
) -> dict[str, tuple[str, str]]:
    ids = {e for _, data in mentions for e in [*data["actor_entities"], data.get("institution_key")] if e}
    if not ids:
        return {}
    names: dict[str, tuple[str, str]] = {}
    for chunk in chunks(sorted(ids)):
        query = sa.select(entities.c.id, entities.c.name, entities.c.country).where(entities.c.id.in_(chunk))
        names.update({r.id: (r.name, r.country) for r in connection.execute(query)})
    return names


def _most(values: list[Any]) -> Any:
    counted = Counter(v for v in values if v is not None)
    return sorted(counted, key=lambda v: (-counted[v], str(v)))[0] if counted else None


#: Cosine of the multilingual sentence encoder above which two areas in different languages are the
#: same area: translations of the seeds' list score 0.79-0.99, the nearest other area at most 0.72
#: ("nouvelles énergies" / "energy").
_SAME_AREA = 0.75


def _one_per_meaning(areas: Sequence[tuple[str, str]]) -> list[str]:
    """Pledge areas in order, once each: an area said in another language ("coopération financière"
    beside "financial cooperation") is the same area when the two are each other's nearest meaning
    across the languages, by the encoder the link stage uses for translations."""
    kept: list[tuple[str, str]] = []
    for area, language in areas:
        if all(area != a for a, _ in kept):
            kept.append((area, language))
    if len({language for _, language in kept}) < 2:
        return [a for a, _ in kept]
    import numpy as np

    from .links import _encoder

    vectors = np.asarray(_encoder().encode([a for a, _ in kept]), dtype="float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True).clip(min=1e-9)
    similar = vectors @ vectors.T
    languages = [language for _, language in kept]
    for i, language in enumerate(languages):
        similar[i, [j for j, other in enumerate(languages) if other == language]] = -1.0
    dropped: set[int] = set()
    for i in range(len(kept)):
        j = int(similar[i].argmax())
        # The later of a mutual nearest pair is a translation of the earlier.
        if j < i and j not in dropped and similar[i, j] >= _SAME_AREA and int(similar[j].argmax()) == i:
            dropped.add(i)
    return [a for i, (a, _) in enumerate(kept) if i not in dropped]


def _aggregate(
    event_id: str, mentions: list[tuple[Any, dict[str, Any]]], names: Mapping[str, tuple[str, str]]
) -> dict[str, Any]:
    datas = [d for _, d in mentions]
    # An institutional meeting's own report names the event best; then the most confident one.
    best = max(datas, key=lambda d: (d["kind"] == "meeting", d["confidence"], -len(d["text"])))
    actors: dict[str, dict[str, Any]] = {}
    for data in datas:
        for actor, entity in zip(data["actors"], data["actor_entities"], strict=True):
            ident = entity or f"{actor['name']}|{actor['country']}"
            name, country = (
                names.get(entity, (actor["name"], actor["country"]))
                if entity
                else (actor["name"], actor["country"])
            )
            current = actors.get(ident)
            candidate = {
                "entity_id": entity,
                "name": name,
                "country": country or actor["country"],
                "role": actor["role"],
            }
            if current is None or _ROLE_RANK.get(actor["role"], 9) < _ROLE_RANK.get(current["role"], 9):
                actors[ident] = candidate
    institution_key = _most([d.get("institution_key") for d in datas])
    institution = None
    if institution_key or _most([d["institution"] for d in datas]):
        institution = {
            "entity_id": institution_key,
            "name": names.get(institution_key, (None, None))[0] if institution_key else None,
        }
        institution["name"] = institution["name"] or _most([d["institution"] for d in datas])
    dates = sorted(d["date"] for d in datas if d["date"])
    ends = sorted(d["end_date"] for d in datas if d["end_date"])
    areas = _one_per_meaning([(a, data["language"]) for data in datas for a in data["pledge_areas"]])
    pledges = [d["pledge_text"] for d in datas if d["pledge_text"]]
    facts = [f for d in datas for f in d.get("facts", [])]
    evidence = [
        {
            "article_id": row["article_id"],
            "sentence": row["sentence"],
            "start": row["start"],
            "end": row["end"],
        }
        for row, _ in mentions
    ]
    by_place: dict[tuple[str, str | None], int] = defaultdict(int)
    for data in datas:
        if data["place"]:
            by_place[(data["place"], data["country"])] += 1
    place, country = (
        max(by_place, key=lambda p: (by_place[p], p[0]))
        if by_place
        else (None, _most([d["country"] for d in datas]))
    )
    ordered = sorted(actors.values(), key=lambda a: (_ROLE_RANK.get(a["role"], 9), a["name"] or ""))
    visitor, host_country = visit_sides(best["plover"], country, ordered)
    return {
        "id": event_id,
        "plover": best["plover"],
        "mode": best["mode"],
        "context": best["context"],
        "cameo": best["cameo"],
        "date": dates[0] if dates else None,
        "end_date": ends[-1] if ends else None,
        "place": place,
        "country": country,
        "actors": ordered,
        "visitor": visitor,
        "host_country": host_country,
        "institution": institution,
        "session_number": _most([d["session_number"] for d in datas]),
        "pledge": {"text": pledges[0] if pledges else None, "areas": areas} if pledges or areas else None,
        "facts": facts,
        "article_ids": sorted({row["article_id"] for row, _ in mentions}),
        "languages": sorted({row["language"] for row, _ in mentions if row["language"]}),
        "evidence": evidence,
        "confidence": round(max(d["confidence"] for d in datas), 3),
    }
