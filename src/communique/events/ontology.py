"""CAMEO codes and their PLOVER category, mode and context (``data/cameo_plover.tsv``,
derived from the PLOVER project's CAMEO2PLOVER table, CC BY-SA 4.0)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["PLOVER_CATEGORIES", "Code", "code_for", "visit_sides"]

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


#: Who travelled, by the role an actor holds: a named visitor first, then a co-chair from abroad,
#: then any other side from abroad (PLOVER: in a visit the visitor is the actor, the host the
#: recipient).
_VISITOR_ROLES = ("visitor", "co-chair", "source", "participant", "target")


def visit_sides(
    plover: str, country: str | None, actors: Sequence[Mapping[str, Any]]
) -> tuple[dict[str, Any] | None, str | None]:
    """The visitor (``{entity_id, name}``) and the host country of a meeting or visit held in
    ``country``: the side whose country is not the place's travelled there, also when both sides
    co-chair a session. (None, None) for anything else, or when no side came from abroad."""
    if plover != "CONSULT" or not country:
        return None, None
    abroad = [a for a in actors if a.get("country") and a["country"] != country and a.get("name")]
    if not abroad:
        return None, None
    home = any(a.get("country") == country for a in actors)
    if not home and len({a["country"] for a in abroad}) > 1 and all(a["role"] != "visitor" for a in abroad):
        return None, None  # sides of several countries meeting on neutral ground: nobody hosts
    visitor = min(abroad, key=lambda a: _VISITOR_ROLES.index(a["role"]) if a["role"] in _VISITOR_ROLES else 9)
    return {"entity_id": visitor.get("entity_id"), "name": visitor["name"]}, country
