"""Language profiles: what Communiqué has for each language, registered by ISO 639-1 code.

A language's data lives in one folder, ``data/languages/<code>/`` (the files and their formats are
in that folder's README); its entity backend is registered in :mod:`communique.nlp` and its date
words are in :mod:`communique.dates`. A :class:`Profile` names every part for a language, each
present or explicitly absent, so what a language lacks is visible in one place.

The registered languages are those with a data folder or a dedicated backend; :func:`profile` also
answers for any other code (the fallback backend, no data).
"""

from __future__ import annotations

import importlib.util
from dataclasses import asdict, dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

__all__ = ["FILES", "PARTS", "Profile", "profile", "profiles"]

#: The data file of each file-backed part, as named in ``data/languages/<code>/``.
FILES: dict[str, str] = {
    "titles": "titles.tsv",
    "triggers": "triggers.tsv",
    "breadth_triggers": "triggers.breadth.tsv",
    "cues": "cues.json",
    "stop_words": "stop_words.txt",
    "case_endings": "inflection.txt",
    "org_heads": "org_heads.txt",
    "connectors": "connectors.txt",
    "determiners": "determiners.txt",
    "noun_suffixes": "noun_suffixes.txt",
}


@dataclass(frozen=True, slots=True)
class Profile:
    """Every part Communiqué has (or lacks) for one language.

    A boolean part is True when the language's data folder holds its file (see :data:`FILES`);
    ``backend``, ``stop_words`` and ``events`` say where the part comes from, None where the
    language has none.
    """

    code: str
    #: Module under ``communique.nlp`` that reads entities: a dedicated backend, or ``"fallback"``.
    backend: str
    #: Office titles, each mapped to one English office (``titles.tsv``).
    titles: bool
    #: Main trigger table (``triggers.tsv``).
    triggers: bool
    #: Breadth-tier trigger table, read where the main table finds nothing (``triggers.breadth.tsv``).
    breadth_triggers: bool
    #: Coder cues: negation, modality, reporting ... (``cues.json``).
    cues: bool
    #: Function words: ``"spacy"`` (spaCy's list), ``"file"`` (``stop_words.txt``), or None.
    stop_words: str | None
    #: Case endings stripped from names before lookup (``inflection.txt``).
    case_endings: bool
    #: Head nouns of organisation names (``org_heads.txt``).
    org_heads: bool
    #: Prepositions and articles joining an organisation's head to its complement
    #: ("Consiglio dei ministri") (``connectors.txt``).
    connectors: bool
    #: Articles before capitalised common nouns (German) (``determiners.txt``).
    determiners: bool
    #: Suffixes of common nouns in a language that capitalises them (German): no name ends in one
    #: (``noun_suffixes.txt``).
    noun_suffixes: bool
    #: Month, weekday and relative-day words in :mod:`communique.dates`.
    dates: bool
    #: How events are read: ``"lexicon"`` (trigger tables), ``"model"`` (the cross-language
    #: category model), or None.
    events: str | None

    def parts(self) -> dict[str, bool | str | None]:
        """Every part by name (all fields but ``code``), present or absent."""
        values = asdict(self)
        del values["code"]
        return values


#: The names of a profile's parts, in field order.
PARTS: tuple[str, ...] = tuple(name for name in Profile.__dataclass_fields__ if name != "code")


def _folder() -> Traversable:
    return resources.files("communique.data").joinpath("languages")


def _stop_words_source(code: str, folder: Traversable) -> str | None:
    try:
        found = importlib.util.find_spec(f"spacy.lang.{code}.stop_words") is not None
    except ModuleNotFoundError:  # no spacy.lang.<code> package at all
        found = False
    if found:
        return "spacy"
    return "file" if folder.joinpath(FILES["stop_words"]).is_file() else None


def _build(code: str) -> Profile:
    from .dates import date_languages
    from .events.crosslingual import event_reader
    from .nlp import backend_name

    folder = _folder().joinpath(code)
    has = {part: folder.joinpath(name).is_file() for part, name in FILES.items()}
    return Profile(
        code=code,
        backend=backend_name(code),
        titles=has["titles"],
        triggers=has["triggers"],
        breadth_triggers=has["breadth_triggers"],
        cues=has["cues"],
        stop_words=_stop_words_source(code, folder),
        case_endings=has["case_endings"],
        org_heads=has["org_heads"],
        connectors=has["connectors"],
        determiners=has["determiners"],
        noun_suffixes=has["noun_suffixes"],
        dates=code in date_languages(),
        events=event_reader(code),
    )


@cache
def profiles() -> dict[str, Profile]:
    """The profile of every registered language (a data folder or a dedicated backend), by code."""
    from .nlp import registered_languages

    codes = {entry.name for entry in _folder().iterdir() if entry.is_dir() and not entry.name.startswith("_")}
    codes |= set(registered_languages())
    return {code: _build(code) for code in sorted(codes)}


def profile(code: str) -> Profile:
    """The profile of ``code``: a registered language's, or for any other code the fallback
    backend with no data."""
    return profiles().get(code) or _build(code)
