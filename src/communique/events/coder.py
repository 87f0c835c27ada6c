"""Stage ``code``: sentence-level events from an annotated article (pure).

For each sentence: cheap trigger gating on lemmas (most sentences stop here),
then filters for negation, modality and questions, then actors from the
entity mentions around the trigger (source before it, target after it, "with"
phrases as participants), date, place, institution and session number, pledge
areas and numeric facts. PLOVER conventions: the visitor of a visit is the
source and the host the target; an expression of intent is AGREE.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from .._data import load_json
from ..actors import lookup as lookup_actor
from ..countries import country_code, country_name
from ..dates import DateMention, find_dates
from ..nlp import parse
from ..nlp.base import Annotation, Arc, Mention, Sentence, Token
from ..nlp.titles import title_lexicon
from ..places import lookup_place
from .arguments import Arguments, arguments, modifier_clauses
from .category import MODEL_LANGUAGES, classify, features
from .ontology import Code, code_for
from .triggers import Match, Trigger, cues, find_triggers, key, tokens_of

__all__ = ["Actor", "EventMention", "code_sentences"]

#: How far before a trigger a negation or modal word still governs it (in tokens).
_CUE_WINDOW = 4
_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "premier": 1, "première": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5,
    "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12,
    "primera": 1, "segunda": 2, "tercera": 3, "cuarta": 4, "quinta": 5, "sexta": 6, "séptima": 7,
    "octava": 8, "novena": 9, "décima": 10,
}  # fmt: skip
_CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SESSION_WORDS = (
    r"(?:meeting|session|round|plenary|réunion|session|sesión|reunión|заседани\w*|сесси\w*|встреч\w*)"
)
_SESSION = re.compile(
    r"(?P<num>\d{1,3})\s*(?:st|nd|rd|th|e|ème|er|re|\.ª|ª|\.º|º|-?[еяйго]{1,2})?\s+"
    + _SESSION_WORDS
    + r"|(?P<word>"
    + "|".join(_ORDINALS)
    + r")\s+"
    + _SESSION_WORDS,
    re.IGNORECASE,
)
_CJK_SESSION = re.compile(r"第(?P<num>[\d一二两三四五六七八九十百]+)(?:次|届|轮)(?:会议|会晤|全体会议|会谈)")
_CO_CHAIR = re.compile(
    r"co-?chair|coprésid|copresid|сопредседател|共同主持|under the chairmanship|chaired", re.IGNORECASE
)
_WITH = re.compile(
    r"\b(?:with|avec|con|с|со|and)\s+(?:the\s+|le\s+|la\s+|l['’]|el\s+|los\s+|las\s+)?$|(?:同|与|和|跟)$",
    re.IGNORECASE,
)
_AREAS = re.compile(
    r"(?:in the (?:fields?|areas?|sectors?) of|in (?:key )?areas such as|cooperation in|"
    r"dans les domaines (?:de la |de l['’]|du |des |de )|dans des domaines clés tels que|"
    r"en (?:los )?(?:ámbitos|campos|sectores|áreas) (?:de|del)|в (?:сфер\w+|област\w+)|在)\s*"
    r"(?P<areas>.+?)(?:\.|;|$| to | since | pour | para | depuis | desde | so as )",
    re.IGNORECASE,
)
#: Verbs of meeting that, with a thing as object, mean "satisfy" ("meets the needs of").
_MEET_SENSES = {"en": frozenset({"meet"})}
#: Categories of events that areas of cooperation named nearby belong to.
_AREA_OWNERS = frozenset({"AGREE", "CONSULT", "COOPERATE"})
#: Categories whose events may have one side only (a protest, a mobilisation, an attack by unknowns).
_ONE_SIDED = frozenset({"PROTEST", "MOBILIZE", "ASSAULT", "RETREAT", "CONCEDE", "COERCE"})
#: A session named as a past reference point ("since the 10th meeting") is no event.
_SINCE = re.compile(
    r"(?:since|depuis|desde|после|с момента|со времени|自|以来|at the previous|lors de la précédente)\s+"
    r"(?:the\s+|la\s+|its\s+|sa\s+|le\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SIDE = re.compile(r"\bthe\s+(?P<demonym>[A-Z][a-z]+)\s+side\b|\bla (?:partie|parte)\s+(?P<other>[a-zé]+)\b")
_FUTURE_TENSE = {
    "es": re.compile(r"\w{3,}(?:rá|rán|ré|rás|remos)\b"),
    "pt": re.compile(r"\w{3,}(?:rá|rão|rei|remos)\b"),
    "fr": re.compile(r"\w{2,}(?:era|ira|dra|tra|eront|iront|dront|erons|irons)\b(?!\s*-)"),
}
_PURPOSE = {
    "en": frozenset({"to"}), "fr": frozenset({"pour", "afin"}), "es": frozenset({"para"}),
    "ru": frozenset({"чтобы", "для"}), "zh": frozenset({"以", "为了", "以便"}), "pt": frozenset({"para"}),
}  # fmt: skip
_PREPOSED = re.compile(r"(?:对|向|同|与|跟|给|为)$")
_FRAMING = frozenset({"AGREE", "REQUEST", "REJECT", "THREATEN", "ACCUSE"})
_CONTEXT = re.compile(
    r"\b(?:after|during|amid|despite|following|ahead of|before|après|pendant|lors|malgré|tras|después de|"
    r"durante|pese a|после|во время|несмотря на)\b(?:\s+\S+){0,3}\s*$",
    re.IGNORECASE,
)
_ZH_OBJECT_STARTS = frozenset("0123456789一二两三四五六七八九十百千万几这该其此")
_CLAUSE_BREAKS = frozenset({",", "，", "；", ";", "：", ":", "。"})
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
_INTENT_CODES = {"CONSULT": "036", "AID": "033", "COOPERATE": "031", "SUPPORT": "032"}
#: The CAMEO rejection a negated act of each category is (CAMEO 12x): "will not lift the ban" declines
#: to yield, "did not give aid" rejects material cooperation, "not ready to sign" rejects a plan.
_REFUSALS = {
    "AGREE": "127", "AID": "121", "COOPERATE": "121", "CONCEDE": "124", "RETREAT": "124", "SUPPORT": "120",
}  # fmt: skip
#: Conditional words that report an intent when they follow a reporting verb ("said it would
#: release the hostages" = CAMEO 03x) and a mere possibility otherwise ("would be possible").
_REPORTED_FUTURE = frozenset({"would", "'d", "allait", "iba"})
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
#: Sentences back (besides its own) in which a joint act looks for the meeting whose sides act.
_JOINT_REACH = 2
#: "... is a top priority for Kazakhstan": the beneficiary of "priority for" holds the intent.
_FOR_SOURCE = frozenset({"for", "pour", "para", "для"})


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant of an event."""

    name: str | None
    country: str | None
    role: str
    start: int | None = None
    end: int | None = None
    type: str | None = None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one sentence reports it."""

    plover: str
    cameo: str
    mode: str | None
    context: str | None
    date: str | None
    end_date: str | None
    place: str | None
    country: str | None
    actors: tuple[Actor, ...]
    sentence: int
    start: int
    end: int
    text: str
    language: str
    kind: str = "event"
    institution: str | None = None
    institution_start: int | None = None
    #: Filled by the caller once the institution's mention is resolved to an entity.
    institution_key: str | None = None
    session_number: int | None = None
    pledge_text: str | None = None
    pledge_areas: tuple[str, ...] = ()
    facts: tuple[dict[str, object], ...] = field(default=())
    confidence: float = 0.5


def _cjk_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = _CJK_DIGITS.get(char, 0)
    return total + current


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


_NEXT_WORDS = re.compile(r"[\s\"'»”’-]*\w+(?:[ -][a-z]\w*){0,2}")
_PREVIOUS_WORD = re.compile(r"(\w+)[\s\"'«“‘]*(?:(?:the|la|le|les|l'|el|los|las|del|de)\s+)?[\"'«“‘]*$", re.I)


#: Endings of abstract nouns made from verbs and adjectives ("cooperation", "development",
#: "connectivity"): such a noun after a name makes the name a modifier of a thing.
_ABSTRACT = {"en": ("tion", "sion", "ment", "ity", "ism", "ness")}


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


def _session(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[int, Mention] | None:
    """Session number and institution: "the 11th Meeting of the X Committee", "第十一次会议"."""
    body = text[start:end]
    for match in _SESSION.finditer(body):
        if _SINCE.search(body[max(0, match.start() - 20) : match.start()]):
            continue
        number = int(match["num"]) if match["num"] else _ORDINALS[match["word"].lower()]
        after = start + match.end()
        following = [m for m in mentions if m.type == "ORG" and after <= m.start <= after + 20]
        if following:
            return number, min(following, key=lambda m: m.start)
    for match in _CJK_SESSION.finditer(body):
        before = start + match.start()
        preceding = [m for m in mentions if m.type == "ORG" and before - 2 <= m.end <= before]
        if preceding:
            return _cjk_number(match["num"]), preceding[-1]
    return None


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
    """Areas that name a field: not a quotation's attribution ("Tokayev said", "” said X during the
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


_LOCATIVE = re.compile(
    r"(?:\b(?:in|at|across|throughout|à|en|dans|au|aux|en|у|в|во|на)|在)\s*$", re.IGNORECASE
)


#: A locative preposition, maybe with its article, right before a name: "in the Kibera slum".
_LOCATIVE_PLACE = re.compile(
    r"(?:\b(?:in|at|near|across|throughout|à|en|dans|au|aux|près de|cerca de|у|в|во|на)"
    r"(?:\s+(?:the|la|le|les|l['’]|el|los|las))?|在)\s*$",
    re.IGNORECASE,
)


@cache
def _agent_keys(lang: str) -> frozenset[str]:
    return frozenset(key(word, lang) for word in load_json("agents.json").get(lang, ()))


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


#: "received the minister": verbs that host a visit only when a person is their object
#: ("принял закон" is a law passed, "принял министра" a visitor received).
_HOST_VERBS = {"en": "receive", "es": "recibir", "ru": "принять", "pt": "receber", "de": "empfangen"}
#: Tokens from a host verb to its person object ("recibió el martes en Nairobi a la canciller sueca, X").
_HOST_REACH = 12


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
            found.append(Match(Trigger("043", (wanted,), False, False, verb), i, i))
    return found


def _lemma_place(mention: Mention, tokens: list[Token]) -> Mention:
    """A city named in an inflected form ("в Астане", "в Ханое") read through its lemmas."""
    if lookup_place(mention.text) is not None:
        return mention
    lemma = " ".join(t.lemma for t in tokens if mention.start <= t.start and t.end <= mention.end)
    found = lookup_place(lemma) if lemma else None
    return replace(mention, text=found.name) if found else mention


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
        result.append(mention)
    return result


def _lead(mention: Mention) -> int:
    """Where a mention's phrase starts, title words included ("with Kazakh Prime Minister X")."""
    return mention.end - len(mention.surface) if mention.surface else mention.start


def _plover(cameo: str) -> str | None:
    code = code_for(cameo)
    return code.plover if code else None


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
    window = keys[start : match.last + 6]
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


#: What undoing a coercive act is (CAMEO 08x): lifting sanctions eases them (085), freeing detainees
#: releases them (0841), giving back what was seized returns it (0842), withdrawing troops or ending
#: an offensive de-escalates (087), ending a strike eases dissent (082), lifting a curfew or a ban
#: eases an administrative sanction (081).
_UNDONE = {"SANCTION": "085", "ASSAULT": "087", "MOBILIZE": "087", "PROTEST": "082", "THREATEN": "081"}
#: Tokens around a coercive word in which an undoing verb governs it ("lifted its boycott",
#: "sanctions were lifted").
_REVERSAL_BEFORE, _REVERSAL_AFTER = 3, 2


def _reversed(code: Code, keys: list[str], match: Match, lang: str) -> Code:
    """ "lifted its boycott", "freed the detained diplomat", "withdrew its troops": a verb that
    undoes a coercive act (the language's ``reversal`` cues) makes it a concession or retreat."""
    if code.plover not in ("SANCTION", "COERCE", "ASSAULT", "MOBILIZE", "PROTEST", "THREATEN"):
        return code
    reversal = cues(lang).get("reversal", frozenset())
    window = {
        *keys[max(0, match.first - _REVERSAL_BEFORE) : match.first],
        *keys[match.last + 1 : match.last + 1 + _REVERSAL_AFTER],
    }
    if not reversal & window:
        return code
    if code.plover == "COERCE":
        undone = (
            "0841"
            if code.cameo.startswith(("173", "174", "18"))
            else ("0842" if code.cameo.startswith("171") else "081")
        )
    else:
        undone = _UNDONE[code.plover]
    return code_for(undone) or code


#: The CAMEO code an event gets when the category model, not a pattern, read its category: the
#: category's general code (its sub-codes need the words a pattern names).
_CATEGORY_CODES = {
    "ACCUSE": "112", "AGREE": "030", "AID": "070", "ASSAULT": "190", "COERCE": "170", "CONCEDE": "080",
    "CONSULT": "040", "COOPERATE": "060", "MOBILIZE": "150", "PROTEST": "140", "REJECT": "120",
    "REQUEST": "100", "RETREAT": "084", "SANCTION": "160", "SUPPORT": "050", "THREATEN": "130",
}  # fmt: skip
#: How sure the model must be before a sentence no pattern reads becomes an event. Chosen on the
#: tune half of real_en_dev.tsv (0.0/0.15/0.2/0.3: 0.684/0.683/0.678/0.673 right, rows without an
#: event 59/66/81/92) leaning to precision, since in articles most sentences report no event;
#: sixteen classes, so 0.2 is over three times the chance level.
MODEL_THRESHOLD = 0.2


def _modifier(tokens: list[Token], index: int) -> bool:
    """A participle used as an adjective, by its tags: "the detained soldiers", "Imprisoned former
    leaders" (a non-finite verb after a determiner or at the start, before a noun or adjective)."""
    token = tokens[index]
    if token.pos != "VERB" or token.finite:
        return False
    before = tokens[index - 1].pos if index else "DET"
    after = tokens[index + 1].pos if index + 1 < len(tokens) else ""
    return before in ("DET", "NUM", "ADJ") and after in ("NOUN", "PROPN", "ADJ")


def _by_model(match: Match) -> bool:
    return match.trigger.model_probability is not None


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
        _CATEGORY_CODES[reading.category], (keys[head],), False, False, keys[head], reading.probability
    )
    return [Match(trigger, head, head)]


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


def _attach_areas(events: list[EventMention], text: str, annotation: Annotation) -> list[EventMention]:
    """Areas of cooperation named in a sentence that codes no event of its own ("The two sides
    discussed cooperation in trade, energy ...", a quotation) belong to the meeting or statement the
    article was telling just before (else the first one after): the areas of a talk with the
    president are not the committee's."""
    owners = [
        i for i, e in enumerate(events) if e.kind in ("meeting", "statement") or e.plover in _AREA_OWNERS
    ]
    if not owners:
        return events
    lang = annotation.language
    added: dict[int, list[str]] = {}
    for index, sentence in enumerate(annotation.sentences):
        if any(e.sentence == index and e.pledge_areas for e in events):
            continue
        found = _areas(text[sentence.start : sentence.end])
        if not found:
            continue
        tokens = tokens_of(text, sentence.start, sentence.end, annotation.tokens, lang)
        found = _plain_areas(found, text, sentence, tokens, lang)
        before = [i for i in owners if events[i].sentence <= index]
        owner = before[-1] if before else owners[0]
        added.setdefault(owner, []).extend(found)
    return [
        replace(e, pledge_areas=tuple(dict.fromkeys((*e.pledge_areas, *added[i])))) if i in added else e
        for i, e in enumerate(events)
    ]


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
        if not m.trigger.noun or m.trigger.cameo in ("042", "043") or _plover(m.trigger.cameo) not in verbs
    ]
    return sorted(kept, key=lambda m: m.first)


#: Subject words that refer back (the word-order reading, which follows the previous sentence, stands).
_ANAPHORA = frozenset(
    "he she it they we i you this that these those his her its their our "
    "il elle ils elles on nous ce cela celui celle son sa ses leur leurs notre nos".split()
)


_PHRASE_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


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


def _names_actor(lemma: str, lang: str) -> bool:
    """Whether a common noun can name who takes part: a collective agent ("government", "troops")
    or an office ("president", "minister"); "interests", "demand" or "target" cannot."""
    return key(lemma, lang) in _agent_keys(lang) or lemma in _office_words(lang)


@cache
def _office_words(lang: str) -> frozenset[str]:
    return frozenset(w.lower() for pair in title_lexicon(lang) for w in pair if " " not in w)


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
