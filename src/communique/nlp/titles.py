"""Office titles per language, each mapped to one canonical English office.

Lexicons live in ``data/languages/<lang>/titles.tsv``: ``canonical<TAB>variant`` per line
(``#`` starts a comment). The canonical name lets "vice-Premier ministre",
"вице-премьер" and "副总理" count as one office ("Vice Premier").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["TitleMatch", "canonical_title", "title_before", "title_lexicon"]


@dataclass(frozen=True, slots=True)
class TitleMatch:
    """A title found in text."""

    text: str
    canonical: str
    start: int
    end: int


@cache
def title_lexicon(lang: str) -> tuple[tuple[str, str], ...]:
    """``(variant, canonical)`` pairs for a language, longest variant first."""
    path = resources.files("communique.data").joinpath("languages", lang, "titles.tsv")
    if not path.is_file():
        return ()
    pairs = []
    for line in path.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" not in line:
            continue
        canonical, variant = (part.strip() for part in line.split("\t", 1))
        if canonical and variant:
            pairs.append((variant, canonical))
    # Longest first (the longest title wins); ties in a fixed order, so every run reads alike.
    return tuple(sorted(set(pairs), key=lambda p: (-len(p[0]), p)))


@cache
def _pattern(lang: str) -> re.Pattern[str] | None:
    pairs = title_lexicon(lang)
    if not pairs:
        return None
    alternatives = "|".join(re.escape(variant) for variant, _ in pairs)
    # CJK titles are written without spaces around them; others end at a word boundary.
    boundary = "" if lang in {"zh", "ja"} else r"(?<!\w)"
    tail = "" if lang in {"zh", "ja"} else r"(?!\w)"
    return re.compile(f"{boundary}(?:{alternatives}){tail}", re.IGNORECASE)


def canonical_title(text: str, lang: str) -> str | None:
    """The canonical office of a title as written, or None if the lexicon does not know it."""
    folded = " ".join(text.split()).casefold()
    for variant, canonical in title_lexicon(lang):
        if variant.casefold() == folded:
            return canonical
    pattern = _pattern(lang)
    match = pattern.search(text) if pattern else None
    if match is None:
        return None
    return next(c for v, c in title_lexicon(lang) if v.casefold() == match.group(0).casefold())


def title_before(text: str, end: int, lang: str, window: int = 80) -> TitleMatch | None:
    """The title that ends right before offset ``end`` (allowing a comma and spaces), if any."""
    pattern = _pattern(lang)
    if pattern is None:
        return None
    start = max(0, end - window)
    best: TitleMatch | None = None
    for match in pattern.finditer(text, start, end):
        gap = text[match.end() : end]
        if gap.strip(" ,\u00a0") == "":
            found = match.group(0)
            canonical = next(c for v, c in title_lexicon(lang) if v.casefold() == found.casefold())
            candidate = TitleMatch(found, canonical, match.start(), match.end())
            if best is None or candidate.start < best.start:
                best = candidate
    return best
