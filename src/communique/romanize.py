"""Names in other scripts as comparable Latin keys.

A name may reach us as "Wang Xiaoming", "王小明" or "Ван Сяомин", and as
"Nazarbayev", "Nazarbaev" or "Назарбаев". :func:`name_keys` gives every Latin reading of a
name that the data supports — pinyin for Han (pypinyin), a transliteration for
Cyrillic, and, when a Cyrillic name is a Chinese name in the Palladius system,
its pinyin (Palladius syllables come from pypinyin's own Cyrillic style) — each
reduced by :func:`phonetic` so that transliteration habits do not separate them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

__all__ = ["is_han", "name_keys", "phonetic", "skeleton"]

_PARTS = re.compile(r"[\s\-‐·・.]+")
# Spelling habits of romanisation systems, folded to one form (applied in order).
_FOLDS = (
    ("kh", "h"),
    ("zh", "j"),
    ("dzh", "j"),
    ("tch", "ch"),
    ("ts", "c"),
    ("yu", "iu"),
    ("ya", "ia"),
    ("ye", "ie"),
    ("yo", "io"),
    ("y", "i"),
    ("w", "v"),
    ("ph", "f"),
    ("ou", "u"),
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phonetic(part: str) -> str:
    """A name part with transliteration variants folded: "Nazarbayev"/"Nazarbaev" -> "nazarbaiev"/"nazarbaev",
    "Zhomart"/"Jomart" -> "jomart", doubled letters single ("Assel" -> "asel")."""
    folded = re.sub(r"[^a-z]", "", _fold(part))
    for old, new in _FOLDS:
        folded = folded.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", folded)


@cache
def _palladius() -> dict[str, str]:
    """Cyrillic (Palladius) syllable -> pinyin syllable, from pypinyin's dictionary."""
    from pypinyin import Style
    from pypinyin.pinyin_dict import pinyin_dict
    from pypinyin.style import convert

    table: dict[str, str] = {}
    # ~1,500 distinct toned syllables behind ~40,000 characters: convert each once.
    for reading in dict.fromkeys(r for readings in pinyin_dict.values() for r in readings.split(",")):
        plain = convert(reading, Style.NORMAL, strict=True, default=reading)
        cyrillic = convert(reading, Style.CYRILLIC, strict=True, default=reading).rstrip("12345")
        table.setdefault(cyrillic, plain)
    return table


def _palladius_to_pinyin(part: str) -> str | None:
    """Segment a Cyrillic name part into Palladius syllables ("сяомин" -> "xiaoming"), or None."""
    table = _palladius()
    word = part.lower()
    best: list[str | None] = [""] + [None] * len(word)
    for end in range(1, len(word) + 1):
        for start in range(max(0, end - 5), end):
            head, piece = best[start], table.get(word[start:end])
            if head is not None and piece is not None:
                best[end] = head + piece
                break
    return best[-1]


def _han(name: str) -> str:
    # Chinese names read surname first ("Wang Xiaoming"); transliterated foreign names,
    # which start with no Chinese surname, read as one word ("Tuokayefu").
    from .nlp.chinese import romanize

    return romanize(name)


def _cyrillic(name: str) -> list[str]:
    from .nlp.russian import transliterate

    readings = [transliterate(name)]
    parts = [p for p in _PARTS.split(name) if p]
    # A Chinese name in Palladius has two or three parts of at most three syllables each.
    if 2 <= len(parts) <= 3 and all(len(p) <= 8 for p in parts):
        pinyin = [_palladius_to_pinyin(p) for p in parts]
        if all(pinyin):
            readings.append(" ".join(p for p in pinyin if p))
    return readings


def is_han(name: str) -> bool:
    """Whether a name is written in Han characters."""
    return any("\u3400" <= ch <= "\u9fff" for ch in name)


def skeleton(word: str) -> str:
    """Consonants of a romanised word, for names transliterated into Chinese characters:
    "nazaerbayefu" (纳扎尔巴耶夫) and "Nazarbayev" both give "nzrbv"."""
    folded = re.sub(r"[^a-z]", "", _fold(word)).replace("f", "v")
    return re.sub(r"[aeiouyw]", "", folded)


@cache
def name_keys(name: str) -> tuple[str, ...]:
    """Every phonetic Latin key of a name (parts separated by one space), the main reading first."""
    if is_han(name):
        readings = [_han(name)]
    elif any("\u0400" <= ch <= "\u04ff" for ch in name):
        readings = _cyrillic(name)
    else:
        readings = [name]
    keys: dict[str, None] = {}
    for reading in readings:
        parts = [phonetic(p) for p in _PARTS.split(reading) if p]
        if parts and all(parts):
            keys[" ".join(parts)] = None
    return tuple(keys)
