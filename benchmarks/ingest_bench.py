"""Throughput and memory figures for the ingest pipeline.

Generates a fixed-seed corpus of synthetic news articles (``synthetic_news.py``:
plain text with and without a metadata header line, HTML pages, JSON Lines records
and RSS entries, in six languages, with ~5% exact duplicates), then, in this one process:

1. runs the real pipeline through the public API (``Store`` + ``ingest``);
2. runs a baseline on the same files: read every file's bytes and call
   ``trafilatura.extract()`` on the HTML pages (the cost of the library we wrap);
3. times each per-article stage (clean, language, metadata, store write) on a
   1,000-article sample;
4. reports peak and current memory, the machine, and a README table row.

Run from the repository root::

    .venv/bin/python benchmarks/ingest_bench.py [--count N] [--workers N] [--keep DIR]

No network is used. Figures are comparable between runs of the same ``--count``
because the corpus is generated from a fixed seed.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import trafilatura

from communique import InputError, RawDocument, Settings, Store, crossdoc, ingest
from communique.clean import clean
from communique.ingest import read_inputs
from communique.language import language
from communique.metadata import metadata
from communique.pipeline import to_article
from communique.records import Article
from harness import (
    children_peak_rss_mb,
    current_rss_mb,
    parser,
    peak_rss_mb,
    print_machine,
    rate,
    table,
    timed,
)
from synthetic_news import SEED, generate

SAMPLE_SIZE = 1000
WARMUP_SIZE = 30
STAGES = ("clean", "clean (text input)", "clean (html input)", "language", "metadata",
          "to_article (content hash)", "store write")  # fmt: skip


# -- the runs -------------------------------------------------------------------------------------


def run_baseline(folder: Path) -> tuple[float, int]:
    """Read every file's bytes and ``trafilatura.extract()`` the HTML pages; return (seconds, pages)."""
    started = time.perf_counter()
    pages = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".html":
            trafilatura.extract(data.decode("utf-8"))
            pages += 1
    return time.perf_counter() - started, pages


def sample_inputs(
    folder: Path, settings: Settings, size: int
) -> tuple[list[RawDocument], list[RawDocument], int, float]:
    """Every ``n``-th RawDocument of the folder (a spread of formats), a few others for a warm-up,
    the number of documents read, and the seconds ``read_inputs`` took over the whole folder."""
    stride = max(1, count_documents(folder) // size)
    sample: list[RawDocument] = []
    warmup: list[RawDocument] = []
    total = 0
    started = time.perf_counter()
    for index, item in enumerate(read_inputs([str(folder)], settings)):
        total += 1
        if not isinstance(item, RawDocument):
            continue
        if index % stride == 0 and len(sample) < size:
            sample.append(item)
        elif index % stride == stride // 2 and len(warmup) < WARMUP_SIZE:
            warmup.append(item)
    return sample, warmup or sample[:WARMUP_SIZE], total, time.perf_counter() - started


def count_documents(folder: Path) -> int:
    """Rough count of documents under ``folder`` (files plus JSONL lines plus RSS items)."""
    total = 0
    for path in folder.iterdir():
        if path.suffix == ".jsonl":
            with path.open("rb") as stream:
                total += sum(1 for _ in stream)
        elif path.suffix == ".rss":
            total += path.read_text(encoding="utf-8").count("<item>")
        else:
            total += 1
    return total


@dataclass(slots=True)
class StageTimes:
    """Accumulated seconds and counts per stage of the sample run."""

    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    counts: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)

    def add(self, stage: str, seconds: float) -> None:
        """Count one article through ``stage``."""
        self.seconds[stage] += seconds
        self.counts[stage] += 1

    def ms(self, stage: str) -> float:
        """Mean milliseconds per article of ``stage``."""
        return 1000 * self.seconds[stage] / self.counts[stage] if self.counts[stage] else float("nan")


def warm_up(docs: list[RawDocument], settings: Settings) -> float:
    """Load what every stage loads once per process (language model, gazetteer, lexicons), so the
    per-stage figures are steady-state; then empty the date-parser cache so that a pipeline run
    earlier in this process does not flatter the ``metadata`` figure. Returns the seconds taken."""
    started = time.perf_counter()
    for raw in docs:
        with contextlib.suppress(Exception):
            metadata(language(clean(raw), settings.min_language_score))
    took = time.perf_counter() - started
    # The package re-exports the function ``metadata`` over its module's name: fetch the module.
    date_cache = getattr(importlib.import_module("communique.metadata"), "_dateparser_parse", None)
    if date_cache is not None and hasattr(date_cache, "cache_clear"):
        date_cache.cache_clear()
    return took


def run_stages(sample: list[RawDocument], settings: Settings, db_path: str) -> StageTimes:
    """Each per-article stage on its own, as ``pipeline.process`` chains them, then the store write."""
    times = StageTimes()
    stored: list[Article] = []
    clock = time.perf_counter
    for raw in sample:
        kind = "html" if raw.html is not None and raw.text is None else "text"
        try:
            t0 = clock()
            doc = clean(raw)
            t1 = clock()
            times.add("clean", t1 - t0)
            times.add(f"clean ({kind} input)", t1 - t0)
            letters = sum(ch.isalpha() for ch in doc.text)
            if letters < settings.min_text_chars:
                times.failures["no_text"] += 1
                continue
            t0 = clock()
            doc = language(doc, settings.min_language_score)
            t1 = clock()
            doc = metadata(doc)
            t2 = clock()
            article = to_article(doc)
            t3 = clock()
            times.add("language", t1 - t0)
            times.add("metadata", t2 - t1)
            times.add("to_article (content hash)", t3 - t2)
            stored.append(article)
        except InputError as err:
            times.failures[err.code] += 1
        except Exception as exc:
            times.failures[f"processing_failed ({type(exc).__name__})"] += 1
    store = Store(db_path)
    try:
        for start in range(0, len(stored), settings.batch_size):
            batch = stored[start : start + settings.batch_size]
            t0 = clock()
            crossdoc.add_articles(store, batch)
            times.seconds["store write"] += clock() - t0
            times.counts["store write"] += len(batch)
    finally:
        store.close()
    return times


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    options = parser(__doc__)
    options.add_argument("--count", type=int, default=10_000, help="documents to generate (default 10000)")
    options.add_argument("--workers", type=int, default=1, help="Settings.workers for the pipeline run")
    options.add_argument(
        "--no-entities", action="store_true", help="skip annotate/resolve (Settings.entities)"
    )
    options.add_argument("--keep", metavar="DIR", help="write the generated files to DIR and keep them")
    args = options.parse_args(argv)
    if args.count < 1:
        options.error("--count must be at least 1")
    if args.workers < 1:
        options.error("--workers must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="communique-bench-") as tmp:
        workdir = Path(tmp)
        if args.keep:
            folder = Path(args.keep).expanduser().resolve()
            folder.mkdir(parents=True, exist_ok=True)
            if any(folder.iterdir()):
                print(f"error: --keep folder {folder} is not empty", file=sys.stderr)
                return 2
        else:
            folder = workdir / "articles"
            folder.mkdir()
        return run(args, folder, workdir)


def run(args: argparse.Namespace, folder: Path, workdir: Path) -> int:
    print_machine()

    gen, gen_s = timed(lambda: generate(folder, args.count))
    formats = ", ".join(f"{fmt} {gen.by_format[fmt]}" for fmt in ("txt", "html", "jsonl", "rss"))
    languages = ", ".join(f"{lang} {n}" for lang, n in sorted(gen.by_language.items()))
    print(f"## Corpus (seed {SEED})")
    print(
        f"{gen.documents} documents in {gen.files} files, {gen.bytes / 1e6:.1f} MB, "
        f"generated in {gen_s:.1f} s"
    )
    print(f"formats: {formats}")
    print(f"unique articles by language: {languages}")
    print(f"exact duplicates planted: {gen.duplicates} (expected 'already known')")
    print(f"folder: {folder}")
    print(f"peak RSS after generation: {peak_rss_mb():.0f} MB")
    print()

    # 1. The real pipeline, through the public API.
    db_path = str(workdir / "bench.db")
    settings = Settings(db=db_path, workers=args.workers, entities=not args.no_entities)
    store, open_s = timed(lambda: Store(db_path))
    try:
        summary, pipe_s = timed(lambda: ingest([str(folder)], store, settings))
        stored = store.count_articles()
    finally:
        store.close()
    pipe_peak = peak_rss_mb()
    pipe_rss = current_rss_mb()
    print(
        f"## Pipeline: ingest(), workers={args.workers}, batch_size={settings.batch_size}, "
        f"entities={settings.entities}"
    )
    print(f"summary: {summary}")
    print(f"articles in store: {stored}; store open + migrations: {open_s * 1000:.0f} ms (not in the timing)")
    print(
        f"time: {pipe_s:.2f} s -> {rate(summary.read, pipe_s):.1f} articles/s "
        f"({1000 * pipe_s / max(summary.read, 1):.2f} ms/article)"
    )
    print(
        f"peak RSS after pipeline: {pipe_peak:.0f} MB; psutil RSS now: {pipe_rss:.0f} MB"
        + (f"; largest worker peak RSS: {children_peak_rss_mb():.0f} MB" if args.workers > 1 else "")
    )
    print()

    # 2. Baseline: bytes + trafilatura.extract() on the HTML pages.
    (base_s, pages) = run_baseline(folder)
    print("## Baseline: read every file + trafilatura.extract() on HTML pages")
    print(
        f"time: {base_s:.2f} s for {gen.documents} documents ({pages} HTML pages extracted) -> "
        f"{rate(gen.documents, base_s):.1f} articles/s"
    )
    ratio = pipe_s / base_s if base_s > 0 else float("inf")
    print(f"ratio pipeline_time / baseline_time: {ratio:.2f}")
    print()

    # 3. Per-stage breakdown on a sample.
    sample, warmup, read_total, read_s = sample_inputs(folder, Settings(db=db_path), SAMPLE_SIZE)
    warm_s = warm_up(warmup, settings)
    times = run_stages(sample, Settings(db=str(workdir / "stages.db")), str(workdir / "stages.db"))
    kinds = Counter("html" if r.html is not None and r.text is None else "text" for r in sample)
    print(
        f"## Per-stage, in process, on a sample of {len(sample)} documents "
        f"({kinds['text']} text, {kinds['html']} HTML)"
    )
    print(
        f"warm-up on {len(warmup)} other documents (model, gazetteer, first calls): {warm_s:.2f} s; "
        "date-parser cache emptied before timing"
    )
    read_ms = 1000 * read_s / max(read_total, 1)
    print(
        f"read_inputs over the whole folder: {read_s:.2f} s for {read_total} documents "
        f"= {read_ms:.3f} ms/article"
    )
    stages = [s for s in STAGES if times.counts[s]]
    # The sum counts the whole clean stage once (not its text/HTML split).
    total_ms = sum(times.ms(s) for s in stages if not s.startswith("clean ("))
    rows = [(s, times.counts[s], f"{times.ms(s):.3f}") for s in stages]
    print(
        table(
            ("stage", "articles", "ms/article"),
            [*rows, ("**sum (read + stages + store)**", "", f"{read_ms + total_ms:.3f}")],
        )
    )
    if times.failures:
        print("sample failures: " + ", ".join(f"{k}: {n}" for k, n in sorted(times.failures.items())))
    print()

    peak = peak_rss_mb()
    print("## Memory")
    print(f"peak RSS of the whole process (ru_maxrss): {peak:.0f} MB")
    print(f"psutil RSS after the pipeline run: {pipe_rss:.0f} MB; at the end: {current_rss_mb():.0f} MB")
    print()

    print("## README row")
    header = ("articles", "workers", "articles/s", "baseline articles/s", "ratio", "peak RSS MB")
    row = (
        summary.read,
        args.workers,
        f"{rate(summary.read, pipe_s):.0f}",
        f"{rate(gen.documents, base_s):.0f}",
        f"{ratio:.1f}",
        f"{peak:.0f}",
    )
    print(table(header, [row], align="rrrrrr"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
