"""``communique ingest --scheduler``: the per-article stages on a real ``dask.distributed`` cluster.

.ci/run starts a scheduler and two worker processes on 127.0.0.1 and sets COMMUNIQUE_TEST_DASK to the
scheduler's address; without it the tests that need them skip. Every run through a cluster is compared
with a local run of the same inputs, record by record: every table of the store, sorted, without the
wall-clock columns (when a row was written).
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from communique import Settings, Store
from communique.cluster import ClusterError, connect, process_on_cluster
from communique.ingest import read_inputs
from communique.pipeline import _safe_chunk
from communique.runner import ingest
from tests.conftest import ROOT, store_corpus

pytestmark = [pytest.mark.enable_socket, pytest.mark.slow]

#: The scheduler .ci/run starts (two workers joined); unset, the tests that need it skip.
DASK = os.environ.get("COMMUNIQUE_TEST_DASK", "")
DASK_BIN = Path(sys.executable).with_name("dask")
#: Generated articles ingested with the repository's own (six languages, four formats, some copies).
GENERATED = 96
#: A store's tables: each its column names, then its rows sorted.
Tables = dict[str, list[tuple[Any, ...]]]


def needs_dask() -> str:
    if not DASK:
        pytest.skip(
            "COMMUNIQUE_TEST_DASK is not set: the Dask tests need a scheduler and workers "
            "(.ci/run starts them; or set it to tcp://127.0.0.1:PORT of a scheduler with workers)"
        )
    return DASK


def dump(db: str) -> Tables:
    """Every table of the store at ``db`` (a SQLite file), its rows sorted, without the columns that
    say when a row was written (``DATETIME``: ``ingested_at``, ``first_seen`` of a source) and without
    the full-text index (derived from the articles)."""
    engine = sa.create_engine(f"sqlite:///{db}")
    tables: Tables = {}
    try:
        inspector = sa.inspect(engine)
        with engine.connect() as connection:
            for name in inspector.get_table_names():
                if name.startswith("articles_fts"):
                    continue
                columns = [
                    c["name"] for c in inspector.get_columns(name) if not isinstance(c["type"], sa.DateTime)
                ]
                query = sa.select(*(sa.column(c) for c in columns)).select_from(sa.table(name))
                rows = [tuple(row) for row in connection.execute(query)]
                tables[name] = [tuple(columns), *sorted(rows, key=repr)]
    finally:
        engine.dispose()
    return tables


def assert_same(got: Tables, want: Tables) -> None:
    assert sorted(got) == sorted(want)
    for table in want:
        assert got[table] == want[table], f"table {table} differs from the local run"
    # The comparison means something: the stages stored every kind of record.
    for table in ("articles", "article_sources", "entities", "events", "stories", "article_links"):
        assert len(want[table]) > 1, table


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The sample corpus, the store corpus and a generated corpus (benchmarks/synthetic_news.py)."""
    spec = importlib.util.spec_from_file_location("synthetic_news", ROOT / "benchmarks" / "synthetic_news.py")
    assert spec and spec.loader
    synthetic = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synthetic_news", synthetic)  # its dataclasses look their module up
    spec.loader.exec_module(synthetic)
    folder = tmp_path_factory.mktemp("generated")
    synthetic.generate(folder, GENERATED)
    return [str(ROOT / "examples" / "corpus"), *store_corpus(), str(folder)]


@pytest.fixture(scope="module")
def local_run(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Tables:
    """The store a local run (in process) makes of ``inputs``."""
    db = str(tmp_path_factory.mktemp("local") / "local.db")
    with Store(db) as store:
        summary = ingest(inputs, store, Settings(db=db, scheduler=None))
    assert summary.failed == 0 and summary.new > GENERATED
    return dump(db)


def communique(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """The command in a process of its own (as a user runs it), started."""
    environment = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_SCHEDULER"} | (env or {})
    return subprocess.Popen(
        [sys.executable, "-m", "communique", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        cwd=ROOT,
    )


def finish(process: subprocess.Popen[str], timeout: float = 540) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err


def test_the_cluster_stores_what_a_local_run_stores(
    inputs: list[str], local_run: Tables, tmp_path: Path
) -> None:
    # The scheduler from the environment, as a user sets it once for every run.
    address = needs_dask()
    db = str(tmp_path / "dask.db")
    code, out, err = finish(
        communique("ingest", *inputs, "--db", db, "--json", env={"COMMUNIQUE_SCHEDULER": address})
    )
    assert code == 0, err
    assert json.loads(out)["failed"] == 0
    assert_same(dump(db), local_run)


def test_a_local_cluster_stores_what_a_local_run_stores(
    inputs: list[str], local_run: Tables, tmp_path: Path
) -> None:
    db = str(tmp_path / "local-cluster.db")
    code, out, err = finish(
        communique("ingest", *inputs, "--db", db, "--json", "--scheduler", "local", "--workers", "2")
    )
    assert code == 0, err
    assert json.loads(out)["failed"] == 0
    assert_same(dump(db), local_run)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_an_unreachable_scheduler_is_an_error_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    # A port nobody listens on: the connection is refused until the connect timeout.
    address = f"tcp://127.0.0.1:{free_port()}"
    db = tmp_path / "never.db"
    code, out, err = finish(
        communique("ingest", str(ROOT / "examples" / "corpus"), "--db", str(db), "--scheduler", address)
    )
    assert code == 1
    assert out == ""
    assert err.startswith(f"communique: error: {address}: cannot reach the Dask scheduler"), err
    assert "Traceback" not in err
    assert not db.exists() and list(tmp_path.iterdir()) == []
    # The same from the environment, with the canonical JSON error body.
    code, out, err = finish(
        communique(
            "ingest", str(ROOT / "examples" / "corpus"), "--db", str(db), "--json",
            env={"COMMUNIQUE_SCHEDULER": address},
        )
    )  # fmt: skip
    assert code == 1 and out == ""
    body = json.loads(err)["error"]
    assert body["type"] == "ClusterError" and body["code"] == "scheduler_unreachable"
    assert body["source"] == address
    assert not db.exists()


def test_an_unreachable_scheduler_in_the_api_raises_before_reading(tmp_path: Path) -> None:
    address = f"tcp://127.0.0.1:{free_port()}"
    read: list[object] = []

    def documents() -> Iterator[Any]:
        read.append(1)
        yield from read_inputs([str(ROOT / "examples" / "corpus")])

    with pytest.raises(ClusterError) as caught:
        next(process_on_cluster(documents(), Settings(scheduler=address), address))
    assert caught.value.source == address and read == []


def test_a_worker_killed_mid_run_loses_nothing_and_doubles_nothing(
    inputs: list[str], local_run: Tables, tmp_path: Path
) -> None:
    address = needs_dask()
    # A third worker of the test's own, so that the two shared ones stay up; in a session of its own so
    # that its process group (the nanny and its worker process) dies at once, as with a machine.
    log = (tmp_path / "doomed.log").open("w")
    doomed = subprocess.Popen(
        [
            str(DASK_BIN), "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
            "--no-dashboard", "--dashboard-address", "127.0.0.1:0", "--name", f"doomed-{os.getpid()}",
            "--local-directory", str(tmp_path),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    killed_with: list[str] = []
    db = str(tmp_path / "killed.db")
    try:
        with connect(address) as cluster:
            client = cluster.client
            deadline = time.monotonic() + 120
            worker = None
            while worker is None and time.monotonic() < deadline:
                workers = client.scheduler_info(n_workers=-1)["workers"]
                worker = next((a for a, w in workers.items() if w["name"] == f"doomed-{os.getpid()}"), None)
                time.sleep(0.2)
            assert worker, "the extra worker did not join"
            # Its models loaded first, so that it takes its share of the run at once.
            warm = next(iter(read_inputs([str(ROOT / "examples" / "corpus")])))
            client.submit(_safe_chunk, ([warm], Settings()), workers=[worker], pure=False).result(timeout=300)

            run = communique(
                "ingest", *inputs, "--db", str(tmp_path / "killed.db"), "--json", "--scheduler", address
            )
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline and run.poll() is None:
                processing = client.processing(workers=[worker]).get(worker, ())
                if processing:
                    time.sleep(0.5)  # mid-chunk
                    killed_with = list(client.processing(workers=[worker]).get(worker, ())) or processing
                    os.killpg(doomed.pid, signal.SIGKILL)
                    break
                time.sleep(0.05)
            code, out, err = finish(run)
    finally:
        if doomed.poll() is None:
            os.killpg(doomed.pid, signal.SIGKILL)
        doomed.wait()
        log.close()
    assert killed_with, "the extra worker was given no task before the run ended"
    assert code == 0, err
    summary = json.loads(out)
    assert summary["failed"] == 0
    stored = dump(db)
    # Complete and without duplicates: the same records, row for row, as the local run.
    assert_same(stored, local_run)
    ids = [row[0] for row in stored["articles"][1:]]
    assert len(ids) == len(set(ids)) == summary["new"]


def test_workers_that_run_other_code_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    address = needs_dask()
    import communique.cluster as cluster_module

    # This process pretends to run other code than the workers.
    monkeypatch.setattr(cluster_module, "FINGERPRINT", "0" * 16)
    with pytest.raises(ClusterError) as caught:
        connect(address)
    assert caught.value.code == "version_mismatch" and caught.value.source == address
    assert "restart them from the same version" in caught.value.message
    # A worker that joins after the check is refused by each task: the run stops before storing.
    monkeypatch.undo()
    with connect(address) as cluster:
        monkeypatch.setattr(cluster_module, "FINGERPRINT", "0" * 16)
        documents = read_inputs([str(ROOT / "tests" / "articles")])
        with pytest.raises(ClusterError) as caught:
            list(process_on_cluster(documents, Settings(), cluster))
    assert caught.value.code == "scheduler_failed"
    assert "VersionMismatch" in caught.value.message and "restart the workers" in caught.value.message


# The command with every connection refused but those to 127.0.0.1 (the cluster's): nothing the client
# does reaches the network. (The workers are processes of their own, started by .ci/run.)
_LOOPBACK_ONLY = """
import ipaddress, socket, sys
_connect, _getaddrinfo = socket.socket.connect, socket.getaddrinfo
def _host(address):
    return address[0] if isinstance(address, tuple) else address
def _loopback(host):
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
def connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(_host(address)):
        raise OSError("network unreachable (test)")
    return _connect(self, address)
def getaddrinfo(host, *args, **kwargs):
    if host is not None and not _loopback(host):
        raise OSError("network unreachable (test)")
    return _getaddrinfo(host, *args, **kwargs)
socket.socket.connect, socket.getaddrinfo = connect, getaddrinfo
from communique.cli import run
sys.argv = ["communique", *sys.argv[1:]]
run()
"""


def test_a_cluster_run_needs_no_network_but_the_loopback(tmp_path: Path) -> None:
    address = needs_dask()
    db = str(tmp_path / "offline.db")
    result = subprocess.run(
        [sys.executable, "-c", _LOOPBACK_ONLY, "ingest", *store_corpus(), "--db", db, "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env={k: v for k, v in os.environ.items() if k != "COMMUNIQUE_SCHEDULER"}
        | {"COMMUNIQUE_SCHEDULER": address},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["new"] == len(store_corpus())
    assert "network unreachable" not in result.stderr
