"""Batch runs: read -> per-article stages -> store, committing one batch at a time.

A process killed mid-run keeps every batch it committed; the next run skips
those (they key the same) and completes the rest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from .errors import InputError
from .ingest import read_inputs
from .pipeline import process_many
from .records import Analysed
from .settings import Settings
from .store import Store

__all__ = ["IngestSummary", "ingest"]


@dataclass(slots=True)
class IngestSummary:
    """What one ingest run did."""

    read: int = 0
    new: int = 0
    known: int = 0
    failed: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    #: Articles stored without entities, by reason (e.g. an unsupported language).
    notes: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the summary."""
        return {
            "read": self.read,
            "new": self.new,
            "already_known": self.known,
            "failed": self.failed,
            "failed_by_reason": dict(sorted(self.failures.items())),
            "without_entities": dict(sorted(self.notes.items())),
        }

    def __str__(self) -> str:
        reasons = ", ".join(f"{code}: {n}" for code, n in sorted(self.failures.items()))
        failed = f"{self.failed} failed" + (f" ({reasons})" if reasons else "")
        text = f"{self.read} read, {self.new} new, {self.known} already known, {failed}"
        if self.notes:
            text += "; without entities: " + ", ".join(f"{k}: {n}" for k, n in sorted(self.notes.items()))
        return text


def ingest(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    *,
    stdin: BinaryIO | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store`` and say what happened."""
    settings = settings or Settings()
    summary = IngestSummary()
    batch: list[Analysed] = []

    def commit() -> None:
        new, known = store.add_batch(batch)
        summary.new += new
        summary.known += known
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    for result in process_many(read_inputs(paths, settings, stdin=stdin), settings):
        summary.read += 1
        if isinstance(result, InputError):
            summary.failed += 1
            summary.failures[result.code] += 1
            if on_error:
                on_error(result)
            if on_progress:
                on_progress(1)
            continue
        if result.note:
            summary.notes[result.note] += 1
        batch.append(result)
        if len(batch) >= settings.batch_size:
            commit()
    commit()
    return summary
