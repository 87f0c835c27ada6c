"""Bounded reading: a gzip input inflated under a size limit, and input quoted briefly in messages.

Hostile input must not decide how much memory a run takes nor how long its error
lines get: compressed bytes are inflated as a stream, a chunk at a time, and stop
with :class:`InflateLimitError` past a limit; anything from the input that a message
quotes is clipped first.
"""

from __future__ import annotations

import gzip
import zlib
from typing import BinaryIO

#: Characters of input (or of a library's message quoting input) kept in an error message.
QUOTE_CHARS = 100
#: Bytes inflated per read: small enough that a bomb's worst block stays small in memory.
_CHUNK = 64 * 1024


def clip(text: object, limit: int = QUOTE_CHARS) -> str:
    """``str(text)`` cut to ``limit`` characters (marked with an ellipsis), for quoting input."""
    value = str(text)
    return value if len(value) <= limit else value[:limit] + "…"


class GzipDamageError(Exception):
    """Gzip data that is cut short or damaged.

    Not an ``EOFError``, which readers downstream (warcio) take for a clean end.
    """


class InflateLimitError(Exception):
    """A compressed input inflated past its limit (a gzip bomb, or a dump too big to read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"inflates past the {limit}-byte limit for a compressed input")
        self.limit = limit


def inflate_limit(compressed_size: int, max_document_bytes: int, max_ratio: int) -> int:
    """Most bytes a gzip input of ``compressed_size`` bytes may inflate to.

    Proportional to the input, so a large real archive (news HTML compresses 4-10
    times) is read whole, while a bomb (deflate reaches about 1000 times) stops
    early; the document limit on top lets a small file hold one full document.
    """
    return max_document_bytes + max_ratio * compressed_size


class Inflated:
    """The inflated bytes of a (multi-member) gzip stream, read a chunk at a time.

    ``read`` raises :class:`InflateLimitError` past ``limit`` bytes and
    :class:`GzipDamageError` when the gzip data ends early (a cut file) or is
    damaged; it never inflates more than one chunk ahead.
    """

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._gzip = gzip.GzipFile(fileobj=stream, mode="rb")
        self._limit = limit
        self._count = 0

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` (or one chunk's worth of) inflated bytes; ``b""`` at the end."""
        try:
            data = self._gzip.read1(size if 0 < size <= _CHUNK else _CHUNK)
        except EOFError as exc:
            raise GzipDamageError("gzip data cut short (truncated file)") from exc
        except (gzip.BadGzipFile, zlib.error) as exc:
            raise GzipDamageError(f"damaged gzip data ({clip(exc)})") from exc
        self._count += len(data)
        if self._count > self._limit:
            raise InflateLimitError(self._limit)
        return data

    def tell(self) -> int:
        """Inflated bytes read so far."""
        return self._count
