"""One error hierarchy for Communiqué.

Every error a user can see is a :class:`CommuniqueError`. Errors carry a short
machine-readable ``code`` and, where one exists, the ``source`` (file, line or
URL) they concern, so that the CLI, the API and the logs can all render the same
canonical JSON shape (:meth:`CommuniqueError.to_dict`).
"""

from __future__ import annotations

from typing import Any


class CommuniqueError(Exception):
    """Base class of every error Communiqué raises on purpose."""

    code: str = "error"

    def __init__(self, message: str, *, source: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return f"{self.source}: {self.message}" if self.source else self.message

    def to_dict(self) -> dict[str, Any]:
        """The canonical JSON error body: ``{"error": {"type", "code", "message", "source"}}``."""
        return {
            "error": {
                "type": type(self).__name__,
                "code": self.code,
                "message": self.message,
                "source": self.source,
            }
        }


class InputError(CommuniqueError):
    """One input (a file, a JSONL line, a feed entry, a WARC record) could not be ingested.

    The batch goes on; the error is reported and counted by its ``code``.
    """

    code = "bad_input"


class StoreError(CommuniqueError):
    """The store could not be opened, migrated, read or written."""

    code = "store"


class NotFoundError(CommuniqueError):
    """A record asked for by id does not exist."""

    code = "not_found"
