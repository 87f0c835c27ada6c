"""Fallback for languages without a dedicated backend but with letter case (German, Portuguese,
Italian, Dutch, Polish, Czech, Ukrainian, Kazakh, ...): capitalisation patterns, the language's title
lexicon when there is one, organisation head words, and the gazetteer. Scripts without case (Arabic,
Hebrew, Thai, Japanese, Korean, Devanagari ...) give no such evidence: those languages are refused
with :class:`~communique.nlp.UnsupportedLanguageError` rather than guessed at.

The rules, in order, on each run of capitalised words (capital letters by Unicode property, so
"Қ", "Є", "Ї", "Ђ", "Џ" count):

* a stop word of the language (spaCy's list, CLDR month and weekday names; see
  :mod:`~communique.nlp.wordlists`) or an office title breaks the run and starts no name, so a
  sentence-initial "Auch", "Po" or "Буга" is never looked up in the gazetteer;
* in German, a capitalised word right after an article is a common noun ("der Tunesier Abu ...");
* a run holding an organisation head ("Ministerium", "komise", "Міністерство", "*rat") is an ORG,
  extended over a lower-case complement that ends in a name ("Міністерство закордонних справ
  України", "Organisation für das Verbot von Chemiewaffen"), and a capitalised adjective before a
  lower-case head joins it ("Evropská komise");
* a run that is a place or country, also after its case ending is swapped for the citation form
  ("Великобританії", "Қазақстанның", "Syriens"), is a PLACE; a country at the run's start is split
  from a person after it ("Великобританії Терези Мей");
* an acronym in capitals is an ORG, and so is one Latin-script word in a Cyrillic-script language
  ("Facebook", "Vestas": brands keep their spelling, people are transliterated); two to four
  name-shaped words, or any after an office title, are a PERSON; a later single word that is (an
  inflected form of) the last name of a person found in the same text is that person again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from ..countries import country_code
from ..places import lookup_place
from .base import Annotation, EntityType, Mention, Sentence
from .titles import canonical_title, title_before
from .wordlists import case_endings, citation_forms, connectors, determiners, noun_suffixes, org_heads
from .wordlists import stop_words as _stop_words

__all__ = ["FallbackBackend", "has_letter_case"]

#: Languages written in Cyrillic only (Serbian is written in both scripts).
_CYRILLIC_LANGUAGES = frozenset({"ru", "uk", "be", "bg", "mk", "kk", "ky", "tg", "mn"})

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)", re.S)
_WORD = re.compile(r"\w(?:[\w'’-]*\w)?")
#: Lower-case particles inside personal and place names ("Banco do Brasil", "Ludwig van ...").
_PARTICLES = frozenset("de do da dos das von van di del della du la le bin ibn ben dos ter".split())
#: A lower-case Arabic article glued to a capitalised name ("al-Assad", "el-Sisi").
_GLUED_ARTICLE = re.compile(r"^[a-z]{1,3}-\w")
_ROMAN = re.compile(r"^[IVXLC]+$")
#: A lower-case complement of an organisation head is read over at most this many words before the
#: name that ends it ("Министерството на външните работи на България": four); longer ones are clauses.
_MAX_COMPLEMENT = 4
#: Prepositions and conjunctions are short: a longer stop word can sit inside an organisation's name.
_MIN_COMPLEMENT_STOP = 4
#: Acronyms of this many letters are organisations ("IS", "OPCW", "LTTE"); longer capitals are
#: headlines or shouting.
_ACRONYM = (2, 6)
#: Languages that capitalise every noun: a lone capitalised word there is no evidence of a name.
_NOUN_CASE = frozenset({"de", "lb"})

#: Capitalised nouns of amounts (German capitalises every noun: "225 Millionen Euro", "Milliarden Dollar").
_MAGNITUDES = frozenset(
    "millionen milliarden billionen million milliarde prozent tonnen kilometer einwohner".split()
)


@cache
def _amount_words(lang: str) -> frozenset[str]:
    """Currency names in ``lang`` (CLDR, via babel) and magnitude nouns: never part of a person's name."""
    from babel import Locale

    try:
        names: list[str] = list(Locale.parse(lang).currencies.values())
    except (ValueError, LookupError):
        names = []
    return _MAGNITUDES | {w.casefold() for name in names for w in re.findall(r"\w+", name)}


def has_letter_case(text: str) -> bool:
    """Whether most letters of ``text`` belong to a script with upper and lower case."""
    letters = [ch for ch in text[:5000] if ch.isalpha()]
    if not letters:
        return False
    cased = sum(1 for ch in letters if ch.lower() != ch.upper())
    return cased / len(letters) > 0.8


def _is_name_script(name: str) -> bool:
    return all(
        not ch.isalpha()
        or "LATIN" in unicodedata.name(ch, "")
        or "CYRILLIC" in unicodedata.name(ch, "")
        or "GREEK" in unicodedata.name(ch, "")
        for ch in name
    )


@dataclass(frozen=True, slots=True)
class _Token:
    start: int
    end: int
    text: str

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def acronym(self) -> bool:
        letters = self.text.replace("-", "")
        return (
            _ACRONYM[0] <= len(letters) <= _ACRONYM[1]
            and letters.isalpha()
            and letters.isupper()
            and not _ROMAN.match(letters)
        )


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    type: EntityType


class FallbackBackend:
    """Capitalisation rules for a cased language with no dedicated backend."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.name = f"fallback-{lang}"
        self._stops = _stop_words(lang)
        self._heads = org_heads(lang)
        self._connectors = connectors(lang)
        self._determiners = determiners(lang)

    # --- the public entry -----------------------------------------------------------------------

    def annotate(self, text: str) -> Annotation:
        """Sentences and the names the rules can type."""
        sentences = tuple(Sentence(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip())
        found: list[tuple[int, _Found]] = []
        for index, sentence in enumerate(sentences):
            tokens = [
                _Token(m.start(), m.end(), m.group())
                for m in _WORD.finditer(text, sentence.start, sentence.end)
            ]
            for item in self._sentence(text, tokens):
                found.append((index, item))
        found.extend(self._repeated_persons(text, sentences, found))
        found.sort(key=lambda pair: pair[1].start)
        mentions: list[Mention] = []
        for index, item in found:
            name = text[item.start : item.end]
            if not _is_name_script(name):
                continue
            title = title_before(text, item.start, self.lang) if item.type == "PERSON" else None
            mentions.append(
                Mention(
                    text=name,
                    type=item.type,
                    start=item.start,
                    end=item.end,
                    sentence=index,
                    title=title.canonical if title else None,
                    country=self._country(name) if item.type == "PLACE" else None,
                    surface=text[title.start : item.end] if title else None,
                )
            )
        return Annotation(self.lang, sentences, tuple(mentions))

    # --- word classes ---------------------------------------------------------------------------

    def _stop(self, token: _Token) -> bool:
        if token.acronym:
            return False
        folded = token.text.casefold()
        if folded not in self._stops:
            return False
        return lookup_place(token.text, self.lang) is None  # a capital on the list stays a name

    def _title(self, token: _Token) -> bool:
        return canonical_title(token.text, self.lang) is not None

    @staticmethod
    def _glued(token: _Token) -> bool:
        word = token.text
        return bool(_GLUED_ARTICLE.match(word) and word.split("-", 1)[1][:1].isupper())

    def _particle(self, tokens: list[_Token], i: int) -> bool:
        # German "von", "de" join common nouns as often as names ("Einsatz von Senfgas"): there only
        # a glued article ("al-Assad") is a name part.
        if self.lang in _NOUN_CASE:
            return self._glued(tokens[i])
        word = tokens[i].text.casefold()
        # Czech/Polish "do" is a preposition ("Babiš do Bruselu"): a particle that is a function word
        # of the language joins names only where the language lists it as a joiner (pt "do", nl "van").
        if word in _PARTICLES and (word in self._connectors or word not in self._stops):
            return True
        return self._glued(tokens[i])

    @staticmethod
    def _joined(text: str, a: _Token, b: _Token) -> bool:
        gap = text[a.end : b.start]
        return gap != "" and gap.strip(" \u00a0") == ""

    # --- lookups ----------------------------------------------------------------------------------

    def _country(self, name: str) -> str | None:
        for form in self._forms(name):
            code = country_code(form, self.lang)
            if code:
                return code
            place = lookup_place(form, self.lang)
            if place is not None and place.country:
                return place.country
        return None

    def _forms(self, name: str) -> tuple[str, ...]:
        words = name.split(" ")
        head = " ".join(words[:-1])
        return tuple(f"{head} {form}".strip() for form in citation_forms(words[-1], self.lang))

    def _is_place(self, name: str) -> bool:
        for form in self._forms(name):
            if lookup_place(form, self.lang) is not None:
                return True  # the gazetteer guards stop words itself, keeping countries and capitals
            if form.casefold() not in self._stops and country_code(form, self.lang):
                return True
        return False

    def _is_country(self, name: str) -> bool:
        return any(
            country_code(form, self.lang) for form in self._forms(name) if form.casefold() not in self._stops
        )

    # --- one sentence -----------------------------------------------------------------------------

    def _sentence(self, text: str, tokens: list[_Token]) -> list[_Found]:
        out: list[_Found] = []
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if not token.cap or self._stop(token) or self._title(token):
                i += 1
                continue
            j = i + 1  # the run: capitalised words and particles between them, spaces only between
            while j < len(tokens) and self._joined(text, tokens[j - 1], tokens[j]):
                if (
                    (tokens[j].cap and not self._stop(tokens[j]) and not self._title(tokens[j]))
                    or self._glued(tokens[j])
                    or (self._particle(tokens, j) and j + 1 < len(tokens) and tokens[j + 1].cap)
                ):
                    j += 1
                else:
                    break
            while j - 1 > i and not tokens[j - 1].cap and not _GLUED_ARTICLE.match(tokens[j - 1].text):
                j -= 1
            i = self._run(text, tokens, i, j, out)
        return out

    def _run(self, text: str, tokens: list[_Token], i: int, j: int, out: list[_Found]) -> int:
        """Type the run ``tokens[i:j]``; return the index to go on from."""
        if self.lang in _NOUN_CASE and j - i >= 2:
            # German puts a common noun before a name in apposition ("Provinz Aleppo",
            # "Nachrichtenagentur Xinhua"): the noun goes when what follows is a place or the noun is
            # an organisation head; "Arbeiterpartei Kurdistans" (a genitive place) stays one name.
            tail = text[tokens[i + 1].start : tokens[j - 1].end]
            head = self._heads.match(tokens[i].text)
            genitive = tokens[j - 1].text.endswith("s") and j - i == 2
            if not genitive and head is not None and j - i == 2:
                out.append(_Found(tokens[i + 1].start, tokens[j - 1].end, "ORG"))
                return j
            if not genitive and self._is_place(tail) and not self._is_place(tokens[i].text):
                return i + 1  # "Provinz Aleppo"; but "Marco Rubio" (two names) stays whole
        org = self._org(text, tokens, i, j)
        if org is not None:
            start, end_index = org
            out.append(_Found(tokens[start].start, tokens[end_index - 1].end, "ORG"))
            return end_index
        run = tokens[i:j]
        name = text[run[0].start : run[-1].end]
        if self._is_place(name):
            out.append(_Found(run[0].start, run[-1].end, "PLACE"))
            return j
        if len(run) > 1:
            # A country in any case form inside a run is its own name: "Прем'єр-міністр Великобританії
            # Терези Мей" is a title, a country and a person; "Қасым-Жомарт Тоқаев Астанада" a person
            # and a place.
            for k in range(i, j):
                word = tokens[k].text
                # A bare town name ending a run may be a surname ("Marco Rubio"); a case-marked one
                # ("Астанада", locative) is not.
                inflected = lookup_place(word, self.lang) is None and self._is_place(word)
                if self._is_country(word) or (k == j - 1 and inflected):
                    if k > i:
                        self._run(text, tokens, i, k, out)
                    out.append(_Found(tokens[k].start, tokens[k].end, "PLACE"))
                    return k + 1
        previous = tokens[i - 1] if i > 0 else None
        if (
            self.lang in _NOUN_CASE
            and previous is not None
            and previous.text.casefold() in self._determiners
            and self._joined(text, previous, run[0])
            and not run[0].acronym
        ):
            return i + 1  # "der Tunesier Abu al-Hija": the noun goes, the name after it stays
        if len(run) == 1 and (run[0].acronym or self._foreign_word(run[0].text)):
            out.append(_Found(run[0].start, run[0].end, "ORG"))
            return j
        first_word = i == 0
        if self._person(text, run, first_word):
            out.append(_Found(run[0].start, run[-1].end, "PERSON"))
        return j

    def _foreign_word(self, word: str) -> bool:
        """A single capitalised Latin-script word in a Cyrillic-script language ("Facebook", "Vestas",
        "Philips"): a company, outlet or product kept in its own spelling. People and places are
        transliterated into Cyrillic; one Latin word alone is a brand far more often than a name."""
        return (
            self.lang in _CYRILLIC_LANGUAGES
            and len(word) >= 3
            and all("a" <= ch.lower() <= "z" or ch in ".-" or ch.isdigit() for ch in word)
            and lookup_place(word) is None
        )

    def _person(self, text: str, run: list[_Token], first_word: bool) -> bool:
        words = [t.text for t in run]
        if any(w.casefold() in _amount_words(self.lang) for w in words):
            return False
        if any(w.casefold().endswith(noun_suffixes(self.lang)) for w in words if w[:1].isupper()):
            return False
        if title_before(text, run[0].start, self.lang) is not None:
            return not (len(run) == 1 and run[0].acronym)
        names = [w for w in words if w[:1].isupper()]
        return (
            2 <= len(words) <= 4
            and not first_word
            and all(w[1:2].islower() for w in names)
            and len(names) >= 2
        )

    def _org(self, text: str, tokens: list[_Token], i: int, j: int) -> tuple[int, int] | None:
        """(first, end) token indices of an organisation starting in the run ``tokens[i:j]``, or None."""
        kinds = [self._heads.match(t.text) for t in tokens[i:j]]
        if (
            i == 0
            and self.lang not in _NOUN_CASE
            and len(kinds) > 1
            and kinds[0] is None
            and kinds[1] is not None
            and not self._is_place(tokens[0].text)
        ):
            # Only the first word of a name is capitalised here ("Rada Bezpieczeństwa"), so a
            # capitalised head starts it and the sentence's first word before it is not part of it
            # ("Wczoraj Rada ...").
            i, kinds = i + 1, kinds[1:]
        end = j
        if not any(kinds):
            # A capitalised adjective before a lower-case head: "Evropská komise", "Государственная дума".
            if j < len(tokens) and self._joined(text, tokens[j - 1], tokens[j]) and not tokens[j].cap:
                kind = self._heads.match(tokens[j].text)
                if kind is None:
                    return None
                end = j + 1
                kinds.append(kind)
            else:
                return None
        end = self._complement(text, tokens, end)
        words = end - i
        compound = "compound" in kinds
        if words < 2 and not compound:
            return None  # a lone "Regierung", "Уряд": a common noun, not a name
        if (
            self.lang in _NOUN_CASE
            and i > 0
            and not compound
            and words == 2
            and kinds[0] is not None
            and tokens[i - 1].text.casefold() in self._determiners
        ):
            return None  # "die Regierung Frankreichs" is not named
        return i, end

    def _complement_word(self, word: str) -> bool:
        if word in self._connectors or word not in self._stops:
            return True
        # Languages with cases join the complement without a preposition; their stop lists also hold
        # nouns ("справ" in Ukrainian's): a stop word of four letters or more is no preposition.
        return not self._connectors and len(word) >= _MIN_COMPLEMENT_STOP

    def _complement(self, text: str, tokens: list[_Token], end: int) -> int:
        """Extend an organisation over a complement that ends in a name, twice at most."""
        for _ in range(2):
            k = end
            while (
                k < len(tokens)
                and k - end < _MAX_COMPLEMENT
                and self._joined(text, tokens[k - 1], tokens[k])
                and not tokens[k].cap
                and self._complement_word(tokens[k].text.casefold())
                and not tokens[k].text[:1].isdigit()
            ):
                k += 1
            if k >= len(tokens) or not tokens[k].cap or self._stop(tokens[k]) or self._title(tokens[k]):
                return end
            if k > end and self._connectors and tokens[end].text.casefold() not in self._connectors:
                return end  # German "der Sowjetunion unabhängigen ... Staat": no joiner, no complement
            if k > end and not self._joined(text, tokens[k - 1], tokens[k]):
                return end
            if k == end and not self._joined(text, tokens[k - 1], tokens[k]):
                return end
            m = k + 1
            while m < len(tokens) and self._joined(text, tokens[m - 1], tokens[m]) and tokens[m].cap:
                if self._stop(tokens[m]) or self._title(tokens[m]):
                    break
                m += 1
            end = m
        return end

    # --- names said again -------------------------------------------------------------------------

    def _repeated_persons(
        self, text: str, sentences: tuple[Sentence, ...], found: list[tuple[int, _Found]]
    ) -> list[tuple[int, _Found]]:
        """Single words that repeat the last name of a person found in the same text ("Trump",
        "Тоқаевтың", "Netanyahus")."""
        surnames = {
            text[f.start : f.end].split()[-1].casefold()
            for _, f in found
            if f.type == "PERSON" and " " in text[f.start : f.end]
        }
        surnames = {s for s in surnames if len(s) >= 3 and s not in self._stops}
        if not surnames:
            return []
        endings = set(case_endings(self.lang)) | {"s"}

        def said_again(word: str) -> bool:
            return word in surnames or any(word.startswith(s) and word[len(s) :] in endings for s in surnames)

        for _, item in found:  # "sagte Rubio": the person of this text, not a town in Venezuela
            name = text[item.start : item.end]
            if item.type == "PLACE" and " " not in name and said_again(name.casefold()):
                item.type = "PERSON"
        taken = [(f.start, f.end) for _, f in found]
        out: list[tuple[int, _Found]] = []
        for index, sentence in enumerate(sentences):
            for match in _WORD.finditer(text, sentence.start, sentence.end):
                word = match.group().casefold()
                if not match.group()[:1].isupper():
                    continue
                if any(a < match.end() and match.start() < b for a, b in taken):
                    continue
                if said_again(word):
                    out.append((index, _Found(match.start(), match.end(), "PERSON")))
        return out
