"""What makes two reports the same event: structure, not text similarity.

An event mention resolved to entities gets identity keys; mentions that share
a key are one event. An institutional meeting is its institution and session
number; a meeting between officials is its date and participants; a visit is
its visitor, host country and start; any other event is its category, date,
source and target. Keys use entity ids and ISO country codes, never words, so
reports in any language meet.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..records import Actor, EventMention
from .ontology import is_visit

__all__ = ["event_keys"]


def event_keys(event: EventMention, entity_of: Mapping[tuple[int, int], str]) -> list[str]:
    """Identity keys of an event mention; ``entity_of`` maps an actor's (start, end) to its entity id."""

    def who(start: int | None, end: int | None, fallback: str | None) -> str:
        if start is not None and end is not None and (start, end) in entity_of:
            return entity_of[(start, end)]
        return fallback or "?"

    keys: list[str] = []
    people = sorted({who(a.start, a.end, None) for a in event.actors if a.type == "PERSON"} - {"?"})
    if event.institution_key and event.session_number is not None:
        keys.append(f"S|{event.institution_key}|{event.session_number}")
        if len(people) >= 2:  # the session is also the meeting of its co-chairs that day
            keys.append(f"M|{event.date}|{'+'.join(people)}")
        return keys
    if event.plover == "CONSULT" and is_visit(event.cameo):
        visitor = next((a for a in event.actors if a.role in ("visitor", "source")), None)
        if visitor is not None:
            # A visit is its visitor, host country and month: reports date it by arrival or by a meeting.
            month = (event.date or "")[:7]
            keys.append(f"V|{who(visitor.start, visitor.end, visitor.country)}|{event.country}|{month}")
        return keys
    if event.plover == "CONSULT" and len(people) >= 2:
        keys.append(f"M|{event.date}|{'+'.join(people)}")
        return keys
    source = next(
        (a for a in event.actors if a.role in ("source", "visitor", "participant", "co-chair")), None
    )
    target = next((a for a in event.actors if a is not source), None)

    def side(actor: Actor | None) -> str:
        if actor is None:
            return "?"
        return actor.country or who(actor.start, actor.end, None)

    keys.append(f"E|{event.plover}|{event.cameo[:3]}|{event.date}|{side(source)}|{side(target)}")
    return keys
