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
from collections.abc import Mapping, Sequence
from dataclasses import asdict, replace
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..events.coder import EventMention
from ..events.link import event_keys as keys_of
from .schema import entities, event_actors, event_keys, event_mentions, events, local_entities

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
) -> int:
    """Store the event mentions of new articles (``(article_id, mentions)`` pairs); return events touched."""
    entity_at = _entity_map(connection, locals_)
    touched: set[str] = set()
    for article_id, mentions in batch:
        local_map = {(s, e): ident for (a, s, e), ident in entity_at.items() if a == article_id}
        for mention in mentions:
            institution_key = None
            if mention.institution_start is not None:
                institution_key = next(
                    (ident for (s, _e), ident in local_map.items() if s == mention.institution_start), None
                )
            data = asdict(mention)
            data["institution_key"] = institution_key
            data["actor_entities"] = [
                local_map.get((a.start, a.end)) if a.start is not None and a.end is not None else None
                for a in mention.actors
            ]
            resolved = replace(mention, institution_key=institution_key)
            keys = keys_of(resolved, local_map)
            if not keys:
                continue
            found = {
                row[0]
                for row in connection.execute(
                    sa.select(event_keys.c.event_id).where(event_keys.c.key.in_(keys))
                )
            }
            event_id = min(found) if found else hashlib.sha256(keys[0].encode()).hexdigest()[:16]
            for other in sorted(found - {event_id}):  # two events found to be one: merge into the first id
                connection.execute(
                    event_mentions.update()
                    .where(event_mentions.c.event_id == other)
                    .values(event_id=event_id)
                )
                connection.execute(
                    event_keys.update().where(event_keys.c.event_id == other).values(event_id=event_id)
                )
                connection.execute(events.delete().where(events.c.id == other))
                connection.execute(event_actors.delete().where(event_actors.c.event_id == other))
            for new_key in keys:
                if (
                    connection.execute(sa.select(event_keys.c.key).where(event_keys.c.key == new_key)).first()
                    is None
                ):
                    connection.execute(event_keys.insert().values(key=new_key, event_id=event_id))
            connection.execute(
                event_mentions.insert().values(
                    event_id=event_id,
                    article_id=article_id,
                    language=mention.language,
                    sentence=mention.text,
                    start=mention.start,
                    end=mention.end,
                    data=json.dumps(data, ensure_ascii=False, default=str),
                )
            )
            touched.add(event_id)
    for event_id in sorted(touched):
        _rewrite(connection, event_id)
    return len(touched)


def _rewrite(connection: sa.Connection, event_id: str) -> None:
    rows = connection.execute(
        sa.select(event_mentions)
        .where(event_mentions.c.event_id == event_id)
        .order_by(event_mentions.c.article_id, event_mentions.c.start)
    ).all()
    mentions = [(r._mapping, json.loads(r._mapping["data"])) for r in rows]
    if not mentions:
        return
    record = _aggregate(event_id, mentions, _names(connection, mentions))
    connection.execute(events.delete().where(events.c.id == event_id))
    connection.execute(event_actors.delete().where(event_actors.c.event_id == event_id))
    connection.execute(
        events.insert().values(
            id=event_id,
            plover=record["plover"],
            mode=record["mode"],
            context=record["context"],
            cameo=record["cameo"],
            date=_day(record["date"]),
            end_date=_day(record["end_date"]),
            place=record["place"],
            country=record["country"],
            institution_id=(record["institution"] or {}).get("entity_id"),
            institution_name=(record["institution"] or {}).get("name"),
            session_number=record["session_number"],
            record=json.dumps(record, ensure_ascii=False),
            n_articles=len(record["article_ids"]),
            confidence=record["confidence"],
        )
    )
    if record["actors"]:
        connection.execute(
            event_actors.insert(),
            [
                {
                    "event_id": event_id,
                    "position": i,
                    "entity_id": a["entity_id"],
                    "name": a["name"],
                    "country": a["country"],
                    "role": a["role"],
                }
                for i, a in enumerate(record["actors"])
            ],
        )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _names(
    connection: sa.Connection, mentions: list[tuple[Any, dict[str, Any]]]
) -> dict[str, tuple[str, str]]:
    ids = {e for _, data in mentions for e in [*data["actor_entities"], data.get("institution_key")] if e}
    if not ids:
        return {}
    return {
        r.id: (r.name, r.country)
        for r in connection.execute(
            sa.select(entities.c.id, entities.c.name, entities.c.country).where(
                entities.c.id.in_(sorted(ids))
            )
        )
    }


def _most(values: list[Any]) -> Any:
    counted = Counter(v for v in values if v is not None)
    return sorted(counted, key=lambda v: (-counted[v], str(v)))[0] if counted else None


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
    areas: list[str] = []
    for data in datas:
        areas.extend(a for a in data["pledge_areas"] if a not in areas)
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
        "actors": sorted(actors.values(), key=lambda a: (_ROLE_RANK.get(a["role"], 9), a["name"] or "")),
        "institution": institution,
        "session_number": _most([d["session_number"] for d in datas]),
        "pledge": {"text": pledges[0] if pledges else None, "areas": areas} if pledges or areas else None,
        "facts": facts,
        "article_ids": sorted({row["article_id"] for row, _ in mentions}),
        "languages": sorted({row["language"] for row, _ in mentions if row["language"]}),
        "evidence": evidence,
        "confidence": round(max(d["confidence"] for d in datas), 3),
    }
