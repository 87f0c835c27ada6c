"""The per-article stages on a ``dask.distributed`` cluster (``ingest --scheduler``).

The client (the process that reads the input and writes the store) cuts the stream into the chunks
:func:`~communique.pipeline.process_many` uses, submits each as one task, keeps a bounded window of
them in flight and yields their results in input order; the runner stores them in batches as it does
for a local run. A worker is a long-lived process: it loads the models on its first chunk and keeps
them (the NLP backends are cached per process).

Nothing is stored on a worker: storage happens only in the client, in input order, so a worker killed
mid-run costs only the time of its chunks (the scheduler runs them again on another worker) and cannot
lose or double a record. A scheduler that cannot be reached is a :class:`ClusterError` naming it,
raised before anything is read or stored.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any

from .errors import CommuniqueError, InputError
from .pipeline import _CHUNK, _chunks, _exit_on_sigterm, _safe_chunk
from .records import Analysed, RawDocument
from .settings import Settings

__all__ = ["LOCAL", "Cluster", "ClusterError", "connect", "process_on_cluster"]

_LOG = logging.getLogger(__name__)

#: The ``--scheduler`` value that starts a cluster of ``--workers`` processes on this machine.
LOCAL = "local"
#: Seconds to reach the scheduler: a scheduler on the network answers well within it.
CONNECT_TIMEOUT = 10.0
#: Seconds to wait for the first worker to join a scheduler that has none (a cluster starting up).
WORKER_TIMEOUT = 60.0


def _fingerprint() -> str:
    """A digest of the package's source as this process found it: a worker runs the client's own
    functions and returns its records, so both must run the same code (an older worker's records would
    not fit this store code)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


#: Taken when the module is imported, that is with the pipeline's modules (a worker imports it with the
#: first task): a checkout edited later differs from the code then loaded.
FINGERPRINT = _fingerprint()


def _loaded_fingerprint() -> str:
    """:data:`FINGERPRINT` of the process it runs in (a worker)."""
    return FINGERPRINT


class VersionMismatch(RuntimeError):
    """A worker runs other code than the client (raised on the worker, reported by the client)."""


def _checked_chunk(item: tuple[list[RawDocument | InputError], Settings], fingerprint: str) -> Any:
    """:func:`~communique.pipeline._safe_chunk` on a worker that runs the client's code."""
    if fingerprint != FINGERPRINT:
        raise VersionMismatch(
            f"a worker runs other Communiqué code ({FINGERPRINT}) than this command ({fingerprint}): "
            "restart the workers from the same version"
        )
    return _safe_chunk(item)


class ClusterError(CommuniqueError):
    """The Dask scheduler could not be reached, had no worker, or was lost mid-run (``source``: its
    address)."""

    code = "scheduler"


class Cluster:
    """A client connected to a scheduler (and the local cluster it started for ``local``).

    ``distributed`` is only partly typed: its client, clusters and futures are ``Any`` here."""

    def __init__(self, client: Any, address: str, local: Any = None) -> None:
        self.client = client
        #: The address as the user gave it (``local`` or ``tcp://host:port``): the errors' source.
        self.address = address
        self._local = local

    def workers(self) -> int:
        """Threads the cluster's workers run tasks in, all together (at least 1)."""
        nthreads: dict[str, int] = self.client.nthreads()
        return max(1, sum(nthreads.values()))

    def close(self) -> None:
        """Disconnect (pending tasks are released) and stop the local cluster, if one was started."""
        try:
            self.client.close()
        finally:
            if self._local is not None:
                self._local.close()
                self._local = None

    def __enter__(self) -> Cluster:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def connect(address: str, workers: int = 1) -> Cluster:
    """Connect to the scheduler at ``address`` (``tcp://host:port``), or, for ``local``, start a cluster
    of ``workers`` processes on 127.0.0.1 and connect to it. Waits for one worker at least.

    Raises :class:`ClusterError` naming ``address`` when the scheduler cannot be reached or no worker
    joins it in time."""
    from distributed import Client, LocalCluster

    local: Any = None
    client: Any
    try:
        if address == LOCAL:
            # Every process on the loopback only; without a dashboard the scheduler still serves HTTP
            # (health, metrics), on 0.0.0.0:8787 unless told otherwise.
            local = LocalCluster(  # type: ignore[no-untyped-call]
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )
            client = Client(local, set_as_default=False)  # type: ignore[no-untyped-call]
        else:
            client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        if local is not None:
            local.close()
        raise ClusterError(
            f"cannot reach the Dask scheduler ({_reason(exc)})", source=address, code="scheduler_unreachable"
        ) from exc
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        client.close()
        if local is not None:
            local.close()
        raise ClusterError(
            f"no Dask worker joined the scheduler within {WORKER_TIMEOUT:g} s",
            source=address,
            code="no_workers",
        ) from exc
    cluster = Cluster(client, address, local)
    # Workers that run other code would return records this code cannot store: refused before anything
    # is read (a worker that joins later is checked by each task, see _checked_chunk).
    try:
        prints: dict[str, str] = client.run(_loaded_fingerprint)
    except Exception as exc:
        cluster.close()
        raise ClusterError(
            f"the Dask workers cannot run Communiqué ({_reason(exc)})", source=address, code="worker_failed"
        ) from exc
    others = sorted(worker for worker, print_ in prints.items() if print_ != FINGERPRINT)
    if others:
        cluster.close()
        raise ClusterError(
            f"{len(others)} of {len(prints)} Dask workers ({', '.join(others[:3])}) run other Communiqué "
            "code than this command: restart them from the same version",
            source=address,
            code="version_mismatch",
        )
    return cluster


def process_on_cluster(
    items: Iterable[RawDocument | InputError], settings: Settings, address: str | Cluster
) -> Iterator[Analysed | InputError]:
    """:func:`~communique.pipeline.process_many` on a Dask cluster: the same results in the same
    (input) order, reader errors passed through untouched.

    ``address``: a scheduler's address or ``local`` (connected here, before the first input is read,
    and closed on exit), or a :class:`Cluster` the caller connected (and closes). On exit or
    interruption the pending tasks are cancelled."""
    cluster = connect(address, settings.workers) if isinstance(address, str) else address
    owned = isinstance(address, str)
    client = cluster.client
    # As in process_many: enough chunks in flight to keep every worker busy while the caller stores
    # results, without reading the whole input ahead.
    limit = max(2 * settings.batch_size // _CHUNK, 4 * cluster.workers())
    window: deque[Any] = deque()
    restore = _exit_on_sigterm()
    try:
        for chunk in _chunks(items):
            window.append(client.submit(_checked_chunk, (chunk, settings), FINGERPRINT, pure=False))
            if len(window) >= limit:
                yield from _result(window.popleft(), cluster)
        while window:
            yield from _result(window.popleft(), cluster)
    finally:
        restore()
        if window:
            # Interrupted (SIGTERM, Ctrl-C, an error in the caller, the caller stopped reading): the
            # pending chunks' results would be thrown away.
            try:
                client.cancel(list(window))
            except Exception as exc:  # the scheduler may be the reason we are here
                _LOG.debug("could not cancel the pending tasks", exc_info=exc)
            window.clear()
        if owned:
            cluster.close()


def _result(future: Any, cluster: Cluster) -> list[Analysed | InputError]:
    """One chunk's results; the cluster's own failures (the scheduler lost, a chunk that killed every
    worker it ran on) as a :class:`ClusterError`. A stage's failure is an :class:`InputError` in the
    list, as in a local run."""
    try:
        results: list[Analysed | InputError] = future.result()
    except Exception as exc:
        raise ClusterError(
            f"the Dask cluster failed mid-run ({_reason(exc)}); every batch stored before is kept, "
            "run the same command again to complete the rest",
            source=cluster.address,
            code="scheduler_failed",
        ) from exc
    finally:
        future.release()
    return results


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
