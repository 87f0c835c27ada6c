"""The one settings object.

Defaults are chosen for a laptop-sized run; every field can be overridden by a
keyword argument or, for the few that users set often, by an environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_DB = "communique.db"


def _env_db() -> str:
    return os.environ.get("COMMUNIQUE_DB") or DEFAULT_DB


@dataclass(frozen=True, slots=True)
class Settings:
    """Tunable knobs of the pipeline and the store."""

    #: SQLite file path or SQLAlchemy URL of the store (``COMMUNIQUE_DB``).
    db: str = field(default_factory=_env_db)
    #: Articles written per transaction. A crash loses at most one batch of
    #: *uncommitted* work; 200 keeps a commit well under a second while the
    #: per-commit fsync cost stays below 1% of the pipeline's time.
    batch_size: int = 200
    #: Largest single document accepted, in bytes. Real news pages are under
    #: 2 MB of HTML; anything past 8 MB is a dump or a mistake, not an article.
    max_document_bytes: int = 8 * 1024 * 1024
    #: Fewest letters a cleaned article must keep to be worth storing.
    min_text_chars: int = 40
    #: Below this confidence the language detector's answer is replaced by the
    #: input's own language hint, if it has one.
    min_language_score: float = 0.5
    #: Worker processes for the per-article stages (1 = in process).
    workers: int = 1
    #: Run ``annotate`` and ``resolve`` (entities). Off, ingest only cleans, dates and stores.
    entities: bool = True
