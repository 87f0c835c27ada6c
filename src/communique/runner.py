"""Batch runs: read -> per-article stages -> store, committing one batch at a time.

A process killed mid-run keeps every batch it committed; the next run skips
those (they key the same) and completes the rest. An article the store cannot
take (a value no stage foresaw, say a date at the calendar's edge) fails alone:
its batch is stored again one article per transaction, the rest kept, that one
reported as ``store_failed``, so that it never sinks its batch on every re-run.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO

from ._memory import settle
from .crossdoc import BatchResult, add_batch
from .errors import InputError
from .events.crosslingual import reads
from .ingest import read_inputs
from .pipeline import process_many
from .records import Analysed, RawDocument, input_key
from .settings import Settings
from .store import Store

if TYPE_CHECKING:
    from .cluster import Cluster

__all__ = ["IngestSummary", "ingest"]

_LOG = logging.getLogger(__name__)

#: Failures of one article's own values inside the store (arithmetic, conversion, lookup):
#: worth isolating. Database and I/O errors are the store's, not an article's, and still stop
#: the run (every batch committed before is kept).
_ARTICLE_FAULTS = (ArithmeticError, ValueError, TypeError, KeyError, IndexError, AttributeError)


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
    #: Near-duplicate and translation pairs the new articles formed with each other or stored ones.
    duplicates: int = 0
    translations: int = 0
    #: New articles by language, and of them those read for entities (and events).
    languages: Counter[str] = field(default_factory=Counter)
    annotated: Counter[str] = field(default_factory=Counter)

    def add(self, result: BatchResult) -> None:
        """Count what one stored batch did."""
        self.new += result.new
        self.known += result.known
        self.duplicates += result.links.duplicates
        self.translations += result.links.translations

    def to_dict(self) -> dict[str, Any]:
        """JSON shape of the summary."""
        return {
            "read": self.read,
            "new": self.new,
            "already_known": self.known,
            "failed": self.failed,
            "failed_by_reason": dict(sorted(self.failures.items())),
            "without_entities": dict(sorted(self.notes.items())),
            "duplicates": self.duplicates,
            "translations": self.translations,
        }

    def __str__(self) -> str:
        reasons = ", ".join(f"{code}: {n}" for code, n in sorted(self.failures.items()))
        failed = f"{self.failed} failed" + (f" ({reasons})" if reasons else "")
        text = f"{self.read} read, {self.new} new, {self.known} already known, {failed}"
        if self.duplicates or self.translations:
            text += f"; links found: {self.duplicates} near-duplicate, {self.translations} translation"
        if self.notes:
            text += "; without entities: " + ", ".join(f"{k}: {n}" for k, n in sorted(self.notes.items()))
        if self.languages:  # what each language gets (docs/languages.md)
            text += ". By language: " + "; ".join(
                f"{lang}: {n} article{'s' if n != 1 else ''}, {reads(lang, self.annotated[lang])}"
                for lang, n in self.languages.most_common()
            )
        return text


#: Documents looked up in the store at once before they are analysed (one query per window).
_LOOKUP = 256


def _unstored(
    documents: Iterable[RawDocument | InputError],
    store: Store,
    summary: IngestSummary,
    on_progress: Callable[[int], None] | None,
) -> Iterator[RawDocument | InputError]:
    """``documents`` without those stored before (by :func:`~communique.records.input_key`): content
    read again is counted read and already known and costs a hash and a lookup, not an analysis.
    Reader errors pass through."""
    window: list[RawDocument | InputError] = []

    def unstored() -> Iterator[RawDocument | InputError]:
        keys = [input_key(d) if isinstance(d, RawDocument) else None for d in window]
        stored = store.known_inputs(k for k in keys if k)
        for document, key in zip(window, keys, strict=True):
            if key in stored:
                summary.read += 1
                summary.known += 1
                if on_progress:
                    on_progress(1)
            else:
                yield document
        window.clear()

    for document in documents:
        window.append(document)
        if len(window) >= _LOOKUP:
            yield from unstored()
    yield from unstored()


def ingest(
    paths: Iterable[str],
    store: Store,
    settings: Settings | None = None,
    *,
    stdin: BinaryIO | None = None,
    on_error: Callable[[InputError], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    cluster: Cluster | None = None,
) -> IngestSummary:
    """Ingest every document under ``paths`` into ``store`` and say what happened.

    The per-article stages run on ``cluster`` when one is given (connected by the caller), else on the
    Dask scheduler ``settings.scheduler`` names when one is set (connected before anything is read:
    an unreachable one raises :class:`~communique.cluster.ClusterError`), else in ``settings.workers``
    local processes."""
    settings = settings or Settings()
    summary = IngestSummary()
    batch: list[Analysed] = []

    def fail(err: InputError) -> None:
        summary.failed += 1
        summary.failures[err.code] += 1
        if on_error:
            on_error(err)

    def store_alone(item: Analysed) -> None:
        try:
            result = add_batch(store, [item])
        except _ARTICLE_FAULTS as exc:
            _LOG.debug("%s could not be stored", item.article.source, exc_info=exc)
            reason = "could not be stored (an internal error; the rest of its batch was stored)"
            fail(InputError(reason, source=item.article.source, code="store_failed"))
            return
        summary.add(result)

    def commit() -> None:
        try:
            result = add_batch(store, batch)
        except _ARTICLE_FAULTS:
            # The batch was rolled back whole: one transaction per article finds the culprit.
            for item in batch:
                store_alone(item)
        else:
            summary.add(result)
            settle(["store"])  # what storing loads (lexicons, the store's own tables) stays
        if on_progress:
            on_progress(len(batch))
        batch.clear()

    documents = _unstored(read_inputs(paths, settings, stdin=stdin), store, summary, on_progress)
    if cluster is not None or settings.scheduler:
        from .cluster import process_on_cluster

        results = process_on_cluster(documents, settings, cluster or settings.scheduler or "")
    else:
        results = process_many(documents, settings)
    for result in results:
        summary.read += 1
        if isinstance(result, InputError):
            fail(result)
            if on_progress:
                on_progress(1)
            continue
        if result.note:
            summary.notes[result.note] += 1
        summary.languages[result.article.language or "??"] += 1
        summary.annotated[result.article.language or "??"] += settings.entities and not result.note
        batch.append(result)
        if len(batch) >= settings.batch_size:
            commit()
    commit()
    return summary
