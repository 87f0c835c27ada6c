"""Time, memory and quality of the link stage as the store grows.

For each store size (``--sizes``, default 10k, 100k and 1M articles), in this one process:

1. creates a fresh SQLite store (``Store`` runs the migrations) and fills it fast with
   background articles by bulk SQL — articles, sources, random MinHash signatures and their
   LSH bands, person-name x day blocks, and small stories of 1-4 articles sharing an event —
   without running the NLP pipeline (``store_fill.py``; the fill time is printed, not part of
   the figures);
2. adds a planted pool of ~600 real articles (meetings in English, French and Spanish, with
   named people, a date and numbers, analysed once by the real pipeline: ``link_plant.py``)
   with ``add_batch``;
3. times ``crossdoc.add_batch`` of 1,000 new articles in batches of 200 — lightly edited copies of
   pool articles (duplicates), translations of pool articles, other outlets' reports of pool
   stories and unrelated fresh articles — and, inside it, ``link_batch`` (monkeypatched here
   with a timing wrapper; the package is not changed);
4. reports wall time, peak RSS and the RSS increase during the linking, the store's size,
   the ratio of each size's cost to the smallest size's, the SQL statements that took longest,
   and pairwise precision/recall of duplicates, translations and stories against the plant.

Run from the repository root::

    .venv/bin/python benchmarks/link_bench.py [--sizes 10000,100000,1000000] [--workdir DIR]

No network is used. The planted articles are generated from a fixed seed and analysed once;
the analysed batch is cached with pickle under the system temporary folder (``--reanalyse``
redoes it). Background contents are drawn from the same seed, so runs are comparable.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import pstats
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import communique.crossdoc as crossdoc
from communique import Settings, Store
from communique.crossdoc import links as links_module
from communique.records import Analysed
from harness import (
    Timers,
    current_rss_mb,
    file_bytes,
    int_list,
    parser,
    patched,
    peak_rss_mb,
    print_machine,
    ratio,
    reset_peak_rss,
    sql_timing,
    table,
)
from link_plant import POOL_STORIES, SEED, Plant, Quality, build_plant, cache_key, group_pairs, quality
from store_fill import FillStats, fill_background

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
BATCH_SIZE = Settings().batch_size


# -- one store size -------------------------------------------------------------------------------


@dataclass(slots=True)
class Result:
    size: int
    fill: FillStats
    pool_seconds: float
    add_seconds: float
    batch_seconds: list[float]
    timers: Timers
    peak_mb: float
    peak_is_phase: bool
    process_peak_mb: float
    rss_before_mb: float
    rss_after_mb: float
    store_mb: float
    quality: dict[str, Quality]
    notes: list[str]
    counts: dict[str, int]


def _batches(items: Sequence[Analysed]) -> Iterator[Sequence[Analysed]]:
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def run_size(size: int, plant: Plant, folder: Path, profile: Path | None) -> Result:
    path = folder / f"store-{size}.db"
    store = Store(str(path))
    try:
        fill = fill_background(store, size, SEED + size)
        store.engine.dispose()  # fresh connections for the measured part
        started = time.perf_counter()
        for batch in _batches(plant.pool):
            crossdoc.add_batch(store, batch)
        pool_seconds = time.perf_counter() - started
        timers = Timers()
        rss_before = current_rss_mb()
        process_peak = peak_rss_mb()
        phase = reset_peak_rss()
        batch_seconds: list[float] = []
        profiler = cProfile.Profile() if profile else None
        with contextlib.ExitStack() as stack:
            stack.enter_context(patched(crossdoc, "link_batch", timers, "link_batch"))
            stack.enter_context(patched(crossdoc, "resolve_batch", timers, "resolve_batch"))
            stack.enter_context(patched(crossdoc, "store_events", timers, "store_events"))
            for name in ("_near_duplicates", "_translations", "_stories"):
                stack.enter_context(patched(links_module, name, timers, name))
            stack.enter_context(sql_timing(store.engine, timers))
            if profiler:
                profiler.enable()
            for batch in _batches(plant.new):
                t0 = time.perf_counter()
                crossdoc.add_batch(store, batch)
                batch_seconds.append(time.perf_counter() - t0)
            if profiler:
                profiler.disable()
        add_seconds = sum(batch_seconds)
        peak = peak_rss_mb()
        rss_after = current_rss_mb()
        if profiler and profile:
            profile.mkdir(parents=True, exist_ok=True)
            target = profile / f"link-{size}.prof"
            profiler.dump_stats(str(target))
            print(f"cProfile of the timed phase written to {target}; top functions by cumulative time:")
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        found, notes = quality(store, plant)
        with store.engine.connect() as connection:
            counts = {
                table: int(connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)
                for table in (
                    "articles",
                    "article_bands",
                    "article_blocks",
                    "event_mentions",
                    "story_articles",
                )
            }
    finally:
        store.close()
    result = Result(
        size=size,
        fill=fill,
        pool_seconds=pool_seconds,
        add_seconds=add_seconds,
        batch_seconds=batch_seconds,
        timers=timers,
        peak_mb=peak,
        peak_is_phase=phase,
        process_peak_mb=process_peak,
        rss_before_mb=rss_before,
        rss_after_mb=rss_after,
        store_mb=file_bytes(path) / 1e6,
        quality=found,
        notes=notes,
        counts=counts,
    )
    for leftover in folder.glob(path.name + "*"):
        leftover.unlink()
    return result


# -- report ---------------------------------------------------------------------------------------


def per_thousand(seconds: float, articles: int) -> float:
    return 1000 * seconds / articles if articles else float("nan")


def stage_seconds(result: Result) -> list[tuple[str, float]]:
    """The timed phase's stages: add_batch, the stages inside it, the link stage's three parts."""
    t = result.timers.seconds
    return [
        ("add_batch (total)", result.add_seconds),
        ("resolve_batch", t["resolve_batch"]),
        ("store_events", t["store_events"]),
        ("link_batch", t["link_batch"]),
        ("  near-duplicates", t["_near_duplicates"]),
        ("  translations", t["_translations"]),
        ("  stories", t["_stories"]),
    ]


def print_size(result: Result, base: Result | None, new_count: int) -> None:
    fill = result.fill
    t = result.timers
    add = per_thousand(result.add_seconds, new_count)
    link = per_thousand(t.seconds["link_batch"], new_count)
    print(f"## Store of {result.size:,} background articles")
    print(
        f"fill: {fill.seconds:.1f} s by bulk SQL ({result.size / fill.seconds if fill.seconds else 0:,.0f} "
        f"articles/s); store file {result.store_mb:,.0f} MB; rows: "
        + ", ".join(f"{k} {v:,}" for k, v in result.counts.items())
    )
    slowest = sorted(fill.seconds_by_table.items(), key=lambda kv: -kv[1])[:4]
    print("fill time by table: " + ", ".join(f"{k} {v:.1f} s" for k, v in slowest))
    print(f"planted pool stored before timing (add_batch): {result.pool_seconds:.1f} s")
    print()
    base_stages = dict(stage_seconds(base)) if base else {}
    rows = [
        (name, f"{per_thousand(seconds, new_count):.2f}", f"{ratio(seconds, base_stages.get(name, 0)):.2f}")
        for name, seconds in stage_seconds(result)
    ]
    print(table(("stage", "s per 1,000 new", "ratio to smallest store"), rows))
    print(f"batches of {BATCH_SIZE}: " + ", ".join(f"{s:.2f}" for s in result.batch_seconds) + " s")
    print(
        f"add {add:.2f} s and link {link:.2f} s per 1,000 new articles; peak RSS "
        + ("during the linking" if result.peak_is_phase else "of the process")
        + f" {result.peak_mb:.0f} MB; RSS {result.rss_before_mb:.0f} -> {result.rss_after_mb:.0f} MB "
        f"(+{result.rss_after_mb - result.rss_before_mb:.0f} MB)"
    )
    print()
    print(
        "slowest SQL statements during the timed phase (cursor execute only: SQLite computes most rows "
        "of a large result while they are fetched, which this does not count; see --profile):"
    )
    slowest_sql = sorted(t.sql_seconds.items(), key=lambda kv: -kv[1])[:8]
    sql_rows = [(f"{took:.2f}", t.sql_calls[key], f"`{key}`") for key, took in slowest_sql]
    print(table(("s", "calls", "statement"), sql_rows, align="rrl"))
    print()
    quality_rows = [
        (name, q.planted, q.found, q.correct, f"{q.precision:.3f}", f"{q.recall:.3f}")
        for name, q in result.quality.items()
    ]
    header = ("relation", "planted pairs", "found pairs", "correct", "precision", "recall")
    print(table(header, quality_rows))
    for note in result.notes:
        print(note)
    print()


def _size_label(size: int) -> str:
    for unit, scale in (("M", 1_000_000), ("k", 1_000)):
        if size >= scale and size % scale == 0:
            return f"{size // scale}{unit}"
    return str(size)


def print_plant(plant: Plant, cache: Path, cached: bool) -> None:
    kinds = Counter(plant.kind_of[item.article.id] for item in plant.new)
    languages = Counter(item.article.language for item in plant.new)
    pool_languages = Counter(item.article.language for item in plant.pool)
    print(f"## Planted articles (seed {SEED})")
    print(
        "analysed with the real pipeline "
        + (
            f"earlier (cached in {cache})"
            if cached
            else f"in {plant.analyse_seconds:.0f} s (cached to {cache})"
        )
    )
    print(
        f"pool stored before timing: {len(plant.pool)} reports of {POOL_STORIES} meetings (two outlets each; "
        + ", ".join(f"{k} {v}" for k, v in sorted(pool_languages.items(), key=lambda kv: str(kv[0])))
        + ")"
    )
    print(
        f"new batch: {len(plant.new)} articles: "
        + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        + "; languages "
        + ", ".join(f"{k} {v}" for k, v in sorted(languages.items(), key=lambda kv: str(kv[0])))
    )
    print(
        f"planted pairs: {len(plant.duplicate_pairs)} duplicates (edited copies of pool articles), "
        f"{len(plant.translation_pairs)} translations (same story, numbers and paragraphs in another "
        f"language), {group_pairs((a, s, s) for a, s in plant.story_of.items())[0]} same-story pairs "
        f"over {len(set(plant.story_of.values()))} stories"
    )
    if plant.failures:
        print(f"not analysed ({len(plant.failures)}): " + "; ".join(plant.failures[:5]))
    words = sorted(len(item.article.text.split()) for item in plant.pool)
    print(f"pool articles: median {words[len(words) // 2]} words ({words[0]}-{words[-1]})")
    events = sum(1 for item in plant.new if item.events)
    print(f"new articles with at least one coded event: {events}/{len(plant.new)}")
    print()


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    options = parser(__doc__)
    options.add_argument(
        "--sizes",
        type=int_list,
        default=",".join(str(s) for s in DEFAULT_SIZES),
        help="background store sizes, comma-separated (default 10000,100000,1000000)",
    )
    options.add_argument("--workdir", help="folder for the temporary stores (default: system temp)")
    options.add_argument(
        "--cache",
        default=str(Path(tempfile.gettempdir()) / f"communique-link-bench-{cache_key()}.pickle"),
        help="pickle of the analysed planted articles (default: named after the seed, the generator "
        "version and a hash of the package's files, so that a changed package is analysed again)",
    )
    options.add_argument("--reanalyse", action="store_true", help="analyse the planted articles again")
    options.add_argument("--profile", metavar="DIR", help="cProfile the timed phase of each size into DIR")
    args = options.parse_args(argv)
    if min(args.sizes) < 0:
        options.error("--sizes must list sizes of at least 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_machine()

    cache = Path(args.cache)
    plant, cached = build_plant(cache, args.reanalyse)
    print_plant(plant, cache, cached)

    started = time.perf_counter()
    links_module.encoder().encode("warm-up")  # load the sentence encoder once, outside the timings
    print(f"sentence encoder loaded in {time.perf_counter() - started:.1f} s (not in the timings)")
    print()

    results: list[Result] = []
    overall_peak = peak_rss_mb()
    with tempfile.TemporaryDirectory(prefix="communique-link-bench-", dir=args.workdir) as tmp:
        for size in args.sizes:
            result = run_size(size, plant, Path(tmp), Path(args.profile) if args.profile else None)
            overall_peak = max(overall_peak, result.peak_mb, result.process_peak_mb)
            results.append(result)
            print_size(result, results[0] if len(results) > 1 else None, len(plant.new))
            sys.stdout.flush()

    base = results[0]
    print("## README table")
    header = (
        "store articles",
        f"link {len(plant.new):,} new (s)",
        "of which link stage (s)",
        f"ratio to {_size_label(base.size)}",
        "peak RSS MB",
        "dup P/R",
        "translation P/R",
        "story P/R",
    )
    rows = [
        (
            f"{r.size:,}",
            f"{r.add_seconds:.2f}",
            f"{r.timers.seconds['link_batch']:.2f}",
            f"{ratio(r.add_seconds, base.add_seconds):.2f}",
            f"{r.peak_mb:.0f}",
            r.quality["duplicates"].cell(),
            r.quality["translations"].cell(),
            r.quality["stories"].cell(),
        )
        for r in results
    ]
    print(table(header, rows, align="rrrrrlll"))
    print()
    print(
        f"peak RSS column: peak during the {len(plant.new):,} new articles' add_batch (kernel mark reset "
        f"before); whole process peak, fill included: {max(overall_peak, peak_rss_mb()):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
