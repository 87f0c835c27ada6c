"""Time and quality of ingesting 1,000 new articles as the store grows, on a background the stages wrote.

For each store size (``--sizes``), in this one process:

1. **Background.** One store is filled once, size after size, with background articles that went
   through the cross-article stages (``background.py``): synthetic news articles in six languages,
   analysed once by the real pipeline, varied (person names from a shared pool made by the
   generator of the planted names, numbers redrawn, dates moved by whole weeks, real MinHash
   signatures of the edited texts) and written by ``crossdoc.add_batch`` — articles, entity rows,
   local entities and their block keys, entity mentions, events and their keys, signatures and
   bands, name-day blocks, links and stories are what the stages write. One exception, for time:
   while filling, stage ``resolve`` joins a local entity to the stored entity of the same name
   (``background.ExactResolver``: the join rule of ``same_entity`` for equal names, rows written by the
   stage's own code) instead of searching block-key candidates, whose cost grows with the store;
   the timed ingest uses the real ``resolve``. The fill time is printed, not part of the figures.
2. **Pool.** A copy of the filled store for this size receives the planted pool (~600 reports of
   300 meetings, ``link_plant.py``) through ``crossdoc.add_batch``.
3. **Timed, repeated.** ``--repeat`` times: a fresh copy of that store, a new ``Store`` object, and
   the whole ``communique.runner.ingest`` of the 1,000 new planted articles from a JSON Lines file
   (reading, cleaning, analysis in ``--workers`` processes started for the run — so each repetition
   loads the models again —, and storing in batches of ``Settings().batch_size``). Reported per
   size: median and spread of the whole ingest and of the store part (``crossdoc.add_batch``), the
   stages inside it (resolve, events, link; wrappers set here, the package is not changed), and the
   ratio to the smallest size.
4. **Quality.** Pairwise precision/recall of duplicates, translations and stories of the plant,
   from the first repetition (the others are checked to agree).

The multilingual sentence encoder of the translation test is loaded once before timing (in this
process; the pipeline's models load in the workers of every repetition). The operating system's
page cache is warm after the copy: "cold" here means a new process pool and a new ``Store``.

Run from the repository root::

    .venv/bin/python benchmarks/link_bench.py [--sizes 10000,20000] [--repeat 3] [--workdir DIR]

No network is used. Planted articles and background templates are generated from fixed seeds and
analysed once; both are cached with pickle under the system temporary folder (``--reanalyse``
redoes them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import communique.crossdoc as crossdoc
from background import TEMPLATES, Filler, RealFill, analysed_templates
from communique import Settings, Store
from communique import runner as runner_module
from communique.crossdoc import links as links_module
from communique.runner import ingest
from harness import Timers, file_bytes, int_list, parser, patched, print_machine, ratio, table
from link_plant import POOL_STORIES, SEED, Plant, Quality, build_plant, cache_key, group_pairs, plan, quality

DEFAULT_SIZES = (10_000, 20_000)
BATCH_SIZE = Settings().batch_size
STAGES = ("add_batch", "resolve_batch", "store_events", "link_batch")


# -- one size -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Rep:
    seconds: float
    timers: Timers
    new: int
    known: int
    failed: int


@dataclass(slots=True)
class Result:
    size: int
    fill_seconds: float
    fill_batches: list[float]
    pool_seconds: float
    store_mb: float
    reps: list[Rep] = field(default_factory=list)
    quality: dict[str, Quality] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    agree: bool = True
    counts: dict[str, int] = field(default_factory=dict)
    largest: dict[str, str] = field(default_factory=dict)

    def stage(self, name: str) -> list[float]:
        if name == "ingest":
            return [r.seconds for r in self.reps]
        return [r.timers.seconds[name] for r in self.reps]


def copy_store(source: Path, target: Path) -> None:
    """A SQLite store and its companions (``-wal``), copied while no connection is open."""
    for leftover in target.parent.glob(target.name + "*"):
        leftover.unlink()
    for part in source.parent.glob(source.name + "*"):
        shutil.copyfile(part, target.parent / (target.name + part.name[len(source.name) :]))


def remove_store(path: Path) -> None:
    for part in path.parent.glob(path.name + "*"):
        part.unlink()


COUNTED = ("articles", "local_entities", "local_blocks", "mentions", "entities", "entity_articles",
           "events", "event_mentions", "event_keys", "article_bands", "article_blocks", "article_links",
           "stories")  # fmt: skip


def describe(store: Store) -> tuple[dict[str, int], dict[str, str]]:
    """Rows per table, and the largest entity, event and story (what every batch may have to read)."""
    with store.engine.connect() as c:
        counts = {t: int(c.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() or 0) for t in COUNTED}
        largest = {}
        for what, query in (
            ("entity", "name || ' (' || type || ')', n_articles FROM entities"),
            ("event", "plover || ' ' || cameo, n_articles FROM events"),
            ("story", "substr(title, 1, 40), n_articles FROM stories"),
        ):
            row = c.exec_driver_sql(f"SELECT {query} ORDER BY n_articles DESC LIMIT 1").first()
            largest[what] = f"{row[1]:,} articles ({row[0]})" if row else "none"
        block = c.exec_driver_sql(
            "SELECT block, count(*) AS n FROM local_blocks GROUP BY block ORDER BY n DESC LIMIT 1"
        ).first()
        largest["block key"] = f"{block[1]:,} local entities ({block[0]})" if block else "none"
    return counts, largest


def write_new(path: Path) -> int:
    """The 1,000 new planted articles as JSON Lines, as ``ingest`` reads them."""
    planned = plan()
    with path.open("w", encoding="utf-8") as out:
        for key, raw in planned.new:
            record = {
                "id": key,
                "url": raw.url,
                "title": raw.title,
                "text": raw.text,
                "published": raw.published,
                "language": raw.language,
                "outlet": raw.outlet,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(planned.new)


def timed_ingest(path: Path, new_file: Path, workers: int) -> tuple[Rep, Store]:
    """The whole ingest of ``new_file`` into a new Store on ``path``, with the stages timed."""
    timers = Timers()
    store = Store(str(path))
    settings = Settings(workers=workers)
    with contextlib.ExitStack() as stack:
        stack.enter_context(patched(runner_module, "add_batch", timers, "add_batch"))
        for name in STAGES[1:]:
            stack.enter_context(patched(crossdoc, name, timers, name))
        for name in ("_near_duplicates", "_translations", "_stories"):
            stack.enter_context(patched(links_module, name, timers, name))
        started = time.perf_counter()
        summary = ingest([str(new_file)], store, settings)
        seconds = time.perf_counter() - started
    return Rep(seconds, timers, summary.new, summary.known, summary.failed), store


def run_size(
    size: int, filler: Filler, plant: Plant, folder: Path, new_file: Path, repeat: int, workers: int
) -> Result:
    fill = filler.fill_to(size, progress=_fill_progress)
    before = len(fill.batch_seconds)
    filler.store.engine.dispose()
    base = folder / f"base-{size}.db"
    copy_store(Path(filler.store.engine.url.database or ""), base)
    store = Store(str(base))
    started = time.perf_counter()
    for start in range(0, len(plant.pool), BATCH_SIZE):
        crossdoc.add_batch(store, plant.pool[start : start + BATCH_SIZE])
    pool_seconds = time.perf_counter() - started
    counts, largest = describe(store)
    store.close()
    result = Result(
        size, fill.seconds, list(fill.batch_seconds[:before]), pool_seconds, file_bytes(base) / 1e6
    )
    result.counts, result.largest = counts, largest
    for k in range(repeat):
        target = folder / "timed.db"
        copy_store(base, target)
        rep, timed_store = timed_ingest(target, new_file, workers)
        try:
            found, notes = quality(timed_store, plant)
        finally:
            timed_store.close()
        if k == 0:
            result.quality, result.notes = found, notes
        elif {n: (q.found, q.correct) for n, q in found.items()} != {
            n: (q.found, q.correct) for n, q in result.quality.items()
        }:
            result.agree = False
        result.reps.append(rep)
        remove_store(target)
        print(
            f"  {size:,}: repetition {k + 1}: ingest {rep.seconds:.1f} s, of which add_batch "
            f"{rep.timers.seconds['add_batch']:.1f} s (resolve {rep.timers.seconds['resolve_batch']:.1f}, "
            f"events {rep.timers.seconds['store_events']:.1f}, link {rep.timers.seconds['link_batch']:.1f}); "
            f"{rep.new} new, {rep.known} known, {rep.failed} failed",
            flush=True,
        )
    remove_store(base)
    return result


def _fill_progress(stats: RealFill) -> None:
    print(
        f"  ... {stats.articles:,} background articles in {stats.seconds:.0f} s "
        f"(last batch {stats.batch_seconds[-1]:.0f} s)",
        flush=True,
    )


# -- report ---------------------------------------------------------------------------------------


def spread(values: Sequence[float]) -> str:
    """Median (min-max) of repetitions."""
    if not values:
        return "-"
    return f"{statistics.median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


def per_thousand(seconds: float, articles: int) -> float:
    return 1000 * seconds / articles if articles else float("nan")


def print_size(result: Result, base: Result) -> None:
    print(f"## Store of {result.size:,} background articles")
    batches = ", ".join(f"{s:.0f}" for s in result.fill_batches)
    print(
        f"background written through the stages in {result.fill_seconds:.0f} s so far "
        f"(batches: {batches} s); "
        f"planted pool stored in {result.pool_seconds:.1f} s; store file {result.store_mb:,.0f} MB"
    )
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in result.counts.items()))
    print("largest: " + "; ".join(f"{k} {v}" for k, v in result.largest.items()))
    print()
    rows = []
    for name, label in (("ingest", "whole ingest"), *((s, s) for s in STAGES)):
        values = result.stage(name)
        rows.append(
            (
                label,
                spread(values),
                f"{ratio(statistics.median(values), statistics.median(base.stage(name))):.2f}",
            )
        )
    for name in ("_near_duplicates", "_translations", "_stories"):
        values = result.stage(name)
        rows.append((f"  link: {name.strip('_')}", spread(values), "-"))
    print(table(("part", f"seconds, median (min-max) of {len(result.reps)}", "ratio to smallest"), rows))
    print()
    quality_rows = [
        (name, q.planted, q.found, q.correct, f"{q.precision:.3f}", f"{q.recall:.3f}")
        for name, q in result.quality.items()
    ]
    header = ("relation", "planted pairs", "found pairs", "correct", "precision", "recall")
    print(table(header, quality_rows))
    for note in result.notes:
        print(note)
    if not result.agree:
        print("the repetitions did not find the same links (see above: quality is the first's)")
    print()


def print_plant(plant: Plant, cache: Path, cached: bool) -> None:
    kinds = Counter(plant.kind_of[item.article.id] for item in plant.new)
    print(f"## Planted articles (seed {SEED})")
    print(
        f"pool stored before timing: {len(plant.pool)} reports of {POOL_STORIES} meetings; "
        f"new: {len(plant.new)} "
        "articles: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    )
    print(
        f"planted pairs: {len(plant.duplicate_pairs)} duplicates, "
        f"{len(plant.translation_pairs)} translations, "
        f"{group_pairs((a, s, s) for a, s in plant.story_of.items())[0]} same-story pairs"
        + (" (analysed earlier, cached)" if cached else f" (analysed in {plant.analyse_seconds:.0f} s)")
    )
    print()


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    options = parser(__doc__)
    options.add_argument(
        "--sizes",
        type=int_list,
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="background store sizes, ascending, comma-separated (default 10000,20000)",
    )
    options.add_argument("--repeat", type=int, default=3, help="timed ingests per size (default 3)")
    options.add_argument(
        "--workers", type=int, default=2, help="analysis processes of the ingest (default 2)"
    )
    options.add_argument(
        "--fill-batch", type=int, default=10_000, help="background articles per add_batch while filling"
    )
    options.add_argument("--workdir", help="folder for the temporary stores (default: system temp)")
    temp = Path(tempfile.gettempdir())
    options.add_argument(
        "--cache",
        default=str(temp / f"communique-link-bench-{cache_key()}.pickle"),
        help="pickle of the analysed planted articles",
    )
    options.add_argument(
        "--templates",
        default=str(temp / f"communique-link-bench-templates-{cache_key()}.pickle"),
        help="pickle of the analysed background templates",
    )
    options.add_argument(
        "--reanalyse", action="store_true", help="analyse planted articles and templates again"
    )
    args = options.parse_args(argv)
    if sorted(args.sizes) != list(args.sizes) or min(args.sizes) < 1:
        options.error("--sizes must be ascending sizes of at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_machine()
    plant, cached = build_plant(Path(args.cache), args.reanalyse)
    print_plant(plant, Path(args.cache), cached)
    templates, took = analysed_templates(Path(args.templates), args.workers, args.reanalyse)
    print(
        f"background templates: {len(templates)} of {TEMPLATES} synthetic articles analysed by the pipeline"
        + (f" in {took:.0f} s" if took else " (cached)")
    )
    started = time.perf_counter()
    links_module.encoder().encode("warm-up")
    print(f"sentence encoder loaded in {time.perf_counter() - started:.1f} s (not in the timings)")
    print()

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="communique-link-bench-", dir=args.workdir) as tmp:
        folder = Path(tmp)
        new_file = folder / "new.jsonl"
        count = write_new(new_file)
        fill_store = Store(str(folder / "fill.db"))
        filler = Filler(fill_store, templates, SEED + 1, batch=args.fill_batch)
        try:
            for size in args.sizes:
                result = run_size(size, filler, plant, folder, new_file, args.repeat, args.workers)
                results.append(result)
                print_size(result, results[0])
                sys.stdout.flush()
        finally:
            fill_store.close()

    base = results[0]
    print("## The curve")
    header = (
        "background articles",
        f"whole ingest of {count:,} new, s",
        "of which stored (add_batch), s",
        "resolve, s",
        "events, s",
        "link, s",
        "ingest ratio",
        "store ratio",
        "dup P/R",
        "translation P/R",
        "story P/R",
    )
    rows = [
        (
            f"{r.size:,}",
            spread(r.stage("ingest")),
            spread(r.stage("add_batch")),
            f"{statistics.median(r.stage('resolve_batch')):.1f}",
            f"{statistics.median(r.stage('store_events')):.1f}",
            f"{statistics.median(r.stage('link_batch')):.1f}",
            f"{ratio(median(r.stage('ingest')), median(base.stage('ingest'))):.2f}",
            f"{ratio(median(r.stage('add_batch')), median(base.stage('add_batch'))):.2f}",
            r.quality["duplicates"].cell(),
            r.quality["translations"].cell(),
            r.quality["stories"].cell(),
        )
        for r in results
    ]
    print(table(header, rows, align="rrrrrrrrlll"))
    print()
    print(
        f"seconds for the {count:,} new articles: median (min-max) of {args.repeat}; resolve, events "
        "and link are medians, inside add_batch; ratios are medians against the smallest store"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
