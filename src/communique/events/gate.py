"""Which words of a sentence report an event (part of stage ``code``, pure).

Triggers are found on lemmas: the main trigger table, and verbs that host a visit when a person is
their object; a sentence in which the main table finds nothing falls back to the breadth tier (its
main verb only), then to the category model. Of the triggers found, the best are kept
(non-overlapping, longest first, a noun yielding to a verb of its category), and what follows an
intent, a demand, a refusal or a threat is its content, not another event. A kept trigger is read
with the cues around it: a verb that undoes a coercive act, a negation, a modal, the future.
"""

from __future__ import annotations

import re

from ..nlp.base import Mention, Sentence, Token
from .category import MODEL_LANGUAGES, classify, features
from .ontology import (
    HOST_CODE,
    Code,
    code_for,
    default_code,
    intent_code,
    is_visit,
    refusal_code,
    undone_code,
)
from .session import _SINCE
from .sides import _is_actor
from .triggers import Match, Trigger, cues, find_triggers, key

__all__ = ["MODEL_THRESHOLD"]


#: How far before a trigger a negation or modal word still governs it (in tokens).
_CUE_WINDOW = 4
_CLAUSE_BREAKS = frozenset({",", "，", "；", ";", "：", ":", "。"})
_ZH_OBJECT_STARTS = frozenset("0123456789一二两三四五六七八九十百千万几这该其此")
#: Conditional words that report an intent when they follow a reporting verb ("said it would
#: release the hostages" = CAMEO 03x) and a mere possibility otherwise ("would be possible").
_REPORTED_FUTURE = frozenset({"would", "'d", "allait", "iba"})
_FUTURE_TENSE = {
    "es": re.compile(r"\w{3,}(?:rá|rán|ré|rás|remos)\b"),
    "pt": re.compile(r"\w{3,}(?:rá|rão|rei|remos)\b"),
    "fr": re.compile(r"\w{2,}(?:era|ira|dra|tra|eront|iront|dront|erons|irons)\b(?!\s*-)"),
}
#: "received the minister": verbs that host a visit only when a person is their object
#: ("принял закон" is a law passed, "принял министра" a visitor received).
_HOST_VERBS = {"en": "receive", "es": "recibir", "ru": "принять", "pt": "receber", "de": "empfangen"}
#: Tokens from a host verb to its person object ("recibió el martes en Nairobi a la canciller sueca, X").
_HOST_REACH = 12
#: Tokens around a coercive word in which an undoing verb governs it ("lifted its boycott",
#: "sanctions were lifted").
_REVERSAL_BEFORE, _REVERSAL_AFTER = 3, 2
#: How sure the model must be before a sentence no pattern reads becomes an event. Chosen on the
#: tune half of real_en_dev.tsv (0.0/0.15/0.2/0.3: 0.684/0.683/0.678/0.673 right, rows without an
#: event 59/66/81/92) leaning to precision, since in articles most sentences report no event;
#: sixteen classes, so 0.2 is over three times the chance level.
MODEL_THRESHOLD = 0.2
_FRAMING = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"})
_CONTEXT = re.compile(
    r"\b(?:after|during|amid|despite|following|ahead of|before|après|pendant|lors|malgré|tras|después de|"
    r"durante|pese a|после|во время|несмотря на)\b(?:\s+\S+){0,3}\s*$",
    re.IGNORECASE,
)
_PURPOSE = {
    "en": frozenset({"to"}), "fr": frozenset({"pour", "afin"}), "es": frozenset({"para"}),
    "ru": frozenset({"чтобы", "для"}), "zh": frozenset({"以", "为了", "以便"}), "pt": frozenset({"para"}),
}  # fmt: skip


def _plover(cameo: str) -> str | None:
    code = code_for(cameo)
    return code.plover if code else None


def _by_model(match: Match) -> bool:
    return match.trigger.model_probability is not None


def _host_matches(keys: list[str], tokens: list[Token], mentions: list[Mention], lang: str) -> list[Match]:
    verb = _HOST_VERBS.get(lang)
    if verb is None:
        return []
    wanted = key(verb, lang)
    persons = [m.start for m in mentions if m.type == "PERSON"]
    found = []
    for i, k in enumerate(keys):
        if k != wanted:
            continue
        reach = tokens[min(i + _HOST_REACH, len(tokens) - 1)].end
        if any(tokens[i].end <= start <= reach for start in persons):
            found.append(Match(Trigger(HOST_CODE, (wanted,), False, False, verb), i, i))
    return found


def _modifier(tokens: list[Token], index: int) -> bool:
    """A participle used as an adjective, by its tags: "the detained soldiers", "Imprisoned former
    leaders" (a non-finite verb after a determiner or at the start, before a noun or adjective)."""
    token = tokens[index]
    if token.pos != "VERB" or token.finite:
        return False
    before = tokens[index - 1].pos if index else "DET"
    after = tokens[index + 1].pos if index + 1 < len(tokens) else ""
    return before in ("DET", "NUM", "ADJ") and after in ("NOUN", "PROPN", "ADJ")


def _main_verb(tokens: list[Token], bodies: list[tuple[int, int]]) -> int | None:
    """The sentence's main predicate by tags: its first verb, finite ("returned") or a participle
    after its auxiliary ("was returned", "has provided"); None when the first verb is neither (a
    subordinate or non-finite clause comes first) or the backend has no tagger."""
    verbs = [
        i
        for i, t in enumerate(tokens)
        if t.pos == "VERB" and not _modifier(tokens, i) and not any(lo <= t.start < hi for lo, hi in bodies)
    ]
    if not verbs:
        return None
    first = verbs[0]
    if tokens[first].finite or (first and tokens[first - 1].pos == "AUX"):
        return first
    return None


def _breadth_matches(
    keys: list[str], tokens: list[Token], bodies: list[tuple[int, int]], head: int | None, lang: str
) -> list[Match]:
    """The breadth tier (the whole CAMEO verb dictionary) for a sentence the main table found nothing
    in. Its entries are verbs of every sense, so where the backend tags parts of speech only the
    sentence's main predicate may trigger: the first verb of the sentence, finite ("returned") or a
    participle after its auxiliary ("was returned", "has provided"). A verb in a subordinate or
    non-finite clause ("to explore", "conveying", "enacted on") is background, not the news.
    ``head`` is that predicate (:func:`_main_verb`)."""
    if head is None and any(t.pos for t in tokens):
        return []
    reporting = cues(lang).get("reporting", frozenset())
    return [
        match
        for match in find_triggers(keys, lang, "breadth")
        if (head is None or match.first == head)
        and keys[match.first] not in reporting  # "said", "added": the report, not the news
        and not any(lo <= tokens[match.first].start < hi for lo, hi in bodies)
    ]


def _model_matches(
    tokens: list[Token], keys: list[str], mentions: list[Mention], head: int | None, lang: str
) -> list[Match]:
    """A sentence no pattern reads, whose main clause has an actor before its verb, gets the category
    model's reading when the model is sure enough; the trigger is the main verb."""
    if lang not in MODEL_LANGUAGES:
        return []
    if head is None or not any(_is_actor(m, lang) and m.end <= tokens[head].start for m in mentions):
        return []
    reading = classify(features(tokens, [(m.start, m.end) for m in mentions]))
    if reading is None or reading.probability < MODEL_THRESHOLD:
        return []
    trigger = Trigger(
        default_code(reading.category), (keys[head],), False, False, keys[head], reading.probability
    )
    return [Match(trigger, head, head)]


def _matches(
    keys: list[str], tokens: list[Token], mentions: list[Mention], bodies: list[tuple[int, int]], lang: str
) -> list[Match]:
    """The triggers of the main table and the host verbs in a sentence (``bodies``: the spans of the
    names of bodies in it), without a participle used as an adjective."""
    matches = (
        _host_matches(keys, tokens, mentions, lang)
        + _obligation_matches(keys, tokens, mentions, lang)
        + [
            # A body's name is no event: "Cooperation Committee", "合作委员会", "по сотрудничеству".
            match
            for match in find_triggers(
                keys, lang, pos=[t.pos for t in tokens] if any(t.pos for t in tokens) else None
            )
            if _plover(match.trigger.cameo) == "CONSULT"  # "the 11th Meeting of ..." is the meeting
            or not any(lo <= tokens[match.first].start and tokens[match.last].end <= hi for lo, hi in bodies)
        ]
    )
    matches += _refusal_matches(keys, tokens, matches, lang)
    return [m for m in matches if not _modifier(tokens, m.first)]


#: Verbs that carry tense, not an act: "will not be able", "will not have".
_AUXILIARIES = frozenset({"be", "have", "do", "être", "avoir", "ser", "estar", "haber"})


def _refusal_matches(keys: list[str], tokens: list[Token], found: list[Match], lang: str) -> list[Match]:
    """ "will not accept refugees", "will never stop the war": an act refused for the future is a
    rejection (PLOVER REJECT), whatever the act; a verb a pattern reads already ("will not lift the
    ban") is left to that pattern's refusal."""
    future = cues(lang).get("future", frozenset())
    negation = cues(lang).get("negation", frozenset())
    result = []
    for i in range(len(keys) - 2):
        if keys[i] not in future or keys[i + 1] not in negation:
            continue
        verb = i + 2
        if tokens[verb].pos != "VERB" or keys[verb] in _AUXILIARIES:
            continue
        if any(m.first <= verb <= m.last for m in found):
            continue
        pattern = f"{keys[i]} {keys[i + 1]} {keys[verb]}"
        # The match spans "will not V": the negation is the refusal's own, not a negated event.
        result.append(Match(Trigger(default_code("REJECT"), (keys[verb],), False, False, pattern), i, verb))
    return result


def _fallback_matches(
    keys: list[str], tokens: list[Token], mentions: list[Mention], bodies: list[tuple[int, int]], lang: str
) -> list[Match]:
    """For a sentence in which the main table found nothing (and that names no session): the breadth
    tier on its main verb, else the category model's reading."""
    head = _main_verb(tokens, bodies)
    return _breadth_matches(keys, tokens, bodies, head, lang) or _model_matches(
        tokens, keys, mentions, head, lang
    )


def _obligation_matches(
    keys: list[str], tokens: list[Token], mentions: list[Mention], lang: str
) -> list[Match]:
    """ "X said that Y must disarm": an obligation laid on another side in reported speech is a demand
    (PLOVER REQUEST); the reporting verb is the trigger, its speaker the source, the side bound by
    "must" the target."""
    reporting = cues(lang).get("reporting", frozenset())
    obliged = cues(lang).get("obligation", frozenset())
    if not obliged:
        return []
    for said, word in enumerate(keys):
        if word not in reporting:
            continue
        must = next((i for i in range(said + 1, len(keys)) if keys[i] in obliged), None)
        if must is None:
            return []
        lo, hi = tokens[said].end, tokens[must].start
        if any(_is_actor(m, lang) and lo <= m.start and m.end <= hi for m in mentions):
            trigger = Trigger(default_code("REQUEST"), (word,), False, False, f"{word} ... {keys[must]}")
            return [Match(trigger, said, said)]
    return []


def _best_matches(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longest first; a noun ("meeting", "talks") yields to a verb of its
    category in the same sentence, except a visit, which contains the meetings."""
    ordered = sorted(matches, key=lambda m: (-(m.last - m.first), m.trigger.noun, m.first))
    kept: list[Match] = []
    for match in ordered:
        if all(match.last < k.first or match.first > k.last for k in kept):
            kept.append(match)
    verbs = {_plover(m.trigger.cameo) for m in kept if not m.trigger.noun}
    kept = [
        m
        for m in kept
        if not m.trigger.noun or is_visit(m.trigger.cameo) or _plover(m.trigger.cameo) not in verbs
    ]
    return sorted(kept, key=lambda m: m.first)


def _frame(chosen: list[Match], every: list[Match], keys: list[str], lang: str) -> list[Match]:
    """What follows an intent, a demand, a refusal or a threat is its content, not another event:
    "demands that Israel withdraw", "declined an invitation to talks", "vowed to deepen ties" — up
    to a reporting verb: "..., said the President during the meeting with X, who arrived in Y"
    reports the meeting and the visit as events of their own (and may frame again)."""
    framing = next(
        (
            i
            for i, m in enumerate(chosen)
            if m.trigger.intent or (_plover(m.trigger.cameo) in _FRAMING and not m.trigger.noun)
        ),
        None,
    )
    if framing is None:
        return chosen
    head = chosen[: framing + 1]
    reporting = cues(lang).get("reporting", frozenset())
    # The attribution of wire copy follows a comma: ", said the President", ", a déclaré", ", заявил".
    said = next(
        (
            i
            for i in range(head[-1].last + 2, len(keys))
            if keys[i] in reporting and keys[i - 1] in {",", "，"}
        ),
        None,
    )
    if said is None:
        return head
    return head + _frame([m for m in every if m.first > said], every, keys, lang)


def _chosen(
    text: str,
    sentence: Sentence,
    tokens: list[Token],
    keys: list[str],
    matches: list[Match],
    lang: str,
    session: bool,
) -> list[Match]:
    """The triggers of a sentence that report events of their own, in text order; none when the
    sentence names a ``session`` and no trigger of a meeting reports it."""
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
    if session and not any(_plover(m.trigger.cameo) == "CONSULT" for m in chosen):
        chosen = []  # an institutional meeting is the event of this sentence
    return chosen


def _negated(keys: list[str], match: Match, lang: str) -> bool:
    window = keys[max(0, match.first - _CUE_WINDOW) : match.first]
    if lang in ("zh", "ja"):
        # Chinese negates the verb phrase from its head, with adverbials between: "不会在峰会期间
        # 与……举行会晤" — the whole clause before the trigger is in scope.
        clause_start = max(
            (i + 1 for i, k in enumerate(keys[: match.first]) if k in _CLAUSE_BREAKS), default=0
        )
        window = keys[clause_start : match.first]
    return bool(cues(lang).get("negation", frozenset()) & set(window))


def _modal(keys: list[str], match: Match, lang: str) -> bool:
    # A modal governs the whole clause after it: "should properly handle ..., firmly oppose ...".
    # "May 8" in a dateline is a month, not a modal.
    window = [k for i, k in enumerate(keys[: match.first]) if not (k == "may" and keys[i + 1][:1].isdigit())]
    if _reported_future(keys, match, lang):
        window = [k for k in window if k not in _REPORTED_FUTURE]
    return bool(cues(lang).get("modality", frozenset()) & set(window))


def _reported_future(keys: list[str], match: Match, lang: str) -> bool:
    """ "X said it would release ...": a conditional after a reporting verb is the reported future."""
    reporting = cues(lang).get("reporting", frozenset())
    seen = False
    for k in keys[: match.first]:
        seen = seen or k in reporting
        if seen and k in _REPORTED_FUTURE:
            return True
    return False


def _future(keys: list[str], match: Match, lang: str, before: str = "") -> bool:
    start = max(0, match.first - _CUE_WINDOW)
    # Words between a pattern's own words describe its object ("cancelled a planned visit"): they
    # do not put the act in the future.
    window = [
        k for i, k in enumerate(keys[start : match.last + 6], start) if not match.first < i < match.last
    ]
    if lang == "zh":
        # "将" before a quantity or a demonstrative marks the object ("将25吨物资运抵"), not the future.
        window = [
            k
            for i, k in enumerate(window, start)
            if k != "将" or not (i + 1 < len(keys) and keys[i + 1][:1] in _ZH_OBJECT_STARTS)
        ]
    if cues(lang).get("future", frozenset()) & set(window) or _reported_future(keys, match, lang):
        return True
    if lang == "ru":
        from ..nlp.russian import says_future

        return says_future(before)
    # Future tense lives in the verb's ending in Romance languages: "realizará", "se rendra".
    pattern = _FUTURE_TENSE.get(lang)
    return bool(pattern and pattern.search(before))


def _reversed(code: Code, keys: list[str], match: Match, lang: str) -> Code:
    """ "lifted its boycott", "freed the detained diplomat", "withdrew its troops": a verb that
    undoes a coercive act (the language's ``reversal`` cues) makes it a concession or retreat."""
    undone = undone_code(code.plover, code.cameo)
    if undone is None:
        return code  # no coercive act
    reversal = cues(lang).get("reversal", frozenset())
    window = {
        *keys[max(0, match.first - _REVERSAL_BEFORE) : match.first],
        *keys[match.last + 1 : match.last + 1 + _REVERSAL_AFTER],
    }
    if not reversal & window:
        return code
    return code_for(undone) or code


def _event_code(match: Match, keys: list[str], lang: str, before: str) -> Code | None:
    """The code a trigger reports, read with the cues around it (``before``: the text from a little
    before the trigger to its end, where tenses are read): undone, refused when negated, nothing under
    a modal, an intent in the future. None: no event."""
    code = code_for(match.trigger.cameo)
    if code is None:
        return None
    code = _reversed(code, keys, match, lang)
    if _negated(keys, match, lang):
        # "will not lift the ban", "did not give permission": a refused concession or
        # cooperation is a rejection (PLOVER REJECT); a meeting that did not happen is nothing.
        rejection = refusal_code(code.plover)
        refusal = code_for(rejection) if rejection is not None else None
        if refusal is None:
            return None
        code = refusal
    elif _modal(keys, match, lang) and not (match.trigger.intent or _by_model(match)):
        return None
    if (
        not _by_model(match)
        and code.plover != "REJECT"
        and _future(keys, match, lang, before)
        and not match.trigger.intent
    ):
        return code_for(intent_code(code.plover))
    return code
