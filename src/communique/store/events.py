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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import fields, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..events.coder import Actor, EventMention
from ..events.link import event_keys as keys_of
from ..events.ontology import visit_sides
from .schema import (
    article_sources,
    entities,
    event_actors,
    event_blocks,
    event_keys,
    event_mentions,
    events,
    local_entities,
)

__all__ = ["store_events"]

_ROLE_RANK = {"co-chair": 0, "visitor": 1, "host": 2, "source": 3, "target": 4, "participant": 5}


def _entity_map(connection: sa.Connection, locals_: Sequence[Any]) -> dict[tuple[str, int, int], str]:
    """(article id, start, end) of every mention of the batch's local entities -> entity id."""
    keys = [local.key for local in locals_]
    ids: dict[str, str] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
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
) -> list[str]:
    """Store the event mentions of new articles (``(article_id, mentions)`` pairs); return the ids of
    the events touched.

    The batch is linked in memory against the stored keys it shares (one lookup), then
    written with a handful of bulk statements: per-mention round trips made storage the
    pipeline's bottleneck.
    """
    entity_at = _entity_map(connection, locals_)
    by_article: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    for (article, start, end), ident in entity_at.items():
        by_article[article][(start, end)] = ident
    pending: list[tuple[list[str], dict[str, Any]]] = []
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
                "data": json.dumps(data, ensure_ascii=False, default=str),
            }
            pending.append((keys, row))
    if not pending:
        return []

    stored: dict[str, str] = {}
    all_keys = sorted({k for keys, _ in pending for k in keys})
    for chunk in _chunks(all_keys):
        query = sa.select(event_keys.c.key, event_keys.c.event_id).where(event_keys.c.key.in_(chunk))
        stored.update((key, event_id) for key, event_id in connection.execute(query))
    owner = dict(stored)
    merged: dict[str, str] = {}  # event id -> the id it was merged into

    def final(event_id: str) -> str:
        while event_id in merged:
            event_id = merged[event_id]
        return event_id

    assigned: list[str] = []
    for keys, _row in pending:
        found = {final(owner[k]) for k in keys if k in owner}
        event_id = min(found) if found else hashlib.sha256(keys[0].encode()).hexdigest()[:16]
        for other in found - {event_id}:  # two events found to be one: merge into the first id
            merged[other] = event_id
        for new_key in keys:
            owner.setdefault(new_key, event_id)
        assigned.append(event_id)

    existing = set(stored.values())
    for other in sorted(merged):
        if other in existing:
            into = final(other)
            connection.execute(
                event_mentions.update().where(event_mentions.c.event_id == other).values(event_id=into)
            )
            connection.execute(
                event_keys.update().where(event_keys.c.event_id == other).values(event_id=into)
            )
        connection.execute(events.delete().where(events.c.id == other))
        connection.execute(event_actors.delete().where(event_actors.c.event_id == other))
        connection.execute(event_blocks.delete().where(event_blocks.c.event_id == other))
    new_keys = [{"key": k, "event_id": final(v)} for k, v in owner.items() if k not in stored]
    if new_keys:
        connection.execute(event_keys.insert(), new_keys)
    rows = [row | {"event_id": final(e)} for (_keys, row), e in zip(pending, assigned, strict=True)]
    connection.execute(event_mentions.insert(), rows)
    touched = sorted({final(e) for e in assigned})
    _rewrite(connection, touched)
    return touched


_MENTION_FIELDS = tuple(f.name for f in fields(EventMention))
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))


def _as_dict(mention: EventMention) -> dict[str, Any]:
    """``dataclasses.asdict`` without its deep copies (a tenth of the cost, same result)."""
    data = {name: getattr(mention, name) for name in _MENTION_FIELDS}
    data["actors"] = [{name: getattr(a, name) for name in _ACTOR_FIELDS} for a in mention.actors]
    data["facts"] = [dict(f) for f in mention.facts]
    data["pledge_areas"] = list(mention.pledge_areas)
    return data


def _chunks(values: Sequence[str], size: int = 500) -> Iterator[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _rewrite(connection: sa.Connection, event_ids: Sequence[str]) -> None:
    """Recompute the records of ``event_ids`` from all their mentions."""
    by_event: dict[str, list[tuple[Any, dict[str, Any]]]] = defaultdict(list)
    for chunk in _chunks(event_ids):
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
        connection.execute(events.delete().where(events.c.id.in_(chunk)))
        connection.execute(event_actors.delete().where(event_actors.c.event_id.in_(chunk)))
        connection.execute(event_blocks.delete().where(event_blocks.c.event_id.in_(chunk)))
    names = _names(connection, [m for mentions in by_event.values() for m in mentions])
    outlets: dict[str, set[str]] = defaultdict(set)
    article_ids = sorted({row["article_id"] for mentions in by_event.values() for row, _ in mentions})
    for chunk in _chunks(article_ids):
        query = sa.select(article_sources.c.article_id, article_sources.c.outlet).where(
            article_sources.c.article_id.in_(chunk)
        )
        for article_id, outlet in connection.execute(query):
            outlets[article_id].add(outlet or article_id)  # an unnamed outlet counts once
    event_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    block_rows: list[dict[str, str]] = []
    for event_id in event_ids:
        mentions = by_event.get(event_id)
        if not mentions:
            continue
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
    for chunk in _chunks(sorted(ids)):
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
