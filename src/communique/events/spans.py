"""Finding the items (tokens, mentions) of one sentence without scanning the whole article.

Coding looks, for every sentence, at the tokens and mentions inside it. Filtering the article's
whole list each time costs sentences × items: quadratic in the article's length (a 2 MB text has
tens of thousands of each). An :class:`OffsetIndex` sorts the start offsets once and answers each
range with two binary searches, in the items' original order, so the answer is the very list the
filter would give.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import Generic, TypeVar

__all__ = ["OffsetIndex"]

T = TypeVar("T")


class OffsetIndex(Generic[T]):
    """Items with a start offset, looked up by range of starts in O(log n + k)."""

    __slots__ = ("_in_order", "_items", "_order", "_starts")

    def __init__(self, items: Sequence[T], start: Callable[[T], int]) -> None:
        self._items = items
        starts = [start(item) for item in items]
        # Backends give items in text order: then the index is the list itself. Otherwise the
        # positions are sorted by start and a range is put back in the original order.
        self._in_order = all(a <= b for a, b in pairwise(starts))
        if self._in_order:
            self._order: list[int] = []
            self._starts = starts
        else:
            self._order = sorted(range(len(items)), key=starts.__getitem__)
            self._starts = [starts[i] for i in self._order]

    def __len__(self) -> int:
        return len(self._items)

    @property
    def items(self) -> Sequence[T]:
        """All the items, in their original order."""
        return self._items

    def within(self, start: int, end: int) -> list[T]:
        """The items whose start offset ``s`` has ``start <= s < end``, in their original order
        (what ``[i for i in items if start <= i.start < end]`` gives)."""
        low = bisect_left(self._starts, start)
        high = bisect_left(self._starts, end, low)
        if self._in_order:
            return list(self._items[low:high])
        return [self._items[i] for i in sorted(self._order[low:high])]
