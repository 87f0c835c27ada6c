"""Load on ``communique serve``: the server as a user runs it, concurrent clients, one request profiled.

:func:`server` starts ``python -m communique serve --db STORE`` (uvicorn, one process) on 127.0.0.1
and a free port; :func:`warm_up` sends each endpoint a few requests; :func:`run_cell` sends one
endpoint N requests from that many asyncio tasks sharing one ``httpx.AsyncClient`` (keep-alive, one
connection per task) and records each latency, the errors (anything but a 200) and the server's CPU
time; :func:`print_cells` prints them. :func:`profile_request` runs one request in-process under
cProfile with every SQL statement timed, and prints the slowest statement's query plan.
"""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import io
import pstats
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest import mock

import anyio.to_thread
import httpx
import numpy as np
import psutil  # type: ignore[import-untyped]

from communique import Store
from harness import Timers, sql_timing, table

WARM_UP = 5


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
    timers = Timers()
    try:
        app = create_app(store)
        with mock.patch.object(anyio.to_thread, "run_sync", _inline):
            asyncio.run(_one_request(app, point.path))  # warm
            with sql_timing(store.engine, timers, keep=True):
                profiler = cProfile.Profile()
                started = time.perf_counter()
                profiler.enable()
                response = asyncio.run(_one_request(app, point.path))
                profiler.disable()
                wall = time.perf_counter() - started
        timed = timers.statements
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
    header = ("endpoint", "clients", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
              "server CPU ms/req", "KB", "errors")  # fmt: skip
    rows = []
    for c in cells:
        n = len(c.latencies)
        cpu = c.server_cpu / (n + c.errors) * 1000 if n + c.errors else float("nan")
        slowest = max(c.latencies, default=float("nan")) * 1000
        rows.append(
            (c.endpoint.name, c.clients, n + c.errors, f"{c.rate:.1f}", f"{c.quantile(0.5):.1f}",
             f"{c.quantile(0.95):.1f}", f"{c.quantile(0.99):.1f}", f"{slowest:.1f}", f"{cpu:.1f}",
             f"{c.bytes / 1024:.0f}", c.errors)
        )  # fmt: skip
    print(table(header, rows, pad=True))
