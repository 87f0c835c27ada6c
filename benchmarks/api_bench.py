"""Latency of the read endpoints of ``communique serve`` on a generated store, with concurrent clients.

What it does, in order:

1. creates a fresh SQLite store (``Store`` runs the migrations) in a temporary folder and fills it
   with ``--articles`` background articles (default 100,000) by bulk SQL, reusing
   ``link_bench.fill_background`` (articles in six languages whose words come from the ingest
   benchmark's sentence templates, with their events, event actors, mentions and stories); the
   articles' insert trigger fills the full-text index;
2. rewrites every event's stored record into the contract's full shape (actors, article ids,
   languages, evidence, ...) from the rows the fill wrote, so that the JSON and the HTML timeline
   carry what a real store carries (the fill itself stores a stub record);
3. picks the search words from the full-text index itself (``fts5vocab``): the most frequent filler
   word and the rarest one, and checks that both are found;
4. starts ``python -m communique serve --db STORE --port PORT`` (uvicorn, one process, as a user
   runs it) on 127.0.0.1 and a free port, and warms every endpoint up;
5. for each number of concurrent clients (``--clients``, default 1, 8 and 32) and each endpoint,
   sends ``--requests`` requests (default 400; a cell stops early after ``--max-seconds``) from
   that many asyncio tasks sharing one ``httpx.AsyncClient`` (keep-alive, one connection per
   task), and reports requests/s, p50/p95/p99 latency, the server's CPU time per request and
   errors (anything but a 200);
6. for an endpoint whose p95 at one client is over ``--slow-ms`` (default 500), runs one request
   in-process under cProfile with every SQL statement timed, and prints the slowest statement's
   ``EXPLAIN QUERY PLAN``;
7. prints a compact table for the README, and deletes the store.

Run from the repository root::

    .venv/bin/python benchmarks/api_bench.py [--articles 100000] [--requests 400] [--clients 1,8,32]

No network beyond loopback is used. The store's contents come from a fixed seed, so runs are
comparable; latencies depend on the machine and on what else runs on it (the client runs on the
same cores as the server, and its own time is part of every latency).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import importlib
import io
import json
import os
import platform
import pstats
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock
from urllib.parse import quote

import anyio.to_thread
import httpx
import numpy as np
import psutil  # type: ignore[import-untyped]
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

import communique
from communique import Store
from communique.events.ontology import code_for

# The link benchmark's fill and the ingest benchmark's machine helpers, imported by name so that mypy
# does not check those scripts too; the annotations keep the names typed here.
_link_bench = importlib.import_module("link_bench")
fill_background: Callable[[Store, int, int], Any] = _link_bench.fill_background
store_bytes: Callable[[Path], int] = _link_bench.store_bytes
git_commit: Callable[[], str] = _link_bench.git_commit
cpu_model: Callable[[], str] = _link_bench.cpu_model
usable_cores: Callable[[], int] = _link_bench.usable_cores

SEED = 20240612
DEFAULT_ARTICLES = 100_000
DEFAULT_CLIENTS = (1, 8, 32)
DEFAULT_REQUESTS = 400
WARM_UP = 5
#: The pair of the filtered timeline and of the monthly aggregate (the fill draws pairs uniformly).
PAIR = "CHN,KAZ"
#: A deep page of the unfiltered timeline (page 401 of 50; the pages' "next" links lead there).
DEEP_OFFSET = 20_000


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str
    path: str


@dataclass(slots=True)
class Cell:
    """One endpoint at one concurrency."""

    endpoint: Endpoint
    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    first_error: str = ""
    seconds: float = 0.0
    server_cpu: float = 0.0
    bytes: int = 0

    def quantile(self, q: float) -> float:
        return float(np.quantile(self.latencies, q)) * 1000 if self.latencies else float("nan")

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else float("nan")


# -- the store ------------------------------------------------------------------------------------


def build_store(path: Path, count: int) -> tuple[float, float]:
    """Fill a new store at ``path`` with ``count`` background articles; (fill s, records s)."""
    store = Store(str(path))
    try:
        fill = fill_background(store, count, SEED)
        started = time.perf_counter()
        enrich_records(store)
        return float(fill.seconds), time.perf_counter() - started
    finally:
        store.close()


def enrich_records(store: Store) -> None:
    """Give every event the record the store would build (``store/events.py``'s ``_aggregate``
    shape) from its stored actors and mentions: the fill stores only id, category and date."""
    actors: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    mentions: defaultdict[str, list[tuple[str, str, str, int, int]]] = defaultdict(list)
    with store.engine.begin() as connection:
        for event_id, entity_id, name, country, role in connection.exec_driver_sql(
            "SELECT event_id, entity_id, name, country, role FROM event_actors ORDER BY event_id, position"
        ):
            actors[event_id].append({"entity_id": entity_id, "name": name, "country": country, "role": role})
        for event_id, article_id, language, sentence, start, end in connection.exec_driver_sql(
            'SELECT event_id, article_id, language, sentence, start, "end" FROM event_mentions'
        ):
            mentions[event_id].append((article_id, language, sentence, start, end))
        updates = []
        for event_id, plover, cameo, day, end_date, place, country, confidence in connection.exec_driver_sql(
            "SELECT id, plover, cameo, date, end_date, place, country, confidence FROM events"
        ):
            code = code_for(cameo)
            mode, context = (code.mode, code.context) if code else (None, None)
            found = sorted(mentions[event_id])
            record = {
                "id": event_id,
                "plover": plover,
                "mode": mode,
                "context": context,
                "cameo": cameo,
                "date": day,
                "end_date": end_date,
                "place": place,
                "country": country,
                "actors": actors[event_id],
                "institution": None,
                "session_number": None,
                "pledge": None,
                "facts": [],
                "article_ids": sorted({m[0] for m in found}),
                "languages": sorted({m[1] for m in found if m[1]}),
                "evidence": [
                    {"article_id": a, "sentence": s, "start": start, "end": end}
                    for a, _, s, start, end in found
                ],
                "confidence": confidence,
                "n_outlets": len(found),
            }
            updates.append((json.dumps(record, ensure_ascii=False), mode, context, event_id))
        connection.exec_driver_sql(
            "UPDATE events SET record = ?, mode = ?, context = ? WHERE id = ?", updates
        )


@dataclass(frozen=True, slots=True)
class StoreFacts:
    articles: int
    indexed: int
    events: int
    actors: int
    stories: int
    pair_events: int
    frequent: tuple[str, int]
    rare: tuple[str, int]
    needle: tuple[str, int]
    first_day: str
    last_day: str


def store_facts(path: Path) -> StoreFacts:
    """Counts, and the search words picked from the full-text index's own vocabulary."""
    connection = sqlite3.connect(path)
    try:

        def one(sql: str, *params: Any) -> Any:
            return connection.execute(sql, params).fetchone()[0]

        # A temporary vocabulary table (only this connection sees it; the store is not changed).
        connection.execute("CREATE VIRTUAL TABLE temp.fts_terms USING fts5vocab(main, articles_fts, row)")
        terms = connection.execute(
            "SELECT term, doc FROM temp.fts_terms WHERE term GLOB '[a-z][a-z][a-z][a-z]*' "
            "AND term NOT GLOB '*[^a-z]*' ORDER BY doc DESC, term"
        ).fetchall()
        frequent = next((t, d) for t, d in terms if t != "ref")
        rare = min(terms, key=lambda td: (td[1], td[0]))
        # Every background text ends "Ref <number>.": a number is a word found in one article.
        needle = str(one("SELECT count(*) FROM articles") // 2 + 7)
        a, b = PAIR.split(",")
        pair_events = one(
            "SELECT count(*) FROM events WHERE id IN (SELECT event_id FROM event_actors WHERE country = ?) "
            "AND id IN (SELECT event_id FROM event_actors WHERE country = ?)",
            a,
            b,
        )
        return StoreFacts(
            articles=one("SELECT count(*) FROM articles"),
            indexed=one("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", frequent[0]),
            events=one("SELECT count(*) FROM events"),
            actors=one("SELECT count(*) FROM event_actors"),
            stories=one("SELECT count(*) FROM stories"),
            pair_events=pair_events,
            frequent=(str(frequent[0]), int(frequent[1])),
            rare=(str(rare[0]), int(rare[1])),
            needle=(needle, one("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?", needle)),
            first_day=one("SELECT min(date) FROM events"),
            last_day=one("SELECT max(date) FROM events"),
        )
    finally:
        connection.close()


def endpoints(facts: StoreFacts) -> list[Endpoint]:
    pair = quote(PAIR, safe="")
    return [
        Endpoint("timeline JSON, all", "/api/events"),
        Endpoint(f"timeline JSON, all, offset {DEEP_OFFSET:,}", f"/api/events?offset={DEEP_OFFSET}"),
        Endpoint(f"timeline JSON, {PAIR}", f"/api/events?countries={pair}"),
        Endpoint("timeline page /", "/"),
        Endpoint(f"timeline page /, {PAIR}", f"/?countries={pair}"),
        Endpoint(f"search frequent '{facts.frequent[0]}'", f"/api/articles?q={quote(facts.frequent[0])}"),
        Endpoint(f"search rare '{facts.rare[0]}'", f"/api/articles?q={quote(facts.rare[0])}"),
        Endpoint(f"search 1 hit '{facts.needle[0]}'", f"/api/articles?q={quote(facts.needle[0])}"),
        Endpoint(f"monthly aggregate {PAIR}", f"/api/aggregates/monthly?countries={pair}"),
    ]


# -- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server(path: Path, log: Path) -> Iterator[tuple[str, psutil.Process]]:
    """``communique serve`` on 127.0.0.1 and a free port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-m", "communique", "serve", "--db", str(path), "--port", str(port)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited ({process.returncode}): {log.read_text()[-2000:]}")
            try:
                if httpx.get(base + "/api/events?limit=1", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server did not answer within 60 s: {log.read_text()[-2000:]}")
            time.sleep(0.2)
        yield base, psutil.Process(process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return float(times.user + times.system)


# -- the load -------------------------------------------------------------------------------------


async def _run_cell(base: str, cell: Cell, requests: int, max_seconds: float) -> None:
    limits = httpx.Limits(max_connections=cell.clients, max_keepalive_connections=cell.clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        # One connection per client, opened before the clock starts.
        await asyncio.gather(*(client.get("/static/style.css") for _ in range(cell.clients)))
        issued = 0
        started = time.perf_counter()
        deadline = started + max_seconds

        async def worker() -> None:
            nonlocal issued
            while issued < requests and time.perf_counter() < deadline:
                issued += 1
                t0 = time.perf_counter()
                try:
                    response = await client.get(cell.endpoint.path)
                except httpx.HTTPError as exc:
                    cell.errors += 1
                    cell.first_error = cell.first_error or f"{type(exc).__name__}: {exc}"
                    continue
                elapsed = time.perf_counter() - t0
                if response.status_code != 200:
                    cell.errors += 1
                    cell.first_error = (
                        cell.first_error or f"HTTP {response.status_code}: {response.text[:200]}"
                    )
                    continue
                cell.latencies.append(elapsed)
                cell.bytes = len(response.content)

        await asyncio.gather(*(worker() for _ in range(cell.clients)))
        cell.seconds = time.perf_counter() - started


def run_cell(base: str, process: psutil.Process, cell: Cell, requests: int, max_seconds: float) -> Cell:
    before = cpu_seconds(process)
    asyncio.run(_run_cell(base, cell, requests, max_seconds))
    cell.server_cpu = cpu_seconds(process) - before
    return cell


def warm_up(base: str, points: Sequence[Endpoint]) -> list[str]:
    problems = []
    with httpx.Client(base_url=base, timeout=120) as client:
        for point in points:
            for _ in range(WARM_UP):
                response = client.get(point.path)
                if response.status_code != 200:
                    problems.append(f"{point.path}: HTTP {response.status_code} {response.text[:200]}")
                    break
    return problems


# -- profiling ------------------------------------------------------------------------------------


async def _inline(func: Callable[..., Any], *args: Any, **_: Any) -> Any:
    return func(*args)


async def _one_request(app: Any, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
        return await client.get(path)


def profile_request(path: Path, point: Endpoint) -> None:
    """One request in-process, on this thread (the worker-thread hop of sync endpoints is made
    inline, so that cProfile sees the handler), every SQL statement timed, and the query plan of
    the slowest statement."""
    from communique.api import create_app

    store = Store(str(path))
    timed: list[tuple[float, str, Any]] = []
    starts: dict[int, float] = {}

    def before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        starts[id(cursor)] = time.perf_counter()

    def after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
        timed.append((time.perf_counter() - starts.pop(id(cursor), time.perf_counter()), statement, params))

    try:
        app = create_app(store)
        with mock.patch.object(anyio.to_thread, "run_sync", _inline):
            asyncio.run(_one_request(app, point.path))  # warm
            sa.event.listen(store.engine, "before_cursor_execute", before)
            sa.event.listen(store.engine, "after_cursor_execute", after)
            profiler = cProfile.Profile()
            started = time.perf_counter()
            profiler.enable()
            response = asyncio.run(_one_request(app, point.path))
            profiler.disable()
            wall = time.perf_counter() - started
            sa.event.remove(store.engine, "before_cursor_execute", before)
            sa.event.remove(store.engine, "after_cursor_execute", after)
        print(f"### Profile: {point.name} ({point.path})")
        print(f"one request in-process (under cProfile): {wall * 1000:.0f} ms, HTTP {response.status_code}")
        sql_total = sum(t for t, _, _ in timed)
        print(
            f"SQL: {len(timed)} statements, {sql_total * 1000:.0f} ms to the cursors' execute (rows fetched "
            "later count in the profile's fetch calls)"
        )
        for seconds, statement, params in sorted(timed, key=lambda t: -t[0])[:4]:
            print(f"  {seconds * 1000:8.1f} ms  {' '.join(statement.split())[:400]}  {params!r:.80}")
        if timed:
            _, statement, params = max(timed, key=lambda t: t[0])
            with store.engine.connect() as connection:
                plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params).all()
            print("EXPLAIN QUERY PLAN of the slowest:")
            for row in plan:
                print(f"  {row[0]:>3} {row[1]:>3}  {row[3]}")
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
        print("cProfile, top 12 by own time:")
        lines = out.getvalue().splitlines()
        start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        for line in lines[start:]:
            if line.strip():
                print("  " + line.replace(str(Path(sys.prefix).parent) + "/", "")[:160])
        print()
    finally:
        store.close()


# -- report ---------------------------------------------------------------------------------------


def print_cells(cells: Sequence[Cell]) -> None:
    print(
        f"| {'endpoint':<34} | clients | requests | req/s | p50 ms | p95 ms | p99 ms | max ms | "
        "server CPU ms/req | KB | errors |"
    )
    print(
        f"|{'-' * 36}|--------:|---------:|------:|-------:|-------:|-------:|-------:|"
        "------------------:|---:|---:|"
    )
    for c in cells:
        n = len(c.latencies)
        cpu = c.server_cpu / (n + c.errors) * 1000 if n + c.errors else float("nan")
        print(
            f"| {c.endpoint.name:<34} | {c.clients:>7} | {n + c.errors:>8} | {c.rate:>5.1f} | "
            f"{c.quantile(0.5):>6.1f} | {c.quantile(0.95):>6.1f} | {c.quantile(0.99):>6.1f} | "
            f"{max(c.latencies, default=float('nan')) * 1000:>6.1f} | {cpu:>17.1f} | "
            f"{c.bytes / 1024:>3.0f} | {c.errors:>2} |"
        )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="store size (default 100000)")
    parser.add_argument(
        "--clients",
        default=",".join(str(c) for c in DEFAULT_CLIENTS),
        help="concurrent clients per run, comma-separated (default 1,8,32)",
    )
    parser.add_argument(
        "--requests", type=int, default=DEFAULT_REQUESTS, help="requests per endpoint and concurrency"
    )
    parser.add_argument(
        "--max-seconds", type=float, default=30.0, help="stop a cell (endpoint x clients) after this long"
    )
    parser.add_argument(
        "--slow-ms", type=float, default=500.0, help="profile endpoints whose p95 at one client is over this"
    )
    parser.add_argument("--workdir", help="folder for the temporary store (default: system temp)")
    args = parser.parse_args(argv)
    try:
        args.client_list = [int(c) for c in args.clients.split(",") if c.strip()]
    except ValueError:
        parser.error("--clients must be integers separated by commas")
    if not args.client_list or min(args.client_list) < 1 or args.requests < 1 or args.articles < 1:
        parser.error("--clients, --requests and --articles must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print("## Machine")
    print(f"CPU: {cpu_model()}")
    print(f"cores: {os.cpu_count()} logical, {usable_cores()} usable by this process")
    print(f"load average at start: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {platform.platform()}")
    print(
        f"communique {communique.__version__} at commit {git_commit()}; httpx {httpx.__version__}; "
        f"memory {psutil.virtual_memory().total / 2**30:.0f} GiB"
    )
    print()

    with tempfile.TemporaryDirectory(prefix="communique-api-bench-", dir=args.workdir) as tmp:
        path = Path(tmp) / "store.db"
        fill_seconds, record_seconds = build_store(path, args.articles)
        facts = store_facts(path)
        print(f"## Store (seed {SEED})")
        print(
            f"{facts.articles:,} articles, {facts.events:,} events ({facts.actors:,} actors), "
            f"{facts.stories:,} stories; events dated {facts.first_day} to {facts.last_day}; "
            f"{store_bytes(path) / 2**20:.0f} MiB on disk"
        )
        print(
            f"filled by bulk SQL in {fill_seconds:.0f} s, event records rewritten to the full shape in "
            f"{record_seconds:.0f} s (neither is part of the figures)"
        )
        print(
            f"full-text index: '{facts.frequent[0]}' in {facts.frequent[1]:,} articles (most frequent word; "
            f"MATCH finds {facts.indexed:,}), '{facts.rare[0]}' in {facts.rare[1]:,} (rarest word), "
            f"'{facts.needle[0]}' in {facts.needle[1]:,} (a reference number)"
        )
        print(f"{PAIR} events: {facts.pair_events:,}")
        if facts.indexed == 0:
            print("WARNING: the full-text index is empty; search figures measure nothing")
        print()

        points = endpoints(facts)
        cells: list[Cell] = []
        log = Path(tmp) / "server.log"
        with server(path, log) as (base, process):
            problems = warm_up(base, points)
            for problem in problems:
                print(f"WARNING (warm-up): {problem}")
            print(
                f"## Latency ({args.requests} requests per endpoint and concurrency, at most "
                f"{args.max_seconds:.0f} s each; {WARM_UP} warm-up requests per endpoint before)"
            )
            print(f"server: `python -m communique serve` (uvicorn, one process) on {base}")
            print()
            for clients in args.client_list:
                level = [
                    run_cell(base, process, Cell(point, clients), args.requests, args.max_seconds)
                    for point in points
                ]
                cells.extend(level)
                print(f"### {clients} client{'s' if clients > 1 else ''}")
                print_cells(level)
                print()
                sys.stdout.flush()
            for cell in cells:
                if cell.first_error:
                    print(f"first error of {cell.endpoint.name} at {cell.clients}: {cell.first_error}")
        server_log = log.read_text(errors="replace").strip()
        if server_log:
            print("server log (last lines):")
            print("\n".join("  " + line for line in server_log.splitlines()[-10:]))
            print()

        slow = [c for c in cells if c.clients == min(args.client_list) and c.quantile(0.95) > args.slow_ms]
        if slow:
            print(f"## Slow endpoints (p95 over {args.slow_ms:.0f} ms at {min(args.client_list)} client)")
            print()
            for cell in slow:
                profile_request(path, cell.endpoint)

        print("## README table")
        print(
            f"Store: {facts.articles:,} articles, {facts.events:,} events (SQLite); `communique serve` on "
            f"loopback, {usable_cores()} cores shared by server and client."
        )
        print()
        print("| endpoint | clients | p50 ms | p95 ms | p99 ms | req/s | errors |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for cell in sorted(cells, key=lambda c: (points.index(c.endpoint), c.clients)):
            print(
                f"| {cell.endpoint.name} | {cell.clients} | {cell.quantile(0.5):.0f} | "
                f"{cell.quantile(0.95):.0f} | {cell.quantile(0.99):.0f} | {cell.rate:.0f} | {cell.errors} |"
            )
        print()
        print("(the store and its folder are deleted now)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
