"""Request parameters as the JSON API and the web pages read them, and the error a bad one raises.

Its own module, below both :mod:`communique.api` and :mod:`communique.web.pages`, so that the pages
read their filters with exactly the API's rules without importing the API (which mounts the pages).
A bad parameter is a :class:`BadParameterError` naming the parameter in ``source``: a 400 in either.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .errors import CommuniqueError
from .events.ontology import PLOVER_CATEGORIES

__all__ = [
    "DIGITS",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "BadParameterError",
    "ascii_digits",
    "check_range",
    "parse_countries",
    "parse_plover",
    "parse_whole_number",
    "shown",
]

_COUNTRY = re.compile(r"^[A-Z]{3}$")
#: A whole number as a parameter: ASCII digits only (``int()`` also reads '²', '٣', ' 1', '+1', '1_0').
DIGITS = re.compile(r"[0-9]+")
#: Largest ``offset`` any list or page takes (and ``limit`` is at most :data:`MAX_LIMIT`): far past
#: any real store, and far below the 64-bit integers the databases take.
MAX_OFFSET = 1_000_000_000
#: Most items in one page of a list.
MAX_LIMIT = 500


class BadParameterError(CommuniqueError):
    """A request parameter (named in ``source``) is missing or malformed."""

    code = "bad_parameter"


def parse_countries(value: str | None, name: str = "countries", *, required: bool = False) -> tuple[str, ...]:
    """``"CHN,KAZ"`` -> ``("CHN", "KAZ")``: one or two ISO 3166-1 alpha-3 codes (any case)."""
    if value is None or not value.strip():
        if required:
            raise BadParameterError("give one or two ISO 3166-1 alpha-3 codes, e.g. CHN,KAZ", source=name)
        return ()
    codes = tuple(c.strip().upper() for c in value.split(","))
    if not 1 <= len(codes) <= 2 or not all(_COUNTRY.match(c) for c in codes):
        raise BadParameterError(
            f"expected one or two ISO 3166-1 alpha-3 codes separated by a comma, e.g. CHN,KAZ; got {value!r}",
            source=name,
        )
    return codes


def parse_plover(value: str | None, name: str = "plover") -> str | None:
    """A PLOVER category (any case), or ``None`` for none given."""
    if value is None or not value.strip():
        return None
    category = value.strip().upper()
    if category not in PLOVER_CATEGORIES:
        raise BadParameterError(
            f"unknown PLOVER category {value!r}; one of {', '.join(PLOVER_CATEGORIES)}", source=name
        )
    return category


def shown(value: str, width: int = 40) -> str:
    """``value`` quoted for an error message, cut to ``width`` characters: a parameter may be huge."""
    return repr(value if len(value) <= width else value[:width] + "…")


def parse_whole_number(
    value: str | None, name: str, *, maximum: int, minimum: int = 0, default: int = 0
) -> int:
    """A whole-number parameter: ``default`` when absent or blank (an empty form field), else the
    digits 0-9 only, between ``minimum`` and ``maximum``; anything else is a 400 naming ``name``."""
    if value is None or not value.strip():
        return default
    # The length test first: int() of thousands of digits is slow, and refused past 4300.
    if (
        not DIGITS.fullmatch(value)
        or len(value.lstrip("0")) > len(str(maximum))
        or not (minimum <= int(value) <= maximum)
    ):
        raise BadParameterError(
            f"expected a whole number from {minimum} to {maximum} in the digits 0-9; got {shown(value)}",
            source=name,
        )
    return int(value)


def ascii_digits(value: Any) -> Any:
    """Before pydantic reads a whole-number query parameter: the digits 0-9 and nothing else (pydantic
    also reads ' 1', '+1', '1_0' and '1.0'). The bounds are the parameter's own ``ge``/``le``."""
    if isinstance(value, str) and not DIGITS.fullmatch(value):
        raise ValueError(f"expected a whole number in the digits 0-9, got {shown(value)}")
    if isinstance(value, str) and len(value.lstrip("0")) > len(str(MAX_OFFSET)):
        raise ValueError(f"expected a whole number of at most {len(str(MAX_OFFSET))} digits")
    return value


def check_range(start: date | None, end: date | None) -> None:
    """A date range must not end before it starts."""
    if start and end and end < start:
        raise BadParameterError(f"end ({end}) is before start ({start})", source="end")
