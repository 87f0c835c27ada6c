"""Shared fixtures. Tests that need ../shared (the seeds) skip with a clear message without it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not (SEEDS / "gold.json").is_file():
        pytest.skip(f"../shared/seeds not found at {SEEDS}: seed gold tests need the shared folder")
    return SEEDS


@pytest.fixture(scope="session")
def gold(seeds_dir: Path) -> dict[str, Any]:
    return json.loads((seeds_dir / "gold.json").read_text("utf-8"))


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")
