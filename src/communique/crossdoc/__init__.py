"""The cross-article stages: what a batch of analysed articles changes in what is already stored.

The per-article cascade (:mod:`communique.pipeline`) turns one document into an
:class:`~communique.records.Analysed` record on its own. These stages need the store, and run in one
write transaction per batch (:meth:`communique.store.Store.ledger`), in this order:

1. ``articles`` — store the new articles and every new source of a known one;
2. ``resolve`` (:mod:`.resolve`) — join the new local entities with stored ones into entities;
3. ``events`` (:mod:`.events`) — merge the new event mentions into events, re-keying the stored events
   that name an entity resolution renamed;
4. ``link`` (:mod:`.links`) — near-duplicates, translations and the stories around what changed.

Each stage reads and writes only through the :class:`~communique.store.ledger.Ledger` it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import Analysed, Article, iso_date
from ..store import Store
from .events import repair_events, store_events
from .links import LinkSummary, link_batch
from .resolve import resolve_batch

__all__ = ["BatchResult", "add_articles", "add_batch", "repair"]


@dataclass(frozen=True)
class BatchResult:
    """What one batch did: articles stored and already known, entities renamed, events touched, links."""

    new: int
    known: int
    renamed_entities: int
    events: int
    links: LinkSummary


def add_batch(store: Store, items: Sequence[Analysed]) -> BatchResult:
    """Store a batch of analysed articles in one transaction and carry it through every cross-article
    stage; a batch is stored whole or not at all."""
    if not items:
        return BatchResult(0, 0, 0, 0, LinkSummary())
    firsts: dict[str, Analysed] = {}
    for item in items:
        firsts.setdefault(item.article.id, item)
    with store.ledger() as ledger:
        stored = ledger.add_articles([item.article for item in items])
        ledger.add_input_keys({item.input_key: item.article.id for item in items if item.input_key})
        new = [firsts[key] for key in stored.new]
        resolved = resolve_batch(
            ledger, [(local, iso_date(item.article.published)) for item in new for local in item.entities]
        )
        # Records that show what changed without a new mention of theirs: an entity's new name,
        # an already stored article's new outlet.
        restate = ledger.events_naming(resolved.restated) | ledger.events_of_articles(stored.new_sources)
        touched = store_events(
            ledger,
            [(item.article.id, item.events) for item in new if item.events],
            [local for item in new for local in item.entities],
            resolved.renamed,
            restate,
        )
        links = link_batch(ledger, [(item.article.id, item.signature) for item in new], touched)
    # Whatever was not new (stored before, or repeated within the batch) was already known.
    return BatchResult(len(new), len(items) - len(new), len(resolved.renamed), len(touched), links)


def add_articles(store: Store, batch: Sequence[Article]) -> BatchResult:
    """Store articles without entities or events (read from elsewhere, or for a benchmark)."""
    return add_batch(store, [Analysed(article) for article in batch])


def repair(store: Store) -> int:
    """Point event mentions that name entities which no longer exist (a store written before
    references were kept whole) at the entities their spans belong to now, re-key and restate their
    events and the stories around them; return the number of events rewritten."""
    with store.ledger() as ledger:
        touched = repair_events(ledger)
        link_batch(ledger, [], touched)
    return len(touched)
