"""Stage ``events``: event mentions -> one stored record per real event (incremental; see
:mod:`communique.events.link`).

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
from typing import Any

from ..events.link import event_keys as keys_of
from ..events.ontology import visit_sides
from ..records import Actor, EventMention, LocalEntity, iso_date
from ..shapes import EventActor, EventRecord, Evidence, Institution, Visitor
from ..store.ledger import EventRows, Ledger, StoredMention
from .resolve import UnionFind

__all__ = ["meeting_blocks", "repair_events", "store_events"]

_ROLE_RANK = {"co-chair": 0, "visitor": 1, "host": 2, "source": 3, "target": 4, "participant": 5}


def _entity_map(ledger: Ledger, locals_: Sequence[LocalEntity]) -> dict[tuple[str, int, int], str]:
    """(article id, start, end) of every mention of the batch's local entities -> entity id."""
    ids = ledger.entity_of_locals(local.key for local in locals_)
    mapping: dict[tuple[str, int, int], str] = {}
    for local in locals_:
        for mention in local.mentions:
            if local.key in ids:
                mapping[(local.article_id, mention.start, mention.end)] = ids[local.key]
    return mapping


def store_events(
    ledger: Ledger,
    batch: Sequence[tuple[str, Sequence[EventMention]]],
    locals_: Sequence[LocalEntity],
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
    entity_at = _entity_map(ledger, locals_)
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
    pending.extend(_renamed_mentions(ledger, renamed or {}))
    return _link(ledger, pending, restate)


def repair_events(ledger: Ledger) -> list[str]:
    """Point every stored mention that names an entity which no longer exists at the entity its span
    belongs to now, re-key its event, and restate every event record; return the events touched.

    Stores written before references were kept whole (migration 0006) hold such mentions; the span of
    each actor (article, start, end) still leads to its local entity, whose entity is current.
    """
    alive = ledger.entity_ids()
    wanted: dict[str, set[tuple[int, int]]] = defaultdict(set)  # article -> spans of dead actors
    dead_at: list[tuple[str, str, int, int]] = []  # (dead id, article, start, end)
    for article_id, mention in ledger.all_mention_data():
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
    everything = ledger.event_ids()
    if not dead_at:
        return _link(ledger, [], everything)
    current = ledger.entity_at_spans(wanted)
    renamed: dict[str, str] = {}
    for dead, article_id, start, end in dead_at:
        found = [ident for e, ident in current.get((article_id, start), ()) if end is None or e == end]
        if found and found[0] in alive:
            renamed.setdefault(dead, found[0])
    stale = {
        event_id
        for event_id, text in ledger.mention_data_of_articles({a for _, a, _, _ in dead_at})
        if any(dead in text for dead in renamed)
    }
    pending = _renamed_mentions(ledger, renamed, stale)
    return _link(ledger, pending, everything)


def _link(ledger: Ledger, pending: list[_Pending], restate: Iterable[str]) -> list[str]:
    """Link ``pending`` mentions into events by their keys (see :func:`store_events`), write them, and
    rewrite every event touched or named in ``restate``; return the events touched."""
    restated = sorted(set(restate) - {p.event_id for p in pending if p.event_id})
    if not pending:
        _rewrite(ledger, restated)
        return restated

    # Stored events sharing a key with a pending mention, and every key of theirs.
    owner = ledger.key_owners({k for p in pending for k in p.keys})
    owner.update(ledger.keys_of_events(set(owner.values())))

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
    ledger.rename_events(moved)
    ledger.drop_event_records([old for old, _ in moved])
    ledger.add_event_keys(
        {key: event_of[union.find(f"k:{key}")] for item in pending for key in item.keys if key not in owner}
    )
    inserted: list[dict[str, Any]] = []
    updated: list[tuple[int, str, dict[str, Any]]] = []
    for index, item in enumerate(pending):
        event_id = event_of[union.find(f"p:{index}")]
        if item.mention_id is None:
            inserted.append(item.row | {"event_id": event_id})
        else:
            updated.append((item.mention_id, event_id, item.row["data"]))
    ledger.add_mentions(inserted)
    ledger.update_mentions(updated)
    touched = {event_of[union.find(f"p:{index}")] for index in range(len(pending))}
    # A restated event that was merged away is rewritten under its new id (among the touched).
    touched |= set(restated) - {old for old, _ in moved}
    _rewrite(ledger, sorted(touched))
    return sorted(touched)


@dataclass
class _Pending:
    """A mention to be (re)linked: its identity keys, its row, and for a stored mention its row id
    and the event it belonged to."""

    keys: list[str]
    row: dict[str, Any]
    mention_id: int | None = None
    event_id: str | None = None


def _renamed_mentions(
    ledger: Ledger, renamed: Mapping[str, str], stale: set[str] | None = None
) -> list[_Pending]:
    """The stored mentions of every event that names a replaced entity (or of the ``stale`` events
    given), pointed at the new ids and re-keyed; the old keys of those events are dropped (the
    mentions bring their new ones)."""
    if not renamed:
        return []
    stale = ledger.events_naming(renamed) if stale is None else stale
    if not stale:
        return []
    pending: list[_Pending] = []
    for row in sorted(ledger.mentions_of_events(stale), key=lambda m: m.id):
        data = row.data
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
    ledger.drop_event_keys(stale)
    return pending


def _as_mention(data: Mapping[str, Any]) -> EventMention:
    """The mention a stored row's ``data`` was made from (the inverse of :func:`_as_dict`)."""
    values = {name: data[name] for name in _MENTION_FIELDS if name in data}
    values["actors"] = tuple(Actor(**{n: a.get(n) for n in _ACTOR_FIELDS}) for a in data["actors"])
    values["facts"] = tuple(data.get("facts", ()))
    values["pledge_areas"] = tuple(data.get("pledge_areas", ()))
    return EventMention(**values)


_MENTION_FIELDS = tuple(f.name for f in fields(EventMention))
_ACTOR_FIELDS = tuple(f.name for f in fields(Actor))


def _as_dict(mention: EventMention) -> dict[str, Any]:
    """``dataclasses.asdict`` without its deep copies (a tenth of the cost, same result)."""
    data = {name: getattr(mention, name) for name in _MENTION_FIELDS}
    data["actors"] = [{name: getattr(a, name) for name in _ACTOR_FIELDS} for a in mention.actors]
    data["facts"] = [dict(f) for f in mention.facts]
    data["pledge_areas"] = list(mention.pledge_areas)
    return data


def _rewrite(ledger: Ledger, event_ids: Sequence[str]) -> None:
    """Recompute the records of ``event_ids`` from all their mentions."""
    by_event: dict[str, list[StoredMention]] = defaultdict(list)
    for stored in ledger.mentions_of_events(event_ids):
        by_event[stored.event_id].append(stored)
    ledger.drop_event_records(event_ids)
    names = ledger.entity_names(
        {
            e
            for ms in by_event.values()
            for m in ms
            for e in (*m.data["actor_entities"], m.data.get("institution_key"))
            if e
        }
    )
    outlets: dict[str, set[str]] = defaultdict(set)
    for article_id, outlet, _url in ledger.sources({m.article_id for ms in by_event.values() for m in ms}):
        outlets[article_id].add(outlet or article_id)  # an unnamed outlet counts once
    event_rows: list[dict[str, Any]] = []
    actor_rows: list[dict[str, Any]] = []
    block_rows: list[dict[str, str]] = []
    entity_rows: list[dict[str, str]] = []
    for event_id in event_ids:
        mentions = by_event.get(event_id)
        if not mentions:
            continue
        named = {e for m in mentions for e in (*m.data["actor_entities"], m.data.get("institution_key")) if e}
        entity_rows.extend({"event_id": event_id, "entity_id": e} for e in sorted(named))
        record = _aggregate(event_id, mentions, names, outlets)
        event_rows.append(
            {
                "id": event_id,
                "plover": record["plover"],
                "mode": record["mode"],
                "context": record["context"],
                "cameo": record["cameo"],
                "date": iso_date(record["date"]),
                "end_date": iso_date(record["end_date"]),
                "place": record["place"],
                "country": record["country"],
                "institution_id": record["institution"]["entity_id"] if record["institution"] else None,
                "institution_name": record["institution"]["name"] if record["institution"] else None,
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
    ledger.add_event_records(EventRows(event_rows, actor_rows, block_rows, entity_rows))


def meeting_blocks(record: Mapping[str, Any]) -> list[str]:
    """A meeting's day and each pair of countries taking part ("2024-10-14|BRA|IDN"): how stories find
    other reports of a meeting that name different people, through an index, never a day's scan."""
    if record.get("plover") != "CONSULT" or not record.get("date"):
        return []
    countries = sorted({a["country"] for a in record.get("actors", ()) if a.get("country")})
    return [f"{record['date']}|{a}|{b}" for i, a in enumerate(countries) for b in countries[i + 1 :]]


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

    from .links import encoder

    vectors = np.asarray(encoder().encode([a for a, _ in kept]), dtype="float32")
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
    event_id: str,
    mentions: list[StoredMention],
    names: Mapping[str, tuple[str, str | None]],
    outlets: Mapping[str, set[str]],
) -> EventRecord:
    datas = [m.data for m in mentions]
    # An institutional meeting's own report names the event best; then the most confident one.
    best = max(datas, key=lambda d: (d["kind"] == "meeting", d["confidence"], -len(d["text"])))
    actors: dict[str, EventActor] = {}
    for data in datas:
        for actor, entity in zip(data["actors"], data["actor_entities"], strict=True):
            ident = entity or f"{actor['name']}|{actor['country']}"
            name, country = (
                names.get(entity, (actor["name"], actor["country"]))
                if entity
                else (actor["name"], actor["country"])
            )
            current = actors.get(ident)
            candidate: EventActor = {
                "entity_id": entity,
                "name": name,
                "country": country or actor["country"],
                "role": actor["role"],
            }
            if current is None or _ROLE_RANK.get(actor["role"], 9) < _ROLE_RANK.get(current["role"], 9):
                actors[ident] = candidate
    institution_key = _most([d.get("institution_key") for d in datas])
    institution: Institution | None = None
    if institution_key or _most([d["institution"] for d in datas]):
        institution = {
            "entity_id": institution_key,
            "name": (names[institution_key][0] if institution_key in names else None)
            or _most([d["institution"] for d in datas]),
        }
    dates = sorted(d["date"] for d in datas if d["date"])
    ends = sorted(d["end_date"] for d in datas if d["end_date"])
    areas = _one_per_meaning([(a, data["language"]) for data in datas for a in data["pledge_areas"]])
    pledges = [d["pledge_text"] for d in datas if d["pledge_text"]]
    facts = [f for d in datas for f in d.get("facts", [])]
    evidence: list[Evidence] = [
        {
            "article_id": m.article_id,
            "sentence": m.sentence,
            "start": m.start,
            "end": m.end,
        }
        for m in mentions
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
    article_ids = sorted({m.article_id for m in mentions})
    side, host_country = visit_sides(best["plover"], country, ordered)
    visitor: Visitor | None = {"entity_id": side["entity_id"], "name": side["name"]} if side else None
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
        "article_ids": article_ids,
        "languages": sorted({m.language for m in mentions if m.language}),
        "evidence": evidence,
        "confidence": round(max(d["confidence"] for d in datas), 3),
        "n_outlets": len({o for a in article_ids for o in outlets.get(a, {a})}),
    }
