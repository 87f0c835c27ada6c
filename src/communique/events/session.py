"""Institutional meetings in a sentence (part of stage ``code``, pure).

The session number and the institution whose session it is ("the 11th Meeting of the X
Committee", "第十一次会议"), and the words that make a meeting co-chaired. A session named as a past
reference point ("since the 10th meeting") is no event.
"""

from __future__ import annotations

import re

from ..nlp.base import Mention

__all__: list[str] = []


_ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "premier": 1, "première": 1, "deuxième": 2, "troisième": 3, "quatrième": 4, "cinquième": 5,
    "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12,
    "primera": 1, "segunda": 2, "tercera": 3, "cuarta": 4, "quinta": 5, "sexta": 6, "séptima": 7,
    "octava": 8, "novena": 9, "décima": 10,
}  # fmt: skip
_CJK_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SESSION_WORDS = (
    r"(?:meeting|session|round|plenary|réunion|session|sesión|reunión|заседани\w*|сесси\w*|встреч\w*)"
)
_SESSION = re.compile(
    r"(?P<num>\d{1,3})\s*(?:st|nd|rd|th|e|ème|er|re|\.ª|ª|\.º|º|-?[еяйго]{1,2})?\s+"
    + _SESSION_WORDS
    + r"|(?P<word>"
    + "|".join(_ORDINALS)
    + r")\s+"
    + _SESSION_WORDS,
    re.IGNORECASE,
)
_CJK_SESSION = re.compile(r"第(?P<num>[\d一二两三四五六七八九十百]+)(?:次|届|轮)(?:会议|会晤|全体会议|会谈)")
#: A session named as a past reference point ("since the 10th meeting") is no event.
_SINCE = re.compile(
    r"(?:since|depuis|desde|после|с момента|со времени|自|以来|at the previous|lors de la précédente)\s+"
    r"(?:the\s+|la\s+|its\s+|sa\s+|le\s+)?(?:\w+\s+)?$",
    re.IGNORECASE,
)
_CO_CHAIR = re.compile(
    r"co-?chair|coprésid|copresid|сопредседател|共同主持|under the chairmanship|chaired", re.IGNORECASE
)


def _cjk_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = _CJK_DIGITS.get(char, 0)
    return total + current


def _session(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[int, Mention] | None:
    """Session number and institution: "the 11th Meeting of the X Committee", "第十一次会议"."""
    body = text[start:end]
    for match in _SESSION.finditer(body):
        if _SINCE.search(body[max(0, match.start() - 20) : match.start()]):
            continue
        number = int(match["num"]) if match["num"] else _ORDINALS[match["word"].lower()]
        after = start + match.end()
        following = [m for m in mentions if m.type == "ORG" and after <= m.start <= after + 20]
        if following:
            return number, min(following, key=lambda m: m.start)
    for match in _CJK_SESSION.finditer(body):
        before = start + match.start()
        preceding = [m for m in mentions if m.type == "ORG" and before - 2 <= m.end <= before]
        if preceding:
            return _cjk_number(match["num"]), preceding[-1]
    return None
