"""Annotate + resolve throughput per language, next to bare spaCy NER on the same texts.

Prints words/s on one core for: bare spaCy NER (English texts, the model alone), the
English backend (spaCy + rules), every other backend on real or sample news, and the
local + global resolution of all those annotations into a fresh store; then peak memory.

    .venv/bin/python benchmarks/entities_bench.py [--repeat N]
"""

from __future__ import annotations

import platform
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from communique.crossdoc.resolve import resolve_batch
from communique.entities import local_entities
from communique.nlp import annotate, backend_for
from communique.store import Store
from communique.store.ledger import Ledger
from harness import (
    bare_spacy_ner,
    best_of,
    parser,
    peak_rss_mb,
    sample_articles,
    seconds,
    shared_records,
    table,
)

#: Real news from ../shared/corpora, the first 150 texts of each, when present.
SHARED_CORPORA = ("ru_factrueval2016", "es_fakenewscorpus_true", "de_10kgnad")


def _texts() -> dict[str, list[str]]:
    """Texts per language: the sample corpus and test articles, plus ../shared/corpora when present."""
    by_language: dict[str, list[str]] = {}
    for article in sample_articles():
        if article.language:
            by_language.setdefault(article.language, []).append(article.text)
    for name in SHARED_CORPORA:
        for record in shared_records(name, 150):
            by_language.setdefault(record["language"], []).append(record["text"])
    return by_language


def _words(texts: list[str]) -> int:
    return sum(
        len(t.split()) if not any("\u4e00" <= c <= "\u9fff" for c in t[:50]) else len(t) // 2 for t in texts
    )


def annotate_all(annotations: list[tuple[str, Any]], lang: str, texts: list[str]) -> None:
    annotations.extend((lang, annotate(t, lang)) for t in texts)


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--repeat", type=int, default=5, help="passes over the English texts")
    args = options.parse_args()

    texts = _texts()
    english = texts.get("en", []) * args.repeat
    print(f"Python {platform.python_version()} on {platform.machine()}, one core")

    # Warm every backend first: model loading is a once-per-process cost, reported apart.
    for lang, sample in texts.items():
        load = seconds(partial(annotate, sample[0], lang))
        print(f"load + first text [{lang}]: {load:.2f} s")

    bare = bare_spacy_ner()
    (_, bare_time), (_, ours_time) = best_of(
        [lambda: [bare(t) for t in english], lambda: [annotate(t, "en") for t in english]]
    )
    words = _words(english)
    rows: list[tuple[object, ...]] = [
        ("bare spaCy NER (en)", len(english), words, f"{words / bare_time:,.0f}", "1.00"),
        ("en backend (NER + sentences + rules)", len(english), words, f"{words / ours_time:,.0f}",
         f"{ours_time / bare_time:.2f}"),
    ]  # fmt: skip
    annotations: list[tuple[str, Any]] = []
    for lang, sample in sorted(texts.items()):
        if lang == "en":
            continue
        backend_time = seconds(partial(annotate_all, annotations, lang, sample))
        name = backend_for(lang).name if lang in {"fr", "ru", "zh", "es"} else f"fallback-{lang}"
        rows.append(
            (f"{name} ({lang})", len(sample), _words(sample), f"{_words(sample) / backend_time:,.0f}", "")
        )
    print()
    print(table(("what", "texts", "words", "words/s", "ratio to bare NER"), rows))

    # Resolution: local grouping, then the global union-find through the store's indexes.
    annotated = [(f"{i:016x}", ann) for i, (_lang, ann) in enumerate(annotations)]
    local_time = seconds(lambda: [local_entities(key, ann) for key, ann in annotated])
    locals_ = [local for key, ann in annotated for local in local_entities(key, ann)]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.db"))
        with store.engine.connect() as connection:
            # The local entities name articles this store does not hold: foreign keys off, on the
            # driver's connection before the transaction begins (SQLite ignores the pragma inside one).
            dbapi = connection.connection.dbapi_connection
            assert dbapi is not None
            dbapi.cursor().execute("PRAGMA foreign_keys=OFF")
            with connection.begin():
                ledger = Ledger(connection)
                global_time = seconds(lambda: resolve_batch(ledger, [(local, None) for local in locals_]))
        entities = store.count_entities()
        store.close()
    all_words = sum(_words([t]) for ts in texts.values() for t in ts if ts is not texts.get("en"))
    print(
        f"\nresolve: {len(annotated)} articles, {len(locals_)} local entities -> {entities} entities; "
        f"local {local_time:.2f} s, global {global_time:.2f} s "
        f"({all_words / max(local_time + global_time, 1e-9):,.0f} words/s)"
    )
    print(f"peak RSS (all backends loaded): {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
