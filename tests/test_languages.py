"""Language profiles (``communique.languages``) and the per-language data folders.

Every language's data lives in ``data/languages/<code>/``; a profile names every part for a
language, present or explicitly absent. The loaded tables are pinned to what the loaders gave when
the titles, trigger tables and cues still lived in ``data/titles/``, ``data/triggers/`` and
``data/cues.json`` (digests computed from the old loaders' output, before the move).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from importlib import resources
from typing import Any

import pytest

from communique.events.crosslingual import lexicon_languages
from communique.events.triggers import _lexicon, cues
from communique.languages import FILES, PARTS, Profile, profile, profiles
from communique.nlp import backend_name, registered_languages
from communique.nlp.titles import title_lexicon

#: Per language: (title pairs, main triggers, breadth triggers, cue words, digest of all four as
#: loaded), from the loaders reading the old paths. Languages not listed loaded nothing.
LOADED = {
    "az": (0, 0, 0, 3, "719448eb17631d2e"),
    "be": (0, 0, 0, 13, "81f41e8803fe5bb6"),
    "bg": (0, 0, 0, 12, "e9bf392d440013ca"),
    "bs": (0, 0, 0, 12, "eced9ee9459c3986"),
    "cs": (0, 0, 0, 15, "e4e4b88aedd4e061"),
    "da": (0, 0, 0, 4, "bfb79877267da10b"),
    "de": (219, 0, 0, 15, "661bdfefa5ada98f"),
    "el": (0, 0, 0, 6, "a5963725d0c09eba"),
    "en": (218, 1552, 6760, 146, "fc4c85b53dc9b571"),
    "es": (188, 1199, 17907, 107, "06eb15bdb5d30fac"),
    "et": (0, 0, 0, 4, "a83856cda066669a"),
    "fi": (0, 0, 0, 7, "733d34837cd641e4"),
    "fr": (160, 1105, 0, 120, "cd045e8f2b1f9bf1"),
    "hr": (0, 0, 0, 12, "c160f7885e0d48d0"),
    "hu": (0, 0, 0, 4, "35da1fd1acf485b3"),
    "it": (0, 0, 0, 10, "10349bc63935ae13"),
    "kk": (0, 0, 0, 12, "bcedfd8e1ee244ef"),
    "ky": (0, 0, 0, 10, "889675585fcdab1a"),
    "lt": (0, 0, 0, 5, "a05f007b79cf41f1"),
    "lv": (0, 0, 0, 4, "dc72338410a1025f"),
    "mk": (0, 0, 0, 9, "0424eabfbd45a791"),
    "nl": (0, 0, 0, 10, "87e8d49d138996d4"),
    "no": (0, 0, 0, 4, "abdb49a4be9c6f4a"),
    "pl": (0, 0, 0, 17, "122aaccfb9bf1e05"),
    "pt": (175, 0, 0, 11, "33bb1d2e5704b207"),
    "ro": (0, 0, 0, 5, "acf1c39c934b0400"),
    "ru": (126, 768, 0, 101, "e9824d07ea38bc81"),
    "sk": (0, 0, 0, 14, "e4dd5039d9aef1d9"),
    "sl": (0, 0, 0, 15, "a4d8525f9daed2f0"),
    "sr": (0, 0, 0, 22, "1051c4f5156ce0c5"),
    "sv": (0, 0, 0, 5, "fc79596404ef5b36"),
    "tr": (0, 0, 0, 4, "3aa99e15c54d5ec4"),
    "uk": (0, 0, 0, 23, "e0755ed0ce779614"),
    "uz": (0, 0, 0, 3, "a22d809e84f71b4a"),
    "zh": (125, 655, 0, 102, "57a2c08c86aee6aa"),
}
#: Files in ``data/languages/`` that are documentation, not a part.
DOCUMENTATION = frozenset({"README.md"})


def _triggers(lang: str, tier: str) -> dict[str, list[list[Any]]]:
    return {
        first: [[t.cameo, list(t.keys), t.noun, t.intent, t.pattern] for t in found]
        for first, found in sorted(_lexicon(lang, tier).items())
    }


def _loaded(lang: str) -> dict[str, Any]:
    """What the loaders give for ``lang``, in a form that does not depend on hash order."""
    return {
        "titles": sorted(([v, c] for v, c in title_lexicon(lang)), key=lambda p: (-len(p[0]), p)),
        "main": _triggers(lang, "main"),
        "breadth": _triggers(lang, "breadth"),
        "cues": {kind: sorted(words) for kind, words in cues(lang).items()},
    }


def _summary(lang: str) -> tuple[int, int, int, int, str]:
    data = _loaded(lang)
    digest = hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()
    return (
        len(data["titles"]),
        sum(len(found) for found in data["main"].values()),
        sum(len(found) for found in data["breadth"].values()),
        sum(len(words) for words in data["cues"].values()),
        digest[:16],
    )


def test_every_profile_lists_every_part() -> None:
    assert tuple(f.name for f in fields(Profile) if f.name != "code") == PARTS
    assert set(FILES) <= set(PARTS)
    for code, found in profiles().items():
        assert found.code == code
        parts = found.parts()
        assert tuple(parts) == PARTS, code
        for part in FILES:
            assert isinstance(parts[part], bool) or part == "stop_words", (code, part)
        assert found.backend in {"fallback", "spacy_backend", "russian", "chinese", "spanish"}
        assert found.stop_words in {"spacy", "file", None}
        assert found.events in {"lexicon", "model", None}
        assert isinstance(found.dates, bool)


def test_profiles_cover_the_folders_and_the_backends() -> None:
    folder = resources.files("communique.data").joinpath("languages")
    folders = {entry.name for entry in folder.iterdir() if entry.is_dir() and not entry.name.startswith("_")}
    assert set(profiles()) == folders | set(registered_languages())
    for code in registered_languages():
        assert profile(code).backend == backend_name(code) != "fallback"
    assert profile("en").triggers and profile("en").breadth_triggers and profile("en").events == "lexicon"
    assert profile("kk").stop_words == "file" and profile("de").determiners
    unknown = profile("xx")
    assert unknown.backend == "fallback" and not any(
        value for name, value in unknown.parts().items() if name != "backend"
    )


def test_every_language_with_a_trigger_table_has_cues() -> None:
    with_tables = {code for code, found in profiles().items() if found.triggers}
    assert with_tables == set(lexicon_languages()) == {"en", "es", "fr", "ru", "zh"}
    for code in with_tables:
        assert profile(code).cues, code
    for code, found in profiles().items():
        assert not found.breadth_triggers or found.triggers, f"{code}: a breadth tier without a main table"


def test_no_stray_file_in_the_language_folders() -> None:
    folder = resources.files("communique.data").joinpath("languages")
    known = set(FILES.values())
    for entry in folder.iterdir():
        if entry.is_file():
            assert entry.name in DOCUMENTATION, f"data/languages/{entry.name}: not a language folder"
            continue
        if entry.name.startswith("_"):
            continue
        assert len(entry.name) in {2, 3} and entry.name.islower(), entry.name
        for item in entry.iterdir():
            assert item.is_file() and item.name in known, (
                f"data/languages/{entry.name}/{item.name} belongs to no part of a profile"
            )


@pytest.mark.parametrize("lang", sorted(LOADED))
def test_moved_files_load_as_before(lang: str) -> None:
    assert _summary(lang) == LOADED[lang]


def test_languages_without_data_load_nothing() -> None:
    for code in [*sorted(set(profiles()) - set(LOADED)), "ja", "ar"]:
        assert _summary(code)[:4] == (0, 0, 0, 0), code
