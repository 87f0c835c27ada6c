"""Fuzz: hostile inputs (tests/hostile.py) beside good ones, through the library and the command.

For every input: no crash, a refused input named in a clear, bounded error with a code, an input that
should be read is read; the good inputs of the same run are stored; the store's references are whole;
a bomb does not blow up memory.
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from communique import InputError, Settings, Store, ingest

from .hostile import generate

SEEDS = [1, 2, 3]


def _peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # Linux reports kilobytes


@pytest.mark.parametrize("seed", SEEDS)
def test_hostile_inputs_through_the_library(seed: int, tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    hostile, good = generate(folder, seed)
    db = str(tmp_path / "fuzz.db")
    errors: list[InputError] = []
    before = _peak_mb()
    with Store(db) as store:
        ingest([str(folder)], store, Settings(db=db), on_error=errors.append)
        problems = store.check()
        found = {name: bool(store.search(marker, 5)) for name, marker in good.items()}
        texts = " ".join(a.text for a in store.iter_articles())
    grown = _peak_mb() - before
    assert problems == []
    assert all(found.values()), found
    for err in errors:
        assert err.code and err.message and err.source, err
        assert len(err.message) < 1000, err.message[:200]  # never the input itself quoted at length
    named = {h.name: [e for e in errors if h.name in (e.source or "")] for h in hostile}
    for item in hostile:
        if item.expect == "error":
            assert named[item.name], f"{item.name!r}: refused without a reason"
        elif item.expect == "stored":
            assert not named[item.name], (item.name, [str(e) for e in named[item.name]])
            marker = f"zq{seed}" + item.name.split(".")[0].replace("_byte", "").replace("latin1", "latin")
            assert marker in texts, f"{item.name!r} was not read"
    # 64 MB of zeros and a 32 MB line, compressed: refused without holding them.
    assert grown < 400, f"peak memory grew {grown:.0f} MB"


@pytest.mark.slow
def test_hostile_inputs_through_the_command(tmp_path: Path) -> None:
    folder = tmp_path / "inputs"
    folder.mkdir()
    _hostile, good = generate(folder, seed=4)
    db = str(tmp_path / "fuzz.db")
    done = subprocess.run(
        [sys.executable, "-m", "communique", "ingest", str(folder), "--db", db],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    # Every line is the command's own: a file name cannot forge one.
    assert all(line.startswith("communique") for line in lines), lines
    assert not any(line.strip() == "communique: 0 failed.txt" for line in lines)
    summary = lines[-1]
    assert "failed" in summary
    with Store(db) as store:
        assert store.check() == []
        assert all(store.search(marker, 5) for marker in good.values())
    assert _peak_mb(resource.RUSAGE_CHILDREN) < 3000
