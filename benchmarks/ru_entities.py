"""Entity precision and recall of the Russian backend on factRuEval-2016, and its throughput.

Reads ``shared/corpora/ru_factrueval2016/ru_factrueval2016.jsonl`` (254 news texts with the
factRuEval object layer: each object has a type and several typed spans), runs in one process

1. bare natasha NER (``NewsNERTagger`` on the text, types mapped PER->PERSON, ORG->ORG, LOC->PLACE);
2. :class:`communique.nlp.russian.RussianBackend` (natasha plus this project's rules);

and prints a markdown table of precision, recall and F1 per type and overall, for exact-span and
overlap matching, with words per second for both.

Gold spans follow the convention natasha's authors use to score on factRuEval (the nerus
project's adapter): a Person spans its object from first to last span (name, patronymic,
surname); an Org is each ``org_name`` span; a Location or LocOrg each ``loc_name`` span
(descriptors such as "мэрии", "района" are not part of a name). Refinements, the same for both
systems:

* overlapping alternatives inside one object ("МИДа" and "японского МИДа") are one entity, and
  either span is an exact match;
* an entity nested inside another gold entity ("Европы" in "Парламентской ассамблеи Совета
  Европы"), a second type on the very same span, and the rare Project/Facility objects are
  *optional*: a prediction that matches one is neither a hit nor a false alarm, and missing it
  costs nothing, because a flat tagger can give only one of two nested spans.

Matching is one-to-one and typed. Exact: the predicted span equals an accepted gold span.
Overlap: the spans share at least one character.

Run from the repository root::

    .venv/bin/python benchmarks/ru_entities.py [--corpus PATH] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

# pymorphy2 (inside natasha) imports pkg_resources, which warns on every run: noise here.
warnings.filterwarnings("ignore", category=UserWarning, module="pymorphy2")

import natasha  # type: ignore[import-untyped]  # noqa: E402  (before pymorphy2, DESIGN.md)

from communique.nlp.russian import RussianBackend  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "ru_factrueval2016" / "ru_factrueval2016.jsonl"
TYPES = ("PERSON", "ORG", "PLACE")
GOLD_TYPES = {"Person": "PERSON", "Org": "ORG", "Location": "PLACE", "LocOrg": "PLACE"}
NATASHA_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}

Span = tuple[int, int]


@dataclass
class GoldEntity:
    type: str
    #: Spans accepted as an exact match.
    spans: list[Span]
    optional: bool = False

    @property
    def extent(self) -> Span:
        return min(s[0] for s in self.spans), max(s[1] for s in self.spans)


@dataclass
class Doc:
    id: str
    text: str
    gold: list[GoldEntity]


@dataclass
class Prediction:
    type: str
    start: int
    end: int


@dataclass
class Counts:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)


def _groups(spans: list[Span]) -> list[list[Span]]:
    """Overlapping spans of one object grouped together (alternatives for one name)."""
    groups: list[list[Span]] = []
    for span in sorted(set(spans)):
        if groups and span[0] < max(s[1] for s in groups[-1]):
            groups[-1].append(span)
        else:
            groups.append([span])
    return groups


def load_gold(record: dict[str, object]) -> list[GoldEntity]:
    """Gold entities of one record (see the module docstring for the convention)."""
    entities: list[GoldEntity] = []
    seen: set[tuple[str, tuple[Span, ...]]] = set()
    optional_any: list[Span] = []
    for obj in record["entities"]:  # type: ignore[attr-defined]
        spans = [(int(s["start"]), int(s["end"])) for s in obj["spans"]]
        kind = GOLD_TYPES.get(obj["type"])
        if kind is None:  # Project, Facility: not types the systems produce
            optional_any.append((min(s[0] for s in spans), max(s[1] for s in spans)))
            continue
        if kind == "PERSON":
            groups = [[(min(s[0] for s in spans), max(s[1] for s in spans))]]
        else:
            wanted = "org_name" if kind == "ORG" else "loc_name"
            names = [(int(s["start"]), int(s["end"])) for s in obj["spans"] if s["span_type"] == wanted]
            groups = _groups(names)
        for group in groups:
            key = (kind, tuple(sorted(group)))
            if key not in seen:
                seen.add(key)
                entities.append(GoldEntity(kind, sorted(group)))
    # Nested entities, and a second type on the very same span, become optional: the outermost
    # (longest first) stays required. Partly overlapping ones both stay required.
    entities.sort(key=lambda e: (e.extent[0], -(e.extent[1] - e.extent[0])))
    kept: list[Span] = []
    for entity in entities:
        lo, hi = entity.extent
        if any(a <= lo and hi <= b for a, b in kept):
            entity.optional = True
        else:
            kept.append((lo, hi))
    for span in optional_any:
        for kind in TYPES:
            entities.append(GoldEntity(kind, [span], optional=True))
    return entities


def load_corpus(path: Path, limit: int | None) -> list[Doc]:
    """The corpus records with their gold entities."""
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            docs.append(Doc(str(record["id"]), str(record["text"]), load_gold(record)))
            if limit and len(docs) >= limit:
                break
    return docs


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(docs: Sequence[Doc], predictions: Sequence[Sequence[Prediction]], exact: bool) -> Counts:
    """True/false positives and misses per type, one-to-one typed matching."""
    counts = Counts()
    for doc, preds in zip(docs, predictions, strict=True):
        used: set[int] = set()
        for pred in sorted(preds, key=lambda p: (p.start, p.end)):
            span = (pred.start, pred.end)
            hit = None
            # Required gold first, so an optional nested match never steals a real one.
            order = sorted(range(len(doc.gold)), key=lambda k: doc.gold[k].optional)
            for k in order:
                gold = doc.gold[k]
                if k in used or gold.type != pred.type:
                    continue
                if (span in gold.spans) if exact else any(_overlaps(span, s) for s in gold.spans):
                    hit = k
                    break
            if hit is None:
                counts.fp[pred.type] += 1
                continue
            used.add(hit)
            if not doc.gold[hit].optional:
                counts.tp[pred.type] += 1
        for k, gold in enumerate(doc.gold):
            if k not in used and not gold.optional:
                counts.fn[gold.type] += 1
    return counts


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


Runner = Callable[[Sequence[Doc]], list[list[Prediction]]]


def bare_natasha() -> Runner:
    """Bare natasha NER, models loaded."""
    tagger = natasha.NewsNERTagger(natasha.NewsEmbedding())

    def run(docs: Sequence[Doc]) -> list[list[Prediction]]:
        out = []
        for doc in docs:
            spans = tagger(doc.text).spans if doc.text.strip() else []
            out.append(
                [Prediction(NATASHA_TYPES[s.type], s.start, s.stop) for s in spans if s.type in NATASHA_TYPES]
            )
        return out

    return run


def backend() -> Runner:
    """RussianBackend, models loaded."""
    instance = RussianBackend()

    def run(docs: Sequence[Doc]) -> list[list[Prediction]]:
        return [
            [Prediction(m.type, m.start, m.end) for m in instance.annotate(d.text).mentions] for d in docs
        ]

    return run


def timed(
    runners: Sequence[Runner], docs: Sequence[Doc], repeat: int
) -> list[tuple[list[list[Prediction]], float]]:
    """Predictions of each runner and its best time over ``repeat`` interleaved passes.

    Passes alternate between the systems so that a busy machine slows both alike; the best pass
    is the least disturbed one. The first pass also warms caches (pymorphy2's parses, the
    backend's word cache), as they are warm in a long-running ingest.
    """
    for run in runners:
        run(docs[:2])  # load models and lexicons outside the timing
    best = [float("inf")] * len(runners)
    results: list[list[list[Prediction]]] = [[] for _ in runners]
    for _ in range(repeat):
        for k, run in enumerate(runners):
            began = time.perf_counter()
            results[k] = run(docs)
            best[k] = min(best[k], time.perf_counter() - began)
    return list(zip(results, best, strict=True))


def table(
    systems: Sequence[tuple[str, list[list[Prediction]], float]], docs: Sequence[Doc], words: int
) -> str:
    """The markdown table: P/R/F1 per type and overall, exact and overlap, and words/s."""
    lines = [
        "| system | match | type | gold | pred | P | R | F1 |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, preds, _ in systems:
        for exact in (True, False):
            counts = score(docs, preds, exact)
            for kind in (*TYPES, "all"):
                kinds: Iterable[str] = TYPES if kind == "all" else (kind,)
                tp = sum(counts.tp[k] for k in kinds)
                fp = sum(counts.fp[k] for k in kinds)
                fn = sum(counts.fn[k] for k in kinds)
                p, r, f = _prf(tp, fp, fn)
                label = "exact" if exact else "overlap"
                lines.append(
                    f"| {name} | {label} | {kind} | {tp + fn} | {tp + fp} | {p:.3f} | {r:.3f} | {f:.3f} |"
                )
    lines += ["", "| system | seconds | words/s |", "| --- | ---: | ---: |"]
    for name, _, seconds in systems:
        lines.append(f"| {name} | {seconds:.2f} | {words / seconds:,.0f} |")
    return "\n".join(lines)


def show_errors(docs: Sequence[Doc], preds: Sequence[Sequence[Prediction]], limit: int) -> None:
    """Print up to ``limit`` false positives and misses per type (exact match), for development."""
    shown: Counter[str] = Counter()
    for doc, doc_preds in zip(docs, preds, strict=True):
        gold_spans = {(g.type, s) for g in doc.gold for s in g.spans}
        pred_spans = {(p.type, (p.start, p.end)) for p in doc_preds}
        for kind, (a, b) in sorted(pred_spans - gold_spans, key=lambda x: x[1]):
            if shown["fp" + kind] < limit:
                shown["fp" + kind] += 1
                print(f"FP {kind:6} {doc.text[a:b]!r:40} ...{doc.text[max(0, a - 40) : b + 20]!r}")
        for g in doc.gold:
            if g.optional or any((g.type, s) in pred_spans for s in g.spans):
                continue
            a, b = g.spans[0]
            if shown["fn" + g.type] < limit:
                shown["fn" + g.type] += 1
                print(f"FN {g.type:6} {doc.text[a:b]!r:40} ...{doc.text[max(0, a - 40) : b + 20]!r}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run both systems on the corpus and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--errors", type=int, default=0, help="print N errors per type of the backend")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per system (best is kept)")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    docs = load_corpus(args.corpus, args.limit)
    words = sum(len(d.text.split()) for d in docs)
    names = ["natasha NER", "RussianBackend"]
    runs = timed([bare_natasha(), backend()], docs, max(1, args.repeat))
    systems = [(name, preds, seconds) for name, (preds, seconds) in zip(names, runs, strict=True)]
    required = sum(1 for d in docs for g in d.gold if not g.optional)
    print(f"factRuEval-2016: {len(docs)} texts, {words:,} words, {required:,} gold entities")
    print(
        f"machine: {platform.machine()} {platform.processor() or ''} cpus={os.cpu_count()}, one process, "
        f"best of {max(1, args.repeat)} interleaved passes\n"
    )
    print(table(systems, docs, words))
    if args.errors:
        print()
        show_errors(docs, systems[-1][1], args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
