"""Stage ``resolve``: mentions -> entities, within an article and across the corpus.

Two steps, both deterministic:

1. **Local** (one article, pure): mentions of one person, organisation or place in
   one text become one :class:`LocalEntity` — a surname or "M. Wang" joins the
   full name it is part of, an acronym joins the name it abbreviates.
2. **Global** (across articles, incremental): local entities are compared only
   with candidates that share a *block key* (a romanised name part, an
   organisation's word key, a place name), and joined when :func:`same_entity`
   says so. Joining is union-find over a symmetric test, and an entity's id and
   name are functions of its members only, so the result does not depend on the
   order articles arrive in.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from functools import lru_cache

from .countries import country_code, country_name
from .nlp.base import Annotation, EntityType, Mention
from .places import lookup_place
from .records import NAME_PARTS, LocalEntity
from .romanize import is_han, name_keys, script, skeleton, sound_classes, sound_parts, sounds_alike

__all__ = [
    "LocalEntity",
    "block_keys",
    "entity_id",
    "local_entities",
    "name_key",
    "pick_name",
    "same_entity",
]

_HONORIFIC = re.compile(r"^(?:M\.|Mme|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sr\.?|Sra\.?|г-н|г-жа)\s+", re.IGNORECASE)
_SPLIT = NAME_PARTS
#: Words that carry no identity in an organisation's name, in the supported languages.
_ORG_STOP = frozenset(
    "the of and for on in to a an de du des la le les l et pour sur en el los las y del para por "
    "der die das und für von zu im am o os as e do da dos das для и по в на с о one".split()
)
#: Two names are spelling variants when every name part is at least this similar:
#: "Nursultan"/"Nursoltan" score 0.89, "Nazarbayev"/"Nazarbaev" 0.95; different names of one family
#: ("Roman"/"Ruslan") stay under it.
_PART_SIMILARITY = 0.84


def _fold(text: str) -> str:
    """Lower case, accents off, apostrophes and dots normalised."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def name_key(name: str) -> str:
    """The canonical comparable key of a name (see :func:`communique.romanize.name_keys`)."""
    keys = name_keys(name)
    return keys[0] if keys else _fold(name)


@lru_cache(maxsize=65536)
def _org_words(name: str, lang: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """(content words, countries) of an organisation name, language-independent where possible."""
    words: set[str] = set()
    countries: set[str] = set()
    for part in re.split(r"[\s\-–,/()]+", name):
        if not part or _fold(part) in _ORG_STOP:
            continue
        code = country_code(part, lang)
        if code:
            countries.add(code)
            continue
        folded = _fold(part).strip("'.")
        if folded and folded not in _ORG_STOP:
            words.add(_GLOSSARY.get(folded, folded))
    return frozenset(words), frozenset(countries)


#: Institution vocabulary mapped to one English word, so that names of a body in
#: several languages share a key ("Comité de coopération" ~ "Cooperation Committee").
_GLOSSARY: dict[str, str] = {
    **dict.fromkeys(
        ["comite", "comitato", "komitee", "комитет", "комитета", "委员会", "comision"], "committee"
    ),
    **dict.fromkeys(
        ["commission", "comision", "kommission", "комиссия", "комиссии", "comissao"], "commission"
    ),
    **dict.fromkeys(
        [
            "cooperation",
            "cooperacion",
            "kooperation",
            "zusammenarbeit",
            "сотрудничеству",
            "сотрудничества",
            "сотрудничество",
            "合作",
            "cooperacao",
        ],
        "cooperation",
    ),
    **dict.fromkeys(["conseil", "consejo", "rat", "совет", "совета", "理事会", "conselho"], "council"),
    **dict.fromkeys(["forum", "foro", "форум", "论坛"], "forum"),
    **dict.fromkeys(["initiative", "iniciativa", "инициатива", "倡议"], "initiative"),
    **dict.fromkeys(
        ["ministere", "ministerio", "ministerium", "министерство", "部", "ministerio"], "ministry"
    ),
    **dict.fromkeys(["mixte", "mixta", "mista", "gemischte", "совместная", "联合"], "joint"),
    **dict.fromkeys(
        [
            "intergouvernementale",
            "intergubernamental",
            "межправительственная",
            "межправительственной",
            "政府间",
        ],
        "intergovernmental",
    ),
    **dict.fromkeys(["parti", "partido", "partei", "партия", "партии", "党"], "party"),
    **dict.fromkeys(["central", "centrale", "zentral", "центральный", "中央"], "central"),
    **dict.fromkeys(["communiste", "comunista", "kommunistische", "коммунистическая", "共产党"], "communist"),
    **dict.fromkeys(["permanent", "permanente", "постоянный", "常务"], "standing"),
    **dict.fromkeys(["politique", "politico", "политбюро", "政治局"], "political"),
    **dict.fromkeys(["route", "ruta", "дорога", "路"], "road"),
    **dict.fromkeys(["ceinture", "cinturon", "пояс", "带"], "belt"),
}


_DEFINITE = re.compile(r"^(?:the|le|la|l')\s*")
_GENERIC_HEADS = frozenset({"committee", "commission", "council", "forum", "initiative", "ministry", "party"})


def _strip_honorific(text: str) -> str:
    return _HONORIFIC.sub("", text).strip()


def _initials(words: Iterable[str]) -> str:
    return "".join(w[0] for w in words if w and w[0].isalpha()).upper()


def _place_name(text: str, lang: str | None = None) -> tuple[str, str | None]:
    """A place's canonical name and country. A country is looked up among the names of the
    article's language only: the names of every language together hold false friends (Russian
    "Британия", Britain, is a Kyrgyz qualifier of the British Virgin Islands' name)."""
    place = lookup_place(text, lang)
    if place is not None:
        return place.name, place.country
    code = country_code(text, lang, foreign=False) if lang else country_code(text)
    if code:  # a country named in another language ("Chine", "Kazajistán")
        return country_name(code) or text, code
    return " ".join(w.capitalize() if w.isupper() else w for w in text.split()), None


#: Languages whose names take case endings the morphology does not always undo.
_INFLECTING = frozenset({"ru", "uk", "be", "pl", "cs", "sk", "sr", "hr", "bg", "lt", "lv"})
_CASE_ENDINGS = frozenset({"a", "u", "e", "i", "om", "im", "em", "oi", "ei", "oiu", "ou", "ia", "iu", "ie"})


def _case_form(word: str, stem: str) -> bool:
    """Whether ``word`` is ``stem`` or ``stem`` with a case ending ("tokaevu" of "tokaev")."""
    return word == stem or (word.startswith(stem) and word[len(stem) :] in _CASE_ENDINGS and len(stem) >= 3)


def _merge_case_forms(persons: dict[str, list[Mention]]) -> None:
    """Join full names that differ only by case endings, keeping the shortest (nominative) key."""
    for key in sorted(persons, key=lambda k: (-len(k), k)):
        parts = key.split()
        for other in sorted(persons, key=lambda k: (len(k), k)):
            if (
                other != key
                and len(other.split()) == len(parts)
                and all(_case_form(p, o) for p, o in zip(parts, other.split(), strict=True))
            ):
                persons[other].extend(persons.pop(key))
                break


def _merge_name_tails(persons: dict[str, list[Mention]]) -> None:
    """Join a name of two parts or more to the one longer name of the article that ends with it:
    "López Portillo" is "José López Portillo", "Acuña Murillo" is "Ivonne Acuña Murillo" (double
    surnames), and "Tim Cook" is the "Konzernchef Tim Cook" a tagger took a title noun into. When two
    longer names end with it, it stays on its own: which one it means is not known."""
    for key in sorted(persons, key=lambda k: (len(k.split()), k)):
        parts = key.split()
        if len(parts) < 2:
            continue
        owners = [
            other
            for other in persons
            if len(other.split()) > len(parts) and other.split()[-len(parts) :] == parts
        ]
        if len(owners) == 1:
            persons[owners[0]].extend(persons.pop(key))


def _same(name: str, _type: EntityType) -> str:
    return name


def _normaliser(language: str | None) -> Callable[[str, EntityType], str]:
    """Names in inflecting languages are grouped by their nominative ("Назарбаеву" -> "Назарбаев")."""
    if language == "ru":
        from .nlp.russian import normal_form

        return lambda name, kind: normal_form(name, kind)
    return _same


def local_entities(article_id: str, annotation: Annotation) -> list[LocalEntity]:
    """Group one article's mentions into local entities (pure)."""
    groups: dict[tuple[str, str], list[Mention]] = {}
    persons: dict[str, list[Mention]] = {}
    singles: list[Mention] = []
    orgs: dict[str, list[Mention]] = {}
    normalise = _normaliser(annotation.language)
    normal: dict[int, str] = {}
    for mention in annotation.mentions:
        name = normal[id(mention)] = normalise(_strip_honorific(mention.text), mention.type)
        if not name:
            continue
        if mention.type == "PERSON":
            parts = [p for p in _SPLIT.split(name) if p]
            if len(parts) >= 2 or is_han(name):
                persons.setdefault(name_key(name), []).append(mention)
            else:
                singles.append(mention)
        elif mention.type == "ORG":
            words = _org_words(name, annotation.language)[0]
            if len(words) == 1 and next(iter(words)) in _GENERIC_HEADS and " " not in name:
                continue  # "Comité", "Commission" alone name no particular body
            orgs.setdefault(_fold(name), []).append(mention)
        else:
            canonical, _ = _place_name(name, annotation.language)
            groups.setdefault(("PLACE", canonical), []).append(mention)
    if annotation.language in _INFLECTING:
        _merge_case_forms(persons)
    _merge_name_tails(persons)
    # A surname (or given name) alone joins the one full name in the article that contains it.
    for mention in singles:
        key = name_key(normal[id(mention)])
        owners = [full for full in persons if any(_case_form(key, part) for part in full.split())]
        if len(owners) == 1:
            persons[owners[0]].append(mention)
        else:
            persons.setdefault(key, []).append(mention)
    # "the committee" refers to the nearest body named before it with that head noun.
    for anaphor in [k for k in orgs if _DEFINITE.match(k)]:
        head = _GLOSSARY.get(_DEFINITE.sub("", anaphor), _DEFINITE.sub("", anaphor))
        for mention in orgs.pop(anaphor):
            before = [
                (m.start, key)
                for key, ms in orgs.items()
                for m in ms
                if m.start < mention.start and head in _org_words(key, annotation.language)[0] and " " in key
            ]
            if before:
                orgs[max(before)[1]].append(mention)
    # An acronym joins the name whose initials it spells ("GDI" = "Global Development Initiative").
    for short in [k for k in orgs if re.fullmatch(r"[a-z]{2,6}", k)]:
        for full, mentions in orgs.items():
            parts = [w for w in re.split(r"[\s\-]+", full) if w and w not in _ORG_STOP]
            if full != short and _initials(parts).lower() == short:
                mentions.extend(orgs.pop(short))
                break
    for key, mentions in persons.items():
        groups[("PERSON", key)] = mentions
    for key, mentions in orgs.items():
        groups[("ORG", key)] = mentions
    found: list[LocalEntity] = []
    for index, ((kind, _), mentions) in enumerate(sorted(groups.items())):
        names = tuple(sorted({normal[id(m)] for m in mentions}))
        aliases = tuple(sorted({m.text for m in mentions} | {m.surface for m in mentions if m.surface}))
        countries = Counter(m.country for m in mentions if m.country)
        country = countries.most_common(1)[0][0] if countries else None
        if kind == "PLACE":
            canonical, place_country = _place_name(names[0], annotation.language)
            names, country = (canonical, *names), place_country or country
        elif kind == "ORG" and country is None:
            named = {c for n in names for c in _org_words(n, annotation.language)[1]}
            country = named.pop() if len(named) == 1 else None  # "Communist Party of China"
        titles = tuple(
            sorted({(m.title, m.country) for m in mentions if m.title}, key=lambda t: (t[0], t[1] or ""))
        )
        found.append(
            LocalEntity(
                key=f"{article_id}:{index}",
                article_id=article_id,
                type=kind,  # type: ignore[arg-type]
                names=tuple(dict.fromkeys(names)),
                aliases=aliases,
                language=annotation.language,
                country=country,
                titles=titles,
                mentions=tuple(mentions),
            )
        )
    return [replace(local, blocks=frozenset(block_keys(local))) for local in found]


def mention_countries(locals_: Iterable[LocalEntity]) -> dict[tuple[int, int], str]:
    """(start, end) of every mention -> the country its article's entity has ("Wang" alone is Chinese
    when the article also says "Chinese Vice Premier Wang Xiaoming"): what the coder reads actors by."""
    return {(m.start, m.end): local.country for local in locals_ if local.country for m in local.mentions}


def block_keys(entity: LocalEntity) -> set[str]:
    """Keys under which candidates for the same entity are looked up (never all pairs)."""
    if entity.type == "PERSON":
        parts = {part for name in entity.names for key in name_keys(name) for part in key.split()}
        keys = {f"P:{part}" for part in parts if len(part) >= 2}
        # Consonant skeletons meet names transliterated into Han characters (纳扎尔巴耶夫 ~ Nazarbayev).
        keys |= {f"S:{skeleton(part)}" for part in parts if len(skeleton(part)) >= 3}
        # Sound classes without liquids (the sound most often dropped or added across scripts) meet
        # "Trump", "Трамп" and "特朗普" (TNP); two classes at least, or the block holds half the names.
        sounds = {c.replace("L", "") for name in entity.names for c in sound_parts(name)}
        return keys | {f"F:{c}" for c in sounds if len(c) >= 2}
    if entity.type == "PLACE":
        return {f"L:{_fold(entity.names[0])}"}
    keys = set()
    for name in entity.names:
        words, countries = _org_words(name, entity.language)
        if words:
            keys.add("O:" + " ".join(sorted(words)))
        keys.update(f"W:{w}" for w in words if len(w) > 3)
        if countries:
            keys.add("C:" + " ".join(sorted(countries)))
    return keys


def _parts_similar(a: list[str], b: list[str]) -> bool:
    if len(a) != len(b):
        return False
    return all(SequenceMatcher(None, x, y).ratio() >= _PART_SIMILARITY for x, y in zip(a, b, strict=True))


def _own_names(entity: LocalEntity) -> list[str]:
    """The names an entity is compared by: its full names (two parts or more, or Han characters), or
    its single names when it has no full one. A surname an article also uses alone is no evidence
    across articles: "Кан" in an article about Naoto Kan and "Кан" in one about Oliver Kahn must not
    join the two."""
    full = [n for n in entity.names if is_han(n) or len([p for p in _SPLIT.split(n) if p]) >= 2]
    return full or list(entity.names)


#: How much a name match says on its own (see :func:`_agree`).
_SAME, _LONG, _WEAK = "same", "long", "weak"
#: A cross-script match of full names stands without a positive country or office only when every
#: part has the very same sound classes (but for an "h") and the name makes this many units in all
#: ("Donald Trump" / "Дональд Трамп": TVNVLT TLVNP, 11; "John Kerry" / "Джон Керри": 8). Looser or
#: shorter matches ("Clayton Lockett" / "Кристин Лагард", "Karin Baier" / "Грэм Полл" come within the
#: tolerance) need a country or office that agrees: among a corpus's thousands of names some always
#: sound alike.
_LONG_SOUNDS = 8


def _cross_script(names_a: list[str], names_b: list[str]) -> str | None:
    """A match between names in different scripts by their sounds (:func:`sounds_alike`)."""
    found: str | None = None
    for name_a in names_a:
        for name_b in names_b:
            if script(name_a) == script(name_b):
                continue
            parts_a = [p for p in re.split(r"[\s\-‐·・.]+", name_a) if p]
            parts_b = [p for p in re.split(r"[\s\-‐·・.]+", name_b) if p]
            if len(parts_a) >= 2 and len(parts_b) >= 2:
                if len(parts_a) == len(parts_b) and all(
                    sounds_alike(x, y, exact_short=True) for x, y in zip(parts_a, parts_b, strict=True)
                ):
                    han = is_han(name_a) or is_han(name_b)
                    # Every part the very same sounds, but for an "h" ("John"/"Джон").
                    same = all(
                        sound_classes(x, not han).replace("H", "")
                        == sound_classes(y, not han).replace("H", "")
                        for x, y in zip(parts_a, parts_b, strict=True)
                    )
                    if same and sum(len(sound_classes(x, not han)) for x in parts_a) >= _LONG_SOUNDS:
                        return _LONG
                    found = _WEAK
                continue
            # A name in one part (a surname, or a foreign name in Han characters without its given
            # name) against the other's surname.
            short, full = (parts_a, parts_b) if len(parts_a) == 1 else (parts_b, parts_a)
            if sounds_alike(short[0], full[-1]):
                found = _WEAK
    return found


def _person_names_match(a: LocalEntity, b: LocalEntity) -> str | None:
    """How two people's names match: ``"same"`` (one full name), ``"long"`` (a full name across
    scripts whose every part sounds alike), ``"weak"`` (a variant spelling, a surname against a full
    name, a short name across scripts) or None."""
    names_a, names_b = _own_names(a), _own_names(b)
    keys_a = {k for n in names_a for k in name_keys(n)}
    keys_b = {k for n in names_b for k in name_keys(n)}
    shared = keys_a & keys_b
    if shared:
        return _SAME if max(len(k.split()) for k in shared) >= 2 else _WEAK
    for key_a in keys_a:
        for key_b in keys_b:
            full_a, full_b = key_a.split(), key_b.split()
            if len(full_a) >= 2 and len(full_b) >= 2:
                if _parts_similar(full_a, full_b) or _parts_similar(full_a, list(reversed(full_b))):
                    return _WEAK
                continue
            # A surname-only entity matches a full name containing it, and a name of two parts one
            # that ends with it ("Peña Nieto", "Enrique Peña Nieto"), with more evidence: _agree.
            short, full = (full_a, full_b) if len(full_a) < len(full_b) else (full_b, full_a)
            if len(short) == 1 and short[0] in full:
                return _WEAK
    for key_a in keys_a:
        for key_b in keys_b:
            short, full = sorted((key_a.split(), key_b.split()), key=len)
            if 2 <= len(short) < len(full) and full[-len(short) :] == short:
                return _WEAK
    return _cross_script(names_a, names_b)


def _agree(a: LocalEntity, b: LocalEntity, match: str) -> bool:
    """Country and office must not contradict; anything short of one full name needs one of them to
    agree."""
    if a.country and b.country and a.country != b.country:
        return False
    if match in (_SAME, _LONG):
        return True  # the same full name (or every part of it across scripts), no contradiction
    same_country = bool(a.country and a.country == b.country)
    shared_office = bool({t for t, _ in a.titles} & {t for t, _ in b.titles})
    return same_country or shared_office


def same_entity(a: LocalEntity, b: LocalEntity) -> bool:
    """Whether two local entities are one real entity (symmetric)."""
    if a.type != b.type:
        return False
    if a.type == "PLACE":
        return _fold(a.names[0]) == _fold(b.names[0])
    if a.type == "PERSON":
        match = _person_names_match(a, b)
        return match is not None and _agree(a, b, match)
    # Organisations: the same name (or the same acronym: an article that spells one out,
    # "Christlich Demokratische Union (CDU)", has both among its names), or a name and the same name
    # with its head noun ("Belt and Road" / "Belt and Road Initiative"). Never an acronym against
    # initials, or a name against a longer name, from different articles: "C" is not "Chrysler", and
    # "Policía Federal" does not say which federal police.
    if a.country and b.country and a.country != b.country:
        return False  # "МИД" of Russia is not "МИД" of Japan
    for name_a in a.names:
        words_a, countries_a = _org_words(name_a, a.language)
        for name_b in b.names:
            words_b, countries_b = _org_words(name_b, b.language)
            if countries_a != countries_b or not words_a or not words_b:
                continue
            if words_a == words_b:
                return True
            smaller, larger = sorted((words_a, words_b), key=len)
            if (
                len(smaller) >= 2
                and len(larger - smaller) == 1
                and smaller < larger
                and larger - smaller <= _GENERIC_HEADS
            ):
                return True
    return False


def entity_id(members: Sequence[LocalEntity]) -> str:
    """An entity's id: a function of its members only (so independent of arrival order)."""
    first = min(m.key for m in members)
    return hashlib.sha256(f"{members[0].type}|{first}".encode()).hexdigest()[:16]


def _latin(name: str) -> bool:
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def pick_name(members: Sequence[LocalEntity]) -> str:
    """The display name: the most frequent full name in Latin script (then longest, then
    alphabetical), falling back to any script."""
    counts = Counter(m.full_name for m in members)
    english = {m.full_name for m in members if m.language == "en"}
    ranked = sorted(
        counts, key=lambda n: (not _latin(n), -counts[n], n not in english, -len(_SPLIT.split(n)), -len(n), n)
    )
    return ranked[0]
