"""Who did what to whom, from a dependency parse of the event's sentence (pure).

The coder finds an event word by its lemmas; this module finds its arguments in the parse of the
sentence: the *source* is the agent of the event word (its subject; the "by" agent of a passive;
the subject of the clause an infinitive or a coordinated verb hangs from: "threatened to cut ties",
"met X and signed"; the noun a relative clause describes) and the *target* its object or the
oblique naming the other side ("with", "to", "against", "on", "from"). A noun as event word is
read through its light verb ("held talks with", "gave aid to", "staged a march") or, alone, through
its own prepositions and possessor ("the attack on X", "X's attack").

Arguments come back as character spans of whole phrases ("Pakistan's military ruler, Gen. X"), so
that the caller reads the actor *and* its country out of the same phrase. Labels are Universal
Dependencies' and ClearNLP's (spaCy's English and French models), so one reading serves both.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..nlp.base import Arc

__all__ = ["Arguments", "arguments", "modifier_clauses"]

_SUBJECTS = frozenset({"nsubj", "nsubj:pass", "nsubjpass", "csubj", "expl:subj"})
_PASSIVE_SUBJECTS = frozenset({"nsubj:pass", "nsubjpass"})
_OBJECTS = frozenset({"dobj", "obj", "dative", "iobj", "obl:arg"})
#: Prepositions that introduce the other side of an event (English and French).
_OTHER_SIDE = frozenset(
    {"with", "to", "against", "on", "from", "toward", "towards", "into", "at", "over", "for",
     "avec", "à", "contre", "sur", "envers", "vers", "auprès", "de"}
)  # fmt: skip
_AGENT_PREPOSITIONS = frozenset({"by", "par"})
#: Clauses that share the subject of the clause they hang from.
_CONTROLLED = frozenset({"xcomp", "conj", "advcl", "ccomp"})
_RELATIVE = frozenset({"relcl", "acl:relcl", "acl"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "qui", "que", "lequel", "laquelle"})
#: Verbs that carry a noun as the event: "held talks", "gave aid", "staged a protest", "made a visit".
_LIGHT_DEPS = frozenset({"dobj", "obj", "attr", "nsubjpass", "nsubj:pass", "pobj", "obl"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_PHRASE_SKIP = frozenset({"punct", "relcl", "acl:relcl"})
#: Demonstratives (English, French): "that meeting" refers back, "the meeting" may report.
_DEMONSTRATIVES = frozenset({"that", "this", "these", "those", "ce", "cet", "cette", "ces"})


@dataclass(frozen=True, slots=True)
class Arguments:
    """Character spans of an event's source and target phrases (None when the parse has none)."""

    source: tuple[int, int] | None
    target: tuple[int, int] | None
    #: The event word's clause is passive and its agent was not named ("sanctions were imposed").
    passive: bool = False
    #: The event word is a noun pointing back at an event told before ("that meeting", "ces
    #: entretiens"): a reference, not a report of a new event.
    anaphoric: bool = False
    #: Where the head noun of the other side's phrase starts (object or oblique: "agreed a deal",
    #: "agreed to a trade deal"), for the caller to read its lemma and tell a thing from an actor.
    object_at: int | None = None
    #: That noun is the event verb's own direct object ("met the demand"), not an oblique.
    object_direct: bool = False


def _children(arcs: tuple[Arc, ...], head: int) -> list[int]:
    return [i for i, a in enumerate(arcs) if a.head == head and i != head]


def _subtree(arcs: tuple[Arc, ...], root: int, skip: frozenset[str] = frozenset()) -> tuple[int, int]:
    """The characters of ``root``'s subtree, leaving out children with a relation in ``skip``."""
    members = {root}
    frontier = [root]
    while frontier:
        node = frontier.pop()
        for child in _children(arcs, node):
            if child not in members and arcs[child].dep not in skip:
                members.add(child)
                frontier.append(child)
    return min(arcs[i].start for i in members), max(arcs[i].end for i in members)


def _span(arcs: tuple[Arc, ...], root: int) -> tuple[int, int]:
    """The characters of a phrase (appositions and possessors included, relative clauses not)."""
    return _subtree(arcs, root, _PHRASE_SKIP)


@cache
def _calendar() -> frozenset[str]:
    """Day and month names (CLDR, via babel) in the languages with a parser: "on Monday" and "in
    May" say when, not who."""
    from babel import Locale

    words: set[str] = set()
    for lang in ("en", "fr"):
        locale = Locale.parse(lang)
        for table in (locale.days["format"]["wide"], locale.months["format"]["wide"]):
            words.update(name.lower() for name in table.values())
    return frozenset(words)


def _prep_object(arcs: tuple[Arc, ...], node: int, wanted: frozenset[str]) -> int | None:
    """The object of a prepositional child of ``node`` whose preposition is in ``wanted``
    (ClearNLP: prep -> pobj; UD: obl/nmod with a ``case`` child); never a date or a number."""
    calendar = _calendar()
    for child in _children(arcs, node):
        arc = arcs[child]
        if arc.dep == "prep" and arc.lemma in wanted:
            objects = [
                c
                for c in _children(arcs, child)
                if arcs[c].dep == "pobj" and arcs[c].lemma not in calendar and arcs[c].pos != "NUM"
            ]
            if objects:
                return objects[0]
        if (
            arc.dep in ("obl", "nmod", "obl:arg", "obl:mod")
            and arc.lemma not in calendar
            and arc.pos != "NUM"
            and any(arcs[c].dep == "case" and arcs[c].lemma in wanted for c in _children(arcs, child))
        ):
            return child
    return None


def _subject(arcs: tuple[Arc, ...], verb: int) -> tuple[int | None, bool]:
    """The agent of ``verb``: its subject, a passive's "by" agent, or the subject of the clause it
    depends on (infinitives, coordinated verbs, relative clauses). Returns (token, passive)."""
    seen: set[int] = set()
    node = verb
    while node not in seen:
        seen.add(node)
        children = _children(arcs, node)
        subjects = [c for c in children if arcs[c].dep in _SUBJECTS]
        if subjects:
            # The nearest: a dateline's place is sometimes parsed as a second subject.
            subject = min(subjects, key=lambda c: abs(c - node))
            if arcs[subject].dep in _PASSIVE_SUBJECTS:
                agent = next((c for c in children if arcs[c].dep in ("agent", "obl:agent")), None)
                if agent is not None:
                    objects = [c for c in _children(arcs, agent) if arcs[c].dep == "pobj"]
                    return (objects[0] if objects else agent), False
                by = _prep_object(arcs, node, _AGENT_PREPOSITIONS)
                return by, by is None
            if arcs[subject].lemma.lower() in _RELATIVE_PRONOUNS and arcs[node].dep in _RELATIVE:
                return arcs[node].head, False  # "the group, which launched the attack"
            return subject, False
        arc = arcs[node]
        if arc.dep in _RELATIVE and arc.head != node:
            return arc.head, False
        if arc.dep in _CONTROLLED and arc.head != node:
            node = arc.head
            continue
        return None, False
    return None, False


def _target(arcs: tuple[Arc, ...], nodes: list[int], exclude: int | None) -> int | None:
    """The other side: a direct or indirect object of the event word (or its light verb), else the
    object of an other-side preposition."""
    for node in nodes:
        for child in _children(arcs, node):
            if (
                arcs[child].dep in _OBJECTS
                and child != exclude
                and child not in nodes  # "held talks": the event noun is no side
                and arcs[child].pos in (*_NOMINAL, "PRON")
            ):
                return child
    for node in nodes:
        found = _prep_object(arcs, node, _OTHER_SIDE)
        if found is not None and found != exclude:
            return found
    return None


def _demonstrative(arcs: tuple[Arc, ...], word: int) -> bool:
    """Whether the noun ``word`` has a demonstrative determiner. The parser often reads "that" before
    a noun as a complementizer ("stressed that meeting with X set ..."), but a singular count noun
    needs a determiner of its own: one without, right after "that", has "that" as it."""
    children = _children(arcs, word)
    if any(arcs[c].dep == "det" and arcs[c].lemma.lower() in _DEMONSTRATIVES for c in children):
        return True
    if word == 0 or any(arcs[c].dep == "det" for c in children):
        return False
    before = arcs[word - 1]
    singular = arcs[word].end - arcs[word].start == len(arcs[word].lemma)  # "meeting", not "talks"
    return before.lemma.lower() in ("that", "this") and before.end + 1 >= arcs[word].start and singular


def arguments(arcs: tuple[Arc, ...], trigger_start: int, trigger_end: int) -> Arguments | None:
    """Source and target phrases of the event word at ``trigger_start`` (None: not in the parse)."""
    inside = [i for i, a in enumerate(arcs) if trigger_start <= a.start < trigger_end]
    if not inside:
        return None
    # The syntactic head among the trigger's words ("held ... talks": the verb; "air strike": strike).
    word = next((i for i in inside if arcs[i].head not in inside or arcs[i].head == i), inside[0])
    verb: int | None = word
    nodes = [word]
    if arcs[word].pos in _NOMINAL and _demonstrative(arcs, word):
        return Arguments(None, None, anaphoric=True)
    if arcs[word].pos in _NOMINAL:
        head = arcs[word].head
        if arcs[word].dep in _LIGHT_DEPS and head != word and arcs[head].pos in ("VERB", "AUX"):
            verb = head
            nodes = [word, head]
        else:
            verb = None
    if verb is None:
        # A noun alone: "X's attack on Y", "the talks between ...", "sanctions by the EU on Russia".
        possessor = next((c for c in _children(arcs, word) if arcs[c].dep in ("poss", "nmod:poss")), None)
        agent = possessor if possessor is not None else _prep_object(arcs, word, _AGENT_PREPOSITIONS)
        other = _target(arcs, [word], agent)
        if agent is None and other is None:
            return None
        return Arguments(
            _span(arcs, agent) if agent is not None else None,
            _span(arcs, other) if other is not None else None,
        )
    subject, passive = _subject(arcs, verb)
    # "The vessels were released by the Guards": the passive subject is what was acted on.
    patient = next((c for c in _children(arcs, verb) if arcs[c].dep in _PASSIVE_SUBJECTS), None)
    other = patient if patient is not None and patient != subject else _target(arcs, nodes, subject)
    if subject is None and other is None:
        return None
    noun = other is not None and arcs[other].pos == "NOUN"
    return Arguments(
        _span(arcs, subject) if subject is not None else None,
        _span(arcs, other) if other is not None else None,
        passive,
        object_at=arcs[other].start if noun and other is not None else None,
        object_direct=noun and verb == word and other is not None and arcs[other].dep in _OBJECTS,
    )


def modifier_clauses(arcs: tuple[Arc, ...]) -> list[tuple[int, int]]:
    """Character spans of clauses that describe a noun ("the regime, enacted on Nov. 10", "the
    minister, who arrived on Monday"): what they date or place belongs to that noun, not to the
    sentence's event."""
    return [_subtree(arcs, i) for i, a in enumerate(arcs) if a.dep in _RELATIVE and a.head != i]
