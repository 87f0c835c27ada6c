"""``IN (...)`` lists in chunks: the one place the store cuts a list of keys for a statement.

Every value in an ``IN`` list is a bound parameter, and both back ends cap how many one statement may
carry: PostgreSQL's wire protocol counts them in 16 bits (65,535 at most), SQLite refuses more than its
``SQLITE_MAX_VARIABLE_NUMBER`` (999 before 3.32, 32,766 since). A batch, a story or an export can name
more keys than that, so every keyed lookup in the store goes through :func:`chunks` or
:func:`select_in`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import sqlalchemy as sa

__all__ = ["CHUNK", "chunks", "nul_free", "select_in"]

#: Values bound in one ``IN`` list: under SQLite's oldest limit (999) with room for a statement's other
#: parameters, far under PostgreSQL's 65,535, and large enough that round trips stay few.
CHUNK = 500

_T = TypeVar("_T")


def chunks(values: Sequence[_T]) -> Iterator[Sequence[_T]]:
    """``values`` in order, :data:`CHUNK` at a time."""
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def select_in(
    connection: sa.Connection, columns: Sequence[Any], column: Any, values: Iterable[str]
) -> list[Any]:
    """The rows of ``SELECT columns WHERE column IN values``, for any number of values: each distinct
    value once, in sorted chunks. The rows come in no particular order."""
    rows: list[Any] = []
    for chunk in chunks(sorted(set(values))):
        rows.extend(connection.execute(sa.select(*columns).where(column.in_(chunk))).all())
    return rows


def nul_free(value: Any) -> Any:
    """``value`` as PostgreSQL stores it: text cannot hold NUL there, which SQLite stores and a JSONL
    "\\u0000" can carry, so the store's statement hook writes U+FFFD (one character for one, which keeps
    every stored offset right); a value compared with a stored one must be read the same way."""
    return value.replace("\x00", "\ufffd") if isinstance(value, str) and "\x00" in value else value
