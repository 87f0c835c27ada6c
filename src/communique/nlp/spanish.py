"""Spanish backend: rules over capitalisation, titles and general lexicons (no model).

The only spaCy model for Spanish that installs offline is GPL-3 and pins an old spaCy, so this
backend reads Spanish news copy with rules instead, in the order they can be trusted:

1. a title from ``data/languages/es/titles.tsv`` before a capitalised name makes it a person, with the
   country the title phrase names ("el canciller chileno, Pedro Alvarado": Foreign Minister,
   CHL; "la ministra canadiense de Asuntos Exteriores, Ana Ruiz" reads the office across the
   demonym); an apposition after a name does the same ("Pedro Alvarado, canciller de Chile");
2. capitalised sequences that start with an institution's head word (Ministerio, Comisión,
   Banco ...) or are known acronyms are organisations;
3. country names (:mod:`communique.countries`), gazetteer places (:mod:`communique.places`) and
   world regions are places;
4. words of persons named in full elsewhere in the text are those persons ("Alvarado dijo");
5. what is left and has the shape of a name (two to four capitalised words, none a place, an
   institution or a common capitalised word) is a person without a title.

Capitals that only mark a sentence start, articles and other function words never start a
name. Everything here is general data; no name of any particular person or body is listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from .. import countries
from ..places import lookup_place
from .base import Annotation, EntityType, Mention, Sentence, trimmed_sentence
from .titles import title_lexicon

__all__ = ["SpanishBackend", "split_sentences"]

LANG = "es"

# -- general lexicons ---------------------------------------------------------------------------

#: Abbreviations a period does not end a sentence after (lower case, without the final period).
_ABBREVIATIONS = frozenset(
    "sr sra srta sres sras dr dra drs d dña ud uds lic ing gral prof profa arq núm nº no art pág "
    "págs etc p.ej vs av avda cía s.a ee.uu ee.uu ee jr excmo excma ilmo ilma mons sto sta tel fig "
    "ed vol cap depto dpto adm aprox coord dir pdte pte col cnel tte sgto gob mr mrs ms st".split()
)
#: Words that are capitalised only because a sentence starts with them.
_STOPWORDS = frozenset(
    "el la los las lo un una unos unas al del de en a por para con sin sobre tras durante según desde "
    "hasta entre hacia ante bajo contra mediante este esta estos estas esto ese esa esos esas eso "
    "aquel aquella aquellos aquellas su sus mi mis tu tus nuestro nuestra nuestros nuestras y e o u "
    "ni pero sino aunque además también así no sí ya hoy ayer mañana anoche cuando como donde "
    "mientras si que qué quien quién quienes cual cuál cuales cada todo toda todos todas otro otra "
    "otros otras ambos ambas dicho dicha luego después antes finalmente asimismo igualmente "
    "entonces tanto muy más menos mucho mucha muchos muchas poco pocos varios varias algunos "
    "algunas alguno alguna ninguno ninguna allí aquí ahí hace se le les nos ello ellos ellas él "
    "ella yo usted ustedes es son fue fueron ha han había será serán está están sólo solo "
    "incluso tampoco aun aún casi apenas primero segundo tercero por otra parte sin embargo "
    "mismo misma tal tales cuyo cuya nada nadie algo alguien dónde cómo cuándo cuánto porque pues "
    "e.g".split()
)
#: Lower-case words that may join the capitalised words of one name.
_NAME_PARTICLES = frozenset("de del la las los".split())
#: ... and these inside an institution's name ("Ministerio de Comercio y Turismo").
_ORG_PARTICLES = _NAME_PARTICLES | frozenset("y e el para sobre".split())
#: First words of institutions' names.
_ORG_HEADS = frozenset(
    "Ministerio Comisión Comité Consejo Gobierno Banco Organización Partido Asamblea Cámara Senado "
    "Congreso Parlamento Foro Iniciativa Agencia Unión Fondo Instituto Universidad Corte Tribunal "
    "Fiscalía Secretaría Cancillería Embajada Consulado Ejército Armada Policía Federación "
    "Confederación Asociación Cumbre Grupo Alianza Comunidad Oficina Dirección Servicio Empresa "
    "Corporación Compañía Sociedad Frente Movimiento Coalición Liga Conferencia Mecanismo Programa "
    "Junta Autoridad Superintendencia Procuraduría Contraloría Defensoría Presidencia "
    "Vicepresidencia Mesa Centro Tesoro Reserva Escuela Academia Fuerza Fuerzas Guardia Marina "
    "Bloque Mercado Cooperativa Sindicato Misión Delegación Diálogo Sistema Red Fundación".split()
)
#: Bodies named after their leader ("Administración Trump", "Gobierno de Justin Trudeau").
_LEADER_BODIES = frozenset("Gobierno Administración Ejecutivo Gabinete Régimen".split())
#: Institutions known by a name without a head word.
_ORG_NAMES = frozenset(
    "Naciones Unidas|Casa Blanca|Kremlin|Pentágono|Vaticano|Santa Sede|Mercosur|Interpol|Eurostat|"
    "Ejecutivo|Legislativo|Moncloa|Casa Rosada|Itamaraty|Planalto|Elíseo|Bundestag|Duma".split("|")
)
#: Acronyms of international and common bodies.
_ACRONYMS = frozenset(
    "ONU OTAN UE OEA BRICS CELAC OMC FMI BID OCS ASEAN APEC MERCOSUR OPEP OMS UNESCO CEPAL ALBA "
    "UNASUR UA SICA PNUD ACNUR OIEA OIT FAO UNICEF CAF CAN G7 G8 G20 G77 BM BCE CE PE TLC TLCAN "
    "T-MEC USMCA AIIB BAII NBD OCDE OSCE CICR CPI CIJ PCCh PCC PSOE PP PRI PAN PRD PT PSDB ANC "
    "CCE SELA AEC CARICOM OTCA FARC ELN EFE AFP AP DPA ANSA".split()
)
#: Regions and other places the gazetteer does not hold.
_REGIONS = frozenset(
    "América Latina|Latinoamérica|Iberoamérica|Sudamérica|Suramérica|Centroamérica|Norteamérica|"
    "América del Sur|América del Norte|América Central|Asia Central|Asia-Pacífico|Asia Pacífico|"
    "Oriente Medio|Medio Oriente|Oriente Próximo|Sudeste Asiático|Europa|Asia|África|América|Caribe|"
    "Oceanía|Cono Sur|Mar de China Meridional|Golfo Pérsico|Ártico|Antártida|Balcanes|Magreb|Sahel|"
    "Europa del Este|Eurasia|Indo-Pacífico|Mar Negro|Mar Caspio|Mediterráneo|Pacífico|Atlántico".split("|")
)
#: Capitalised words that are no part of a person's name.
_NOT_NAME_WORDS = frozenset(
    "Dios Navidad Semana Santa Juegos Olímpicos Copa Mundial Día Año Nuevo Internacional Nacional "
    "General Norte Sur Este Oeste Occidente Oriente Mar Océano Río Golfo Monte Isla Islas Estado "
    "Estados República Reino Imperio Ciudad Provincia Región Distrito Municipio Departamento Plaza "
    "Calle Avenida Palacio Casa Catedral Iglesia Papa Covid Internet Twitter Facebook Google "
    "Presidente Presidenta Ministro Ministra Canciller Embajador Embajadora Rey Reina Príncipe "
    "Princesa Gobernador Alcalde Senador Diputado Secretario Secretaria Director Directora Jefe "
    "Jefa Señor Señora Don Doña Sr Sra Dr Dra Lunes Martes Miércoles Jueves Viernes Sábado Domingo "
    "Enero Febrero Marzo Abril Mayo Junio Julio Agosto Septiembre Setiembre Octubre Noviembre "
    "Diciembre Acuerdo Tratado Declaración Plan Ley Constitución Carta Protocolo Memorando Franja "
    "Ruta Seda Cooperación Desarrollo Comercio Economía Relaciones Exteriores Asuntos Política "
    "Defensa Seguridad Energía Salud Educación Cultura Turismo Hacienda Finanzas".split()
)
#: Endings of common nouns, rare in names ("Construcciones", "Sociedad", "Comunismo").
_NOT_NAME_ENDINGS = ("ción", "ciones", "sión", "siones", "dad", "dades", "ismo", "mente", "ería")
#: First words of place names ("San Juan Chamula", "Puerto Cabello").
_PLACE_HEADS = frozenset(
    "San Santa Santo Puerto Villa Ciudad Isla Islas Lago Monte Sierra Cabo Golfo".split()
)
#: Courtesy titles: the capitalised words after them are a person.
_HONORIFICS = frozenset("Sr. Sra. Srta. Dr. Dra. Don Doña Dña. D.".split())
#: Words for "counterpart": no office of their own, but their demonym gives the person's country
#: ("su homólogo brasileño, Marcos Teixeira").
_COUNTERPARTS = re.compile(r"(?<!\w)(?:homólog[oa]s?|contrapartes?|colegas?)(?!\w)", re.IGNORECASE)
#: Words that come between a title and a name in an apposition ("X, el actual canciller").
_APPOSITION = re.compile(r"\s*,\s*(?:(?:el|la)\s+)?(?:(?:actual|nuevo|nueva|entonces|ex|expresidente)\s+)?")
#: Prepositions that put a place after them ("en Lima", "desde Brasilia").
_LOCATIVE = frozenset("en desde hacia hasta a llegó visitó".split())
#: Population above which a gazetteer city is taken as a place without a locative preposition.
_BIG_CITY = 100_000

_TOKEN = re.compile(
    r"EE\.\s?UU\.?|(?:Sr|Sra|Srta|Dr|Dra|Dña)\.|[A-ZÁÉÍÓÚÑ]\.(?=\s+[A-ZÁÉÍÓÚÑ])"
    r"|[^\W\d_][\w]*(?:[-'’][^\W_][\w]*)*"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"»”’)\]]*(?=\s)|\n+")
_SENTENCE_OPENER = re.compile(r"\s*[\"«“¿¡(—-]*\s*[A-ZÁÉÍÓÚÑÜ0-9]")
_ROMAN = re.compile(r"^[IVXLCDM]+$")


# -- sentences --------------------------------------------------------------------------------


def split_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences ending in . ! ? … before a capital (not after an abbreviation or an initial), or
    at a line break."""
    sentences: list[Sentence] = []

    def add(start: int, end: int) -> None:
        if (sentence := trimmed_sentence(text, start, end)) is not None:
            sentences.append(sentence)

    pos = 0
    for match in _BOUNDARY.finditer(text):
        if match.group(0).startswith("\n"):
            add(pos, match.start())
            pos = match.end()
            continue
        if not _SENTENCE_OPENER.match(text, match.end()):
            continue  # "... 3.5 millones", "p. ej. la": no capital follows
        if match.group(0).startswith(".") and _abbreviation_before(text, match.start(), match.end()):
            continue
        add(pos, match.end())
        pos = match.end()
    add(pos, len(text))
    return tuple(sentences)


def _abbreviation_before(text: str, period: int, after: int) -> bool:
    """Whether the period at ``period`` ends an abbreviation or an initial, not a sentence."""
    word = re.search(r"(\S+)$", text[max(0, period - 20) : period])
    if word is None:
        return False
    token = word.group(1).lstrip('("«“')
    if len(token) == 1 and token.isupper():
        return True  # an initial: "John F. Kennedy"
    if token.casefold().rstrip(".") not in _ABBREVIATIONS:
        return False
    if token.casefold().startswith("ee"):
        # "EE.UU." may well end a sentence: split when a sentence-opening word follows.
        following = re.match(r"\s+(\w+)", text[after:])
        return following is None or following.group(1).casefold() not in _STOPWORDS
    return True


# -- helpers ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def capital(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int
    end: int
    type: EntityType
    sentence: int
    title: str | None = None
    country: str | None = None
    surface_start: int | None = None
    surface_end: int | None = None


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A title phrase read around a title: "ministra canadiense de Asuntos Exteriores,"."""

    canonical: str | None
    country: str | None
    #: End of the phrase (before the comma) and where the name after it would start.
    end: int
    name_start: int
    #: Starts of the capitalised sequences the phrase read (country and portfolio words).
    used: set[int]


@cache
def _title_pattern() -> re.Pattern[str]:
    variants = [variant for variant, _ in title_lexicon(LANG)]
    body = "|".join(re.escape(v) for v in variants) if variants else "(?!)"
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def _canonical(found: str) -> str | None:
    folded = " ".join(found.split()).casefold()
    return next((c for v, c in title_lexicon(LANG) if v.casefold() == folded), None)


@lru_cache(maxsize=1 << 16)  # bounded: it sees every capitalised word / token of a corpus
def _country(words: str) -> str | None:
    """ISO alpha-3 of a country name or demonym ("Chile", "chilena", "EE.UU."), else None."""
    if not words or not words[:1].isalpha():
        return None
    return countries.country_code(words, LANG)


def _countries_in(words: list[str]) -> set[str]:
    """Countries named by the words (or hyphenated parts: "Indonesia-Brasil") of a name."""
    found: set[str] = set()
    for word in words:
        for part in [word, *word.split("-")] if "-" in word else [word]:
            code = _country(part)
            if code:
                found.add(code)
    phrase = " ".join(words)
    for size in (3, 2):
        for k in range(len(words) - size + 1):
            code = _country(" ".join(words[k : k + size]))
            if code:
                found.add(code)
    return found if phrase else set()


def _is_acronym(word: str) -> bool:
    letters = word.replace("-", "")
    return (
        2 <= len(letters) <= 8
        and letters[:1].isalpha()
        and letters.upper() == letters
        and sum(ch.isupper() for ch in letters) >= 2
        and not _ROMAN.match(letters)
    )


# -- the backend ------------------------------------------------------------------------------


class SpanishBackend:
    """Rules over capitalised words, titles, demonyms and gazetteers, for Spanish."""

    name = "rules-es"

    def annotate(self, text: str) -> Annotation:
        """Sentences and mentions of ``text``; offsets are into ``text`` itself."""
        sentences = split_sentences(text)
        found: list[_Candidate] = []
        pending: list[tuple[int, int, int]] = []  # unresolved capitalised words: (start, end, sentence)
        for index, sentence in enumerate(sentences):
            self._sentence(text, sentence, index, found, pending)
        # Words of persons named with two or more words name them again ("Alvarado dijo").
        known: dict[str, str | None] = {}
        for candidate in found:
            if candidate.type == "PERSON":
                words = text[candidate.start : candidate.end].split()
                if len(words) >= 2:
                    for word in words:
                        if word[:1].isupper() and word.casefold() not in _STOPWORDS:
                            known.setdefault(word, candidate.country)
        for start, end, index in pending:
            words = text[start:end].split()
            capitals = [w for w in words if w[:1].isupper()]
            if capitals and all(w in known for w in capitals):
                found.append(_Candidate(start, end, "PERSON", index, country=known[capitals[-1]]))
        mentions = tuple(
            Mention(
                text[c.start : c.end],
                c.type,
                c.start,
                c.end,
                c.sentence,
                c.title,
                c.country,
                self._surface(text, c),
            )
            for c in sorted(found, key=lambda c: (c.start, c.end))
        )
        return Annotation(LANG, sentences, mentions)

    @staticmethod
    def _surface(text: str, candidate: _Candidate) -> str | None:
        start = candidate.surface_start if candidate.surface_start is not None else candidate.start
        end = candidate.surface_end if candidate.surface_end is not None else candidate.end
        return text[start:end] if (start, end) != (candidate.start, candidate.end) else None

    # -- one sentence -----------------------------------------------------------------------

    def _sentence(
        self,
        text: str,
        sentence: Sentence,
        index: int,
        found: list[_Candidate],
        pending: list[tuple[int, int, int]],
    ) -> None:
        tokens = [
            _Token(m.group(0), m.start(), m.end())
            for m in _TOKEN.finditer(text, sentence.start, sentence.end)
        ]
        titles = [(m.start(), m.end()) for m in _title_pattern().finditer(text, sentence.start, sentence.end)]
        counterparts = [
            (m.start(), m.end()) for m in _COUNTERPARTS.finditer(text, sentence.start, sentence.end)
        ]
        shouting = sum(t.text.isupper() and len(t.text) > 1 for t in tokens) > 0.6 * max(1, len(tokens))
        consumed: set[int] = set()  # starts of sequences read as part of a title phrase
        sequences = self._sequences(text, tokens, titles)
        by_start = {seq[0].start: seq for seq in sequences}
        # Title phrases first: they decide persons and swallow the country words they contain.
        persons: dict[int, _Candidate] = {}
        for title_start, title_end in titles + counterparts:
            phrase = self._title_phrase(
                text, title_start, title_end, sentence.end, by_start, (title_start, title_end) in counterparts
            )
            if phrase is None:
                continue
            consumed.update(phrase.used)
            sequence = by_start.get(phrase.name_start)
            if sequence is None or self._institution(sequence) or self._place_of(text, sequence, tokens):
                continue
            start, end = sequence[0].start, sequence[-1].end
            persons[start] = _Candidate(
                start, end, "PERSON", index, phrase.canonical, phrase.country, surface_start=title_start
            )
        for sequence in sequences:
            start, end = sequence[0].start, sequence[-1].end
            if start in consumed:
                continue
            if start in persons:
                found.append(persons[start])
                continue
            candidate = self._classify(text, sequence, tokens, sentence, index, shouting)
            if candidate is None:
                pending.append((start, end, index))
                continue
            if candidate.type == "PERSON" and candidate.title is None:
                candidate = self._apposition(text, candidate, sentence.end, by_start, consumed)
            found.append(candidate)

    def _sequences(
        self, text: str, tokens: list[_Token], titles: list[tuple[int, int]]
    ) -> list[list[_Token]]:
        """Runs of capitalised words joined by particles, cut where a title starts or ends."""
        cuts = {s for s, _ in titles} | {e for _, e in titles}
        inside_title = [(s, e) for s, e in titles]
        sequences: list[list[_Token]] = []
        k = 0
        while k < len(tokens):
            token = tokens[k]
            if not token.capital or token.text in _HONORIFICS or self._in_title(token, inside_title):
                k += 1
                continue
            run = [token]
            j = k + 1
            org = token.text in _ORG_HEADS
            while j < len(tokens):
                gap = text[run[-1].end : tokens[j].start]
                if gap.strip() or "\n" in gap or tokens[j].start in cuts:
                    break
                if tokens[j].text in _HONORIFICS:
                    break
                if tokens[j].capital and not self._in_title(tokens[j], inside_title):
                    run.append(tokens[j])
                    j += 1
                    continue
                # Particles join only when a capitalised word follows them.
                particles = _ORG_PARTICLES if org else _NAME_PARTICLES
                m = j
                while m < len(tokens) and m - j < 3 and tokens[m].text in particles:
                    if text[tokens[m - 1].end : tokens[m].start].strip():
                        break
                    m += 1
                if (
                    m > j
                    and m < len(tokens)
                    and tokens[m].capital
                    and not text[tokens[m - 1].end : tokens[m].start].strip()
                    and tokens[m].start not in cuts
                    and not self._in_title(tokens[m], inside_title)
                ):
                    run.extend(tokens[j : m + 1])
                    j = m + 1
                    continue
                break
            sequences.append(run)
            k = j
        return sequences

    @staticmethod
    def _in_title(token: _Token, titles: list[tuple[int, int]]) -> bool:
        return any(s <= token.start < e for s, e in titles)

    # -- titles -----------------------------------------------------------------------------

    def _title_phrase(
        self,
        text: str,
        start: int,
        end: int,
        limit: int,
        by_start: dict[int, list[_Token]],
        counterpart: bool = False,
    ) -> _Phrase | None:
        """Read a title phrase: the title, then demonyms and "de <country or portfolio>"
        ("ministra canadiense de Asuntos Exteriores"), then an optional comma.

        A counterpart word ("homólogo") has no office but is read the same way for its country.
        """
        written = [text[start:end]]
        country: str | None = None
        used: set[int] = set()
        pos = end
        for _ in range(3):
            match = re.match(r"\s+([a-záéíóúñü]+)", text[pos:limit])
            if match and _country(match.group(1)) and match.group(1) not in _STOPWORDS:
                country = country or _country(match.group(1))  # "chileno", "canadiense"
                pos += match.end()
                continue
            match = re.match(r"\s+(de la|de los|de las|del|de)\s+", text[pos:limit])
            if match and pos + match.end() in by_start:
                sequence = by_start[pos + match.end()]
                words = [t.text for t in sequence]
                code = _country(" ".join(words))
                seq_end = sequence[-1].end
                after = text[seq_end:limit]
                if code:
                    country = country or code
                elif not re.match(r"\s*,?\s*[A-ZÁÉÍÓÚÑ]", after) or self._institution(sequence):
                    # "de Asuntos Exteriores, Ana Ruiz": a portfolio goes with the title; an
                    # institution stays a mention of its own ("presidente del Banco X, Y").
                    inner = _countries_in(words)
                    if len(inner) == 1 and self._institution(sequence):
                        country = country or next(iter(inner))
                    if self._institution(sequence):
                        break
                written.append(f"{match.group(1)} {' '.join(words)}")
                used.add(sequence[0].start)
                pos = seq_end
                continue
            break
        gap = re.match(r"\s*,?\s*", text[pos:limit])
        name_start = pos + (gap.end() if gap else 0)
        canonical = None
        for size in range(len(written), 0, -1):
            canonical = _canonical(" ".join(written[:size]))
            if canonical:
                break
        if canonical is None and not counterpart:
            return None
        return _Phrase(canonical, country, pos, name_start, used)

    def _apposition(
        self,
        text: str,
        person: _Candidate,
        limit: int,
        by_start: dict[int, list[_Token]],
        consumed: set[int],
    ) -> _Candidate:
        """A title after the name: "Pedro Alvarado, canciller de Chile," -> title and country."""
        lead = _APPOSITION.match(text, person.end, limit)
        if lead is None or lead.end() == person.end:
            return person
        match = _title_pattern().match(text, lead.end(), limit)
        if match is None:
            return person
        phrase = self._title_phrase(text, match.start(), match.end(), limit, by_start)
        if phrase is None:
            return person
        consumed.update(phrase.used)
        return replace(
            person, title=phrase.canonical, country=person.country or phrase.country, surface_end=phrase.end
        )

    # -- classification ---------------------------------------------------------------------

    @staticmethod
    def _institution(sequence: list[_Token]) -> bool:
        words = [t.text for t in sequence]
        name = " ".join(words)
        return (
            words[0] in _ORG_HEADS
            or (len(words) > 1 and words[1] in _ORG_HEADS and words[0] not in _NAME_PARTICLES)
            or name in _ORG_NAMES
            or (len(words) == 1 and words[0] in _ACRONYMS)
        )

    def _place_of(self, text: str, sequence: list[_Token], tokens: list[_Token]) -> tuple[str | None] | None:
        """``(country,)`` if the sequence names a country, region or gazetteer place, else None."""
        name = " ".join(t.text for t in sequence)
        code = _country(name)
        if code and not name.islower():
            return (code,)
        if name in _REGIONS:
            return (None,)
        place = lookup_place(name)
        if place is None:
            return None
        if place.is_country or place.population >= _BIG_CITY:
            return (place.country,)
        previous = next((t for t in reversed(tokens) if t.end <= sequence[0].start), None)
        if previous is not None and previous.text.casefold() in _LOCATIVE:
            return (place.country,)
        return None

    def _classify(
        self,
        text: str,
        sequence: list[_Token],
        tokens: list[_Token],
        sentence: Sentence,
        index: int,
        shouting: bool,
    ) -> _Candidate | None:
        """Organisation, place or person for one capitalised sequence, or None."""
        # A sentence's first word is capitalised anyway: drop it when it is a function word, and
        # leading articles mid-sentence unless they belong to the name ("La Habana", "El Salvador").
        while sequence and (
            sequence[0].text.casefold() in _STOPWORDS
            and (
                sequence[0].start == tokens[0].start
                or sequence[0].text.casefold() in {"el", "la", "los", "las"}
            )
            and not self._place_of(text, sequence, tokens)
        ):
            sequence = sequence[1:]
            while sequence and sequence[0].text in _ORG_PARTICLES:
                sequence = sequence[1:]
        while sequence and not sequence[-1].capital:
            sequence = sequence[:-1]
        if not sequence:
            return None
        if len(sequence) > 1 and _ROMAN.match(sequence[0].text) and self._institution(sequence[1:]):
            sequence = sequence[1:]  # "III Comisión Mixta ...": the session number is no part of the name
        start, end = sequence[0].start, sequence[-1].end
        words = [t.text for t in sequence]
        name = " ".join(words)
        honorific = self._after_honorific(sequence[0], tokens)
        if shouting and all(w.isupper() for w in words):
            # Upper-case headlines and datelines ("CIUDAD DE MÉXICO"): only places are safe.
            place = self._place_of(text, sequence, tokens)
            return _Candidate(start, end, "PLACE", index, country=place[0]) if place else None
        if name in _REGIONS or (_country(name) and not name.islower()):
            return _Candidate(start, end, "PLACE", index, country=_country(name))
        if words[0] in _LEADER_BODIES and len(words) > 1:
            # "Gobierno de Justin Trudeau", "Administración Trump": the leader is the mention.
            rest = sequence[2:] if words[1] in _NAME_PARTICLES else sequence[1:]
            names = [t.text for t in rest]
            if (
                rest
                and not self._place_of(text, rest, tokens)
                and (self._looks_like_name(names, False) or (len(names) == 1 and names[0].isalpha()))
            ):
                return _Candidate(rest[0].start, rest[-1].end, "PERSON", index)
        if self._institution(sequence):
            return self._organisation(text, sequence, index, sentence.end)
        if len(words) == 1 and _is_acronym(words[0]):
            code = _country(words[0])
            if code:
                return _Candidate(start, end, "PLACE", index, country=code)
            # Unknown upper-case words longer than an acronym usually are are emphasis or
            # placeholders ("URGENTE"), not bodies.
            return _Candidate(start, end, "ORG", index) if len(words[0]) <= 5 else None
        place = self._place_of(text, sequence, tokens)
        if place is not None:
            return _Candidate(start, end, "PLACE", index, country=place[0])
        if words[0] in _PLACE_HEADS and len(words) > 1:
            return _Candidate(start, end, "PLACE", index)  # "San Juan Chamula", "Puerto Cabello"
        if honorific or self._looks_like_name(words, sequence[0].start == tokens[0].start):
            return _Candidate(start, end, "PERSON", index)
        return None

    @staticmethod
    def _after_honorific(token: _Token, tokens: list[_Token]) -> bool:
        previous = next((t for t in reversed(tokens) if t.end <= token.start), None)
        return previous is not None and previous.text in _HONORIFICS

    def _organisation(self, text: str, sequence: list[_Token], index: int, limit: int) -> _Candidate | None:
        """An institution, with its country from a country word in its name or a demonym after it."""
        words = [t.text for t in sequence]
        start, end = sequence[0].start, sequence[-1].end
        inner = _countries_in(words)
        country = next(iter(inner)) if len(inner) == 1 else None
        after = re.match(r"\s+([a-záéíóúñü]+)", text[end:limit])
        if country is None and not inner and after and after.group(1) not in _STOPWORDS:
            country = _country(after.group(1))  # "el Gobierno chileno"
        if len(words) == 1 and words[0] in _ORG_HEADS and country is None:
            return None  # "el Gobierno", "el Senado": whose is not said
        return _Candidate(start, end, "ORG", index, country=country)

    @staticmethod
    def _looks_like_name(words: list[str], sentence_initial: bool) -> bool:
        """Two to four capitalised words (plus particles) that could be a person's name."""
        capitals = [w for w in words if w[:1].isupper()]
        if not 2 <= len(capitals) <= 4:
            return False
        for word in capitals:
            if word in _NOT_NAME_WORDS or word in _ORG_HEADS or _is_acronym(word):
                return False
            if word.casefold() in _STOPWORDS and word is not words[0]:
                return False  # a capitalised article inside: a title of a work ("Suelta La Sopa")
            if word.casefold().endswith(_NOT_NAME_ENDINGS):
                return False
            if not word.replace("-", "").replace("'", "").replace("’", "").isalpha():
                return False
            if _country(word) or word in _REGIONS:
                return False
        return not (sentence_initial and words[0].casefold() in _STOPWORDS)
