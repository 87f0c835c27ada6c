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

__all__ = [
    "is_han",
    "name_keys",
    "phonetic",
    "script",
    "skeleton",
    "sound_classes",
    "sound_parts",
    "sounds_alike",
]

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


def script(name: str) -> str:
    """The script a name is written in: "han", "cyrillic" or "latin" (anything else counts as Latin)."""
    if is_han(name):
        return "han"
    if any("\u0400" <= ch <= "\u04ff" for ch in name):
        return "cyrillic"
    return "latin"


# Sound classes: what survives when a name crosses scripts. A foreign name written in Chinese
# characters keeps its consonants but not its vowels (it adds a vowel after every consonant:
# "Makelong" for Macron, "Xiao'erci" for Scholz), and a Cyrillic spelling keeps consonants better
# than vowels ("Трамп" for Trump). So a name is reduced to its consonants, each as one of seven
# classes of sounds that transliteration keeps apart: labials P, dentals T, velars K, sibilants and
# affricates S, liquids L, nasals N, and H for "h" and "kh" ("х"), which is often dropped and so
# costs little ("w", "y" and vowels are dropped).
_LATIN_SOUNDS = (
    ("tsch", "S"),
    ("sch", "S"),
    ("tch", "S"),
    ("dzh", "S"),
    ("sh", "S"),
    ("ch", "S"),
    ("zh", "S"),
    ("ts", "S"),
    ("tz", "S"),
    ("cz", "S"),
    ("sz", "S"),
    ("dz", "S"),
    ("ck", "K"),
    ("kh", "H"),
    ("gh", "K"),
    ("ph", "P"),
    ("th", "T"),
    ("qu", "K"),
    ("x", "KS"),
    ("j", "S"),
    ("g", "K"),
    ("k", "K"),
    ("q", "K"),
    ("b", "P"),
    ("p", "P"),
    ("f", "P"),
    ("v", "P"),
    ("t", "T"),
    ("d", "T"),
    ("s", "S"),
    ("z", "S"),
    ("l", "L"),
    ("r", "L"),
    ("m", "N"),
    ("n", "N"),
    ("h", "H"),
)
_PINYIN_INITIALS = (
    ("zh", "S"),
    ("ch", "S"),
    ("sh", "S"),
    *((letter, "P") for letter in "bpf"),
    *((letter, "T") for letter in "dt"),
    *((letter, "K") for letter in "gk"),
    *((letter, "S") for letter in "jqxzcs"),
    *((letter, "L") for letter in "lr"),
    *((letter, "N") for letter in "mn"),
    ("h", "H"),
)


def _merge(classes: str) -> str:
    # "Nazarbayev" has b-v where 纳扎尔巴耶夫 has ba-fu: one class run counts once.
    return re.sub(r"(.)\1+", r"\1", classes)


def _latin_classes(word: str, vowels: bool = False) -> str:
    text = re.sub(r"[^a-z]", "", _fold(word))
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "c":  # soft before a front vowel ("Cicero"), hard elsewhere ("Macron")
            out.append("S" if text[i + 1 : i + 2] in ("e", "i", "y") and i + 1 < len(text) else "K")
            i += 1
            continue
        for spelling, sound in _LATIN_SOUNDS:
            if text.startswith(spelling, i):
                out.append(sound)
                i += len(spelling)
                break
        else:
            if vowels and text[i] in "aeiouy":
                out.append("V")
            i += 1  # a vowel or "w"
    return _merge("".join(out))


def _pinyin_classes(syllables: list[str]) -> str:
    out: list[str] = []
    for syllable in syllables:
        if syllable == "er":  # 尔 renders a final r or l ("Scholz" 肖尔茨, "Merkel" 默克尔)
            out.append("L")
            continue
        for initial, sound in _PINYIN_INITIALS:
            if syllable.startswith(initial):
                out.append(sound)
                break
        if syllable.endswith("n") or syllable.endswith("ng"):
            out.append("N")
    return _merge("".join(out))


def _han_syllables(part: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s for s in lazy_pinyin(part, style=Style.NORMAL, errors="ignore") if s.isalpha()]


def sound_classes(part: str, vowels: bool = False) -> str:
    """One name part as its consonant classes (see above), in any script:
    "Macron", "Макрон" and "马克龙" all give "NKLN"; "Scholz", "Шольц" and "肖尔茨" give "SLS".
    With ``vowels``, each run of vowels of a Latin or Cyrillic name is kept as "V" ("Trump" and
    "Трамп" give "TLVNP"): between those scripts vowels survive, and a name is too short without them."""
    if is_han(part):
        return _pinyin_classes(_han_syllables(part))
    if script(part) == "cyrillic":
        from .nlp.russian import transliterate

        part = transliterate(part)
    return _latin_classes(part, vowels)


@cache
def sound_parts(name: str) -> tuple[str, ...]:
    """The sound classes of each part of a name ("唐纳德·特朗普" -> ("TNT", "TLNP"))."""
    return tuple(sound_classes(p) for p in _PARTS.split(name) if p and sound_classes(p))


# Substitutions and omissions transliteration makes: a dental before a front vowel is often
# rendered as an affricate (Путин 普京 "Pujing"), a liquid or nasal at a syllable's end is
# dropped or added (Merkel 默克尔 "Mo-ke-er", Donald 唐纳德 "Tang-na-de"), and a final or doubled
# vowel comes and goes (Hollande / Олланд). Each costs half an edit, any other change one.
_CHEAP_SWAPS = frozenset({("T", "S"), ("S", "T")})
_CHEAP_GAPS = frozenset("LNVH")


def _distance(a: str, b: str) -> float:
    row = [0.0]
    for ch in b:
        row.append(row[-1] + (0.5 if ch in _CHEAP_GAPS else 1.0))
    for x in a:
        gap_x = 0.5 if x in _CHEAP_GAPS else 1.0
        new = [row[0] + gap_x]
        for j, y in enumerate(b, 1):
            swap = 0.0 if x == y else 0.5 if (x, y) in _CHEAP_SWAPS else 1.0
            gap_y = 0.5 if y in _CHEAP_GAPS else 1.0
            new.append(min(row[j - 1] + swap, row[j] + gap_x, new[j - 1] + gap_y))
        row = new
    return row[-1]


@cache
def sounds_alike(a: str, b: str, exact_short: bool = False) -> bool:
    """Whether two name parts in different scripts can be one name transliterated: the same first
    sound class and a small weighted edit distance between their classes.

    Against Han characters only consonant classes count (Chinese adds a vowel after every
    consonant); three at least, half an edit allowed up to four and one from five — so that
    Macron/马克龙, Scholz/肖尔茨, Merkel/默克尔 and Trump/特朗普 pass, while a two-class name
    (武明科 NK) meets far too many others to say anything. Between Latin and Cyrillic, vowel runs
    count too (they survive that crossing); three units at least, exact up to three, half an edit
    up to seven, one from eight: Trump/Трамп, Biden/Байден, Hollande/Олланд pass, Putin/Потанин
    (PVTVN/PVTVNVN), Lavrov/Рябков and Andrey/Meade do not. With ``exact_short`` (a given name
    beside a surname that matched), a shorter part passes when its classes are the same: Joe/Джо."""
    han = is_han(a) or is_han(b)
    ca, cb = sound_classes(a, not han), sound_classes(b, not han)
    if han:
        ca, cb = ca.replace("V", ""), cb.replace("V", "")
    if min(len(ca), len(cb)) < 3:
        return exact_short and bool(ca) and ca == cb
    if ca.lstrip("H")[:1] != cb.lstrip("H")[:1]:  # an "h" is often dropped (Hawking 霍金, Olland)
        return False
    longest = max(len(ca), len(cb))
    # (Tolerances per script pair: see the docstring.)
    han_allowed = 0.5 if longest <= 4 else 1.0
    allowed = han_allowed if han else 0.0 if longest <= 3 else 0.5 if longest <= 7 else 1.0
    return _distance(ca, cb) <= allowed
