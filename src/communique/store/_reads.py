"""Readings of stored events that several parts of the store make, each stated once.

The full scans of :class:`~communique.store.Store` (``iter_events``, ``mechanisms``: the CLI and the
exports), the bounded queries of :mod:`communique.store.queries` (the REST API and the web pages) and the
story linker (:mod:`communique.crossdoc.links`) all decide which meetings lie inside a visit and what a
recurring mechanism's sessions are. Each rule lives here, as one query through the store's indexes, so
the places that show them cannot drift apart.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa

from ..events.ontology import VISIT_CODES
from ..shapes import EventRecord, MechanismRecord, Session
from ._sql import chunks, select_in
from .schema import entities, entity_aliases, event_actors, events

__all__ = [
    "CHAIR_ROLES",
    "TRAVELLER_ROLES",
    "all_mechanisms",
    "binary",
    "contained",
    "entity_order",
    "iso",
    "mechanisms",
    "meetings_in_visit",
    "names_matching",
]


def iso(value: date | str | None) -> str | None:
    """A date column's value as ISO text: raw SQL (full-text search) returns SQLite dates as the
    stored text, SQLAlchemy's typed columns as ``date``."""
    return value.isoformat() if isinstance(value, date) else value or None


def binary(column: sa.ColumnElement[str], dialect: str) -> sa.ColumnElement[str]:
    """``column`` compared by code point, as SQLite always does: on PostgreSQL the database's locale
    would otherwise decide, and the same store would list names in another order."""
    return column.collate("C") if dialect == "postgresql" else column


# -- entities -----------------------------------------------------------------------------------


def entity_order(dialect: str) -> tuple[sa.ColumnElement[Any], ...]:
    """The order entities are listed in everywhere (exports, lookups, the API): most reported first,
    then by name (by code point) and id."""
    return (entities.c.n_articles.desc(), binary(entities.c.name, dialect), entities.c.id)


def names_matching(text: str) -> sa.ColumnElement[bool]:
    """Entities whose name or one of whose aliases contains ``text`` (case-insensitive; ``%`` and ``_``
    are letters, not LIKE wildcards)."""
    return sa.or_(
        entities.c.name.icontains(text, autoescape=True),
        entities.c.id.in_(
            sa.select(entity_aliases.c.entity_id).where(
                entity_aliases.c.alias.icontains(text, autoescape=True)
            )
        ),
    )


#: Roles of a visit's actors who travel (or announce travelling): the ones whose meetings it contains.
TRAVELLER_ROLES = ("visitor", "source")
#: Roles of a session's actors that make its co-chairs.
CHAIR_ROLES = ("co-chair", "visitor", "participant")


# -- meetings inside a visit --------------------------------------------------------------------


def meetings_in_visit(
    connection: sa.Connection,
    visit_id: str,
    first: date,
    last: date,
    country: str | None,
    travellers: Iterable[str],
) -> list[str]:
    """Ids of the meetings inside a visit, by date then id: consultations (not visits themselves) by
    one of its ``travellers`` (entity ids), from ``first`` to ``last`` inclusive, in the visit's
    ``country`` or in no known country (a visit without a country contains only the latter)."""
    wanted = sorted(set(travellers))
    if not wanted:
        return []
    # A join from the travellers' actor rows (indexed by entity), not "id IN (subquery)": SQLite
    # planned the latter as a scan of the visit's days, 2 ms a visit against under 0.1 ms.
    query = (
        sa.select(events.c.id, events.c.date)
        .join(event_actors, event_actors.c.event_id == events.c.id)
        .where(
            event_actors.c.entity_id.in_(wanted),
            events.c.id != visit_id,
            events.c.plover == "CONSULT",
            events.c.cameo.not_in(VISIT_CODES),
            events.c.date.between(first, last),
            sa.or_(events.c.country.is_(None), events.c.country == country)
            if country
            else events.c.country.is_(None),
        )
        .distinct()
        .order_by(events.c.date, events.c.id)
    )
    return [row.id for row in connection.execute(query)]


def contained(connection: sa.Connection, record: EventRecord) -> list[str]:
    """What an event record ``contains``: for a dated visit, the meetings inside it
    (:func:`meetings_in_visit`, its visitors or sources as travellers); for any other event, nothing."""
    day = record.get("date")
    if record.get("cameo") not in VISIT_CODES or not day:
        return []
    return meetings_in_visit(
        connection,
        record["id"],
        date.fromisoformat(day),
        date.fromisoformat(record.get("end_date") or day),
        record.get("country"),
        (a["entity_id"] for a in record["actors"] if a["role"] in TRAVELLER_ROLES and a["entity_id"]),
    )


# -- recurring mechanisms -----------------------------------------------------------------------


def mechanisms(connection: sa.Connection, institution_ids: Sequence[str]) -> list[MechanismRecord]:
    """The recurring mechanisms of the given institutions (entity ids), by id: each with its name, kind,
    countries and numbered sessions (number, date, place, co-chairs, event id), sessions by number then
    date (events of one number and date by their own date order, then id)."""
    sessions: dict[str, list[Session]] = defaultdict(list)
    event_ids: list[str] = []
    for chunk in chunks(list(institution_ids)):
        query = (
            sa.select(
                events.c.id,
                events.c.institution_id,
                events.c.session_number,
                events.c.date,
                events.c.place,
            )
            .where(events.c.institution_id.in_(chunk), events.c.session_number.is_not(None))
            # The order every event is listed in (Store.iter_events): it settles sessions that share a
            # number and a date.
            .order_by(events.c.date.nulls_first(), events.c.id)
        )
        for r in connection.execute(query):
            event_ids.append(r.id)
            sessions[r.institution_id].append(
                {
                    "number": r.session_number,
                    "date": r.date.isoformat() if r.date is not None else None,
                    "place": r.place,
                    "event_id": r.id,
                    "co_chairs": [],
                }
            )
    chairs: dict[str, list[str | None]] = defaultdict(list)
    countries: dict[str, set[str]] = defaultdict(set)
    for chunk in chunks(event_ids):
        actors_query = (
            sa.select(
                event_actors.c.event_id, event_actors.c.name, event_actors.c.country, event_actors.c.role
            )
            .where(event_actors.c.event_id.in_(chunk))
            .order_by(event_actors.c.event_id, event_actors.c.position)
        )
        for actor in connection.execute(actors_query):
            if actor.role in CHAIR_ROLES:
                chairs[actor.event_id].append(actor.name)
            if actor.country:
                countries[actor.event_id].add(actor.country)
    names = {
        r.id: r.name for r in select_in(connection, (entities.c.id, entities.c.name), entities.c.id, sessions)
    }
    found: list[MechanismRecord] = []
    for ident, items in sorted(sessions.items()):
        for item in items:
            item["co_chairs"] = chairs.get(item["event_id"], [])
        both = sorted({c for item in items for c in countries.get(item["event_id"], ())})
        found.append(
            {
                "id": ident,
                "name": names.get(ident, ident),
                "kind": "recurring bilateral mechanism" if len(both) == 2 else "recurring mechanism",
                "countries": both,
                "sessions": sorted(items, key=lambda s: (s["number"], s["date"] or "")),
            }
        )
    return found


def all_mechanisms(connection: sa.Connection) -> list[MechanismRecord]:
    """Every recurring mechanism (an institution with a numbered session), as :func:`mechanisms`."""
    ids = connection.scalars(
        sa.select(events.c.institution_id)
        .where(events.c.institution_id.is_not(None), events.c.session_number.is_not(None))
        .distinct()
    )
    return mechanisms(connection, sorted(ids))
