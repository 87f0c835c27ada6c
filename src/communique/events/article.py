"""What the sentences of one article tell each other (the last step of stage ``code``, pure).

A session reported without names takes the people of the meeting reported just before it; an act
of "the two sides" gets the two sides of the nearest meeting; a numeric fact belongs to the event
of its sentence, else to the last event reported before it.
"""

from __future__ import annotations

from dataclasses import replace

from .records import Actor, EventMention
from .session import _CO_CHAIR

__all__: list[str] = []


#: Sentences back (besides its own) in which a joint act looks for the meeting whose sides act.
_JOINT_REACH = 2


def _borrow_participants(events: list[EventMention]) -> list[EventMention]:
    """ "The two leaders co-chaired the 12th Meeting": a session reported without names takes the
    people of the meeting reported just before it."""
    result: list[EventMention] = []
    for event in events:
        people = [a for a in event.actors if a.type == "PERSON"]
        if event.kind == "meeting" and len(people) < 2:
            earlier = [
                e
                for e in result
                if e.plover == "CONSULT"
                and event.sentence - 2 <= e.sentence < event.sentence
                and sum(a.type == "PERSON" for a in e.actors) >= 2
            ]
            if earlier:
                borrowed = tuple(
                    replace(a, role="co-chair" if _CO_CHAIR.search(event.text) else a.role)
                    for a in earlier[-1].actors
                    if a.type == "PERSON"
                )
                event = replace(event, actors=borrowed)
        result.append(event)
    return result


def _joint_sides(events: list[EventMention]) -> list[EventMention]:
    """Give each act of "the two sides" the two sides of the nearest meeting before it (or in its
    sentence): a directed act becomes one event each way, a meeting one event with both; without
    such a meeting the act is dropped (nobody to attribute it to)."""
    result: list[EventMention] = []
    for event in events:
        if event.kind != "joint":
            result.append(event)
            continue
        earlier = [
            e
            for e in result
            if event.sentence - _JOINT_REACH <= e.sentence <= event.sentence
            and len({a.country for a in e.actors if a.country}) >= 2
        ]
        if not earlier:
            continue
        sides: dict[str, Actor] = {}
        for actor in earlier[-1].actors:
            if actor.country and actor.country not in sides:
                sides[actor.country] = actor
        first, second = list(sides.values())[:2]
        place, country = earlier[-1].place, earlier[-1].country
        kind = "statement" if event.plover == "AGREE" else "event"
        if event.plover == "CONSULT":
            actors = (replace(first, role="participant"), replace(second, role="participant"))
            result.append(replace(event, actors=actors, kind=kind, place=place, country=country))
            continue
        for source, target in ((first, second), (second, first)):
            actors = (replace(source, role="source"), replace(target, role="target"))
            result.append(
                replace(event, actors=actors, kind=kind, confidence=0.6, place=place, country=country)
            )
    return result


def _attach_facts(events: list[EventMention], facts: list[dict[str, object]]) -> list[EventMention]:
    """A fact belongs to the event of its sentence, else to the last event reported before it."""
    if not events or not facts:
        return events
    by_event: dict[int, list[dict[str, object]]] = {}
    for fact in facts:
        sentence = fact["sentence"]
        same = [i for i, e in enumerate(events) if e.sentence == sentence]
        earlier = [i for i, e in enumerate(events) if isinstance(sentence, int) and e.sentence < sentence]
        target = (same or earlier or [0])[-1]
        by_event.setdefault(target, []).append({k: v for k, v in fact.items() if k != "sentence"})
    return [replace(e, facts=tuple(by_event.get(i, ()))) for i, e in enumerate(events)]
