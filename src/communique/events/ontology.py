"""CAMEO codes and their PLOVER category, mode and context (``data/cameo_plover.tsv``,
derived from the PLOVER project's CAMEO2PLOVER table, CC BY-SA 4.0), and the codes with a special
role in the coder and the store (``data/cameo_roles.tsv``, the project's own): the codes of a visit
(who visits, who hosts) and of an institutional meeting, and per PLOVER category the code of an
intent, of a refusal, of undoing a coercive act and of the category model's reading."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "HOST_CODE",
    "MEETING_CODE",
    "MEETING_INTENT_CODE",
    "PLOVER_CATEGORIES",
    "SIGNED_CODE",
    "VISIT_CODE",
    "VISIT_CODES",
    "Code",
    "code_for",
    "default_code",
    "intent_code",
    "is_visit",
    "refusal_code",
    "undone_code",
    "visit_sides",
]

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


#: The roles of ``data/cameo_roles.tsv`` (its header says what each is for).
_ROLES = frozenset({"visit", "host", "meeting", "signed", "intent", "refusal", "undone", "default"})


@dataclass(frozen=True, slots=True)
class _Role:
    """One row of ``data/cameo_roles.tsv``: ``cameo`` plays ``role`` for ``plover`` ("*": not per
    category, or any category without a row of its own), for the codes starting with one of
    ``prefixes`` (none: any code)."""

    role: str
    plover: str
    cameo: str
    prefixes: tuple[str, ...]


@cache
def _roles() -> dict[tuple[str, str], tuple[_Role, ...]]:
    """The rows of ``data/cameo_roles.tsv`` by role and category, in the file's order."""
    text = resources.files("communique.data").joinpath("cameo_roles.tsv").read_text("utf-8")
    rows: dict[tuple[str, str], tuple[_Role, ...]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        role, plover, cameo, prefixes = (line.split("\t") + [""] * 4)[:4]
        if role.strip() not in _ROLES:
            raise ValueError(f"cameo_roles.tsv: unknown role {role!r}")
        row = _Role(role.strip(), plover.strip(), cameo.strip(), tuple(prefixes.split()))
        rows[row.role, row.plover] = (*rows.get((row.role, row.plover), ()), row)
    return rows


def _role_code(role: str, plover: str = "*", cameo: str = "") -> str | None:
    """The code of the first row of ``role`` for ``plover`` that fits ``cameo``; None if none does."""
    return next(
        (r.cameo for r in _roles().get((role, plover), ()) if not r.prefixes or cameo.startswith(r.prefixes)),
        None,
    )


def _required(role: str, plover: str = "*") -> str:
    found = _role_code(role, plover)
    if found is None:
        raise KeyError(f"cameo_roles.tsv has no {role} code for {plover}")
    return found


def intent_code(plover: str) -> str:
    """The expression of intent (CAMEO 03x) an act of ``plover`` reported in the future is."""
    return _role_code("intent", plover) or _required("intent")


def refusal_code(plover: str) -> str | None:
    """The rejection (CAMEO 12x) a negated act of ``plover`` is; None: a negated act of the
    category is no event ("a meeting that did not happen is nothing")."""
    return _role_code("refusal", plover)


def undone_code(plover: str, cameo: str) -> str | None:
    """What undoing the coercive act ``cameo`` of category ``plover`` is (CAMEO 08x: lifting
    sanctions, freeing detainees, withdrawing troops); None for an act that is not coercive."""
    return _role_code("undone", plover, cameo)


def default_code(plover: str) -> str:
    """The code of an event whose category ``plover`` the category model, not a pattern, read: the
    category's general code. KeyError for a name that is no PLOVER category."""
    return _required("default", plover)


#: Make a visit: the subject is the visitor (PLOVER: the source; the host is the target).
VISIT_CODE = _required("visit")
#: Host a visit: the subject hosts ("the President received the minister").
HOST_CODE = _required("host")
#: The codes of a visit, the visitor's first.
VISIT_CODES = (VISIT_CODE, HOST_CODE)
#: An institutional meeting (a numbered session of a body), whatever verb reports it.
MEETING_CODE = _required("meeting")
#: Express intent to meet or negotiate: what announces a visit or a meeting.
MEETING_INTENT_CODE = intent_code("CONSULT")
#: An agreement concluded ("agreed a trade deal", "signed the accord").
SIGNED_CODE = _required("signed")


def is_visit(cameo: str) -> bool:
    """Whether ``cameo`` is the code of a visit (made or hosted), not of a sub-code."""
    return cameo in VISIT_CODES


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
