"""Global entity resolution inside the store, incremental and independent of arrival order.

New local entities are compared only with stored ones that share a block key
(see :func:`communique.entities.block_keys`), joined by union-find, and only the
entities they touch are rewritten. Every pair that shares a key is compared
exactly once, whichever arrived first, so the components — and the ids and
names computed from them — are the same in any order.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any, NamedTuple

import sqlalchemy as sa

from ..entities import LocalEntity, block_keys, entity_id, pick_name, same_entity
from ._sql import chunks, select_in
from .schema import (
    entities,
    entity_aliases,
    entity_articles,
    entity_roles,
    local_blocks,
    local_entities,
    mentions,
)

__all__ = ["Resolved", "UnionFind", "resolve_batch"]


def _row(local: LocalEntity, published: date | None, ident: str) -> dict[str, Any]:
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


def _local(row: Any) -> LocalEntity:
    return LocalEntity(
        key=row["key"],
        article_id=row["article_id"],
        type=row["type"],
        names=tuple(json.loads(row["names"])),
        aliases=tuple(json.loads(row["aliases"])),
        language=row["language"],
        country=row["country"],
        titles=tuple((t, c) for t, c in json.loads(row["titles"])),
    )


def _load(connection: sa.Connection, column: sa.Column[Any], values: Iterable[str]) -> list[Any]:
    """The stored local entities whose ``column`` is one of ``values``, as row mappings."""
    return [r._mapping for r in select_in(connection, (local_entities,), column, values)]


class UnionFind:
    """Disjoint sets of string keys; the smallest key of a set is its root, whatever the order of unions
    (so components, and what is derived from them, do not depend on arrival order)."""

    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {key: key for key in keys}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[str]]:
        """Every set, as a list of its keys."""
        found: dict[str, list[str]] = defaultdict(list)
        for key in list(self.parent):
            found[self.find(key)].append(key)
        return list(found.values())


class Resolved(NamedTuple):
    """What a batch changed in stored entities, for the records that name them."""

    #: Stored entity ids that no longer exist, each with the id of the entity it became (an entity's id
    #: is a function of its members, so it changes when it merges or gains a member that sorts first):
    #: whatever stored the old id must be pointed at the new one.
    renamed: dict[str, str]
    #: Entities that kept their id but not their display name or country: records that show them
    #: must be restated.
    restated: set[str]


def resolve_batch(connection: sa.Connection, batch: Sequence[tuple[LocalEntity, date | None]]) -> Resolved:
    """Store new local entities (and their mentions) and re-resolve what they touch."""
    if not batch:
        return Resolved({}, set())
    new = {local.key: local for local, _ in batch}
    published = {local.key: when for local, when in batch}
    keys_of = {key: set(local.blocks) or block_keys(local) for key, local in new.items()}

    # Candidates: stored local entities sharing a block key with a new one.
    by_block: dict[str, set[str]] = defaultdict(set)
    all_blocks = sorted({b for keys in keys_of.values() for b in keys})
    for chunk in chunks(all_blocks):
        for block, local_key in connection.execute(
            sa.select(local_blocks.c.block, local_blocks.c.local_key).where(local_blocks.c.block.in_(chunk))
        ):
            by_block[block].add(local_key)
    stored_rows = {
        r["key"]: r
        for r in _load(connection, local_entities.c.key, {k for keys in by_block.values() for k in keys})
    }
    stored = {key: _local(row) for key, row in stored_rows.items()}

    union = UnionFind()
    for key, blocks in sorted(keys_of.items()):
        union.find(key)
        # New keys are indexed as they are visited (in sorted order), so earlier new ones are in by_block.
        candidates = sorted({c for b in blocks for c in by_block.get(b, ())})
        for candidate in candidates:
            other = new.get(candidate) or stored.get(candidate)
            if (
                other is not None
                and union.find(candidate) != union.find(key)
                and same_entity(new[key], other)
            ):
                union.union(key, candidate)
        for block in blocks:
            by_block[block].add(key)

    # Whole stored entities that take part: every member of each touched entity.
    touched_entities = {stored_rows[k]["entity_id"] for k in union.parent if k in stored_rows}
    members_rows = _load(connection, local_entities.c.entity_id, touched_entities)
    for row in members_rows:
        stored.setdefault(row["key"], _local(row))
        stored_rows.setdefault(row["key"], row)
    by_entity: dict[str, list[str]] = defaultdict(list)
    for row in members_rows:
        by_entity[row["entity_id"]].append(row["key"])
    for keys in by_entity.values():
        for key in keys[1:]:
            union.union(keys[0], key)
    for key in list(union.parent):
        if key in stored_rows and stored_rows[key]["entity_id"] in by_entity:
            union.union(key, by_entity[stored_rows[key]["entity_id"]][0])

    components: dict[str, list[LocalEntity]] = defaultdict(list)
    for key in union.parent:
        local = new.get(key) or stored[key]
        components[union.find(key)].append(local)
    dates = {key: row["published"] for key, row in stored_rows.items()} | published
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for members in components.values():
        _entity_rows(members, dates, rows)
    ident_of = {row["member"]: row["ident"] for row in rows["members"]}

    # Write: new locals (with their entity), their mentions and block keys; then the rewritten entities.
    connection.execute(
        local_entities.insert(),
        [_row(local, published[local.key], ident_of[local.key]) for local in new.values()],
    )
    connection.execute(
        local_blocks.insert(),
        [{"block": b, "local_key": key} for key, blocks in keys_of.items() for b in sorted(blocks)],
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
        for local in new.values()
        for m in local.mentions
    ]
    if mention_rows:
        connection.execute(mentions.insert(), mention_rows)
    old_ids = sorted(touched_entities)
    shown = {
        row.id: (row.name, row.country)
        for row in select_in(
            connection, (entities.c.id, entities.c.name, entities.c.country), entities.c.id, old_ids
        )
    }
    for table in (entities, entity_aliases, entity_roles, entity_articles):
        column = table.c.id if table is entities else table.c.entity_id
        for chunk in chunks(old_ids):
            connection.execute(table.delete().where(column.in_(chunk)))
    # One executemany per table: a round trip per entity made resolution the pipeline's bottleneck.
    for table in (entities, entity_aliases, entity_roles, entity_articles):
        if rows[table.name]:
            connection.execute(table.insert(), rows[table.name])
    # Only stored members whose entity changed id are rewritten (a large entity that gains a member
    # keeps its id, and its thousands of members were all updated to the same value each batch).
    moved = [
        {"member": key, "ident": ident}
        for key, ident in ident_of.items()
        if key in stored_rows and stored_rows[key]["entity_id"] != ident
    ]
    if moved:
        connection.execute(
            local_entities.update()
            .where(local_entities.c.key == sa.bindparam("member"))
            .values(entity_id=sa.bindparam("ident")),
            moved,
        )
    renamed = {stored_rows[row["member"]]["entity_id"]: row["ident"] for row in moved}
    restated = {
        row["id"]
        for row in rows[entities.name]
        if row["id"] in shown and shown[row["id"]] != (row["name"], row["country"])
    }
    return Resolved(renamed, restated)


def _entity_rows(
    members: list[LocalEntity], dates: dict[str, date | None], rows: dict[str, list[dict[str, Any]]]
) -> None:
    """Append the rows of the entity made of ``members`` to ``rows`` (by table name)."""
    ident = entity_id(members)
    kind = members[0].type
    countries = Counter(m.country for m in members if m.country)
    country = countries.most_common(1)[0][0] if countries else None
    if len(countries) > 1 and kind == "ORG":
        country = None  # a bilateral body belongs to neither side
    seen = [d for d in (dates.get(m.key) for m in members) if d]
    articles = sorted({m.article_id for m in members})
    rows[entities.name].append(
        {
            "id": ident,
            "name": pick_name(members),
            "type": kind,
            "country": country,
            "first_seen": min(seen) if seen else None,
            "last_seen": max(seen) if seen else None,
            "n_articles": len(articles),
        }
    )
    aliases: Counter[tuple[str, str]] = Counter()
    for member in members:
        for alias in (*member.names, *member.aliases):
            aliases[(alias, member.language or "")] += 1
    rows[entity_aliases.name].extend(
        {"entity_id": ident, "alias": alias, "language": lang, "count": n}
        for (alias, lang), n in sorted(aliases.items())
    )
    roles: dict[tuple[str, str], list[date]] = defaultdict(list)
    for member in members:
        when = dates.get(member.key)
        for title, title_country in member.titles:
            bucket = roles[(title, title_country or member.country or country or "")]
            if when:
                bucket.append(when)
    rows[entity_roles.name].extend(
        {
            "entity_id": ident,
            "title": title,
            "country": where,
            "first_seen": min(days) if days else None,
            "last_seen": max(days) if days else None,
        }
        for (title, where), days in sorted(roles.items())
    )
    rows[entity_articles.name].extend({"entity_id": ident, "article_id": a} for a in articles)
    rows["members"].extend({"member": m.key, "ident": ident} for m in members)
