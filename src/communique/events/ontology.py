"""CAMEO codes and their PLOVER category, mode and context (``data/cameo_plover.tsv``,
derived from the PLOVER project's CAMEO2PLOVER table, CC BY-SA 4.0)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = ["PLOVER_CATEGORIES", "Code", "code_for"]

PLOVER_CATEGORIES = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Code:
    """One CAMEO code with its PLOVER reading."""

    cameo: str
    plover: str
    mode: str | None
    context: str | None
    label: str


@cache
def _table() -> dict[str, Code]:
    text = resources.files("communique.data").joinpath("cameo_plover.tsv").read_text("utf-8")
    table: dict[str, Code] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cameo, plover, mode, context, label = (line.split("\t") + [""] * 5)[:5]
        table[cameo.strip()] = Code(
            cameo.strip(), plover.strip(), mode.strip() or None, context.strip() or None, label.strip()
        )
    return table


def code_for(cameo: str) -> Code | None:
    """The PLOVER reading of a CAMEO code, falling back to its parent ("0421" -> "042" -> "04")."""
    table = _table()
    for length in range(len(cameo), 1, -1):
        found = table.get(cameo[:length])
        if found is not None:
            return (
                found
                if length == len(cameo)
                else Code(cameo, found.plover, found.mode, found.context, found.label)
            )
    return None
