"""The per-article pipeline on event-dense English news against bare spaCy NER, in one process.

    .venv/bin/python benchmarks/coder_speed.py [--articles N]

Texts: the sentences of ``../shared/eventdata/real_en_dev.tsv`` (real news, measure only: read and
timed, nothing kept) joined 12 to an article, so every sentence reports an event and passes the
coder's gate: the worst case for the parse. Baseline: ``en_core_web_sm`` with NER only (the tagger,
attribute ruler, lemmatiser and parser off), one text at a time, on the same texts. Printed: seconds
of each and the ratio (baseline / pipeline; 1.0 would be bare NER's speed).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "eventdata" / "real_en_dev.tsv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=0, help="use the first N articles (0: all)")
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} is missing: this figure needs ../shared beside the checkout")
    from communique.nlp.spacy_backend import _load
    from communique.pipeline import process_many
    from communique.records import RawDocument
    from communique.settings import Settings

    with DATA.open(encoding="utf-8", newline="") as handle:
        rows = [r["text"] for r in csv.DictReader(handle, delimiter="\t")]
    texts = [" ".join(rows[i : i + 12]) for i in range(0, len(rows), 12)]
    texts = texts[: args.articles] if args.articles else texts
    raws = [
        RawDocument(source=f"a{i}", text=t, language="en", published="2020-01-15")
        for i, t in enumerate(texts)
    ]
    settings = Settings(workers=1)
    list(process_many(raws[:3], settings))  # models loaded before timing
    nlp = _load("en")
    start = time.perf_counter()
    for text in texts:
        nlp(text, disable=["parser", "tagger", "attribute_ruler", "lemmatizer"])
    bare = time.perf_counter() - start
    start = time.perf_counter()
    results = list(process_many(raws, settings))
    full = time.perf_counter() - start
    events = sum(len(r.events) for r in results if hasattr(r, "events"))
    print(
        f"articles {len(texts)}  bare NER {bare:.1f} s  pipeline (1 worker, every stage) {full:.1f} s  "
        f"ratio {bare / full:.2f}  event mentions {events}"
    )


if __name__ == "__main__":
    main()
