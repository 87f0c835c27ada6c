"""Russian backend: natasha NER, plus rules for titles, countries and natasha's known slips.

natasha (slovnet models bundled inside the package, nothing downloads) finds PER, ORG and LOC
spans. On top of them this module:

* reads the office title written right before a person ("вице-премьера Госсовета КНР Имя")
  from the lexicon ``data/languages/ru/titles.tsv``, matching on lemmas so inflected titles count;
* reads the country of affiliation from a genitive country ("президент Казахстана"), an
  abbreviation ("КНР") or a demonym ("китайский вице-премьер"), via
  :func:`communique.countries.country_code`;
* repairs natasha's recurring slips with general rules: title words swallowed into a PER span,
  a country tagged as PER, a demonym at the start of an ORG span, an ORG name cut before its
  "по ..." complement ("комиссия по сотрудничеству"), a body tagged LOC ("ЕС", which
  pymorphy2's dictionary marks as an organisation), punctuation left at a span's edge;
* gives nominative normal forms of names (:func:`normal_form`) and a romanisation
  (:func:`transliterate`) so the resolver can merge case forms and other scripts.

Models load lazily, once per process (``functools.cache``). The morphological tagger is loaded
only by :func:`normal_form`: annotation itself needs only the sentence splitter, the NER tagger
and pymorphy2's dictionary, which keeps it close to bare natasha NER in speed
(``benchmarks/ru_entities.py`` measures both, and precision and recall on factRuEval-2016).
"""

from __future__ import annotations

import bisect
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

# natasha comes first: DESIGN.md prescribes importing natasha before pymorphy2, which it wraps.
import natasha  # type: ignore[import-untyped]
from natasha.doc import DocSpan, DocToken  # type: ignore[import-untyped]
from natasha.norm import inflect_word, recover_shapes, recover_spaces  # type: ignore[import-untyped]

from communique.countries import country_code
from communique.nlp.base import Annotation, EntityType, Mention, Sentence, Token
from communique.nlp.titles import title_lexicon

__all__ = ["RussianBackend", "normal_form", "transliterate"]

_TYPES: dict[str, EntityType] = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}

#: How many tokens may stand between a title and the name it belongs to
#: ("вице-премьер | Госсовета КНР | Имя", "посол | Казахстана во Вьетнаме | Имя").
_MAX_COMPLEMENT = 8
#: Prepositions allowed inside that complement; a country after one is a host, not the affiliation.
_COMPLEMENT_PREPOSITIONS = frozenset({"в", "во", "при"})
#: Head nouns of bodies whose names go on with "по + dative" ("комиссия по сотрудничеству").
#: natasha usually stops such a name at the head noun.
_PO_BODIES = frozenset(
    "комиссия подкомиссия комитет подкомитет совет агентство служба группа центр форум фонд".split()
)
#: "по" phrases that say why or how, not what a body deals with ("сайт Министерства обороны
#: по итогам встречи", "Совет по данным агентства").
_PO_CIRCUMSTANCE = frozenset(
    (
        "итог повод слово данные данный мнение причина случай оценка сообщение приглашение инициатива "
        "просьба результат поручение информация линия мера телефон решение требование указание заказ"
    ).split()
)
_OPENING_QUOTES = frozenset({"«", '"', "“", "„", "'"})
#: Parts of speech that can continue a "по ..." complement.
_NOMINAL = frozenset({"NOUN", "ADJF", "PRTF"})
#: Parts of speech that never are a country or a demonym, whatever their dictionary lemma
#: ("того" is a pronoun before it is Togo; "перу" is the dative of "перо").
_FUNCTION_POS = frozenset({"NPRO", "PREP", "CONJ", "PRCL", "INTJ", "NUMR", "ADVB", "PRED", "COMP"})
#: Russian surname endings in oblique cases -> nominative, for surnames pymorphy2 does not know
#: ("Бекжановым" -> "Бекжанов"). The ambiguous "-ова" (masculine genitive or feminine nominative)
#: is left to the tagger.
_SURNAME_ENDINGS = (
    ("овым", "ов"),
    ("евым", "ев"),
    ("ёвым", "ёв"),
    ("иным", "ин"),
    ("ыным", "ын"),
    ("ову", "ов"),
    ("еву", "ев"),
    ("ину", "ин"),
    ("ыну", "ын"),
    ("овой", "ова"),
    ("евой", "ева"),
    ("иной", "ина"),
    ("ыной", "ына"),
)


# ---------------------------------------------------------------------------------------------
# Models, loaded once per process


@dataclass(frozen=True, slots=True)
class _Models:
    segmenter: Any
    embedding: Any
    ner: Any
    vocab: Any


@cache
def _models() -> _Models:
    embedding = natasha.NewsEmbedding()
    with warnings.catch_warnings():
        # pymorphy2 imports pkg_resources when its analyser starts; setuptools deprecates it
        # with a warning at every start that is neither ours nor the user's to act on.
        warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
        vocab = natasha.MorphVocab()
    return _Models(
        segmenter=natasha.Segmenter(),
        embedding=embedding,
        ner=natasha.NewsNERTagger(embedding),
        vocab=vocab,
    )


def morph() -> Any:
    """pymorphy2's analyser (through natasha's MorphVocab), for tense and lemma questions."""
    return _models().vocab


_CYRILLIC_WORD = re.compile(r"[а-яё]+", re.IGNORECASE)


def says_future(text: str) -> bool:
    """Whether ``text`` has a verb in the future: Russian says it with a perfective verb in the present
    form ("посетит", "проведёт"), which only the dictionary tells apart."""
    return any(_future_word(w.lower()) for w in _CYRILLIC_WORD.findall(text))


@lru_cache(maxsize=65536)
def _future_word(word: str) -> bool:
    parsed = morph().parse(word)
    return bool(parsed) and parsed[0].tag.tense == "futr" and parsed[0].tag.POS == "VERB"


@cache
def _morph_tagger() -> Any:
    # Only normal_form() needs it: annotation stays fast without it.
    return natasha.NewsMorphTagger(_models().embedding)


# ---------------------------------------------------------------------------------------------
# Words: lemmas, parts of speech, countries


def _fold(word: str) -> str:
    return word.casefold().replace("ё", "е")


@dataclass(frozen=True, slots=True)
class _Word:
    """What pymorphy2 says about a word, context-free: every reading, not only the first."""

    lemmas: frozenset[str]
    pos: frozenset[str]
    #: pymorphy2 case grammemes over all readings (gent, datv, loct, ...).
    cases: frozenset[str]
    top_pos: str | None
    #: Whether some noun reading is singular (or indeclinable): a title a person holds is.
    singular_noun: bool


@lru_cache(maxsize=65536)
def _word(word: str) -> _Word:
    parses = _models().vocab.parse(word)
    top = str(parses[0].tag.POS) if parses and parses[0].tag.POS else None
    lemmas = {_fold(word)}
    pos: set[str] = set()
    cases: set[str] = set()
    singular_noun = False
    for parse in parses:
        # A word read first as a preposition or conjunction keeps only its own form as lemma:
        # "после" (after) must not match "посол" (ambassador) through its rare locative reading.
        if top not in _FUNCTION_POS:
            lemmas.add(_fold(parse.normal_form))
        if parse.tag.POS:
            pos.add(str(parse.tag.POS))
        if parse.tag.case:
            cases.add(str(parse.tag.case))
        if parse.tag.POS == "NOUN" and parse.tag.number != "plur":
            singular_noun = True
    return _Word(frozenset(lemmas), frozenset(pos), frozenset(cases), top, singular_noun)


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    """The most likely dictionary form (for the event coder's trigger lexicon)."""
    parses = _models().vocab.parse(word)
    return _fold(parses[0].normal_form) if parses else _fold(word)


def _lookup(word: str) -> str | None:
    """The country a word names in Russian. A Cyrillic word is read only through Russian names
    (CLDR's, the lexicon's, their case forms and demonyms) and abbreviations: other languages
    written in Cyrillic name countries with words Russian uses otherwise ("Британия" is the
    qualifier of the British Virgin Islands in Kyrgyz)."""
    return country_code(word, "ru", foreign=not _CYRILLIC_WORD.search(word)) or None


_PERSONAL = frozenset({"Name", "Surn", "Patr"})


@lru_cache(maxsize=65536)
def _country_of(word: str) -> str | None:
    """The country a single word names or qualifies ("КНР", "Казахстана", "китайский"), if any.

    :func:`communique.countries.country_code` is generous (stems, every CLDR language), which
    suits a word known to be a country but not a word that may be a name: "Ливанов" would be
    Lebanon and "Франца" France. So a noun counts only when pymorphy2 reads it as a singular
    place name (Geox) before any reading as a person's name, an upper-case word only as an
    abbreviation, and otherwise only a demonym adjective counts, in either case (Russian writes
    them lower-case). Lower-case nouns never count ("чад", "перу" are ordinary words).
    """
    if len(word) < 2 or not word[0].isalpha():
        return None
    parses = _models().vocab.parse(word)
    if not parses or str(parses[0].tag.POS) in _FUNCTION_POS:
        return None
    if word[0].isupper():
        for parse in parses:
            grammemes = set(parse.tag.grammemes)
            if grammemes & _PERSONAL:
                break  # read as a person's name first: "Аман", "Франца"
            plural_ok = parse.tag.number != "plur" or "Pltm" in grammemes  # "США" yes, "Ливанов" no
            if "Geox" in grammemes and "Infr" not in grammemes and plural_ok:
                # The lemma first: the country whose name it is, not one a case form's stem
                # happens to reach.
                return _lookup(parse.normal_form) or _lookup(word)
        if word.isupper():
            return _lookup(word)  # abbreviations: "КНР", "РФ", "США"
    for parse in parses:
        # Demonyms, by their masculine lemma ("китайского" -> "китайский"): the written form
        # could reach a country through the generous stem match ("Само" -> Samoa).
        if parse.tag.POS == "ADJF" and (code := _lookup(parse.normal_form)):
            return code
    return None


def _is_demonym(word: str) -> bool:
    return "ADJF" in _word(word).pos and _country_of(word) is not None


def _is_country_noun(word: str) -> bool:
    return word[:1].isupper() and "ADJF" not in _word(word).pos and _country_of(word) is not None


# ---------------------------------------------------------------------------------------------
# Title lexicon on lemmas


@dataclass(frozen=True, slots=True)
class _Variant:
    canonical: str
    #: Lemma sets of the variant's words, in order.
    words: tuple[frozenset[str], ...]


@cache
def _variants_by_last_lemma() -> dict[str, tuple[_Variant, ...]]:
    """Lexicon variants indexed by every lemma of their last word, longest variant first."""
    index: dict[str, list[_Variant]] = {}
    for variant, canonical in title_lexicon("ru"):
        words = _tokenize(variant)
        entry = _Variant(canonical, tuple(_word(w).lemmas for w in words))
        for lemma in entry.words[-1]:
            index.setdefault(lemma, []).append(entry)
    return {k: tuple(sorted(set(v), key=lambda e: -len(e.words))) for k, v in index.items()}


def _title_ending_at(words: Sequence[str], end: int, floor: int) -> tuple[_Variant, int] | None:
    """The longest lexicon variant whose last word is ``words[end]``, not reaching below ``floor``.

    Returns the variant and the index of its first word. Words match when they share a lemma,
    so "вице-премьера" matches "вице-премьер" and "министру иностранных дел" matches
    "министр иностранных дел".
    """
    if end < floor:
        return None
    index = _variants_by_last_lemma()
    candidates: list[_Variant] = []
    for lemma in _word(words[end]).lemmas:
        candidates.extend(index.get(lemma, ()))
    best: tuple[_Variant, int] | None = None
    for variant in candidates:
        size = len(variant.words)
        first = end - size + 1
        if first < floor or (best is not None and size <= len(best[0].words)):
            continue
        if all(_word(words[first + k]).lemmas & variant.words[k] for k in range(size)):
            # The office of one person is singular: "кандидат в мэры", "экс-кандидат в
            # президенты" do not make the person a mayor or a president.
            head = next((_word(w) for w in words[first : end + 1] if "NOUN" in _word(w).pos), None)
            if head is None or head.singular_noun:
                best = (variant, first)
    return best


def _title_prefix(words: Sequence[str], demonyms: bool = True) -> int:
    """How many leading words of a span are title words (or demonyms, if asked) (0 if none)."""
    cut = 0
    while cut < len(words):
        if demonyms and _is_demonym(words[cut]):
            cut += 1
            continue
        size = 0
        for end in range(cut, len(words)):
            match = _title_ending_at(words, end, cut)
            if match is not None and match[1] == cut:
                size = max(size, len(match[0].words))
        if size == 0:
            break
        cut += size
    return cut


# ---------------------------------------------------------------------------------------------
# Annotation


@dataclass(slots=True)
class _Span:
    """A working entity span over token indexes ``[first, last]``."""

    first: int
    last: int
    type: EntityType
    country: str | None = None
    #: natasha's own offsets: a token may run past them (natasha tokenises on its own).
    raw_start: int | None = None
    raw_end: int | None = None


@dataclass(slots=True)
class _Tokens:
    starts: list[int]
    stops: list[int]
    words: list[str]
    #: Index of the first token of each token's sentence.
    sentence_start: list[int]


#: Words (with inner hyphens, apostrophes and dots: "вице-премьер", "Кот-д’Ивуар", "Газета.Ru")
#: and single punctuation marks. A regular expression instead of razdel's tokenizer: natasha
#: tokenises again inside the NER tagger, and a second razdel pass cost as much as the rules.
_TOKEN = re.compile(r"\w+(?:[-‐‑’'.]\w+)*|[^\w\s]")


def _tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _tokens_of(text: str, sentences: Sequence[Sentence]) -> _Tokens:
    starts: list[int] = []
    stops: list[int] = []
    words: list[str] = []
    sentence_start: list[int] = []
    sentence_ends = [s.end for s in sentences]
    current, first = 0, 0
    for match in _TOKEN.finditer(text):
        # Tokens are in text order; move to the sentence this token starts in.
        moved = False
        while current < len(sentence_ends) - 1 and match.start() >= sentence_ends[current]:
            current += 1
            moved = True
        if moved:
            first = len(words)
        starts.append(match.start())
        stops.append(match.end())
        words.append(match.group())
        sentence_start.append(first)
    return _Tokens(starts, stops, words, sentence_start)


def _to_token_span(tokens: _Tokens, start: int, stop: int) -> tuple[int, int] | None:
    first = bisect.bisect_left(tokens.stops, start + 1)
    last = bisect.bisect_left(tokens.starts, stop) - 1
    if first > last or first >= len(tokens.words):
        return None
    return first, last


_PAIRS = {"«": "»", "“": "”", "„": "“", "(": ")", "[": "]", '"': '"', "'": "'"}
#: Symbols that belong to a name at its edge ("+100500", "Yahoo!").
_NAME_SYMBOLS = frozenset({"+", "#", "@", "!", "&"})


def _trim_edges(first: int, last: int, tokens: _Tokens) -> tuple[int, int]:
    """Drop punctuation natasha leaves at the edges of a span ("• Коста Рика", "Имя (").

    Quotes and brackets stay when the span holds both halves of the pair ("«Живи!»" keeps
    its quotes only if natasha took both).
    """
    words = tokens.words

    def keep_first(k: int) -> bool:
        word = words[k]
        if any(c.isalnum() for c in word) or word in _NAME_SYMBOLS:
            return True
        closer = _PAIRS.get(word)
        return closer is not None and closer in words[k + 1 : last + 1]

    def keep_last(k: int) -> bool:
        word = words[k]
        if any(c.isalnum() for c in word) or word in _NAME_SYMBOLS:
            return True
        openers = [o for o, c in _PAIRS.items() if c == word]
        return any(o in words[first:k] for o in openers)

    while first <= last and not keep_first(first):
        first += 1
    while last >= first and not keep_last(last):
        last -= 1
    return first, last


#: Marks that never stand inside a name: natasha runs a span over a list ("Бахрейн • Барбадос"),
#: a name and its original spelling in brackets ("Имя Фамилия (Name Surname)"), an abbreviation
#: after its full name ("Союз ... (СКС)"). factRuEval's gold names never contain one of them.
_SEPARATORS = frozenset({"(", ")", "[", "]", "•", "·", ";", "|"})


def _split_separated(span: _Span, tokens: _Tokens, text: str) -> list[_Span]:
    """Cut a span at list separators, brackets, commas followed by a space and paragraph breaks.

    A comma inside a number ("95,2 FM") stays. A piece cut off the span must hold a capitalised
    word or a digit to be a name ("Москва (столица)" keeps only "Москва").
    """
    words = tokens.words
    pieces: list[tuple[int, int]] = []
    start = span.first
    for k in range(span.first, span.last + 1):
        if k > start and "\n" in text[tokens.stops[k - 1] : tokens.starts[k]]:
            pieces.append((start, k - 1))
            start = k
        word = words[k]
        if word in _SEPARATORS or (word == "," and text[tokens.stops[k] : tokens.stops[k] + 1].isspace()):
            if k > start:
                pieces.append((start, k - 1))
            start = k + 1
    if start == span.first:
        return [span]
    if start <= span.last:
        pieces.append((start, span.last))
    out = []
    for first, last in pieces:
        if not any(w[:1].isupper() or w[:1].isdigit() for w in words[first : last + 1]):
            continue
        out.append(
            _Span(
                first,
                last,
                span.type,
                raw_start=span.raw_start if first == span.first else None,
                raw_end=span.raw_end if last == span.last else None,
            )
        )
    return out


def _fix_person(span: _Span, tokens: _Tokens) -> list[_Span]:
    """Trim title words and demonyms off a PER span; split off a country natasha tagged as PER."""
    words = tokens.words
    # Lexicon titles and demonyms at the start of a name are not part of it ("Вице-премьер Имя"
    # at the start of a sentence, "Китайский вице-премьер Имя"). Other lower-case words stay:
    # they are name particles ("де", "аль-", "ибн").
    first, last = _trim_edges(span.first, span.last, tokens)
    if first > last:
        return []
    first += _title_prefix(words[first : last + 1])
    first, last = _trim_edges(first, last, tokens)
    if first > last:
        return []
    out: list[_Span] = []
    # A country noun at either edge of a person span is a place next to a name ("Казахстана
    # Имя Фамилия"): natasha sometimes merges them.
    if _is_country_noun(words[first]):
        out.append(_Span(first, first, "PLACE", _country_of(words[first])))
        first, last = _trim_edges(first + 1, last, tokens)
    if first < last and _is_country_noun(words[last]):
        out.append(_Span(last, last, "PLACE", _country_of(words[last])))
        first, last = _trim_edges(first, last - 1, tokens)
    if first <= last:
        out.append(
            _Span(
                first,
                last,
                "PERSON",
                raw_start=span.raw_start if first == span.first else None,
                raw_end=span.raw_end if last == span.last else None,
            )
        )
    return out


def _fix_org(span: _Span, tokens: _Tokens) -> list[_Span]:
    """Move a leading demonym out of an ORG span into its country; retype a bare country as PLACE."""
    words = tokens.words
    first, last = _trim_edges(span.first, span.last, tokens)
    if first > last:
        return []
    quoted = first > 0 and words[first - 1] in _OPENING_QUOTES
    if first == last and not quoted and _is_country_noun(words[first]):
        # A bare country is a place, whatever natasha says; in quotes it names something else
        # (банк «Россия»).
        return [_Span(first, last, "PLACE", _country_of(words[first]))]
    if first == last and words[first].isupper() and _common_plural_abbreviation(words[first]):
        return []
    # Title words are not part of a body's name either ("Замглавы" tagged ORG at a sentence start).
    first += _title_prefix(words[first : last + 1], demonyms=False)
    if first > last:
        return []
    country = None
    if first < last and _is_demonym(words[first]):
        country = _country_of(words[first])
        # A lower-case demonym describes the body ("казахстанское Министерство"); a capitalised
        # one opens its official name ("Русская Православная Церковь", "Российская академия
        # наук"), except before an abbreviation ("Российский МИД").
        if words[first][0].islower() or words[first + 1].isupper():
            first += 1
    end = _extend_po(first, last, tokens)
    return [
        _Span(
            first,
            end,
            "ORG",
            country,
            raw_start=span.raw_start if first == span.first else None,
            raw_end=span.raw_end if end == span.last else None,
        )
    ]


def _common_plural_abbreviation(word: str) -> bool:
    """Whether pymorphy2's dictionary reads an abbreviation only as a plural-only common noun,
    never an organisation or a place: "СМИ" (the media) is a kind of body, not one body; "ООН",
    "ОБСЕ", "США" are not read so."""
    vocab = _models().vocab
    if not vocab.word_is_known(word.casefold()):
        return False
    parses = vocab.parse(word)
    grammemes = [set(p.tag.grammemes) for p in parses]
    return bool(grammemes) and all(
        "Pltm" in g and "Abbr" in g and not g & {"Orgn", "Geox"} for g in grammemes
    )


def _fix_place(span: _Span, tokens: _Tokens) -> list[_Span]:
    """Trim punctuation off a LOC span; retype a body natasha tagged LOC ("ЕС", "Пентагон")."""
    first, last = _trim_edges(span.first, span.last, tokens)
    if first > last:
        return []
    kind: EntityType = "PLACE"
    if first == last:
        # pymorphy2's dictionary marks names of organisations (Orgn) apart from places (Geox):
        # the EU ("ЕС наложил штраф") is an actor, not a place, whatever natasha says. Only
        # dictionary words count: pymorphy2's guesses for unknown words borrow tags freely.
        vocab, word = _models().vocab, tokens.words[first]
        if vocab.word_is_known(word.casefold()):
            grammemes = {g for p in vocab.parse(word) for g in p.tag.grammemes}
            if "Orgn" in grammemes and "Geox" not in grammemes:
                kind = "ORG"
    return [
        _Span(
            first,
            last,
            kind,
            raw_start=span.raw_start if first == span.first else None,
            raw_end=span.raw_end if last == span.last else None,
        )
    ]


def _extend_po(first: int, last: int, tokens: _Tokens) -> int:
    """Extend an ORG name over its "по + dative" complement when its head is a body noun.

    natasha tags "Межправительственной комиссии" and stops before "по сотрудничеству";
    names of commissions, committees and councils go on to the end of that phrase.
    """
    words = tokens.words
    if not any(_word(w).lemmas & _PO_BODIES for w in words[first : last + 1]):
        return last
    nxt = last + 1
    if (
        nxt + 1 >= len(words)
        or _fold(words[nxt]) != "по"
        or tokens.sentence_start[nxt] != tokens.sentence_start[last]
    ):
        return last
    after = _word(words[nxt + 1])
    if "datv" not in after.cases or not words[nxt + 1][:1].islower() or after.lemmas & _PO_CIRCUMSTANCE:
        return last
    end = nxt + 1
    k = end + 1
    while k < len(words) and tokens.sentence_start[k] == tokens.sentence_start[last]:
        word = words[k]
        info = _word(word)
        if word[:1].islower() and info.pos & _NOMINAL and info.top_pos in _NOMINAL:
            end = k
        elif _fold(word) == "и" and k + 1 < len(words) and "datv" in _word(words[k + 1]).cases:
            pass  # "по торговле и инвестициям": the conjunction joins two complements
        else:
            break
        k += 1
    return end


def _token_types(spans: Sequence[_Span]) -> dict[int, EntityType]:
    return {k: s.type for s in spans for k in range(s.first, s.last + 1)}


def _complement_ok(k: int, tokens: _Tokens, token_types: dict[int, EntityType]) -> bool:
    """Whether token ``k`` may stand between a title and a name (an organisation or country)."""
    word = tokens.words[k]
    kind = token_types.get(k)
    if kind == "PERSON":
        return False  # another person's name: the title before it is not this one's
    if kind is not None or _country_of(word) is not None:
        return True
    if _fold(word) in _COMPLEMENT_PREPOSITIONS:
        return True
    info = _word(word)
    if word[:1].isupper() and info.top_pos not in _FUNCTION_POS:
        return True  # "Госсовета", "ЦК", "Парламента": names of bodies the office belongs to
    # "вице-премьер китайского правительства Имя": lower-case genitive noun phrases
    return "gent" in info.cases and bool(info.pos & {"NOUN", "ADJF"})


def _person_context(
    span: _Span, tokens: _Tokens, token_types: dict[int, EntityType]
) -> tuple[str | None, str | None]:
    """The canonical title and the country written before a person's name."""
    words = tokens.words
    floor = tokens.sentence_start[span.first]
    j = span.first
    title: tuple[_Variant, int] | None = None
    while j > floor and span.first - j <= _MAX_COMPLEMENT:
        title = _title_ending_at(words, j - 1, floor)
        if title is not None:
            break
        if not _complement_ok(j - 1, tokens, token_types):
            break
        j -= 1
    country = None
    if title is not None:
        # The affiliation is the first country in the complement that does not follow a
        # preposition: "посол Казахстана во Вьетнаме" is Kazakhstan's ambassador.
        after_preposition = False
        for k in range(j, span.first):
            if _fold(words[k]) in _COMPLEMENT_PREPOSITIONS:
                after_preposition = True
            elif not after_preposition and (code := _country_of(words[k])):
                country = code
                break
        start = title[1]
    else:
        start = span.first
    if country is None:
        # A demonym right before the title or the name: "китайский вице-премьер", "казахстанский Имя".
        for k in range(start - 1, max(floor, start - 2) - 1, -1):
            if _is_demonym(words[k]):
                country = _country_of(words[k])
                break
            if not words[k][:1].isalpha():
                break
    return (title[0].canonical if title else None), country


def _org_country(index: int, spans: Sequence[_Span], tokens: _Tokens) -> str | None:
    """Country of an organisation: a demonym in or right before it, or a genitive country after it.

    The country may follow a chain of bodies: "председатель Сената Парламента Казахстана".
    """
    span = spans[index]
    if span.country:
        return span.country
    words = tokens.words
    before = span.first - 1
    if before >= tokens.sentence_start[span.first] and _is_demonym(words[before]):
        return _country_of(words[before])
    last = span.last
    for following in spans[index + 1 :]:
        if following.first != last + 1:
            break
        if following.type == "PLACE":
            # "Министерство иностранных дел России": natasha tags the country separately.
            return _place_country(following, tokens)
        if following.type != "ORG":
            break
        last = following.last
    return None


def _place_country(span: _Span, tokens: _Tokens) -> str | None:
    """The country a place name names ("Казахстана", "Республики Казахстан"), if it is one."""
    if span.country:
        return span.country
    # The proper noun of a country's long name comes last ("Республики Казахстан"); a short
    # name is one word. Cities and regions are not countries and get none.
    for k in (span.last, span.first):
        if _is_country_noun(tokens.words[k]):
            return _country_of(tokens.words[k])
    return None


def _resolve_overlaps(spans: list[_Span]) -> list[_Span]:
    spans.sort(key=lambda s: (s.first, -(s.last - s.first)))
    out: list[_Span] = []
    for span in spans:
        if out and span.first <= out[-1].last:
            continue  # the "по" extension may reach a span natasha tagged inside the name
        out.append(span)
    return out


class RussianBackend:
    """Russian entity mentions with natasha, titles and countries by rule."""

    name = "natasha"
    language = "ru"

    def annotate(self, text: str) -> Annotation:
        """Sentences and PERSON/ORG/PLACE mentions of ``text`` (see the module docstring)."""
        models = _models()
        if not text.strip():
            return Annotation("ru", (), ())
        sentences = tuple(Sentence(s.start, s.stop) for s in models.segmenter.sentenize(text))
        tokens = _tokens_of(text, sentences)

        spans: list[_Span] = []
        for raw in models.ner(text).spans:
            located = _to_token_span(tokens, raw.start, raw.stop)
            kind = _TYPES.get(raw.type)
            if located is None or kind is None:
                continue
            whole = _Span(located[0], located[1], kind, raw_start=raw.start, raw_end=raw.stop)
            for span in _split_separated(whole, tokens, text):
                if kind == "PERSON":
                    spans.extend(_fix_person(span, tokens))
                elif kind == "ORG":
                    spans.extend(_fix_org(span, tokens))
                else:
                    spans.extend(_fix_place(span, tokens))
        spans = _resolve_overlaps(spans)

        token_types = _token_types(spans)
        sentence_starts = [s.start for s in sentences]
        mentions: list[Mention] = []
        for index, span in enumerate(spans):
            start, end = tokens.starts[span.first], tokens.stops[span.last]
            if span.raw_start is not None:
                start = max(start, span.raw_start)
            if span.raw_end is not None:
                end = min(end, span.raw_end)
            title: str | None = None
            if span.type == "PERSON":
                title, country = _person_context(span, tokens, token_types)
            elif span.type == "ORG":
                country = _org_country(index, spans, tokens)
            else:
                country = _place_country(span, tokens)
            mentions.append(
                Mention(
                    text=text[start:end],
                    type=span.type,
                    start=start,
                    end=end,
                    sentence=max(0, bisect.bisect_right(sentence_starts, start) - 1),
                    title=title,
                    country=country,
                )
            )
        words = tuple(
            Token(start, stop, _lemma(word))
            for start, stop, word in zip(tokens.starts, tokens.stops, tokens.words, strict=True)
        )
        return Annotation("ru", sentences, tuple(mentions), words)


# ---------------------------------------------------------------------------------------------
# Normal forms


def _name_nominative(word: str) -> str | None:
    """Nominative of a first name or surname in an oblique case, when pymorphy2 is sure of it.

    The tagger reads isolated names as nominative too often ("Аскаром" alone); pymorphy2's
    singular Name/Surn/Patr readings say otherwise when no reading of the word is nominative.
    Plural readings are ignored: a person's name is singular ("Абаев" is not "Абаи" genitive).
    """
    parses = _models().vocab.parse(word)
    if any(p.tag.case == "nomn" and p.tag.number != "plur" for p in parses):
        return None
    names = [p for p in parses if _PERSONAL & set(p.tag.grammemes) and p.tag.number == "sing"]
    if not names:
        return None
    form = names[0].inflect({"Nom"})  # natasha's MorphForm takes UD grammemes
    return str(form.word) if form is not None else None


#: Regular endings of masculine second-declension nouns by case, for foreign names pymorphy2
#: reads as some other word ("Мина" is "mine", but "вице-премьера Чжан Мина" is Мин's).
_MASCULINE_ENDINGS = {
    "Gen": ("а", "я"),
    "Dat": ("у", "ю"),
    "Ins": ("ом", "ем", "ём"),
    "Loc": ("е",),
}
_VOWELS = frozenset("аеёиоуыэюяaeiouy")


def _masculine_nominative(token: Any) -> str | None:
    """Nominative of a name the tagger reads as masculine singular in an oblique case."""
    feats = token.feats or {}
    if token.pos != "PROPN" or feats.get("Gender") != "Masc" or feats.get("Number") != "Sing":
        return None
    word: str = token.text
    for ending in _MASCULINE_ENDINGS.get(feats.get("Case", ""), ()):
        stem = word[: len(word) - len(ending)]
        if not word.casefold().endswith(ending) or len(stem) < 2:
            continue
        last = stem[-1].casefold()
        if ending in ("а", "у", "ом", "е"):
            # Hard endings. A vowel before one means the name does not decline ("Кхоа").
            return None if last in _VOWELS else stem
        # Soft endings: "Сергея" -> "Сергей", "Игоря" -> "Игорь"; after a hissing consonant
        # "-ем" is the hard ending's spelling ("Чжанем" is rare, "Венцем" -> "Венц").
        if last in "жшчщц":
            return stem
        return stem + ("й" if last in _VOWELS else "ь")
    return None


def _surname_nominative(word: str) -> str | None:
    """Nominative of an oblique-case surname pymorphy2 does not know, from its ending."""
    if _models().vocab.word_is_known(word.casefold()):
        return None  # pymorphy2 knows the word: its readings and the tagger's stand
    lower = word.casefold()
    for ending, nominative in _SURNAME_ENDINGS:
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return word[: len(word) - len(ending)] + nominative
    return None


def _tag(text: str) -> list[Any]:
    models = _models()
    doc = natasha.Doc(text)
    doc.segment(models.segmenter)
    doc.tag_morph(_morph_tagger())
    return list(doc.tokens)


def _normalize_tokens(tokens: list[Any], type: EntityType) -> str:
    vocab = _models().vocab
    if type == "PERSON":
        # Every word of a name inflects: natasha's own normaliser for PER spans. A plural
        # reading is never right for one person ("Бекжанов" is not the genitive plural of
        # "Бекжан"), so such words are passed on as nominative and left as written.
        prepared = [
            DocToken(t.start, t.stop, t.text, pos=t.pos, feats=dict(t.feats or {}, Case="Nom"))
            if (t.feats or {}).get("Number") == "Plur"
            else t
            for t in tokens
        ]
        span = DocSpan(tokens[0].start, tokens[-1].stop, "PER", "", tokens=prepared)
        span.normalize(vocab)
        words: list[str] = str(span.normal).split() if span.normal else []
        if len(words) != len(tokens):
            words = [t.text for t in tokens]
        fixed = []
        for word, token in zip(words, prepared, strict=True):
            if _fold(word) == _fold(token.text) and token.text[:1].isupper():
                # natasha found no form to inflect: try what pymorphy2 and the endings say.
                word = (
                    _name_nominative(token.text)
                    or _surname_nominative(token.text)
                    or _masculine_nominative(token)
                    or token.text
                )
                word = word[:1].upper() + word[1:]
            fixed.append(word)
        return str(recover_spaces(fixed, tokens))
    # ORG and PLACE: a Russian noun phrase inflects up to its head, the first noun; what
    # follows is a dependent that keeps its case ("Министерства иностранных дел России" ->
    # "Министерство иностранных дел России"). natasha's PER normaliser would inflect all of it.
    head = next((k for k, t in enumerate(tokens) if t.pos in ("NOUN", "PROPN")), len(tokens) - 1)
    inflected = [inflect_word(vocab, t) if k <= head else _fold(t.text) for k, t in enumerate(tokens)]
    # recover_shapes restores the written capitalisation (natasha lower-cases while inflecting).
    shaped = list(recover_shapes(inflected, tokens))
    shaped = [s if k <= head else t.text for k, (s, t) in enumerate(zip(shaped, tokens, strict=True))]
    return str(recover_spaces(shaped, tokens))


@lru_cache(maxsize=16384)
def _normal_form_isolated(mention_text: str, type: EntityType) -> str:
    tokens = _tag(mention_text)
    return _normalize_tokens(tokens, type) if tokens else mention_text


def normal_form(
    mention_text: str,
    type: EntityType = "PERSON",
    *,
    context: str | None = None,
    start: int | None = None,
) -> str:
    """The nominative normal form of a name, for merging case forms ("Лаврова" -> "Лавров").

    ``type`` picks the rule: a person's name inflects word by word (natasha's
    ``span.normalize``, helped by pymorphy2's name readings and Russian surname endings for
    names the tagger reads wrongly on their own); an organisation or place inflects up to its
    head noun only ("Межправительственной комиссии по сотрудничеству" -> "Межправительственная
    комиссия по сотрудничеству"). Given the annotated text as ``context`` and the mention's
    ``start`` offset, the tagger reads the case from the sentence around it, which is more
    reliable for names it does not know ("с Чжан Мином").
    """
    if not mention_text.strip():
        return mention_text
    if context is None or start is None or context[start : start + len(mention_text)] != mention_text:
        return _normal_form_isolated(mention_text, type)
    # Tag a window of context around the mention, cut at spaces so no word is split.
    lo = context.rfind(" ", 0, max(0, start - 200)) + 1
    hi_space = context.find(" ", start + len(mention_text) + 200)
    hi = len(context) if hi_space < 0 else hi_space
    window = context[lo:hi]
    offset = start - lo
    tokens = [t for t in _tag(window) if offset <= t.start and t.stop <= offset + len(mention_text)]
    if not tokens:
        return _normal_form_isolated(mention_text, type)
    for token in tokens:
        token.start -= offset
        token.stop -= offset
    return _normalize_tokens(tokens, type)


# ---------------------------------------------------------------------------------------------
# Romanisation

#: Cyrillic -> Latin, the scheme of English-language wires for Russian names: BGN/PCGN letters
#: without its y-glides (е -> e, so "Абаев" -> "Abaev", "Сергей" -> "Sergey"), ё -> yo, hard and
#: soft signs dropped, final -ий/-ый -> -y ("Дмитрий" -> "Dmitry"). Kazakh, Ukrainian and
#: Belarusian letters map to their nearest Latin letters so Central Asian names romanise too.
_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "a", "ғ": "g", "қ": "k", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g", "ў": "u",
}  # fmt: skip


def transliterate(name: str) -> str:
    """Romanise Cyrillic the way English-language news spells Russian names.

    "Сергей Абаев" -> "Sergey Abaev", "Дмитрий" -> "Dmitry". The scheme
    (see ``_LETTERS``) is a simplified BGN/PCGN; other characters pass through unchanged.
    Deterministic, so the resolver can compare romanised names by equality.
    """
    out: list[str] = []
    skip = False
    for k, char in enumerate(name):
        if skip:
            skip = False
            continue
        following = name[k + 1 : k + 2]
        if char.lower() in "иы" and following.lower() == "й" and not name[k + 2 : k + 3].isalpha():
            # Final -ий/-ый is one "y" in the press spelling ("Dmitry", "Yury"), not "iy".
            latin, skip = "y", True
        else:
            found = _LETTERS.get(char.lower())
            if found is None:
                out.append(char)
                continue
            latin = found
        if char.isupper():
            # Inside an all-capitals word ("МИД") every letter stays upper-case.
            neighbours = following + name[max(0, k - 1) : k]
            latin = latin.upper() if any(c.isupper() for c in neighbours) else latin.capitalize()
        out.append(latin)
    return "".join(out)
