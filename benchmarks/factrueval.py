"""factRuEval-2016 for the Russian entity benchmark: its gold entities, and typed one-to-one scoring.

The corpus (``shared/corpora/ru_factrueval2016/ru_factrueval2016.jsonl``: 254 news texts with the
factRuEval object layer, each object a type and several typed spans) read into :class:`Doc`.

Gold spans follow the convention natasha's authors use to score on factRuEval (the nerus
project's adapter): a Person spans its object from first to last span (name, patronymic,
surname); an Org is each ``org_name`` span; a Location or LocOrg each ``loc_name`` span
(descriptors such as "мэрии", "района" are not part of a name). Refinements, the same for every
system scored:

* overlapping alternatives inside one object ("МИДа" and "японского МИДа") are one entity, and
  either span is an exact match;
* an entity nested inside another gold entity ("Европы" in "Парламентской ассамблеи Совета
  Европы"), a second type on the very same span, and the rare Project/Facility objects are
  *optional*: a prediction that matches one is neither a hit nor a false alarm, and missing it
  costs nothing, because a flat tagger can give only one of two nested spans.

Matching (:func:`score`) is one-to-one and typed. Exact: the predicted span equals an accepted gold
span. Overlap: the spans share at least one character.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness import SHARED

DEFAULT_CORPUS = SHARED / "corpora" / "ru_factrueval2016" / "ru_factrueval2016.jsonl"
TYPES = ("PERSON", "ORG", "PLACE")
GOLD_TYPES = {"Person": "PERSON", "Org": "ORG", "Location": "PLACE", "LocOrg": "PLACE"}

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


def prf_rows(name: str, docs: Sequence[Doc], preds: Sequence[Sequence[Prediction]]) -> list[tuple[str, ...]]:
    """Rows of the P/R/F1 table for one system: exact, then overlap; each type, then all."""
    rows: list[tuple[str, ...]] = []
    for exact in (True, False):
        counts = score(docs, preds, exact)
        for kind in (*TYPES, "all"):
            kinds: Iterable[str] = TYPES if kind == "all" else (kind,)
            tp = sum(counts.tp[k] for k in kinds)
            fp = sum(counts.fp[k] for k in kinds)
            fn = sum(counts.fn[k] for k in kinds)
            p, r, f = _prf(tp, fp, fn)
            label = "exact" if exact else "overlap"
            rows.append((name, label, kind, str(tp + fn), str(tp + fp), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"))
    return rows


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
