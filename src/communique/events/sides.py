"""Who acts, and for which country (part of stage ``code``, pure).

Which mentions are actors (persons, bodies, countries; not the name of a policy, not a name that
modifies a thing), the actors the entity model does not give ("the Chinese side", collective agents
such as "Georgian police"), the country of a mention (its own, a demonym before a person, the
gazetteer of political actors for the article's day) and of a phrase ("Pakistan's military ruler,
Gen. X"), a country implied after a trigger ("expelled French diplomats", "a visit to Seoul"), and
the actor the parse's subject or object phrase names.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from functools import cache

from .._data import load_json
from ..actors import lookup as lookup_actor
from ..actors import roles as actor_roles
from ..countries import country_code, country_name
from ..nlp.base import Mention, Sentence, Token
from ..nlp.titles import title_lexicon
from ..places import capital_of, lookup_place
from .arguments import _calendar
from .triggers import Match, cues, key

__all__: list[str] = []


_SIDE = re.compile(r"\bthe\s+(?P<demonym>[A-Z][a-z]+)\s+side\b|\bla (?:partie|parte)\s+(?P<other>[a-zé]+)\b")
#: A locative preposition, maybe with its article, right before a name: "in the Kibera slum".
_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|near|across|throughout|à|en|dans|au|aux|près de|cerca de|у|в|во|на)"
    r"(?:\s+(?:the|la|le|les|l['’]|el|los|las))?|在)\s*$",
    re.IGNORECASE,
)
_NEXT_WORDS = re.compile(r"[\s\"'»”’-]*\w+(?:[ -][a-z]\w*){0,2}")
_PREVIOUS_WORD = re.compile(r"(\w+)[\s\"'«“‘]*(?:(?:the|la|le|les|l'|el|los|las|del|de)\s+)?[\"'«“‘]*$", re.I)
#: Endings of abstract nouns made from verbs and adjectives ("cooperation", "development",
#: "connectivity"): such a noun after a name makes the name a modifier of a thing.
_ABSTRACT = {"en": ("tion", "sion", "ment", "ity", "ism", "ness")}
#: Subject words that refer back (the word-order reading, which follows the previous sentence, stands).
_ANAPHORA = frozenset(
    "he she it they we i you this that these those his her its their our "
    "il elle ils elles on nous ce cela celui celle son sa ses leur leurs notre nos".split()
)
_PHRASE_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


def _lead(mention: Mention) -> int:
    """Where a mention's phrase starts, title words included ("with Kazakh Prime Minister X")."""
    return mention.end - len(mention.surface) if mention.surface else mention.start


def _actor_country(mention: Mention, lang: str) -> str | None:
    if mention.country:
        return mention.country
    if mention.type == "PLACE":
        return country_code(mention.text, lang)
    return None


def _is_country(mention: Mention, lang: str) -> bool:
    if mention.type != "PLACE":
        return False
    place = lookup_place(mention.text)
    return bool(country_code(mention.text, lang)) and (place is None or place.is_country)


def _is_actor(mention: Mention, lang: str) -> bool:
    return mention.type in ("PERSON", "ORG") or _is_country(mention, lang)


@cache
def _agent_keys(lang: str) -> frozenset[str]:
    return frozenset(key(word, lang) for word in load_json("agents.json").get(lang, ()))


def _names_actor(lemma: str, lang: str) -> bool:
    """Whether a common noun can name who takes part: a collective agent ("government", "troops")
    or an office ("president", "minister"); "interests", "demand" or "target" cannot."""
    return key(lemma, lang) in _agent_keys(lang) or lemma in _office_words(lang)


@cache
def _office_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for pair in title_lexicon(lang) for w in pair if " " not in w)


def _modifies_noun(text: str, mention: Mention, tokens: list[Token], matches: list[Match], lang: str) -> bool:
    """Whether a name modifies an abstract noun ("Belt and Road cooperation", "Olympic Movement
    development"): the phrase names a thing, not who acts. "NATO allies" and "EU sanctions" (an event
    word) keep their actor."""
    endings = _ABSTRACT.get(lang)
    following = next((i for i, t in enumerate(tokens) if t.start >= mention.end), None)
    if endings is None or following is None:
        return False
    token = tokens[following]
    word = text[token.start : token.end]
    return (
        token.pos == "NOUN"
        and token.start <= mention.end + 1
        and word.islower()
        and word == token.lemma
        and word.endswith(endings)
        and key(token.lemma, lang) not in _agent_keys(lang)  # "the Bush administration"
        and not any(m.first <= following <= m.last for m in matches)
    )


def _names_policy(text: str, mention: Mention, lang: str) -> bool:
    """Whether a name is the name of a policy, a plan or a project ("the Belt and Road Initiative",
    "la stratégie « Bright Horizon »"): the policy noun right after it (English, Chinese) or right
    before it (French, Spanish, Russian) makes it a thing, not an actor."""
    policy = cues(lang).get("policy", frozenset())
    if re.match(r"['’]s\b", text[mention.end : mention.end + 3]):
        return False  # "NATO's plan": whose plan, an actor
    # The policy noun may close a compound: "the Belt and Road cooperation projects".
    following = _NEXT_WORDS.match(text, mention.end)
    if following is not None and any(key(w, lang) in policy for w in following.group().split()):
        return True
    before = _PREVIOUS_WORD.search(text[max(0, mention.start - 40) : mention.start])
    return before is not None and key(before[1], lang) in policy


def _sides(text: str, sentence: Sentence, lang: str) -> list[Mention]:
    """ "the Chinese side", "la partie chinoise", "中方": a country speaking as one side."""
    found = []
    for match in _SIDE.finditer(text, sentence.start, sentence.end):
        word = match.group("demonym") or match.group("other")
        code = country_code(word, lang)
        if code:
            # The side is named by its country ("Chinese side" is China), never by a demonym.
            name = country_name(code, lang) or word
            found.append(Mention(name, "PLACE", match.start(), match.end(), 0, None, code))
    return found


def _agents(text: str, tokens: list[Token], mentions: list[Mention], lang: str) -> list[Mention]:
    """Collective actors: "Georgian police", "le gouvernement guinéen", "Sudan's army",
    "Protesters ... in Nairobi" (a group with no demonym acts where the sentence places it)."""
    agents = _agent_keys(lang)
    taken = [(m.start, m.end) for m in mentions]
    places = [m for m in mentions if m.type == "PLACE"]
    found: list[Mention] = []
    for index, token in enumerate(tokens):
        surface = text[token.start : token.end].lower()
        if (key(token.lemma, lang) not in agents and key(surface, lang) not in agents) or any(
            a <= token.start < b for a, b in taken
        ):
            continue
        country = None
        first, last = token.start, token.end
        for other in (*tokens[max(0, index - 2) : index], *tokens[index + 1 : index + 3]):
            word = text[other.start : other.end]
            code = country_code(word, lang) if word[:1].isalpha() and len(word) > 2 else None
            if code:
                country = code
                first, last = min(first, other.start), max(last, other.end)
                break
        if country is None:
            # "Protesters ... in Nairobi": a group acts where the sentence places it, and only a
            # locative phrase places it ("the two sides ... Kazakhstan's", "President X ... with
            # Somalia" name other parties, not where the group is).
            near = [
                m
                for m in places
                if _LOCATIVE.search(text[max(0, _lead(m) - 6) : _lead(m)]) and _actor_country(m, lang)
            ]
            near = sorted(near, key=lambda m: abs(m.start - token.start))
            country = _actor_country(near[0], lang) if near else None
            if country is None:
                continue
        found.append(Mention(text[first:last], "ORG", first, last, 0, None, country))
        taken.append((first, last))
    return found


def _person_countries(text: str, mentions: list[Mention], lang: str, on: date | None) -> list[Mention]:
    """ "his Indian counterpart Suresh Menon": a demonym just before a person gives the country;
    else the gazetteer of political actors, for the office held on the article's day."""
    result = []
    for mention in mentions:
        if mention.type == "PERSON" and not mention.country:
            words = re.findall(r"[^\W\d_][\w'’-]*", text[max(0, _lead(mention) - 40) : _lead(mention)])[-3:]
            code = next((c for w in reversed(words) if len(w) > 2 and (c := country_code(w, lang))), None)
            if code is None:
                known = lookup_actor(mention.text, on)
                code = known.country if known is not None else None
            if code:
                mention = replace(mention, country=code)
        elif mention.type in ("ORG", "PLACE") and not mention.country and not _is_country(mention, lang):
            # "the Kremlin said", "the Duma voted": an institution the gazetteer knows by its whole
            # name acts for its country (never by a part of the name: "Apple" is no surname here).
            name = re.sub(r"^(?:the|la|le|el)\s+", "", mention.text, flags=re.IGNORECASE)
            known = lookup_actor(name, on) if actor_roles(name) else None
            if known is not None and known.country:
                mention = replace(mention, type="ORG", country=known.country)
        result.append(mention)
    return result


def _mentions(
    text: str, sentence: Sentence, mentions: list[Mention], tokens: list[Token], lang: str, on: date | None
) -> list[Mention]:
    """A sentence's mentions, persons and institutions with their countries
    (:func:`_person_countries`), capitals that act as their governments (:func:`_as_government`),
    and the actors the entity model does not give (:func:`_sides`, :func:`_agents`), in text order."""
    extra = [*_sides(text, sentence, lang), *_agents(text, tokens, mentions, lang)]
    known = [_as_government(text, m, tokens) for m in _person_countries(text, mentions, lang, on)]
    return sorted([*known, *extra], key=lambda m: m.start)


def _lemma_place(mention: Mention, tokens: list[Token]) -> Mention:
    """A city named in an inflected form ("в Астане", "в Ханое") read through its lemmas."""
    if lookup_place(mention.text) is not None:
        return mention
    lemma = " ".join(t.lemma for t in tokens if mention.start <= t.start and t.end <= mention.end)
    found = lookup_place(lemma) if lemma else None
    return replace(mention, text=found.name) if found else mention


def _actors(
    text: str,
    mentions: list[Mention],
    tokens: list[Token],
    matches: list[Match],
    lang: str,
    floor: int,
    institution: Mention | None,
) -> list[Mention]:
    """The mentions of a sentence that may act: persons, bodies and countries from ``floor`` on (after
    a dateline), neither the name of a policy nor a name that modifies a thing, nor the
    ``institution`` of a session, nor a country inside a person's title."""
    inside_titles = [(_lead(m), m.start) for m in mentions if m.type == "PERSON" and m.surface]
    return [
        m
        for m in mentions
        if _is_actor(m, lang)
        and m.start >= floor
        and not (
            m.type == "ORG"
            and (_names_policy(text, m, lang) or _modifies_noun(text, m, tokens, matches, lang))
        )
        and m is not institution
        and not any(lo <= m.start < hi for lo, hi in inside_titles)  # "Kazakhstan's" of a title
    ]


def _as_government(text: str, mention: Mention, tokens: list[Token]) -> Mention:
    """A capital that acts stands for its country's government ("Beijing protested", "Moscow said"):
    a capital right before a verb, with no locative before it, is a body of that country."""
    if mention.type != "PLACE" or _LOCATIVE.search(text[max(0, mention.start - 16) : mention.start]):
        return mention
    previous = re.search(r"([A-Z][\w'’.-]*)\s+$", text[max(0, mention.start - 24) : mention.start])
    if previous is not None and previous[1].lower() not in _calendar():
        return mention  # the end of a longer name ("Real Madrid", "Dynamo Moscow"): no government
    following = next((t for t in tokens if t.start >= mention.end), None)
    if following is None or following.pos not in ("VERB", "AUX") or following.start > mention.end + 1:
        return mention
    code = capital_of(mention.text)
    return replace(mention, type="ORG", country=code) if code else mention


def _cities(text: str, mentions: list[Mention], tokens: list[Token], lang: str) -> list[Mention]:
    """The places a sentence names that are not countries: where its events happen."""
    return [
        c
        for c in (_lemma_place(m, tokens) for m in mentions if m.type == "PLACE" and not _is_country(m, lang))
        # A name no gazetteer knows is no place when it names a policy ("the Bright Horizon plan"),
        # or when nothing puts anything in it and it modifies another noun.
        if lookup_place(c.text) is not None
        or _LOCATIVE.search(text[max(0, c.start - 16) : c.start])
        or not (_names_policy(text, c, lang) or _modifies_noun(text, c, tokens, [], lang))
    ]


def _implied_country(
    text: str, start: int, end: int, lang: str, besides: str | None, visit: bool = False
) -> Mention | None:
    """The first country named after ``start`` by a demonym, a country or a city's country."""
    for match in re.finditer(r"[^\W\d_][\w'’-]*", text[start:end]):
        word = match.group()
        if len(word) < 3 or (lang not in ("fr", "es", "ru") and not word[:1].isupper()):
            continue
        code = country_code(word, lang)
        if code and word[:1].islower() and (country_name(code, lang) or "").casefold() == word.casefold():
            continue  # a lowercase country *name* is a common noun ("reunión" is not Réunion)
        city = False
        if code is None:
            place = lookup_place(word) if word[:1].isupper() else None
            code = place.country if place and place.population >= 100_000 else None
            city = True
        if code and code != besides:
            at = start + match.start()
            # "expelled French diplomats", "a visit to Seoul": the side is the country, by its name
            # (an empty span: the city's own entity is not the side). A city elsewhere stays a city
            # ("the Geneva negotiations"): where, not who.
            name = word if city and not visit else (country_name(code, lang) or word)
            return Mention(name, "PLACE", at, at + (len(word) if name == word else 0), 0, None, code)
    return None


def _phrase_country(phrase: str, lang: str) -> str | None:
    """The first country a phrase names: a country or a demonym, in one to three words ("Sri
    Lanka", "U.S.", "Saudi"), read left to right; lower-case words count only in languages that
    write demonyms in lower case."""
    words = [
        w.rstrip(".,") if not re.fullmatch(r"(?:[A-Z]\.)+", w) else w for w in _PHRASE_WORD.findall(phrase)
    ]
    words = [re.sub(r"(?:'s|’s|'|’)$", "", w) for w in words]
    for i in range(len(words)):
        for size in (3, 2, 1):
            chunk = words[i : i + size]
            if len(chunk) < size or (not chunk[0][:1].isupper() and lang not in ("fr", "es", "ru")):
                continue
            candidate = " ".join(chunk)
            if len(candidate) < 2:
                continue
            code = country_code(candidate, lang)
            if code and not (
                candidate[:1].islower()
                and (country_name(code, lang) or "").casefold() == candidate.casefold()
            ):
                return code
    return None


def _phrase_actor(
    text: str, span: tuple[int, int], actors: list[Mention], lang: str, on: date | None = None
) -> Mention | bool | None:
    """The actor a phrase names and its country from the same phrase ("Pakistan's military ruler,
    Gen. X" is X of Pakistan; "Myanmar's Supreme Court" the court of Myanmar; "Turkish leader"
    Turkey's leader). A person wins over a body, a body over a country. A phrase naming no actor
    and no country is an unknown actor (False): never guessed from the nearest name. A pronoun
    gives None (the caller keeps its reading)."""
    start, end = span
    phrase = text[start:end]
    words = phrase.split()
    if not words or words[0].lower() in _ANAPHORA:
        return None  # "he", "his country", "son pays": the word-order reading follows the reference
    inside = [m for m in actors if start <= m.start < end]
    country = _phrase_country(phrase, lang)
    pick = (
        next((m for m in inside if m.type == "PERSON"), None)
        or next((m for m in inside if m.type == "ORG"), None)
        or next(iter(inside), None)
    )
    if pick is not None:
        return pick if _actor_country(pick, lang) else replace(pick, country=country)
    bare = [w for w in words if w.lower() not in ("the", "le", "la", "les", "el", "los", "las")]
    if country is None and 1 <= len(bare) <= 4 and all(w[:1].isupper() for w in bare):
        # "Ruto met Abiy": a proper name the entity model missed is still who acts; its country
        # stays unknown rather than guessed.
        titled = title_lexicon(lang) and any(
            " ".join(bare).lower().startswith(v.lower() + " ") for v, _ in title_lexicon(lang)
        )
        name = " ".join(bare).strip(" ,")
        # Its country from the gazetteer of political actors, by the name without its title.
        known = None if name.isupper() else lookup_actor(bare[-1] if titled else name, on)  # not "NGO"
        return Mention(
            name,
            "PERSON" if titled or len(bare) == 1 else "ORG",
            start,
            end,
            0,
            None,
            known.country if known is not None else None,
        )
    if country is not None and len(words) <= 8:
        name = re.sub(
            r"^(?:the|a|an|le|la|les|l['’]|un|une|des)\s+", "", phrase.strip(" ,"), flags=re.IGNORECASE
        )
        return Mention(name, "ORG", start, end, 0, None, country)
    return False
