"""Stage ``resolve``: global entity resolution, incremental and independent of arrival order.

New local entities are compared only with stored ones that share a block key
(see :func:`communique.entities.block_keys`), joined by union-find, and only the
entities they touch are rewritten. Every pair that shares a key is compared
exactly once, whichever arrived first, so the components — and the ids and
names computed from them — are the same in any order.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from ..entities import block_keys, entity_id, pick_name, same_entity
from ..records import LocalEntity
from ..store.ledger import EntityRows, Ledger

__all__ = ["Resolved", "UnionFind", "resolve_batch"]


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


def resolve_batch(ledger: Ledger, batch: Sequence[tuple[LocalEntity, date | None]]) -> Resolved:
    """Store new local entities (and their mentions) and re-resolve what they touch."""
    if not batch:
        return Resolved({}, set())
    new = {local.key: local for local, _ in batch}
    published = {local.key: when for local, when in batch}
    keys_of = {key: set(local.blocks) or block_keys(local) for key, local in new.items()}

    # Candidates: stored local entities sharing a block key with a new one.
    by_block = ledger.locals_in_blocks({b for keys in keys_of.values() for b in keys})
    stored_rows = {
        s.local.key: s for s in ledger.locals_by_key({k for keys in by_block.values() for k in keys})
    }
    stored = {key: row.local for key, row in stored_rows.items()}

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
    touched_entities = {stored_rows[k].entity_id for k in union.parent if k in stored_rows}
    members_rows = ledger.members(touched_entities)
    for row in members_rows:
        stored.setdefault(row.local.key, row.local)
        stored_rows.setdefault(row.local.key, row)
    by_entity: dict[str, list[str]] = defaultdict(list)
    for row in members_rows:
        by_entity[row.entity_id].append(row.local.key)
    for keys in by_entity.values():
        for key in keys[1:]:
            union.union(keys[0], key)
    for key in list(union.parent):
        if key in stored_rows and stored_rows[key].entity_id in by_entity:
            union.union(key, by_entity[stored_rows[key].entity_id][0])

    components: dict[str, list[LocalEntity]] = defaultdict(list)
    for key in union.parent:
        local = new.get(key) or stored[key]
        components[union.find(key)].append(local)
    dates = {key: row.published for key, row in stored_rows.items()} | published
    rows = EntityRows([], [], [], [])
    ident_of: dict[str, str] = {}
    for members in components.values():
        ident_of |= _entity_rows(members, dates, rows)

    # Write: new locals (with their entity), their mentions and block keys; then the rewritten entities.
    ledger.add_locals(
        [(local, published[local.key], ident_of[local.key], keys_of[local.key]) for local in new.values()]
    )
    old_ids = sorted(touched_entities)
    shown = ledger.entity_names(old_ids)
    ledger.replace_entities(old_ids, rows)
    # Only stored members whose entity changed id are rewritten (a large entity that gains a member
    # keeps its id, and its thousands of members were all updated to the same value each batch).
    moved = {
        key: ident
        for key, ident in ident_of.items()
        if key in stored_rows and stored_rows[key].entity_id != ident
    }
    ledger.move_locals(moved)
    renamed = {stored_rows[key].entity_id: ident for key, ident in moved.items()}
    restated = {
        row["id"]
        for row in rows.entities
        if row["id"] in shown and shown[row["id"]] != (row["name"], row["country"])
    }
    return Resolved(renamed, restated)


def _entity_rows(
    members: list[LocalEntity], dates: dict[str, date | None], rows: EntityRows
) -> dict[str, str]:
    """Append the rows of the entity made of ``members`` to ``rows``; return member key -> entity id."""
    ident = entity_id(members)
    kind = members[0].type
    countries = Counter(m.country for m in members if m.country)
    country = countries.most_common(1)[0][0] if countries else None
    if len(countries) > 1 and kind == "ORG":
        country = None  # a bilateral body belongs to neither side
    seen = [d for d in (dates.get(m.key) for m in members) if d]
    articles = sorted({m.article_id for m in members})
    rows.entities.append(
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
    rows.aliases.extend(
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
    rows.roles.extend(
        {
            "entity_id": ident,
            "title": title,
            "country": where,
            "first_seen": min(days) if days else None,
            "last_seen": max(days) if days else None,
        }
        for (title, where), days in sorted(roles.items())
    )
    rows.articles.extend({"entity_id": ident, "article_id": a} for a in articles)
    return {m.key: ident for m in members}
