"""Dask's overhead: the same ingest through a local pool of N worker processes and through a Dask cluster
of N worker processes on this machine, in one run, on one generated corpus.

Both systems run the whole ``ingest`` (read, the per-article stages in N processes, storing in batches
into a fresh SQLite store) with their models already loaded, so that the difference is what the
distribution costs: the local pool's workers are forked from this process once it has loaded them, the
Dask workers (a ``LocalCluster``, as ``ingest --scheduler local`` starts) are warmed by a chunk each
before the clock starts. The runs alternate (``--repeat``) and each system's best is kept. The figure:
Dask's overhead, its time over the pool's, minus one (target: at most 15%).

Run from the repository root::

    .venv/bin/python benchmarks/dask_bench.py [--count 400] [--workers 2] [--repeat 2]

No network is used (the cluster listens on 127.0.0.1). The corpus is generated from a fixed seed
(``synthetic_news.py``).
"""

from __future__ import annotations

import itertools
import sys
import tempfile
from pathlib import Path

from communique import InputError, Settings, Store, ingest
from communique.cluster import Cluster, connect
from communique.ingest import read_inputs
from communique.pipeline import _safe_chunk, process_many
from communique.runner import IngestSummary
from harness import best_of, parser, print_machine, rate, table
from synthetic_news import SEED, generate

#: Names of the fresh stores, one per ingest.
_RUNS = itertools.count(1)
#: Documents each worker (and this process, for the pool's forks) analyses before the clock starts:
#: enough to meet every language of the corpus.
WARMUP = 48


def warm_up_here(folder: Path) -> None:
    """Load every model in this process: the pool's workers are forked from it."""
    for _ in process_many(itertools.islice(read_inputs([str(folder)]), WARMUP), Settings(scheduler=None)):
        pass


def warm_up_cluster(cluster: Cluster, folder: Path) -> None:
    """One chunk on each Dask worker, so that each has loaded its models."""
    docs = [d for d in itertools.islice(read_inputs([str(folder)]), WARMUP) if not isinstance(d, InputError)]
    client = cluster.client
    workers = list(client.scheduler_info(n_workers=-1)["workers"])
    futures = [
        client.submit(_safe_chunk, (docs, Settings(scheduler=None)), workers=[w], pure=False) for w in workers
    ]
    client.gather(futures)


def run_ingest(folder: Path, workdir: Path, settings: Settings, cluster: Cluster | None) -> IngestSummary:
    """One ingest of the corpus into a fresh store."""
    db = str(workdir / f"run-{next(_RUNS)}.db")
    with Store(db) as store:
        return ingest([str(folder)], store, settings, cluster=cluster)


def main(argv: list[str] | None = None) -> int:
    options = parser(__doc__)
    options.add_argument("--count", type=int, default=400, help="generated documents (default 400)")
    options.add_argument("--workers", type=int, default=2, help="worker processes of each system (2)")
    options.add_argument("--repeat", type=int, default=2, help="alternating passes; best kept (2)")
    options.add_argument(
        "--scheduler",
        default="local",
        help="Dask scheduler to measure (tcp://HOST:PORT; default: a LocalCluster of --workers processes)",
    )
    args = options.parse_args(argv)

    print_machine()
    with tempfile.TemporaryDirectory(prefix="communique-dask-bench-") as tmp:
        workdir = Path(tmp)
        folder = workdir / "corpus"
        folder.mkdir()
        corpus = generate(folder, args.count, SEED)
        print(
            f"## Corpus\n{corpus.documents} generated documents (seed {SEED}), {corpus.duplicates} copies\n"
        )
        settings = Settings(workers=args.workers, scheduler=None)
        warm_up_here(folder)
        with connect(args.scheduler, args.workers) as cluster:
            warm_up_cluster(cluster, folder)
            dask_workers = cluster.workers()
            (pool, pool_s), (dask, dask_s) = best_of(
                [
                    lambda: run_ingest(folder, workdir, settings, None),
                    lambda: run_ingest(folder, workdir, settings, cluster),
                ],
                repeat=args.repeat,
            )
    if pool.to_dict() != dask.to_dict():
        print(f"the two systems differ:\n  pool {pool}\n  dask {dask}", file=sys.stderr)
        return 1
    overhead = dask_s / pool_s - 1
    print(f"## Ingest, {args.workers} workers each (best of {args.repeat})")
    print(
        table(
            ["system", "seconds", "articles/s", "time vs pool"],
            [
                [
                    f"local pool ({args.workers} processes)",
                    f"{pool_s:.1f}",
                    f"{rate(pool.read, pool_s):.1f}",
                    "1.00",
                ],
                [
                    f"Dask {'LocalCluster' if args.scheduler == 'local' else args.scheduler} "
                    f"({dask_workers} workers)",
                    f"{dask_s:.1f}",
                    f"{rate(dask.read, dask_s):.1f}",
                    f"{dask_s / pool_s:.2f}",
                ],
            ],
        )
    )
    print(f"\n{pool.read} documents read, {pool.new} stored, by each system")
    print(f"Dask overhead: {overhead:+.1%} (target: at most +15%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
