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
from dataclasses import replace
from datetime import date

from ..dates import DateMention, find_dates
from ..nlp import parse
from ..nlp.base import Annotation, Arc, Mention, Sentence, Token
from ..places import lookup_place
from .areas import _areas, _attach_areas, _plain_areas
from .arguments import Arguments, arguments, modifier_clauses
from .article import _attach_facts, _borrow_participants, _joint_sides
from .gate import (
    _CONTEXT,
    _INTENT_CODES,
    _PURPOSE,
    _REFUSALS,
    _best_matches,
    _breadth_matches,
    _by_model,
    _frame,
    _future,
    _host_matches,
    _main_verb,
    _modal,
    _model_matches,
    _modifier,
    _negated,
    _plover,
    _reversed,
)
from .ontology import Code, code_for
from .records import Actor, EventMention
from .session import _CO_CHAIR, _SINCE, _session
from .sides import (
    _LOCATIVE,
    _LOCATIVE_PLACE,
    _actor_country,
    _agents,
    _implied_country,
    _is_actor,
    _is_country,
    _lead,
    _lemma_place,
    _modifies_noun,
    _names_actor,
    _names_policy,
    _person_countries,
    _phrase_actor,
    _sides,
)
from .triggers import Match, find_triggers, key, tokens_of

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
    gated: list[
        tuple[int, Sentence, list[Token], list[str], list[Match], list[Mention], tuple[int, Mention] | None]
    ] = []
    pending_facts: list[dict[str, object]] = []
    speaker: str | None = None
    previous_subject: Mention | None = None
    for index, sentence in enumerate(annotation.sentences):
        body = text[sentence.start : sentence.end]
        mentions = [m for m in annotation.mentions if sentence.start <= m.start < sentence.end]
        tokens = tokens_of(text, sentence.start, sentence.end, annotation.tokens, lang)
        bodies = [(m.start, m.end) for m in mentions if m.type == "ORG"]
        extra = [*_sides(text, sentence, lang), *_agents(text, tokens, mentions, lang)]
        mentions = sorted(
            [*_person_countries(text, mentions, lang, anchor or published), *extra], key=lambda m: m.start
        )
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
        matches = _host_matches(keys, tokens, mentions, lang) + [
            # A body's name is no event: "Cooperation Committee", "合作委员会", "по сотрудничеству".
            match
            for match in find_triggers(keys, lang)
            if _plover(match.trigger.cameo) == "CONSULT"  # "the 11th Meeting of ..." is the meeting
            or not any(lo <= tokens[match.first].start and tokens[match.last].end <= hi for lo, hi in bodies)
        ]
        matches = [m for m in matches if not _modifier(tokens, m.first)]
        session = _session(text, sentence.start, sentence.end, mentions)
        if not matches and session is None:
            head = _main_verb(tokens, bodies)
            matches = _breadth_matches(keys, tokens, bodies, head, lang) or _model_matches(
                tokens, keys, mentions, head, lang
            )
        if not matches and session is None:
            continue  # the gate: no trigger, no event
        if body.rstrip().endswith(("?", "？")):
            continue
        gated.append((index, sentence, tokens, keys, matches, mentions, session))
    # Only sentences that passed the gate are parsed, in one batch (languages without a parser:
    # roles from word order).
    spans = [g[1] for g in gated if g[4]]
    parses = dict(zip(spans, parse(text, spans, lang) or [], strict=False))
    for index, sentence, tokens, keys, matches, mentions, session in gated:
        found.extend(
            _code_one(
                text,
                index,
                sentence,
                tokens,
                keys,
                matches,
                mentions,
                session,
                lang,
                anchor,
                published,
                dateline_place,
                parses.get(sentence),
            )
        )
    events = _joint_sides(_borrow_participants(found))
    return _attach_areas(_attach_facts(events, pending_facts), text, annotation)


def _code_one(
    text: str,
    index: int,
    sentence: Sentence,
    tokens: list[Token],
    keys: list[str],
    matches: list[Match],
    mentions: list[Mention],
    session: tuple[int, Mention] | None,
    lang: str,
    anchor: date | None,
    published: date | None,
    dateline_place: tuple[str | None, str | None],
    parsed: tuple[Arc, ...] | None = None,
) -> list[EventMention]:
    body = text[sentence.start : sentence.end]
    # Dateline prefix ("LIMA, Nov. 27 (Andina) --") and parentheses hold no actors.
    lead = re.match(r"^[^\n]{0,80}?(?:--|—|–|\)\s*\.?-|/\.)\s+", body) if index == 0 else None
    floor = sentence.start + (lead.end() if lead else 0)
    inside_titles = [(_lead(m), m.start) for m in mentions if m.type == "PERSON" and m.surface]
    actors = [
        m
        for m in mentions
        if _is_actor(m, lang)
        and m.start >= floor
        and not (
            m.type == "ORG"
            and (_names_policy(text, m, lang) or _modifies_noun(text, m, tokens, matches, lang))
        )
        and not (session and m is session[1])
        and not any(lo <= m.start < hi for lo, hi in inside_titles)  # "Kazakhstan's" of a title
    ]
    cities = [
        c
        for c in (_lemma_place(m, tokens) for m in mentions if m.type == "PLACE" and not _is_country(m, lang))
        # A name no gazetteer knows is a place only where the sentence puts something in it ("in
        # Kibera"); "the Bright Horizon plan" is not where anything happened.
        if lookup_place(c.text) is not None or _LOCATIVE_PLACE.search(text[max(0, c.start - 16) : c.start])
    ]
    reference = anchor or published
    if reference is not None:
        dates = find_dates(body, lang, reference, published)
    else:
        # No dateline, no publication date: "on Friday" names no day (never the machine's clock's);
        # only a date written with its year stands.
        dates = [
            d
            for d in find_dates(body, lang, date.today(), None)
            if not d.relative and re.search(r"\d{4}|年", d.text)
        ]
    chosen = _best_matches(matches)
    # Context phrases ("after weeks of protests", "amid talks") name no event of their own when the
    # sentence reports another one; "... said X during the meeting with Y" is the meeting itself.
    in_focus = [
        m
        for m in chosen
        if not (
            m.trigger.noun
            and _CONTEXT.search(text[max(sentence.start, tokens[m.first].start - 50) : tokens[m.first].start])
        )
    ]
    if any(not m.trigger.noun for m in in_focus):
        chosen = in_focus
    clauses = modifier_clauses(parsed) if parsed else []
    chosen = _frame(chosen, _best_matches(matches), keys, lang)
    # A purpose clause states an aim, not another event: "delivered helicopters to fight trafficking".
    chosen = [
        m
        for i, m in enumerate(chosen)
        if i == 0
        or m.first == 0
        or text[tokens[m.first - 1].start : tokens[m.first - 1].end].lower() not in _PURPOSE.get(lang, ())
    ]
    chosen = [
        m
        for m in chosen
        if not (
            m.trigger.noun
            and _SINCE.search(text[max(sentence.start, tokens[m.first].start - 24) : tokens[m.first].start])
        )
    ]
    if session is not None and not any(_plover(m.trigger.cameo) == "CONSULT" for m in chosen):
        chosen = []  # an institutional meeting is the event of this sentence
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
        code = code_for(match.trigger.cameo) if match else code_for("040")
        if code is None:
            continue
        if match is not None:
            code = _reversed(code, keys, match, lang)
            if _negated(keys, match, lang):
                # "will not lift the ban", "did not give permission": a refused concession or
                # cooperation is a rejection (PLOVER REJECT); a meeting that did not happen is nothing.
                refusal = code_for(_REFUSALS.get(code.plover, ""))
                if refusal is None:
                    continue
                code = refusal
            elif _modal(keys, match, lang) and not (match.trigger.intent or _by_model(match)):
                continue
            trigger_start, trigger_end = spans[position]
            window_end = windows[position][1]
        else:
            assert session is not None
            trigger_start = trigger_end = session[1].start
            window_end = sentence.end
        future = (
            match is not None
            and not _by_model(match)
            and code.plover != "REJECT"
            and _future(keys, match, lang, text[max(sentence.start, trigger_start - 40) : trigger_end])
            and not match.trigger.intent
        )
        if future:
            intent = code_for(_INTENT_CODES.get(code.plover, "030"))
            if intent is None:
                continue
            code = intent
        owns_session = session if (match is None or position == session_owner) else None
        event = _assemble(
            text,
            index,
            sentence,
            body,
            code,
            trigger_start,
            trigger_end,
            window_end,
            actors,
            cities,
            owns_session,
            dates,
            lang,
            anchor,
            dateline_place,
            match,
            previous_source,
            arguments(parsed, trigger_start, trigger_end) if parsed and match is not None else None,
            clauses,
        )
        if event is None and match is not None and _JOINT_SUBJECT.search(body):
            event = _joint(body, index, sentence, code, trigger_start, dates, anchor, lang)
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
            previous_source = next((m for m in actors if first and m.start == first.start), previous_source)
    return events


def _joint(
    body: str,
    index: int,
    sentence: Sentence,
    code: Code,
    trigger_start: int,
    dates: list[DateMention],
    anchor: date | None,
    lang: str,
) -> EventMention:
    """A placeholder for an act of "the two sides"; :func:`_joint_sides` gives it its actors."""
    usable = [d for d in dates if d.end_date is None]
    when = min(usable, key=lambda d: abs(sentence.start + d.start - trigger_start)) if usable else None
    statement = code.plover == "AGREE"
    return EventMention(
        plover=code.plover,
        cameo=code.cameo,
        mode=code.mode,
        context=code.context,
        date=when.date.isoformat() if when else (anchor.isoformat() if anchor else None),
        end_date=None,
        place=None,
        country=None,
        actors=(),
        sentence=index,
        start=sentence.start,
        end=sentence.end,
        text=body.strip(),
        language=lang,
        kind="joint",
        pledge_text=body.strip() if statement else None,
        pledge_areas=_areas(body) if statement else (),
    )


def _assemble(
    text: str,
    index: int,
    sentence: Sentence,
    body: str,
    code: Code,
    trigger_start: int,
    trigger_end: int,
    window_end: int,
    actors: list[Mention],
    cities: list[Mention],
    session: tuple[int, Mention] | None,
    dates: list[DateMention],
    lang: str,
    anchor: date | None,
    dateline_place: tuple[str | None, str | None],
    match: Match | None,
    previous_source: Mention | None = None,
    args: Arguments | None = None,
    clauses: list[tuple[int, int]] | None = None,
) -> EventMention | None:
    clauses = clauses or []
    if args is not None and args.anaphoric:
        return None  # "that meeting with X": an event told before, referred to again
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
        ([m for m in others if m.type == "PLACE"] if code.cameo == "042" else [])
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
            text, trigger_end, window_end, lang, source_country_now, code.cameo in ("042", "043")
        )
        if (
            implied is not None
            and code.cameo not in ("042", "043")
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
    elif args is not None and code.cameo not in ("042", "043") and not beneficiary:
        if (
            code.plover == "CONSULT"
            and match is not None
            and match.trigger.pattern.split()[0] in _MEET_SENSES.get(lang, ())
            and session is None  # "co-chaired the 12th Meeting of the X Committee" is the meeting
            and not with_phrase
            and not any(m.type == "PERSON" for m in after)  # nobody named after the verb to have met
            and args.object_noun is not None
            and not _names_actor(args.object_noun, lang)
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
        code = code_for("040") or code  # an institutional meeting is a meeting, whatever verb reports it
        session_number, institution_mention = session
        institution = institution_mention.text
        kind = "meeting"
    participants = [m for m in (source, target) if m is not None]
    if consult:
        participants += [m for m in with_phrase if m.type == "PERSON" and m not in participants]
        people = [m for m in participants if m.type == "PERSON"]
        if len(people) >= 2 and code.cameo not in ("042", "043"):
            participants = people
        else:
            # A city is where a meeting or a visit happens, not who meets or hosts ("talks in
            # Berlin", "arrived in Astana": the host is the country).
            participants = [m for m in participants if m.type != "PLACE" or _is_country(m, lang)]
    co_chair = bool(_CO_CHAIR.search(body)) and kind == "meeting"
    for mention in participants:
        if code.cameo == "042":
            role = "visitor" if mention is source else "host"
        elif code.cameo == "043":  # "the President received the minister": the subject hosts
            role = "host" if mention is source else "visitor"
        elif co_chair and mention.type == "PERSON":
            role = "co-chair"
        else:
            role = "participant" if consult else ("source" if mention is source else "target")
        roles.append(
            Actor(mention.text, _actor_country(mention, lang), role, mention.start, mention.end, mention.type)
        )
    visit = code.cameo in ("042", "043")
    usable = [d for d in dates if visit or d.end_date is None]
    # A date inside a clause describing a noun dates that noun ("the regime, enacted on Nov. 10"),
    # unless the event word is in that clause itself.
    usable = [
        d
        for d in usable
        if not any(lo <= sentence.start + d.start < hi and not lo <= trigger_start < hi for lo, hi in clauses)
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
    if place is None and dateline_place[0] and start_date and anchor and start_date == anchor.isoformat():
        place, place_country = dateline_place
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
        sentence=index,
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
