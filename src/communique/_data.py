"""Loading the package's own data files (general lexicons, never names from any corpus)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """A JSON file from ``communique/data``, parsed once per process."""
    return json.loads(resources.files("communique.data").joinpath(name).read_text("utf-8"))
