#!/usr/bin/env python3
"""Build ``src/communique/data/actors.tsv``, a gazetteer of political actors, from the Phoenix dictionaries.

Sources (openeventdata/petrarch2 @676801c, MIT, (c) 2014 Open Event Data Alliance), read from
``../shared/ontology/cameo_en``:

* ``Phoenix.Countries.actors.txt`` -- country names and office holders with dated CAMEO codes;
* ``Phoenix.International.actors.txt`` -- international organisations and their officials;
* ``Phoenix.agents.txt`` -- generic sector words ("president", "council of ministers"), used only to
  leave out name variants that are such words and not a name.

The dictionaries are in the TABARI/PETRARCH actor format (``dictionaries_format_doc.rst``): a primary
phrase, ``+`` synonym lines, then tab-indented ``[CODE date-restriction]`` lines (codes may also follow
a phrase on its own line). Entries are grouped as PETRARCH groups them: a phrase that has no code yet
shares the codes of the entry that follows it. Dates are ``YYMMDD`` (00-30 -> 20YY, else 19YY) or
``YYYYMMDD``; ``<d`` applies up to d, ``>d`` from d, ``d1-d2`` between; a code without a date is the
entry's default.

What is kept, one row per (name variant, code, start, end):

* people and other actors of the country file: entries with a date-restricted code or the
  ``# CountryInfo.txt`` mark of the leader lists; plain country-name entries (any bare
  three-letter country code) and undated national institutions are left out -- the country lexicon
  is ``communique.countries``;
* international organisations and their officials (codes ``IGO...``, ``NGO...``, ``IMG...``) and
  dated national codes of the same entries; multinational corporations (``MNC...``), media
  (``MED``) and codes without a country (``ELI``, ``---``) are left out.

The CAMEO country part is ISO 3166-1 alpha-3 except for the codes in ``CAMEO_TO_ISO``; codes that
``communique.countries`` does not know after that mapping (USSR, Yugoslavia, East Germany,
Czechoslovakia, Serbia and Montenegro, unrecognised states, the fictional test country) are dropped.

Name variants that are a single word of at most three letters, a generic phrase of the agents
dictionary, or only function words are dropped. So is every variant that names, as a whole word
sequence, a person or body of the seed articles (``../shared/seeds/gold.json``: names, aliases and
other spellings, and a person's surname of at least four letters): the project keeps names from the
seeds out of its data.

Usage (from the repository root)::

    .venv/bin/python tools/build_actor_gazetteer.py            # rewrite the shipped file
    .venv/bin/python tools/build_actor_gazetteer.py --out x.tsv

``--ontology`` and ``--gold`` default to ``../shared/ontology`` and ``../shared/seeds/gold.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from communique.countries import country_name  # noqa: E402  (after the path set-up)

DEFAULT_OUT = ROOT / "src" / "communique" / "data" / "actors.tsv"
DEFAULT_ONTOLOGY = ROOT.parent / "shared" / "ontology"
DEFAULT_GOLD = ROOT.parent / "shared" / "seeds" / "gold.json"

COUNTRIES_FILE = "cameo_en/Phoenix.Countries.actors.txt"
INTERNATIONAL_FILE = "cameo_en/Phoenix.International.actors.txt"
AGENTS_FILE = "cameo_en/Phoenix.agents.txt"

#: CAMEO country codes that differ from ISO 3166-1 alpha-3 (as ``communique.countries`` knows it).
CAMEO_TO_ISO = {"KSV": "XKX", "TMP": "TLS", "ROM": "ROU", "ZAR": "COD"}

#: Prefixes of codes for international actors: the row has no country and its sector is the code.
ORG_PREFIXES = ("IGO", "NGO", "IMG")

#: Three-letter codes that are not a country (sector or organisation codes without a country).
NON_COUNTRY_CODES = frozenset({"ELI", "MED", "HIN", "MOS", "IGO", "NGO", "IMG", "MNC"})

#: Words that never make a name on their own (with the agents dictionary's phrases).
FUNCTION_WORDS = frozenset("a an and at by de del des du for from in la le of on the to von van with".split())

#: Lower-case particles of personal names, kept lower case after the first word.
PARTICLES = frozenset("bin binti da das de del della der di do dos du ibn la le van von y".split())

HEADER = """\
# Political actors (people and international organisations) with their CAMEO codes and date ranges.
# Derived by tools/build_actor_gazetteer.py from Phoenix.Countries.actors.txt and
# Phoenix.International.actors.txt of openeventdata/petrarch2 @676801c (Open Event Data Alliance;
# built on the Computational Event Data System's CountryInfo lists). Do not edit by hand: rebuild with
#   .venv/bin/python tools/build_actor_gazetteer.py
# (reads ../shared/ontology and ../shared/seeds/gold.json).
#
# Columns: name<TAB>country<TAB>sector<TAB>start<TAB>end, one row per name variant and code.
#   name     a name variant (the source's underscores as spaces); match it case-insensitively
#   country  ISO 3166-1 alpha-3 (CAMEO's KSV, TMP are XKX, TLS); empty for international actors
#   sector   the rest of the CAMEO code (GOV, MIL, OPP, GOVEDU, ELI ...); for international actors
#            (IGO..., NGO..., IMG...) the whole code, e.g. IGOUNO, IGOWSTNAT
#   start    ISO date the code applies from; empty: no lower bound
#   end      ISO date it applies until (inclusive); empty: no upper bound. Both empty: the entry's
#            default code, meant for dates none of its ranges covers.
# The source was last updated around 2015: later offices are missing and open ranges may be stale.
#
# The MIT License (MIT)
#
# Copyright (c) 2014 Open Event Data Alliance
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
# associated documentation files (the "Software"), to deal in the Software without restriction,
# including without limitation the rights to use, copy, modify, merge, publish, distribute,
# sublicense, and/or sell copies of the Software, and to permit persons to whom the Software is
# furnished to do so, subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all copies or
# substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT
# NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND
# NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES
# OR OTHER LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""

COLUMNS = ("name", "country", "sector", "start", "end")

_BRACKET = re.compile(r"\[([^\]]*)\]")
_DIGITS = re.compile(r"\d+")


# ---------------------------------------------------------------------------------------------
# Reading the dictionaries


@dataclass
class Entry:
    """One actor record: its phrases and its code strings (as written inside ``[...]``)."""

    line: int
    names: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    leader_list: bool = False  # a primary phrase carries the "# CountryInfo.txt" mark


def read_entries(path: Path) -> Iterator[Entry]:
    """The entries of a TABARI/PETRARCH actor file, in file order."""
    entry: Entry | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        body, _, comment = raw.partition("#")
        codes = _BRACKET.findall(body)
        if raw[0] in " \t":  # date restrictions (or a default code) of the current entry
            if entry is not None:
                entry.codes.extend(codes)
            continue
        phrase = body.split("[", 1)[0]
        if raw[0] == "+":
            if entry is not None:
                entry.names.append(phrase[1:])
                entry.codes.extend(codes)
            continue
        # A primary phrase: a new entry, unless the current one has no code yet (PETRARCH then
        # gives both phrases the codes that follow).
        if entry is None or entry.codes:
            if entry is not None:
                yield entry
            entry = Entry(line=number)
        entry.names.append(phrase)
        entry.codes.extend(codes)
        entry.leader_list = entry.leader_list or "CountryInfo" in comment
    if entry is not None:
        yield entry


def parse_date(text: str) -> date | None:
    """A dictionary date: ``YYMMDD`` (00-30 -> 20YY) or ``YYYYMMDD``; None when malformed."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    elif len(text) == 8:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class Code:
    code: str
    start: date | None
    end: date | None


def parse_code(text: str, problems: Counter[str]) -> Code | None:
    """A ``CODE``, ``CODE <d``, ``CODE >d`` or ``CODE d1-d2`` restriction; None when unreadable."""
    parts = text.split(None, 1)
    if not parts:
        return None
    code, rest = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not rest:
        return Code(code, None, None)
    dates = [parse_date(d) for d in _DIGITS.findall(rest)]
    if not dates or None in dates or len(dates) > 2:
        problems["malformed date"] += 1
        return None
    if rest.startswith("<") and len(dates) == 1:
        return Code(code, None, dates[0])
    if rest.startswith(">") and len(dates) == 1:
        return Code(code, dates[0], None)
    if len(dates) == 2 and "-" in rest:
        start, end = dates
        if start is not None and end is not None and end < start:
            problems["range ending before it starts"] += 1
            return None
        return Code(code, start, end)
    if len(dates) == 1 and rest[0].isdigit():
        # A lone date ("[MNEGOV 20121204]"): the office taken on that day, as a start.
        problems["lone date read as a start"] += 1
        return Code(code, dates[0], None)
    problems["malformed date"] += 1
    return None


# ---------------------------------------------------------------------------------------------
# Codes


def split_code(code: str) -> tuple[str, str] | None:
    """``(country, sector)`` of a CAMEO actor code; country "" for international actors.

    None for codes this gazetteer does not keep (corporations, media, codes without a country,
    states that no longer exist or that ``communique.countries`` does not know).
    """
    if code.startswith(ORG_PREFIXES):
        return "", code
    if len(code) < 3 or not code[:3].isalpha() or not code.isupper():
        return None
    country = CAMEO_TO_ISO.get(code[:3], code[:3])
    if country_name(country) is None:
        return None
    return country, code[3:]


# ---------------------------------------------------------------------------------------------
# Names


def key(text: str) -> str:
    """Comparison form: case-folded, accents removed, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+|_", " ", plain).split())


def clean_phrase(phrase: str) -> str | None:
    """The words of a dictionary phrase ("WILLIAM_SAMOEI_RUTO_" -> "WILLIAM SAMOEI RUTO")."""
    if any(unicodedata.category(ch) == "Cc" and ch not in "\t" for ch in phrase) or "\ufffd" in phrase:
        return None  # damaged in the source (control characters, replacement characters)
    text = " ".join(phrase.replace("_", " ").split())
    if "(" in text and ")" not in text:  # "CHULTEM_ULAAN_(ACTING": drop the unclosed remark
        text = text.split("(", 1)[0].strip()
    elif ")" in text and "(" not in text:
        text = text.replace(")", "").strip()
    return text or None


def _cap(word: str) -> str:
    """Capitalise a word and each part after a hyphen or an apostrophe (not a final 's)."""
    out = []
    upper_next = True
    for i, ch in enumerate(word):
        if upper_next and ch.isalpha():
            is_possessive = ch == "s" and i > 0 and word[i - 1] == "'" and i == len(word) - 1
            out.append(ch if is_possessive else ch.upper())
            upper_next = False
        else:
            out.append(ch)
        if ch in "-'./(\"":
            upper_next = True
    text = "".join(out)
    if re.match(r"Mc[a-z]", text):
        text = "Mc" + text[2].upper() + text[3:]
    return text


def _initials(phrase: str) -> set[str]:
    """Initials of a phrase, with and without its function words ("SPLA" of "Sudan People's ...")."""
    words = [w for w in re.split(r"[\s\-/]+", phrase.upper()) if w and w[0].isalpha()]
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    return {"".join(w[0] for w in words), "".join(w[0] for w in content)}


def display_name(phrase: str, acronyms: frozenset[str], org: bool = False) -> str:
    """Title case for an upper-case phrase: "JAVIER_DE_CUELLAR" -> "Javier de Cuellar".

    Words in ``acronyms`` ("UN", "NATO"), Roman numerals after the first word and words with digits
    stay upper case, and so do, in the names of organisations (``org``), words without a vowel
    and words in parentheses ("(IFPMA)"). Particles and function words after the first word are
    lower case. A phrase already in mixed case is kept as written.
    """
    if any(ch.islower() for ch in phrase):
        return phrase
    out = []
    for i, word in enumerate(phrase.split()):
        lower = word.lower()
        bare = re.sub(r"[^A-Za-z]", "", word)
        numeral = i > 0 and re.fullmatch(r"[IVX]+", word) is not None and len(word) <= 4
        org_acronym = (
            org
            and len(bare) >= 2
            and (not re.search(r"[AEIOUY]", bare) or re.fullmatch(r"\(\w+\)", word) is not None)
        )
        if bare in acronyms or any(ch.isdigit() for ch in word) or numeral or org_acronym:
            out.append(word)
        elif i > 0 and (lower in PARTICLES or lower in FUNCTION_WORDS):
            out.append(lower)
        else:
            out.append(_cap(lower))
    return " ".join(out)


def agent_phrases(path: Path) -> frozenset[str]:
    """The phrases of the agents dictionary (and regular plurals), in ``key`` form."""
    phrases: set[str] = set()
    substitutions: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0]
        if not line.strip():
            continue
        marker = re.match(r"\s*!(\w+)!\s*=\s*(.+)", line)
        if marker:
            substitutions[marker.group(1)] = [w.strip() for w in marker.group(2).split(",")]
            continue
        phrase = line.split("[", 1)[0].split("{", 1)[0].strip()
        variants = [phrase]
        for name, words in substitutions.items():
            if f"!{name}!" in phrase:
                variants = [v.replace(f"!{name}!", w) for v in variants for w in words]
        for variant in variants:
            k = key(variant)
            if k:
                phrases.update({k, k + "s", k + "es", k[:-1] + "ies" if k.endswith("y") else k})
    return frozenset(phrases)


def is_generic(name: str, generic: frozenset[str]) -> bool:
    """A variant that is not a name: a short single word, an agent phrase, only function words."""
    if " " not in name and len(re.sub(r"[\W\d_]", "", name)) <= 3:
        return True
    name_key = key(name)
    words = name_key.split()
    if not words:
        return True
    if name_key in generic or (words[0] == "the" and " ".join(words[1:]) in generic):
        return True
    return all(w in FUNCTION_WORDS for w in words)


# ---------------------------------------------------------------------------------------------
# Seed names


def seed_terms(gold_path: Path) -> tuple[str, ...]:
    """Word sequences (``key`` form) naming the seeds' people and bodies.

    Names, aliases and other spellings of every PERSON and ORG entity, and the surname of each
    person when it has at least four letters. The surname is a word of the name that is also a
    one-word alias ("Ding" of "Ding Xuexiang": family names come first in some languages), else
    the name's last word.
    """
    entities = json.loads(gold_path.read_text(encoding="utf-8"))["entities"]
    if isinstance(entities, dict):
        entities = list(entities.values())
    terms: set[str] = set()
    for entity in entities:
        if entity.get("type") not in ("PERSON", "ORG"):
            continue
        spellings = [entity["name"], *(entity.get("same_entity_as") or [])]
        aliases = entity.get("aliases") or []
        terms.update(key(s) for s in [*spellings, *aliases])
        if entity["type"] == "PERSON":
            one_word = {key(a) for a in aliases if len(key(a).split()) == 1}
            for spelling in spellings:
                words = key(spelling).split()
                surnames = [w for w in words if w in one_word] or words[-1:]
                terms.update(w for w in surnames if len(w) >= 4)
    return tuple(sorted(t for t in terms if t))


#: A one-word seed term at least this long is also left out inside a longer word ("Ismailov"
#: holds a seed surname): spellings vary by a letter, and the package must hold no seed name.
_SUBSTRING_MIN = 6


def seed_match(name_key: str, terms: Iterable[str]) -> str | None:
    """The first seed term occurring in the name as a whole word sequence, or, for a long one-word
    term, anywhere in it."""
    padded = f" {name_key} "
    for term in terms:
        if f" {term} " in padded or (" " not in term and len(term) >= _SUBSTRING_MIN and term in name_key):
            return term
    return None


# ---------------------------------------------------------------------------------------------
# Building


Row = tuple[str, str, str, str, str]


@dataclass
class Report:
    entries: Counter[str] = field(default_factory=Counter)
    codes: Counter[str] = field(default_factory=Counter)
    variants: Counter[str] = field(default_factory=Counter)
    seed_rows: Counter[str] = field(default_factory=Counter)


def _keep_entry(entry: Entry, source: str, coded: list[tuple[Code, tuple[str, str]]], report: Report) -> bool:
    has_org = any(not country for _, (country, _s) in coded)
    dated = any(c.start or c.end for c, _ in coded)
    if source == "countries":
        bare_country = any(
            len(first) == 3 and first.isalpha() and first not in NON_COUNTRY_CODES
            for first in (c.split()[0] for c in entry.codes if c.split())
        )
        if bare_country:
            report.entries["country-name entry"] += 1
            return False
        # Undated national institutions stay: "the Kremlin", "the Duma", "Congress" act for their
        # country as much as its office holders do.
    elif not (has_org or dated):
        report.entries["no international or dated code"] += 1
        return False
    if not coded:
        report.entries["no usable code"] += 1
        return False
    report.entries[f"kept ({source})"] += 1
    return True


def build_rows(ontology: Path, gold: Path, report: Report) -> list[Row]:
    """The gazetteer's rows in source order (an entry's primary phrase first), without duplicates."""
    generic = agent_phrases(ontology / AGENTS_FILE)
    terms = seed_terms(gold)
    kept: list[tuple[list[str], list[tuple[Code, tuple[str, str]]], bool]] = []
    for source, rel in (("countries", COUNTRIES_FILE), ("international", INTERNATIONAL_FILE)):
        for entry in read_entries(ontology / rel):
            coded: list[tuple[Code, tuple[str, str]]] = []
            for text in entry.codes:
                code = parse_code(text, report.codes)
                if code is None:
                    continue
                parts = split_code(code.code)
                if parts is None:
                    report.codes[f"code not kept ({code.code[:3]})"] += 1
                    continue
                coded.append((code, parts))
            if _keep_entry(entry, source, coded, report):
                has_org = any(not country for _, (country, _s) in coded)
                kept.append((entry.names, coded, has_org))

    # Acronyms: single-word names of international organisations ("UN", "NATO", "IAEA"); they keep
    # their capitals in the names of entries with an international code.
    acronyms = frozenset(
        phrase.replace(".", "").upper()
        for names, _, has_org in kept
        if has_org
        for name in names
        if (phrase := clean_phrase(name)) and " " not in phrase and len(phrase.replace(".", "")) <= 6
    ) | frozenset({"UN", "EU", "US", "UK", "USA", "NATO"})

    rows: dict[Row, None] = {}
    for names, coded, has_org in kept:
        phrases = [clean_phrase(raw) for raw in names]
        report.variants["damaged in the source"] += phrases.count(None)
        # A one-word variant spelling the initials of another variant is an acronym ("SPLA").
        initials = set().union(*(_initials(p) for p in phrases if p and " " in p))
        for phrase in filter(None, phrases):
            local = acronyms if has_org else frozenset()
            if " " not in phrase and phrase.replace(".", "") in initials:
                local = local | {phrase.replace(".", "")}
            name = display_name(phrase, local, org=has_org)
            if is_generic(name, generic):
                report.variants["short or generic"] += 1
                continue
            name_key = key(name)
            term = seed_match(name_key, terms)
            for code, (country, sector) in coded:
                row = (
                    name,
                    country,
                    sector,
                    code.start.isoformat() if code.start else "",
                    code.end.isoformat() if code.end else "",
                )
                if term is not None:
                    report.seed_rows[term] += 1
                    continue
                rows.setdefault(row)
    return list(rows)


def render(rows: list[Row]) -> str:
    lines = [HEADER.rstrip("\n"), "\t".join(COLUMNS)]
    lines.extend("\t".join(row) for row in rows)
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ontology", type=Path, default=DEFAULT_ONTOLOGY, help="shared ontology folder")
    parser.add_argument("--gold", type=Path, default=DEFAULT_GOLD, help="the seeds' gold.json")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the TSV")
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    args = parser.parse_args(argv)

    report = Report()
    rows = build_rows(args.ontology, args.gold, report)
    text = render(rows)
    args.out.write_text(text, encoding="utf-8")
    if not args.quiet:
        names = {r[0] for r in rows}
        with_country = {r[0] for r in rows if r[1]}
        dated = sum(1 for r in rows if r[3] or r[4])
        print(f"wrote {args.out}: {len(rows)} rows, {len(names)} names, {len(text.encode())} bytes")
        print(f"  names with a country: {len(with_country)}; rows with a date range: {dated}")
        print(f"  entries: {dict(sorted(report.entries.items()))}")
        print(f"  codes dropped: {dict(sorted(report.codes.items()))}")
        print(f"  variants dropped: {dict(sorted(report.variants.items()))}")
        print(
            f"  rows dropped for naming the seeds' people or bodies: {sum(report.seed_rows.values())} "
            f"{dict(sorted(report.seed_rows.items()))}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
