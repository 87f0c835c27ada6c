"""Political actors by name: a person's country and office on a date, or an international body.

The gazetteer ``data/actors.tsv`` is derived by ``tools/build_actor_gazetteer.py`` from the Phoenix
actor dictionaries of openeventdata/petrarch2 (MIT, Open Event Data Alliance): name variants of
office holders and other political actors with their CAMEO codes (country + sector such as GOV,
MIL, OPP, LEG, JUD) and date ranges, and international organisations (``IGO...``, ``NGO...``) with
their officials. Names of the seed articles' people and bodies are left out when it is built.

Caveat: the source was last updated around 2015. Later offices are missing, and a range still open
in the source ("from 2010-06-01") may have ended since; a lookup for a recent date may therefore
return an office the person no longer holds, or nothing.

Matching is case- and accent-insensitive on the whole name ("william samoei ruto"); a single word is
also tried as a surname, and resolves only when one actor of the gazetteer has it (or, with a date,
only one of those who have it holds a dated office that day). The table is read once, on first use.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from .records import iso_date

__all__ = ["ActorInfo", "lookup", "roles"]

_DATA_FILE = "actors.tsv"
_NON_WORD = re.compile(r"[\W_]+")

#: Words that mark a name as an organisation's or a title's ("Assembly of Kosovo", "Lord Robertson
#: of Port Ellen"): such names give no surname.
_NOT_PERSONAL = frozenset({"of", "the", "for", "and", "in"})

#: Last words of organisations' names, never taken as surnames.
_INSTITUTIONS = frozenset(
    "agency alliance army assembly association authority bank brigade brigades center centre coalition "
    "commission committee congress council court federation force forces foundation front fund "
    "government group guard guards initiative institute league ministry mission movement network "
    "observatory organisation organization party programme program service society state union".split()
)


@dataclass(frozen=True)
class ActorInfo:
    """One code of a named actor: where, in which sector, over which dates.

    ``country`` is ISO 3166-1 alpha-3, or None for an international actor, whose ``sector`` is then
    its whole CAMEO code (``IGOUNO``, ``IGOWSTNAT``). ``start`` and ``end`` bound the range the code
    applies to (inclusive; None: unbounded); both None marks the entry's default code.
    """

    name: str
    country: str | None
    sector: str
    start: date | None
    end: date | None

    @property
    def dated(self) -> bool:
        """Whether the code has a date range (not the entry's default)."""
        return self.start is not None or self.end is not None

    def covers(self, on: date) -> bool:
        """Whether ``on`` falls in the code's date range (a default code covers no date)."""
        if not self.dated:
            return False
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def _key(text: str) -> str:
    """Case-folded, accents removed, words separated by single spaces."""
    plain = text.casefold()
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain).split())


@dataclass(frozen=True)
class _Index:
    by_name: dict[str, tuple[ActorInfo, ...]]
    #: surname key -> the rows of each actor carrying it (one tuple per actor)
    by_surname: dict[str, tuple[tuple[ActorInfo, ...], ...]]


@cache
def _rows() -> tuple[ActorInfo, ...]:
    text = resources.files("communique.data").joinpath(_DATA_FILE).read_text("utf-8")
    rows: list[ActorInfo] = []
    header_seen = False
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        if not header_seen:  # the column names
            header_seen = True
            continue
        name, country, sector, start, end = line.split("\t")
        rows.append(ActorInfo(name, country or None, sector, iso_date(start), iso_date(end)))
    return tuple(rows)


@cache
def _index() -> _Index:
    by_name: dict[str, list[ActorInfo]] = defaultdict(list)
    keys: dict[str, str] = {}
    for row in _rows():
        name_key = keys.get(row.name)
        if name_key is None:
            name_key = keys[row.name] = _key(row.name)
        by_name[name_key].append(row)

    # Surnames: the last word of a dated name that looks like a person's. Names with the same
    # surname and the same codes are taken as variants of one actor ("Kofi Annan", "K. Annan"),
    # shown by the first of them in the file (an entry's primary phrase comes first); the codes
    # alone do not tell people apart (a whole cabinet can share one range).
    bearers: dict[str, dict[frozenset[tuple[str | None, str, date | None, date | None]], list[str]]]
    bearers = defaultdict(lambda: defaultdict(list))
    for name_key, rows in by_name.items():
        words = name_key.split()
        if len(words) < 2 or not any(r.dated for r in rows) or _NOT_PERSONAL.intersection(words):
            continue
        surname = _key(rows[0].name.rsplit(None, 1)[-1])
        if surname in _INSTITUTIONS:
            continue
        signature = frozenset((r.country, r.sector, r.start, r.end) for r in rows)
        bearers[surname][signature].append(rows[0].name)
    by_surname: dict[str, list[tuple[ActorInfo, ...]]] = defaultdict(list)
    for surname, actors in bearers.items():
        for signature, names in actors.items():
            display = names[0]
            codes = sorted(signature, key=lambda c: (c[2] or date.min, c[3] or date.max, c[0] or "", c[1]))
            by_surname[surname].append(tuple(ActorInfo(display, *code) for code in codes))
    return _Index(
        by_name={k: tuple(v) for k, v in by_name.items()},
        by_surname={k: tuple(v) for k, v in by_surname.items()},
    )


def _pick(rows: tuple[ActorInfo, ...], on: date | None) -> ActorInfo:
    """The row meant for a date: a dated one covering it (the latest to start), else the default
    code, else the range nearest to the date. Without a date: the most recent range."""
    dated = [r for r in rows if r.dated]
    defaults = [r for r in rows if not r.dated]
    if on is not None:
        covering = [r for r in dated if r.covers(on)]
        if covering:
            return max(covering, key=lambda r: r.start or date.min)
        if defaults:
            return defaults[0]

        def distance(r: ActorInfo) -> int:
            if r.end is not None and r.end < on:
                return (on - r.end).days
            return ((r.start or on) - on).days

        return min(dated, key=distance)
    if dated:
        return max(dated, key=lambda r: (r.end or date.max, r.start or date.min))
    return defaults[0]


def roles(name: str) -> tuple[ActorInfo, ...]:
    """Every code listed for a full name (any case or accents), oldest range first; () if unknown."""
    rows = _index().by_name.get(_key(name), ())
    return tuple(sorted(rows, key=lambda r: (r.start or date.min, r.end or date.max, r.sector)))


def lookup(name: str, on: date | None = None) -> ActorInfo | None:
    """The actor a name refers to, with the code that applies on ``on`` (or the most recent one).

    ``name`` is matched as a whole, ignoring case and accents ("William Samoei Ruto"). A single
    word not found as a name is taken as a surname: it resolves when only one actor of the
    gazetteer has it, or, given a date, when only one of them holds a dated office that day.
    Returns None for an unknown or ambiguous name. See the module note on dates after 2015.
    """
    index = _index()
    key = _key(name)
    if not key:
        return None
    rows = index.by_name.get(key)
    if rows:
        return _pick(rows, on)
    if len(name.split()) != 1:
        return None
    actors = index.by_surname.get(key, ())
    if len(actors) > 1 and on is not None:
        actors = tuple(a for a in actors if any(r.covers(on) for r in a))
    if len(actors) != 1:
        return None
    return _pick(actors[0], on)
