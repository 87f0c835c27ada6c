"""Stage ``code``: sentence-level events from an annotated article (pure).

For each sentence: cheap trigger gating on lemmas (most sentences stop here), then filters for
negation, modality and questions (:mod:`.gate`), then actors from the entity mentions around the
trigger (source before it, target after it, "with" phrases as participants; :mod:`.sides`, and the
parse where there is one: :mod:`.arguments`), date, place, institution and session number
(:mod:`.session`), pledge areas (:mod:`.areas`) and numeric facts; last, what the sentences of the
article tell each other (:mod:`.article`). PLOVER conventions: the visitor of a visit is the source
and the host the target; an expression of intent is AGREE.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

from ..dates import DateMention, find_dates
from ..nlp import parse
from ..nlp.base import Annotation, Arc, Mention, Sentence, Token, trimmed_sentence
from ..places import lookup_place
from ..records import Actor, EventMention
from .areas import _areas, _attach_areas, _plain_areas
from .arguments import Arguments, arguments, modifier_clauses
from .article import _attach_facts, _borrow_participants, _joint_sides
from .crosslingual import NO_EVENT, read_sentences, uses_model
from .crosslingual import THRESHOLD as MODEL_THRESHOLD
from .gate import _chosen, _event_code, _fallback_matches, _matches, _plover
from .ontology import (
    HOST_CODE,
    MEETING_CODE,
    SIGNED_CODE,
    VISIT_CODE,
    Code,
    code_for,
    default_code,
    intent_code,
    is_visit,
)
from .session import _CO_CHAIR, _session
from .sides import (
    _LOCATIVE,
    _actor_country,
    _actors,
    _cities,
    _implied_country,
    _is_actor,
    _is_country,
    _lead,
    _mentions,
    _names_actor,
    _phrase_actor,
)
from .spans import OffsetIndex
from .triggers import Match, Trigger, cues, key, tokens_of

__all__ = ["Actor", "EventMention", "code_sentences"]


_WITH = re.compile(
    r"\b(?:with|avec|con|с|со|and)\s+(?:the\s+|le\s+|la\s+|l['’]|el\s+|los\s+|las\s+)?$|(?:同|与|和|跟)$",
    re.IGNORECASE,
)
#: Verbs of meeting that, with a thing as object, mean "satisfy" ("meets the needs of").
_MEET_SENSES = {"en": frozenset({"meet"})}
#: Categories whose events may have one side only (a protest, a mobilisation, an attack by unknowns).
_ONE_SIDED = frozenset({"PROTEST", "MOBILIZE", "ASSAULT", "RETREAT", "CONCEDE", "COERCE"})
_PREPOSED = re.compile(r"(?:对|向|同|与|跟|给|为)$")
_PRONOUN = re.compile(r"(?:It|He|She|They|Il|Elle|Ils|Elles|Él|Ella|Он|Она|Они)\b")
_COORDINATED = re.compile(
    r"(?:,\s*)?\b(?:and|et|y|e|и|а также)\s+(?:also\s+|aussi\s+|también\s+)?$|并$|并且$", re.IGNORECASE
)
# Two persons joined as one subject, titles between: ", y el primer ministro de X, ", " и первый ".
_JOINT_PERSONS = re.compile(
    r"^[\s,]*(?:and|et|y|e|и|和|与|同|及)\s[^.;:!?]{0,90}$|^\s*(?:和|与|同|及)", re.IGNORECASE
)
_JOINT = re.compile(
    r"\s*(?:,|and|et|y|e|и|и\s+|和|与|同|及)\s*(?:the\s+|les?\s+|la\s+|l['’]|el\s+|los\s+|las\s+)?",
    re.IGNORECASE,
)
# "The two leaders ..., pledging to deepen cooperation", "both sides agreed to ...", "双方同意":
# a joint act by the two sides of the meeting reported in or just before the sentence.
_JOINT_SUBJECT = re.compile(
    r"\b(?:the two|both) (?:sides|leaders|countries|parties|governments|presidents|ministers|"
    r"delegations|heads of state|co-chairs)\b"
    r"|\bles deux (?:parties|pays|dirigeants|chefs d'[ÉE]tat|présidents|ministres|délégations|côtés)\b"
    r"|\b(?:las|los) dos (?:partes|países|líderes|mandatarios|presidentes|gobiernos|delegaciones)\b"
    r"|\bambas partes\b|\bambos (?:países|gobiernos|líderes|mandatarios)\b"
    r"|\b(?:обе|две) (?:стороны|страны)\b|^\s*Стороны\b|\bлидеры двух стран\b"
    r"|双方|两国(?:领导人|元首|政府)?|两位领导人",
    re.IGNORECASE,
)
#: "... is a top priority for Kazakhstan": the beneficiary of "priority for" holds the intent.
_FOR_SOURCE = frozenset({"for", "pour", "para", "для"})


@dataclass(frozen=True, slots=True)
class _SentenceContext:
    """One sentence that passed the gate, with what coding its events reads (offsets are into the
    article's ``text``)."""

    text: str
    index: int
    sentence: Sentence
    #: The sentence's text.
    body: str
    tokens: list[Token]
    #: The tokens' comparable lemmas (:func:`.triggers.key`).
    keys: list[str]
    #: The triggers the gate found (none where a session is the sentence's event).
    matches: list[Match]
    #: The mentions that may act (:func:`.sides._actors`), the places that are not countries, the dates.
    actors: list[Mention]
    cities: list[Mention]
    dates: list[DateMention]
    #: The session number and its institution's mention ("the 11th Meeting of the X Committee").
    session: tuple[int, Mention] | None
    lang: str
    #: The article's date (the dateline's, else the lead's, else the publication's) and the
    #: dateline's place and country.
    anchor: date | None
    dateline_place: tuple[str | None, str | None]
    #: The sentence's parse (None: not parsed, roles from word order) and the spans of the clauses
    #: that describe a noun in it (:func:`.arguments.modifier_clauses`).
    parsed: tuple[Arc, ...] | None = None
    clauses: list[tuple[int, int]] = field(default_factory=list)


def _lead_date(text: str, annotation: Annotation, published: date | None) -> date | None:
    """The date the lead paragraph gives ("... on Nov. 27"), for articles without a dateline date."""
    if published is None or not annotation.sentences:
        return None
    first = annotation.sentences[0]
    found = [
        d
        for d in find_dates(text[first.start : first.end], annotation.language, published, published)
        if d.end_date is None and d.date <= published
    ]
    return found[0].date if found else None


def _dates(body: str, lang: str, anchor: date | None, published: date | None) -> list[DateMention]:
    """The dates a sentence names, relative ones read from the article's date."""
    reference = anchor or published
    if reference is not None:
        return find_dates(body, lang, reference, published)
    # No dateline, no publication date: "on Friday" names no day (never the machine's clock's);
    # only a date written with its year stands.
    return [
        d
        for d in find_dates(body, lang, date.today(), None)
        if not d.relative and re.search(r"\d{4}|年", d.text)
    ]


def code_sentences(
    text: str,
    annotation: Annotation,
    anchor: date | None,
    published: date | None,
    dateline_place: tuple[str | None, str | None] = (None, None),
    countries: Mapping[tuple[int, int], str] | None = None,
) -> list[EventMention]:
    """Every event the sentences of ``text`` report. ``countries`` gives mentions the country
    the article's entity resolution found for them ("Ding" alone is Chinese in this article)."""
    if countries:
        annotation = replace(
            annotation,
            mentions=tuple(
                m
                if m.country or (m.start, m.end) not in countries
                else replace(m, country=countries[(m.start, m.end)])
                for m in annotation.mentions
            ),
        )
    if anchor is None or anchor == published:
        anchor = _lead_date(text, annotation, published) or anchor
    from ..facts import find_facts

    lang = annotation.language
    found: list[EventMention] = []
    gated: list[_SentenceContext] = []
    by_model = uses_model(lang)
    waiting: list[tuple[int, str, _SentenceContext]] = []
    pending_facts: list[dict[str, object]] = []
    speaker: str | None = None
    previous_subject: Mention | None = None
    # Each sentence looks only at its own mentions and tokens, found by binary search: a scan of
    # the article's lists per sentence made coding quadratic in the article's length.
    all_mentions = OffsetIndex(annotation.mentions, _start)
    all_tokens = OffsetIndex(annotation.tokens, _start)
    for index, sentence in enumerate(annotation.sentences):
        body = text[sentence.start : sentence.end]
        mentions = all_mentions.within(sentence.start, sentence.end)
        tokens = tokens_of(text, sentence.start, sentence.end, all_tokens, lang)
        bodies = [(m.start, m.end) for m in mentions if m.type == "ORG"]
        mentions = _mentions(text, sentence, mentions, tokens, lang, anchor or published)
        if previous_subject is not None and _PRONOUN.match(body.lstrip()):
            # "It stands ready to ...": the pronoun is the subject of the sentence before.
            offset = sentence.start + len(body) - len(body.lstrip())
            mentions.insert(0, replace(previous_subject, start=offset, end=offset, surface=None))
        subjects = [m for m in mentions if _is_actor(m, lang)]
        previous_subject = subjects[0] if subjects else previous_subject
        persons = [m.text for m in mentions if m.type == "PERSON"]
        speaker = persons[-1] if persons else speaker  # "said the Prime Minister", "He added"
        if any(ch.isdigit() for ch in body) or lang == "zh":
            for fact in find_facts(body, lang, anchor):
                pending_facts.append(
                    {
                        "text": fact.text,
                        "value": fact.value,
                        "unit": fact.unit,
                        "period": fact.period,
                        "kind": fact.kind,
                        "date": fact.date.isoformat() if fact.date else None,
                        "said_by": speaker,
                        "sentence": index,
                    }
                )
        keys = [key(t.lemma, lang) for t in tokens]
        matches = _matches(keys, tokens, mentions, bodies, lang)
        session = _session(text, sentence.start, sentence.end, mentions)
        if not matches and session is None:
            matches = _fallback_matches(keys, tokens, mentions, bodies, lang)
        if body.rstrip().endswith(("?", "？")):
            continue
        # Dateline prefix ("LIMA, Nov. 27 (Andina) --") and parentheses hold no actors.
        lead = re.match(r"^[^\n]{0,80}?(?:--|—|–|\)\s*\.?-|/\.)\s+", body) if index == 0 else None
        floor = sentence.start + (lead.end() if lead else 0)
        if not matches and session is None and by_model:
            # No trigger table for this language: a sentence naming two actors waits for the
            # cross-language model's reading (one encoder batch per article, below).
            for line in _lines(text, sentence):
                inside = [m for m in mentions if line.start <= m.start and m.end <= line.end]
                words = [t for t in tokens if line.start <= t.start < line.end]
                actors = _without_speakers(
                    text, _actors(text, inside, words, [], lang, max(floor, line.start), None), words, lang
                )
                found_head = _model_head(text, actors, words, lang)
                if found_head is None:
                    continue
                head, clause_end = found_head
                context = _SentenceContext(
                    text=text,
                    index=index,
                    sentence=line,
                    body=text[line.start : line.end],
                    tokens=words,
                    keys=[key(t.lemma, lang) for t in words],
                    matches=[],
                    actors=actors,
                    cities=_cities(text, inside, words, lang),
                    dates=_dates(text[line.start : line.end], lang, anchor, published),
                    session=None,
                    lang=lang,
                    anchor=anchor,
                    dateline_place=dateline_place,
                )
                waiting.append((head, text[line.start : clause_end], context))
            continue
        if not matches and session is None:
            continue  # the gate: no trigger, no event
        gated.append(
            _SentenceContext(
                text=text,
                index=index,
                sentence=sentence,
                body=body,
                tokens=tokens,
                keys=keys,
                matches=matches,
                actors=_actors(text, mentions, tokens, matches, lang, floor, session[1] if session else None),
                cities=_cities(text, mentions, tokens, lang),
                dates=_dates(body, lang, anchor, published),
                session=session,
                lang=lang,
                anchor=anchor,
                dateline_place=dateline_place,
            )
        )
    gated = sorted([*gated, *_model_read(waiting)], key=lambda g: g.index)
    # Only sentences that passed the gate are parsed, in one batch (languages without a parser:
    # roles from word order).
    spans = [g.sentence for g in gated if g.matches]
    parses = dict(zip(spans, parse(text, spans, lang) or [], strict=False))
    for context in gated:
        parsed = parses.get(context.sentence)
        clauses = modifier_clauses(parsed) if parsed else []
        found.extend(_code_one(replace(context, parsed=parsed, clauses=clauses)))
    events = _joint_sides(_borrow_participants(found))
    return _attach_areas(_attach_facts(events, pending_facts), text, annotation, all_tokens)


def _start(item: Mention | Token) -> int:
    return item.start


def _lines(text: str, sentence: Sentence) -> list[Sentence]:
    """The lines of a sentence: a line break ends a sentence even where the backend's splitter
    did not see it (a headline without a full stop runs into the first sentence)."""
    found, position = [], sentence.start
    for piece in text[sentence.start : sentence.end].split("\n"):
        line = trimmed_sentence(text, position, position + len(piece))
        if line is not None:
            found.append(line)
        position += len(piece) + 1
    return found


def _without_speakers(text: str, actors: list[Mention], tokens: list[Token], lang: str) -> list[Mention]:
    """The actors of a sentence without those that report it: a name after a reporting word in its
    clause ("..., sagte ein Sprecher der Regierung", "laut der Agentur X", "..., заявив X") is the
    source of the news, not a side of the event. Clauses end at commas, semicolons and colons."""
    reporting = cues(lang).get("reporting", frozenset())
    said = [t.start for t in tokens if key(t.lemma, lang) in reporting]
    return [
        m
        for m in actors
        if not any(at < m.start and _CLAUSE_END.search(text, at, m.start) is None for at in said)
    ]


def _political(mention: Mention, lang: str) -> bool:
    """Whether a mention names a political actor by more than its capitals: a country, a body, a
    person with a title or a country. Capitalisation alone names athletes, artists and (in German)
    any noun; the cross-language model reads only sentences between political actors."""
    return mention.type == "ORG" or mention.title is not None or _actor_country(mention, lang) is not None


#: Punctuation that closes a clause: the model reads the clause that names the second actor, not
#: what a coordinated clause adds after it ("X attacked Y, and Z condemned X").
_CLAUSE_END = re.compile(r"[,;:]|\s[–—-]\s")


def _model_head(text: str, actors: list[Mention], tokens: list[Token], lang: str) -> tuple[int, int] | None:
    """Where the cross-language model's event sits in a sentence of a language without a trigger
    table, and where the text it reads ends; None when the sentence is not read. Read are sentences
    that name two different actors (persons, bodies, countries), one of them political
    (:func:`_political`), and no negation (the encoder hardly tells "met" from "did not meet", so a
    negated sentence is left out). The event's
    word is the first word after the first actor that is no name: the word-order reading then takes
    the first actor as the source and the next as the target. The text read runs from the
    sentence's start to the end of the clause that names the second actor."""
    if (
        len({m.text.casefold() for m in actors}) < 2
        or not any(_political(m, lang) for m in actors)
        or not tokens
    ):
        return None
    negation = cues(lang).get("negation", frozenset())
    if negation & {key(t.lemma, lang) for t in tokens}:
        return None
    first = actors[0]
    second = next(m for m in actors if m.text.casefold() != first.text.casefold())
    end = tokens[-1].end
    close = _CLAUSE_END.search(text, second.end, end)
    clause_end = close.start() if close is not None else end
    for index, token in enumerate(tokens):
        if token.start < first.end or not text[token.start : token.end][:1].isalpha():
            continue
        if token.start >= second.start:
            return None
        if not any(m.start <= token.start < m.end for m in actors):
            return index, clause_end
    return None


def _model_read(waiting: list[tuple[int, str, _SentenceContext]]) -> list[_SentenceContext]:
    """The waiting sentences the cross-language model reads confidently (each ``(event word,
    text read, context)``), with the reading as the trigger at the event word (one encoder batch
    for the article)."""
    readings = read_sentences([read for _, read, _ in waiting])
    kept = []
    for (head, _, context), reading in zip(waiting, readings, strict=True):
        if reading.category == NO_EVENT or reading.probability < MODEL_THRESHOLD:
            continue
        word = context.keys[head]
        trigger = Trigger(default_code(reading.category), (word,), False, False, word, reading.probability)
        kept.append(replace(context, matches=[Match(trigger, head, head)]))
    return kept


def _code_one(ctx: _SentenceContext) -> list[EventMention]:
    """The events of one sentence: one for each trigger the gate keeps, or its session's meeting."""
    text, sentence, body, lang = ctx.text, ctx.sentence, ctx.body, ctx.lang
    tokens, keys, session = ctx.tokens, ctx.keys, ctx.session
    chosen = _chosen(text, sentence, tokens, keys, ctx.matches, lang, session is not None)
    if not chosen and session is None:
        return []
    spans = [(tokens[m.first].start, tokens[m.last].end) for m in chosen]
    # A trigger governs the words up to the next trigger (coordinated clauses: "met X, and co-chaired Y").
    windows = [
        (start, spans[i + 1][0] if i + 1 < len(spans) else sentence.end)
        for i, (start, _e) in enumerate(spans)
    ]
    session_owner = None
    if session is not None and chosen:
        owners = [
            i
            for i, (start, _e) in enumerate(spans)
            if start <= session[1].start and _plover(chosen[i].trigger.cameo) == "CONSULT"
        ]
        session_owner = owners[-1] if owners else None
    events: list[EventMention] = []
    previous_source: Mention | None = None
    candidates: list[Match | None] = list(chosen) or [None]
    for position, match in enumerate(candidates):
        if match is not None:
            trigger_start, trigger_end = spans[position]
            window_end = windows[position][1]
            before = text[max(sentence.start, trigger_start - 40) : trigger_end]
            code = _event_code(match, keys, lang, before)
        else:
            assert session is not None
            trigger_start = trigger_end = session[1].start
            window_end = sentence.end
            code = code_for(MEETING_CODE)
        if code is None:
            continue
        args = arguments(ctx.parsed, trigger_start, trigger_end) if ctx.parsed and match is not None else None
        event = _assemble(
            ctx,
            code,
            match,
            span=(trigger_start, trigger_end, window_end),
            session=session if (match is None or position == session_owner) else None,
            previous_source=previous_source,
            args=args,
        )
        if event is None and match is not None and _JOINT_SUBJECT.search(body):
            event = _joint(ctx, code, trigger_start)
        if event is not None and event.pledge_areas:
            event = replace(
                event, pledge_areas=_plain_areas(event.pledge_areas, text, sentence, tokens, lang)
            )
        if event is not None and match is not None and match.trigger.model_probability is not None:
            # The model's probability is the event's confidence (patterns give 0.5 to 0.8).
            event = replace(event, confidence=round(match.trigger.model_probability, 2))
        if event is not None:
            events.append(event)
            first = event.actors[0] if event.actors else None
            previous_source = next(
                (m for m in ctx.actors if first and m.start == first.start), previous_source
            )
    return events


def _joint(ctx: _SentenceContext, code: Code, trigger_start: int) -> EventMention:
    """A placeholder for an act of "the two sides"; :func:`.article._joint_sides` gives it its actors."""
    sentence, body = ctx.sentence, ctx.body
    usable = [d for d in ctx.dates if d.end_date is None]
    when = min(usable, key=lambda d: abs(sentence.start + d.start - trigger_start)) if usable else None
    statement = code.plover == "AGREE"
    return EventMention(
        plover=code.plover,
        cameo=code.cameo,
        mode=code.mode,
        context=code.context,
        date=when.date.isoformat() if when else (ctx.anchor.isoformat() if ctx.anchor else None),
        end_date=None,
        place=None,
        country=None,
        actors=(),
        sentence=ctx.index,
        start=sentence.start,
        end=sentence.end,
        text=body.strip(),
        language=ctx.lang,
        kind="joint",
        pledge_text=body.strip() if statement else None,
        pledge_areas=_areas(body) if statement else (),
    )


def _assemble(
    ctx: _SentenceContext,
    code: Code,
    match: Match | None,
    *,
    span: tuple[int, int, int],
    session: tuple[int, Mention] | None,
    previous_source: Mention | None,
    args: Arguments | None,
) -> EventMention | None:
    """The event a trigger (``match``, read as ``code``; None: the sentence's session) reports, with
    its sides, date and place; None when it has no side to report. ``span``: where the trigger
    starts and ends and where the words it governs end; ``session``: the session this trigger
    reports, if any; ``previous_source``: the source of the sentence's previous event; ``args``: the
    trigger's arguments in the parse."""
    text, sentence, body, lang = ctx.text, ctx.sentence, ctx.body, ctx.lang
    actors, cities, anchor = ctx.actors, ctx.cities, ctx.anchor
    trigger_start, trigger_end, window_end = span
    if args is not None and args.anaphoric:
        return None  # "that meeting with X": an event told before, referred to again
    object_lemma = (
        next((t.lemma for t in ctx.tokens if t.start == args.object_at), None)
        if args is not None and args.object_at is not None
        else None
    )
    agreement = cues(lang).get("agreement", frozenset())
    if code.cameo == intent_code("*") and object_lemma is not None and key(object_lemma, lang) in agreement:
        # "agreed a trade deal", "agreed to the accord": an agreement made is signed, not intended
        # (PLOVER SUPPORT: "ratify, sign, or finalize an agreement").
        code = code_for(SIGNED_CODE) or code
    before = [m for m in actors if m.end <= trigger_start]
    after = [m for m in actors if trigger_end <= m.start < window_end]
    # Chinese puts the other side before the verb, after a preposition: "对中国进行访问", "向缅甸运送".
    marked = [m for m in before if _PREPOSED.search(text[max(sentence.start, _lead(m) - 1) : _lead(m)])]
    if marked and not after:
        after = [marked[-1]]
        before = [m for m in before if m is not marked[-1]]
    # (A trigger may start inside a hyphenated word: "and co-|chaired the meeting".)
    if previous_source is not None and _COORDINATED.search(
        re.sub(r"\w+-$", "", text[max(sentence.start, trigger_start - 24) : trigger_start])
    ):
        before = [m for m in before if m.start <= previous_source.start]  # "X met Y, and co-chaired ..."
    persons_before = [m for m in before if m.type == "PERSON"]
    if match is not None and match.trigger.intent:
        persons_before = []  # "China stands ready ...": the nearest actor states the intent
    source: Mention | None = (persons_before or before)[-1] if (persons_before or before) else None
    beneficiary = match is not None and match.trigger.pattern.split()[-1] in _FOR_SOURCE and bool(after)
    if beneficiary:
        # "relations with China are a priority for Kazakhstan": the side after "for" intends.
        source, after = after[0], [*after[1:], *before]
    if source is None:
        # "..., said the minister": a statement's source may follow it.
        source = next((m for m in after if m.type == "PERSON"), None)
    with_phrase = [m for m in after if _WITH.search(text[max(sentence.start, _lead(m) - 12) : _lead(m)])]
    others = [m for m in after if m is not source]
    source_country_now = _actor_country(source, lang) if source else None
    ranked = (
        ([m for m in others if m.type == "PLACE"] if code.cameo == VISIT_CODE else [])
        or with_phrase
        or [m for m in others if m.type == "PERSON"]
        or [m for m in others if _actor_country(m, lang) and _actor_country(m, lang) != source_country_now]
        or others
    )
    target: Mention | None = ranked[0] if ranked else None
    source_country_now = _actor_country(source, lang) if source else None
    if target is None or not _actor_country(target, lang):
        # "released 12 Thai fishermen", "expelled three French diplomats", "travel to Seoul":
        # a country word after the trigger names the other side.
        implied = _implied_country(
            text, trigger_end, window_end, lang, source_country_now, is_visit(code.cameo)
        )
        if (
            implied is not None
            and not is_visit(code.cameo)
            and _LOCATIVE.search(text[max(0, implied.start - 6) : implied.start])
        ):
            implied = None  # "marched in Lagos": where it happened, not whom it was against
        if implied is not None and (target is None or target.type != "PERSON"):
            target = implied
    subject = args.source if args is not None else None

    def in_subject(*mentions: Mention) -> bool:
        return subject is None or all(subject[0] <= m.start < subject[1] for m in mentions)

    if (
        len(before) >= 2
        and _JOINT.fullmatch(text[before[-2].end : before[-1].start])
        and in_subject(before[-2], before[-1])
    ):
        # "Norway and Vietnam vowed ...": a joint act; the first-named side is the source.
        source, target = before[-2], before[-1]
    elif (
        len(persons_before) >= 2
        and _JOINT_PERSONS.match(text[persons_before[-2].end : _lead(persons_before[-1])])
        and in_subject(persons_before[-2], persons_before[-1])
    ):
        # "Vice Premier X and First Deputy Prime Minister Y co-chaired ...": both are the subject.
        source, target = persons_before[-2], persons_before[-1]
    elif args is not None and not is_visit(code.cameo) and not beneficiary:
        if (
            code.plover == "CONSULT"
            and match is not None
            and match.trigger.pattern.split()[0] in _MEET_SENSES.get(lang, ())
            and session is None  # "co-chaired the 12th Meeting of the X Committee" is the meeting
            and not with_phrase
            and not any(m.type == "PERSON" for m in after)  # nobody named after the verb to have met
            and args.object_direct
            and object_lemma is not None
            and not _names_actor(object_lemma, lang)
            and args.target is not None
            and not any(args.target[0] <= m.start < args.target[1] and m.type == "PERSON" for m in actors)
        ):
            # "meets our common interests", "meets the needs of Estonia": met a thing, not a side.
            return None
        # The parse knows better than word order who acts: the subject phrase, the object phrase.
        if args.source is not None:
            subject_actor = _phrase_actor(text, args.source, actors, lang, anchor)
            if subject_actor is not None:
                source = subject_actor if isinstance(subject_actor, Mention) else None
        if args.target is not None:
            object_actor = _phrase_actor(text, args.target, actors, lang, anchor)
            if isinstance(object_actor, Mention) and (source is None or object_actor.start != source.start):
                target = object_actor
        if target is not None and source is not None and target.start == source.start:
            target = None  # the word-order reading found the parsed subject again
    if (
        source is not None
        and target is not None
        and target.type == "PLACE"
        and _actor_country(target, lang) is not None
        and _actor_country(target, lang) == _actor_country(source, lang)
    ):
        target = None  # "Kazakhstan welcomes investors to invest in Kazakhstan": a place, not a side
    if source is None and target is None and session is None and not (code.plover in _ONE_SIDED and cities):
        # Who acted is unknown; a protest, an attack or an arrest reported with its place is still
        # news ("a car bomb exploded in Kabul"), anything else needs a side.
        return None
    if (
        (source is None or target is None)
        and match is not None
        and match.trigger.noun
        and session is None
        and code.plover not in _ONE_SIDED
    ):
        return None  # precision: a noun ("talks", "sanctions") alone needs both sides in the sentence
    _actor_country(source, lang) if source else None
    target_country = _actor_country(target, lang) if target else None
    consult = code.plover == "CONSULT"
    roles: list[Actor] = []
    institution = None
    session_number = None
    kind = "statement" if match is not None and match.trigger.intent else "event"
    if session is not None and consult:
        # An institutional meeting is a meeting, whatever verb reports it.
        code = code_for(MEETING_CODE) or code
        session_number, institution_mention = session
        institution = institution_mention.text
        kind = "meeting"
    participants = [m for m in (source, target) if m is not None]
    if consult:
        participants += [m for m in with_phrase if m.type == "PERSON" and m not in participants]
        people = [m for m in participants if m.type == "PERSON"]
        if len(people) >= 2 and not is_visit(code.cameo):
            participants = people
        else:
            # A city is where a meeting or a visit happens, not who meets or hosts ("talks in
            # Berlin", "arrived in Astana": the host is the country).
            participants = [m for m in participants if m.type != "PLACE" or _is_country(m, lang)]
    co_chair = bool(_CO_CHAIR.search(body)) and kind == "meeting"
    for mention in participants:
        if code.cameo == VISIT_CODE:
            role = "visitor" if mention is source else "host"
        elif code.cameo == HOST_CODE:  # "the President received the minister": the subject hosts
            role = "host" if mention is source else "visitor"
        elif co_chair and mention.type == "PERSON":
            role = "co-chair"
        else:
            role = "participant" if consult else ("source" if mention is source else "target")
        roles.append(
            Actor(mention.text, _actor_country(mention, lang), role, mention.start, mention.end, mention.type)
        )
    visit = is_visit(code.cameo)
    usable = [d for d in ctx.dates if visit or d.end_date is None]
    # A date inside a clause describing a noun dates that noun ("the regime, enacted on Nov. 10"),
    # unless the event word is in that clause itself.
    usable = [
        d
        for d in usable
        if not any(
            lo <= sentence.start + d.start < hi and not lo <= trigger_start < hi for lo, hi in ctx.clauses
        )
    ]
    # The date nearest the trigger within its clause; a span belongs to the visit it dates.
    usable = [d for d in usable if sentence.start + d.start < window_end] or usable
    when = min(usable, key=lambda d: abs(sentence.start + d.start - trigger_start)) if usable else None
    start_date = when.date.isoformat() if when else (anchor.isoformat() if anchor else None)
    end_date = when.end_date.isoformat() if when and when.end_date else None
    city = next((c for c in cities if c.start > trigger_start), None) or (cities[0] if cities else None)
    place, place_country = (None, None)
    if city is not None:
        found = lookup_place(city.text)
        place, place_country = (found.name, found.country) if found else (city.text, None)
    elif code.mode in ("visit",) and target_country:
        place_country = target_country
    if place is None and ctx.dateline_place[0] and start_date and anchor and start_date == anchor.isoformat():
        place, place_country = ctx.dateline_place
    mode = code.mode
    if consult:
        mode = (
            "meeting"
            if kind == "meeting"
            else (
                code.mode
                or (
                    "visit"
                    if place_country and any(a.country and a.country != place_country for a in roles)
                    else None
                )
            )
        )
        visitor = next((a for a in roles if a.country and place_country and a.country != place_country), None)
        if visitor is not None:
            roles = [
                Actor(a.name, a.country, "visitor", a.start, a.end, a.type)
                if a is visitor and a.role != "co-chair"
                else a
                for a in roles
            ]
    pledge_text = body.strip() if kind == "statement" or code.plover == "AGREE" else None
    return EventMention(
        plover=code.plover,
        cameo=code.cameo,
        mode=mode,
        context=code.context,
        date=start_date,
        end_date=end_date,
        place=place,
        country=place_country,
        actors=tuple(roles),
        sentence=ctx.index,
        start=sentence.start,
        end=sentence.end,
        text=body.strip(),
        language=lang,
        kind=kind,
        institution=institution,
        institution_start=session[1].start if session and institution else None,
        session_number=session_number,
        pledge_text=pledge_text,
        pledge_areas=_areas(body) if pledge_text or kind == "meeting" else (),
        confidence=0.8 if match is not None and source is not None and target is not None else 0.5,
    )
