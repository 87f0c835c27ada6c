"""What the sentences of one article tell each other (the last step of stage ``code``, pure).

A session reported without names takes the people of the meeting reported just before it; an act
of "the two sides" gets the two sides of the nearest meeting; a numeric fact belongs to the event
of its sentence, else to the last event reported before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import replace
from itertools import pairwise

from ..records import Actor, EventMention
from .session import _CO_CHAIR

__all__: list[str] = []


#: Sentences back (besides its own) in which a joint act looks for the meeting whose sides act.
_JOINT_REACH = 2


def _borrow_participants(events: list[EventMention]) -> list[EventMention]:
    """ "The two leaders co-chaired the 12th Meeting": a session reported without names takes the
    people of the meeting reported just before it."""
    result: list[EventMention] = []
    in_order = _in_order(events)
    for event in events:
        people = [a for a in event.actors if a.type == "PERSON"]
        if event.kind == "meeting" and len(people) < 2:
            last = _last_before(
                result,
                (event.sentence - 2, event.sentence - 1),
                lambda e: e.plover == "CONSULT" and sum(a.type == "PERSON" for a in e.actors) >= 2,
                in_order,
            )
            if last is not None:
                borrowed = tuple(
                    replace(a, role="co-chair" if _CO_CHAIR.search(event.text) else a.role)
                    for a in last.actors
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
    in_order = _in_order(events)
    for event in events:
        if event.kind != "joint":
            result.append(event)
            continue
        meeting = _last_before(
            result,
            (event.sentence - _JOINT_REACH, event.sentence),
            lambda e: len({a.country for a in e.actors if a.country}) >= 2,
            in_order,
        )
        if meeting is None:
            continue
        sides: dict[str, Actor] = {}
        for actor in meeting.actors:
            if actor.country and actor.country not in sides:
                sides[actor.country] = actor
        first, second = list(sides.values())[:2]
        place, country = meeting.place, meeting.country
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
    sentences = [e.sentence for e in events]
    in_order = all(a <= b for a, b in pairwise(sentences))
    for fact in facts:
        sentence = fact["sentence"]
        if in_order and isinstance(sentence, int):
            # Binary search, not a scan of every event per fact (quadratic in the article's length):
            # the last event of the fact's sentence, else the last one before it, else the first.
            target = max(bisect_right(sentences, sentence) - 1, 0)
        else:
            same = [i for i, e in enumerate(events) if e.sentence == sentence]
            earlier = [i for i, e in enumerate(events) if isinstance(sentence, int) and e.sentence < sentence]
            target = (same or earlier or [0])[-1]
        by_event.setdefault(target, []).append({k: v for k, v in fact.items() if k != "sentence"})
    return [replace(e, facts=tuple(by_event.get(i, ()))) for i, e in enumerate(events)]


def _in_order(events: list[EventMention]) -> bool:
    return all(a.sentence <= b.sentence for a, b in pairwise(events))


def _last_before(
    events: list[EventMention],
    sentences: tuple[int, int],
    wanted: Callable[[EventMention], bool],
    in_order: bool,
) -> EventMention | None:
    """The last of ``events`` in the sentences ``sentences`` (first and last, both included) that
    is ``wanted``. When ``events`` are in sentence order (the coder's output is), the search walks
    back from the end and stops at the first event before the range: it reads only the events of
    the nearby sentences, not the whole article's for every event (which was quadratic)."""
    first, last = sentences
    for event in reversed(events):
        if event.sentence < first:
            if in_order:
                return None
            continue
        if event.sentence <= last and wanted(event):
            return event
    return None
