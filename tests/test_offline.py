"""The whole pipeline with the network unreachable: nothing downloads at run time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, store_corpus

# Runs the CLI in a fresh process (so every model and table loads there) after making
# any socket creation fail, as on an air-gapped machine.
_OFFLINE_MAIN = """
import socket, sys
class _NoNetwork(socket.socket):
    def __init__(self, *args, **kwargs):
        raise OSError("network unreachable (test)")
def _refuse(*args, **kwargs):
    raise OSError("network unreachable (test)")
socket.socket = _NoNetwork
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
from communique.cli import run
sys.argv = ["communique", *sys.argv[1:]]
run()
"""


@pytest.mark.slow  # a fresh interpreter loads every model: about 25 s
def test_pipeline_runs_with_network_unreachable(tmp_path: Path) -> None:
    db = str(tmp_path / "offline.db")
    paths = [str(FIXTURES), *store_corpus()]
    result = subprocess.run(
        [sys.executable, "-c", _OFFLINE_MAIN, "ingest", *paths, "--db", db, "--json"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["new"] >= 15
    assert "network unreachable" not in result.stderr
    languages = {
        json.loads(line)["language"]
        for line in subprocess.run(
            [sys.executable, "-m", "communique", "export", "articles", "--db", db],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
    }
    assert {"en", "fr", "es", "ru", "zh", "de"} <= languages
