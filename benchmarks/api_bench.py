"""Latency of the read endpoints of ``communique serve`` on a generated store, with concurrent clients.

What it does, in order:

1. creates a fresh SQLite store (``Store`` runs the migrations) in a temporary folder and fills it
   with ``--articles`` background articles (default 100,000) by bulk SQL, reusing
   ``store_fill.fill_background`` (articles in six languages whose words come from the ingest
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
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

from communique import Store
from harness import file_bytes, int_list, parser, print_machine, table, usable_cores
from http_load import WARM_UP, Cell, Endpoint, print_cells, profile_request, run_cell, server, warm_up
from store_fill import enrich_records, fill_background

SEED = 20240612
DEFAULT_ARTICLES = 100_000
DEFAULT_CLIENTS = (1, 8, 32)
DEFAULT_REQUESTS = 400
#: The pair of the filtered timeline and of the monthly aggregate (the fill draws pairs uniformly).
PAIR = "CHN,KAZ"
#: A deep page of the unfiltered timeline (page 401 of 50; the pages' "next" links lead there).
DEEP_OFFSET = 20_000


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


# -- main -----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    options = parser(__doc__)
    options.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="store size (default 100000)")
    options.add_argument(
        "--clients",
        type=int_list,
        default=",".join(str(c) for c in DEFAULT_CLIENTS),
        help="concurrent clients per run, comma-separated (default 1,8,32)",
    )
    options.add_argument(
        "--requests", type=int, default=DEFAULT_REQUESTS, help="requests per endpoint and concurrency"
    )
    options.add_argument(
        "--max-seconds", type=float, default=30.0, help="stop a cell (endpoint x clients) after this long"
    )
    options.add_argument(
        "--slow-ms", type=float, default=500.0, help="profile endpoints whose p95 at one client is over this"
    )
    options.add_argument("--workdir", help="folder for the temporary store (default: system temp)")
    args = options.parse_args(argv)
    if min(args.clients) < 1 or args.requests < 1 or args.articles < 1:
        options.error("--clients, --requests and --articles must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print_machine(f"httpx {httpx.__version__}")

    with tempfile.TemporaryDirectory(prefix="communique-api-bench-", dir=args.workdir) as tmp:
        path = Path(tmp) / "store.db"
        fill_seconds, record_seconds = build_store(path, args.articles)
        facts = store_facts(path)
        print(f"## Store (seed {SEED})")
        print(
            f"{facts.articles:,} articles, {facts.events:,} events ({facts.actors:,} actors), "
            f"{facts.stories:,} stories; events dated {facts.first_day} to {facts.last_day}; "
            f"{file_bytes(path) / 2**20:.0f} MiB on disk"
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
            for problem in warm_up(base, points):
                print(f"WARNING (warm-up): {problem}")
            print(
                f"## Latency ({args.requests} requests per endpoint and concurrency, at most "
                f"{args.max_seconds:.0f} s each; {WARM_UP} warm-up requests per endpoint before)"
            )
            print(f"server: `python -m communique serve` (uvicorn, one process) on {base}")
            print()
            for clients in args.clients:
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

        fewest = min(args.clients)
        slow = [c for c in cells if c.clients == fewest and c.quantile(0.95) > args.slow_ms]
        if slow:
            print(f"## Slow endpoints (p95 over {args.slow_ms:.0f} ms at {fewest} client)")
            print()
            for cell in slow:
                profile_request(path, cell.endpoint)

        print("## README table")
        print(
            f"Store: {facts.articles:,} articles, {facts.events:,} events (SQLite); `communique serve` on "
            f"loopback, {usable_cores()} cores shared by server and client."
        )
        print()
        rows = [
            (c.endpoint.name, c.clients, f"{c.quantile(0.5):.0f}", f"{c.quantile(0.95):.0f}",
             f"{c.quantile(0.99):.0f}", f"{c.rate:.0f}", c.errors)
            for c in sorted(cells, key=lambda c: (points.index(c.endpoint), c.clients))
        ]  # fmt: skip
        print(table(("endpoint", "clients", "p50 ms", "p95 ms", "p99 ms", "req/s", "errors"), rows))
        print()
        print("(the store and its folder are deleted now)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
