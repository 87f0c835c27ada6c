"""Entity precision and recall of the fallback backend (capitalisation rules, titles, gazetteer).

Two measurements, each split in a tune half (errors looked at) and a check half (only reported):

1. German: ``benchmarks/gold/de_10kgnad_entities.tsv``, person/org/place spans annotated by hand on
   42 DER Standard articles of ``shared/corpora/de_10kgnad`` (records, halves and conventions in the
   file's header), scored with :class:`communique.nlp.fallback.FallbackBackend` for ``de``;
2. Russian as a proxy for the Cyrillic rules: factRuEval-2016 (``factrueval.py`` reads its gold
   spans and scores), run through the fallback backend for ``ru`` (not natasha); texts alternate in
   file order between the tune half (even positions) and the check half (odd positions).

Matching is one-to-one and typed (``factrueval.score``): exact (the same span) and overlap (a
shared character). Run from the repository root::

    .venv/bin/python benchmarks/fallback_entities.py [--half tune|check|both] [--errors N]
        [--corpus de|ru|both]
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from communique.nlp.fallback import FallbackBackend
from factrueval import DEFAULT_CORPUS, Doc, GoldEntity, Prediction, load_corpus, prf_rows, show_errors
from harness import ROOT, SHARED, parser, table

DE_GOLD = ROOT / "benchmarks" / "gold" / "de_10kgnad_entities.tsv"
DE_CORPUS = SHARED / "corpora" / "de_10kgnad" / "de_10kgnad_test_sample.jsonl"


def load_german(gold: Path, corpus: Path) -> dict[str, list[Doc]]:
    """The annotated German records with their gold spans, by half ("tune", "check")."""
    texts: dict[str, str] = {}
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            texts[str(record["id"])] = str(record["text"])
    docs: dict[str, Doc] = {}
    halves: dict[str, str] = {}
    for line in gold.read_text("utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        record, half, start, end, kind, surface = line.split("\t")
        text = texts[record]
        if text[int(start) : int(end)] != surface:
            raise ValueError(f"{record} {start}:{end} is {text[int(start) : int(end)]!r}, not {surface!r}")
        doc = docs.setdefault(record, Doc(record, text, []))
        doc.gold.append(GoldEntity(kind, [(int(start), int(end))]))
        halves[record] = half
    out: dict[str, list[Doc]] = {"tune": [], "check": []}
    for record, doc in docs.items():
        out[halves[record]].append(doc)
    return out


def split_russian(docs: Sequence[Doc]) -> dict[str, list[Doc]]:
    """factRuEval texts in two halves: even positions tune, odd positions check."""
    return {"tune": list(docs[0::2]), "check": list(docs[1::2])}


def predict(lang: str, docs: Sequence[Doc]) -> list[list[Prediction]]:
    """The fallback backend's mentions for each document."""
    backend = FallbackBackend(lang)
    return [[Prediction(m.type, m.start, m.end) for m in backend.annotate(d.text).mentions] for d in docs]


def main(argv: Sequence[str] | None = None) -> int:
    """Score the fallback backend on the German gold and on factRuEval, by half."""
    options = parser(__doc__)
    options.add_argument("--half", choices=("tune", "check", "both"), default="both")
    options.add_argument("--corpus", choices=("de", "ru", "both"), default="both")
    options.add_argument("--errors", type=int, default=0, help="print N errors per type (tune half only)")
    args = options.parse_args(argv)
    halves = ("tune", "check") if args.half == "both" else (args.half,)
    sets: list[tuple[str, dict[str, list[Doc]]]] = []
    if args.corpus in ("de", "both"):
        if not DE_CORPUS.is_file():
            print(f"corpus not found: {DE_CORPUS}", file=sys.stderr)
            return 2
        sets.append(("de", load_german(DE_GOLD, DE_CORPUS)))
    if args.corpus in ("ru", "both"):
        if not DEFAULT_CORPUS.is_file():
            print(f"corpus not found: {DEFAULT_CORPUS}", file=sys.stderr)
            return 2
        sets.append(("ru", split_russian(load_corpus(DEFAULT_CORPUS, None))))
    header = ("system", "match", "type", "gold", "pred", "P", "R", "F1")
    for lang, by_half in sets:
        for half in halves:
            docs = by_half[half]
            preds = predict(lang, docs)
            required = sum(1 for d in docs for g in d.gold if not g.optional)
            print(f"\n{lang} {half}: {len(docs)} texts, {required} gold entities\n")
            print(table(header, prf_rows(f"fallback-{lang}", docs, preds), align="lllrrrrr"))
            if args.errors and half == "tune":
                print()
                show_errors(docs, preds, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
