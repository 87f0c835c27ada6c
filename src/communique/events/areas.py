"""Pledge areas (part of stage ``code``, pure).

The fields of cooperation a sentence names ("cooperation in trade, energy and ..."), kept where they
name a field (not a quotation's attribution, not a clause); the areas of a sentence that codes no
event of its own go to the meeting or statement the article was telling.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from itertools import pairwise

from ..nlp.base import Annotation, Sentence, Token
from ..records import EventMention
from .spans import OffsetIndex
from .triggers import cues, key, tokens_of

__all__: list[str] = []


_AREAS = re.compile(
    r"(?:in the (?:fields?|areas?|sectors?) of|in (?:key )?areas such as|cooperation in|"
    r"dans les domaines (?:de la |de l['’]|du |des |de )|dans des domaines clés tels que|"
    r"en (?:los )?(?:ámbitos|campos|sectores|áreas) (?:de|del)|в (?:сфер\w+|област\w+)|在)\s*"
    r"(?P<areas>.+?)(?:\.|;|$| to | since | pour | para | depuis | desde | so as )",
    re.IGNORECASE,
)
#: Categories of events that areas of cooperation named nearby belong to.
_AREA_OWNERS = frozenset({"AGREE", "CONSULT", "COOPERATE"})


def _areas(sentence: str) -> tuple[str, ...]:
    match = _AREAS.search(sentence)
    if match is None:
        return ()
    items = [p.strip(" ,") for p in re.split(r",\s*|、|，", match["areas"]) if p.strip(" ,")]
    if items:
        # Only the last item carries the list's conjunction ("big data and artificial intelligence").
        items[-1:] = [p.strip() for p in re.split(r"\s+(?:and|et|y|и)\s+|和|及", items[-1]) if p.strip()]
    cleaned = [
        re.sub(
            r"^(?:(?:the|la|le|les|l['’]|el|los|las|de|du|des)\s+)?(?:(?:key|major|priority|clés?)\s+)?"
            r"(?:(?:fields?|areas?|sectors?|domaines?)\s+"
            r"(?:of|de|du|des|such as|like|including|tels? que)\s+)?"
            r"(?:(?:the|la|le|les|l['’])\s*)?",
            "",
            i,
            flags=re.IGNORECASE,
        )
        for i in items
    ]
    return tuple(i for i in cleaned if 1 <= len(i.split()) <= 6 and i)


def _plain_areas(
    areas: tuple[str, ...], text: str, sentence: Sentence, tokens: list[Token], lang: str
) -> tuple[str, ...]:
    """Areas that name a field: not a quotation's attribution ("Tamm said", "” said X during the
    meeting") nor a clause ("strengthen people-to-people exchanges": a verb leads it)."""
    reporting = cues(lang).get("reporting", frozenset())
    body = text[sentence.start : sentence.end]
    kept = []
    for area in areas:
        if any(q in area for q in '"“”«»„'):
            continue
        at = body.find(area)
        inside = [
            t for t in tokens if at >= 0 and sentence.start + at <= t.start < sentence.start + at + len(area)
        ]
        if any(key(t.lemma, lang) in reporting for t in inside) or (
            inside and inside[0].pos in ("VERB", "AUX")
        ):
            continue
        kept.append(area)
    return tuple(kept)


def _attach_areas(
    events: list[EventMention],
    text: str,
    annotation: Annotation,
    tokens: OffsetIndex[Token] | None = None,
) -> list[EventMention]:
    """Areas of cooperation named in a sentence that codes no event of its own ("The two sides
    discussed cooperation in trade, energy ...", a quotation) belong to the meeting or statement the
    article was telling just before (else the first one after): the areas of a talk with the
    president are not the committee's. ``tokens``: the annotation's tokens, indexed by offset."""
    owners = [
        i for i, e in enumerate(events) if e.kind in ("meeting", "statement") or e.plover in _AREA_OWNERS
    ]
    if not owners:
        return events
    lang = annotation.language
    given = tokens if tokens is not None else OffsetIndex(annotation.tokens, lambda t: t.start)
    # Looked up per sentence, so built once (scanning every event or owner per sentence was
    # quadratic in the article's length).
    with_areas = {e.sentence for e in events if e.pledge_areas}
    owner_sentences = [events[i].sentence for i in owners]
    owners_sorted = all(a <= b for a, b in pairwise(owner_sentences))
    added: dict[int, list[str]] = {}
    for index, sentence in enumerate(annotation.sentences):
        if index in with_areas:
            continue
        found = _areas(text[sentence.start : sentence.end])
        if not found:
            continue
        sentence_tokens = tokens_of(text, sentence.start, sentence.end, given, lang)
        found = _plain_areas(found, text, sentence, sentence_tokens, lang)
        if owners_sorted:
            at = bisect_right(owner_sentences, index)
            owner = owners[at - 1] if at else owners[0]
        else:
            before = [i for i in owners if events[i].sentence <= index]
            owner = before[-1] if before else owners[0]
        added.setdefault(owner, []).extend(found)
    return [
        replace(e, pledge_areas=tuple(dict.fromkeys((*e.pledge_areas, *added[i])))) if i in added else e
        for i, e in enumerate(events)
    ]
