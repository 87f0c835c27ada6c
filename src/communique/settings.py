"""The one settings object.

Defaults are chosen for a laptop-sized run; every field can be overridden by a
keyword argument or, for the few that users set often, by an environment variable.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date

DEFAULT_DB = "communique.db"


def _env_db() -> str:
    return os.environ.get("COMMUNIQUE_DB") or DEFAULT_DB


def _env_scheduler() -> str | None:
    return os.environ.get("COMMUNIQUE_SCHEDULER") or None


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
    #: A gzipped input (a ``.warc.gz``) may inflate to ``max_document_bytes`` plus this
    #: many times its compressed size; past that it is refused as ``too_large``. News HTML
    #: compresses 4-10 times, so a real archive of any size is read whole, while a gzip
    #: bomb (deflate reaches about 1000 times) is stopped early. Memory stays bounded
    #: either way: compressed input is inflated a chunk at a time.
    max_gzip_ratio: int = 100
    #: Largest request body ``POST /api/ingest`` reads, in bytes: a few documents at the
    #: per-document limit, JSON-escaped. A bigger body is refused (413) unread, or as soon as
    #: the bytes streamed in pass it; a bigger batch belongs to ``communique ingest``.
    max_ingest_bytes: int = 64 * 1024 * 1024
    #: Fewest letters a cleaned article must keep to be worth storing.
    min_text_chars: int = 40
    #: Below this confidence the language detector's answer is replaced by the
    #: input's own language hint, if it has one.
    min_language_score: float = 0.5
    #: Worker processes for the per-article stages (1 = in process).
    workers: int = 1
    #: Dask scheduler that runs the per-article stages instead (``tcp://host:port``), or ``local`` for a
    #: cluster of ``workers`` processes on this machine; None: no Dask (``COMMUNIQUE_SCHEDULER``).
    scheduler: str | None = field(default_factory=_env_scheduler)
    #: Run ``annotate`` and ``resolve`` (entities). Off, ingest only cleans, dates and stores.
    entities: bool = True
    #: Earliest plausible publication or event date. Modern wire and web news begins long
    #: after it; what parses earlier is a placeholder ("0001-01-01", a null date in many CMSs
    #: and databases) or a typo. Lower it to ingest digitised archives.
    earliest_date: date = date(1900, 1, 1)
    #: Days after today a publication date may lie. Time zones put Asia-Pacific editions a
    #: day ahead, embargoed releases and weekly editions carry dates a few days ahead; a week
    #: keeps those (and a slow clock) and refuses placeholders such as "9999-12-31".
    publication_days_ahead: int = 7
    #: Days after today an event date read from text may lie. Summits, visits, elections and
    #: deadlines are announced with an exact day up to a few years ahead; five years keeps
    #: them and drops "2099" or "九九九九年" (a typo or a placeholder, not a plan).
    event_days_ahead: int = 5 * 366
    #: Longest article text, in characters after cleaning, that is annotated and coded; a longer
    #: one is refused as ``too_large`` (in ``ingest``, ``code`` and the API alike, whatever its
    #: language). A long read is 30-60 thousand characters, so 500,000 is ten times any real
    #: article, while one text's annotation stays near 2 GB of memory (spaCy's English model:
    #: 2.1 GB at 616,000 characters) and below spaCy's own ``nlp.max_length`` (1,000,000), so
    #: no model ever refuses a text in its own words.
    max_text_chars: int = 500_000
