"""The store's own ceiling: articles/s through the cross-article stages alone, the analysis already done.

    .venv/bin/python benchmarks/store_ceiling.py [--articles N] [--batch N] [--pg URL]

Texts: the first N stories (1,200) of ``../shared/eventdata/synthetic_plover2021_en.csv`` (synthetic
news, MIT), analysed once by the real per-article stages (two processes; not timed). Then each store —
a new SQLite file, and a new PostgreSQL database when ``--pg`` (or ``COMMUNIQUE_TEST_PG``, which
``.ci/run`` sets: ``bash .ci/run .venv/bin/python benchmarks/store_ceiling.py``) names a server — takes
them through :func:`communique.crossdoc.add_batch` in batches of ``--batch`` (200, the ingest
default): storing the articles, entity resolution, event merging, linking. One writer, one process:
the store's ceiling is what one ingest's main process can absorb, whatever the workers analyse.
Printed: seconds per batch, articles/s, and the share of each stage.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from communique import Settings, Store, crossdoc
from communique.pipeline import process_many
from communique.records import Analysed, RawDocument
from harness import EVENTDATA, Timers, parser, patched, print_machine, rate, read_rows, require, table


@contextmanager
def pg_store(server: str) -> Iterator[str]:
    """A new database on the server ``server`` (a URL), dropped afterwards."""
    from communique.store import database_url

    url = sa.make_url(server)
    name = re.sub(r"[^a-z0-9_]+", "_", f"ceiling_{os.getpid()}")
    admin = sa.create_engine(database_url(server), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()


def run(db: str, items: list[Analysed], batch: int) -> tuple[float, Timers]:
    """Seconds to take ``items`` into a new store at ``db``, and the time of each stage."""
    timers = Timers()
    with Store(db) as store:
        crossdoc.add_batch(store, items[:1])  # the encoder and lexicons loaded before timing
        rest = items[1:]
        with (
            patched(crossdoc, "resolve_batch", timers, "resolve"),
            patched(crossdoc, "store_events", timers, "events"),
            patched(crossdoc, "link_batch", timers, "link"),
            patched(crossdoc, "add_batch", timers, "whole batch"),
        ):
            for start in range(0, len(rest), batch):
                crossdoc.add_batch(store, rest[start : start + batch])
    return timers.seconds["whole batch"], timers


def main() -> None:
    options = parser(__doc__)
    options.add_argument("--articles", type=int, default=1200, help="stories to store (default 1200)")
    options.add_argument("--batch", type=int, default=200, help="articles per batch (default 200)")
    options.add_argument(
        "--pg", default=os.environ.get("COMMUNIQUE_TEST_PG", ""), help="a PostgreSQL server URL"
    )
    args = options.parse_args()
    path = EVENTDATA / "synthetic_plover2021_en.csv"
    require(path)
    texts = [row["text"] for row in read_rows(path, delimiter=",")][: args.articles]
    raws = [RawDocument(source=f"story-{i}", text=t, published="2024-05-01") for i, t in enumerate(texts)]
    items = [r for r in process_many(raws, Settings(workers=2)) if isinstance(r, Analysed)]

    rows = []
    stores = [("SQLite", None)] + ([("PostgreSQL", args.pg)] if args.pg else [])
    for label, server in stores:
        with tempfile.TemporaryDirectory() as tmp:
            if server is None:
                seconds, timers = run(str(Path(tmp) / "ceiling.db"), items, args.batch)
            else:
                with pg_store(server) as url:
                    seconds, timers = run(url, items, args.batch)
        stored = len(items) - 1
        rows.append(
            (
                label,
                stored,
                f"{seconds:.1f}",
                f"{rate(stored, seconds):.0f}",
                *(f"{timers.seconds[s] / seconds:.0%}" for s in ("resolve", "events", "link")),
            )
        )
    print_machine()
    print(f"{len(items)} analysed stories, batches of {args.batch}; one writer")
    print(table(("store", "articles", "seconds", "articles/s", "resolve", "events", "link"), rows))
    if not args.pg:
        print("(no PostgreSQL server given: --pg URL or COMMUNIQUE_TEST_PG)")


if __name__ == "__main__":
    main()
