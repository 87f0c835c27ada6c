"""The documentation walks: every command and every HTTP route is documented, every link leads somewhere.

Commands are read from the ``communique`` app itself (nested groups included) and must each have a
section in ``docs/usage.md`` that names every one of their options; routes are read from the app
``communique serve`` runs and must each have a section in ``docs/api.md`` headed by their method and
path that names every one of their query parameters. A command, an option, a route or a parameter added
without its documentation fails here, and so does a documented route the app no longer has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import typer.main
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, Mount, Route

from communique.api import create_app
from communique.cli import app as cli_app
from communique.store import Store

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
USAGE = DOCS / "usage.md"
API = DOCS / "api.md"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]
#: FastAPI's own routes (the schema; the interactive pages, off in this app): not ours to document.
FRAMEWORK_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")


# -- reading the documentation ------------------------------------------------------------------


def _prose(text: str) -> str:
    """``text`` without its fenced code blocks (their lines blanked, so line numbers stay)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if _FENCE.match(line.lstrip()):
            fenced = not fenced
            lines.append("")
        else:
            lines.append("" if fenced else line)
    return "\n".join(lines)


def _headings(text: str) -> list[tuple[int, int, str]]:
    """(line number, level, text) of every heading outside code blocks."""
    found = []
    for number, line in enumerate(_prose(text).splitlines()):
        match = _HEADING.match(line)
        if match:
            found.append((number, len(match[1]), match[2]))
    return found


def _sections(text: str, heading: re.Pattern[str]) -> list[str]:
    """The body of every heading whose text matches ``heading``: the lines up to the next heading of
    the same or a higher level."""
    lines = text.splitlines()
    heads = _headings(text)
    bodies = []
    for i, (number, level, title) in enumerate(heads):
        if not heading.fullmatch(title):
            continue
        end = next((n for n, lvl, _ in heads[i + 1 :] if lvl <= level), len(lines))
        bodies.append("\n".join(lines[number + 1 : end]))
    return bodies


def _slug(title: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation other than ``-`` and ``_`` dropped,
    spaces made hyphens."""
    return re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    anchors = set()
    for _, _, title in _headings(path.read_text("utf-8")):
        slug = _slug(title)
        anchors.add(f"{slug}-{seen[slug]}" if slug in seen else slug)
        seen[slug] = seen.get(slug, 0) + 1
    return anchors


# -- reading the commands -----------------------------------------------------------------------


# Typer builds its commands on a click of its own (typer._click in recent versions), so they are read
# by what they have, not by their class: a group has ``commands``, an option has ``param_type_name``.


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """("name" or "group sub", command) of every command under ``group``, into nested groups."""
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        yield " ".join(path), command
        if isinstance(getattr(command, "commands", None), dict):
            yield from _commands(command, path)


ROOT_COMMAND = typer.main.get_command(cli_app)
assert isinstance(getattr(ROOT_COMMAND, "commands", None), dict), "the communique app is not a group"
COMMANDS = dict(_commands(ROOT_COMMAND))


def _long_options(command: Any) -> list[str]:
    return [
        opt
        for param in command.params
        if param.param_type_name == "option" and not getattr(param, "hidden", False)
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    ]


def _mentions(text: str, word: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text) is not None


# -- reading the routes -------------------------------------------------------------------------


def _routes(routes: Sequence[BaseRoute], prefix: str = "") -> Iterator[tuple[str, str, BaseRoute]]:
    """(method, full path, route) of every route, into included routers (FastAPI keeps one as a single
    entry holding the router and its prefix) and mounted apps; a mount that serves files is
    ("MOUNT", path)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes, prefix + route.include_context.prefix)  # type: ignore[attr-defined]
        elif isinstance(route, Mount):
            if route.routes:
                yield from _routes(route.routes, prefix + route.path)
            else:
                yield "MOUNT", prefix + route.path, route
        elif isinstance(route, Route):
            for method in sorted(route.methods or ()):
                if method != "HEAD":  # answered for every GET route by Starlette itself
                    yield method, prefix + route.path, route
        else:
            raise AssertionError(f"a route of a kind this test cannot read: {route!r}")


# An app whose store is never opened (it serves nothing), with the write route on.
ROUTES = {
    (method, path): route
    for method, path, route in _routes(create_app(Store.__new__(Store), allow_ingest=True, token="t").routes)
    if path not in FRAMEWORK_PATHS
}


def _query_parameters(dependant: Dependant) -> Iterator[str]:
    """The query parameters a route reads, its dependencies' included."""
    yield from (param.alias for param in dependant.query_params)
    for inner in dependant.dependencies:
        yield from _query_parameters(inner)


# -- the tests ----------------------------------------------------------------------------------


def test_the_walks_find_what_is_there() -> None:
    """The readers above see the commands and routes (an empty walk would document nothing)."""
    assert {"ingest", "export", "search", "code", "serve", "check", "eval"} <= set(COMMANDS)
    assert {("GET", "/api/events"), ("GET", "/api/events/{event_id}"), ("POST", "/api/ingest")} <= set(ROUTES)
    assert ("GET", "/") in ROUTES and ("MOUNT", "/static") in ROUTES


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_documented(name: str) -> None:
    heading = re.compile(rf"`communique {re.escape(name)}(?:[ `].*)?")
    sections = _sections(USAGE.read_text("utf-8"), heading)
    assert sections, f"docs/usage.md has no section headed `communique {name} ...`"
    body = "\n".join(sections)
    missing = [opt for opt in _long_options(COMMANDS[name]) if not _mentions(body, opt)]
    assert not missing, f"docs/usage.md, `communique {name}`: options not described: {missing}"


def test_the_main_options_are_documented() -> None:
    usage = USAGE.read_text("utf-8")
    missing = [opt for opt in _long_options(ROOT_COMMAND) if not _mentions(usage, opt)]
    assert not missing, f"docs/usage.md does not mention `communique {missing[0]}`"


@pytest.mark.parametrize(("method", "path"), sorted(ROUTES))
def test_every_route_and_parameter_is_documented(method: str, path: str) -> None:
    api = API.read_text("utf-8")
    if method == "MOUNT":
        assert f"`{path}/" in api, f"docs/api.md does not say what is served under {path}/"
        return
    sections = _sections(api, re.compile(rf"`{re.escape(method)} {re.escape(path)}`"))
    assert sections, f"docs/api.md has no section headed `{method} {path}`"
    body = "\n".join(sections)
    route = ROUTES[method, path]
    wanted = _query_parameters(route.dependant) if isinstance(route, APIRoute) else iter(())
    missing = [p for p in wanted if f"`{p}`" not in body]
    assert not missing, f"docs/api.md, `{method} {path}`: parameters not described: {missing}"


def test_every_documented_route_exists() -> None:
    """A route heading in docs/api.md names a route the app has (documentation does not outlive code)."""
    documented = {
        (m[1], m[2])
        for _, _, title in _headings(API.read_text("utf-8"))
        if (m := re.fullmatch(r"`([A-Z]+) (/\S*)`", title))
    }
    assert documented, "docs/api.md has no route headings"
    stale = sorted(d for d in documented if d not in ROUTES and d[1] not in FRAMEWORK_PATHS)
    assert not stale, f"docs/api.md documents routes the app does not have: {stale}"


_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _links(path: Path) -> Iterator[str]:
    # Links inside code are not links; a code span may go on over a line break, not over a blank line.
    text = re.sub(r"`(?:[^`\n]|\n(?![ \t]*\n))*`", "", _prose(path.read_text("utf-8")))
    for match in _LINK.finditer(text):
        yield match[1]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_points_at_a_file_in_the_repository(page: Path) -> None:
    broken = []
    for target in _links(page):
        if re.match(r"[a-z][a-z0-9+.-]*:", target, re.IGNORECASE):  # http:, https:, mailto: ...
            continue
        file_part, _, anchor = target.partition("#")
        resolved = (page.parent / file_part).resolve() if file_part else page
        if not resolved.is_relative_to(ROOT):
            broken.append(f"{target} (outside the repository)")
        elif not resolved.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and resolved.suffix == ".md" and anchor not in _anchors(resolved):
            broken.append(f"{target} (no heading #{anchor} in {resolved.relative_to(ROOT)})")
    assert not broken, f"{page.relative_to(ROOT)}: broken links: {broken}"


def test_the_design_note_is_named_as_outside_the_repository() -> None:
    """DESIGN.md is not in this repository: a page that names it says where it is (../shared/)."""
    for page in PAGES:
        for line in page.read_text("utf-8").splitlines():
            for match in re.finditer(r"DESIGN\.md", line):
                assert line[: match.start()].endswith("../shared/"), f"{page.name}: {line.strip()}"


def test_the_readme_is_a_five_minute_read() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.encode("utf-8")) < 16_000, "the README grew past a short read: move detail to docs/"
    for page in PAGES[1:]:
        assert f"(docs/{page.name})" in readme, f"the README does not link docs/{page.name}"


# -- the module map -------------------------------------------------------------------------------


def _module_map() -> set[str]:
    """The modules and packages docs/architecture.md's module map names, as paths in the package
    ("crossdoc/links.py"): its first code block after the "Module map" heading, one entry (or several
    names) per line, a package's modules indented under it."""
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    block = text.split("## Module map", 1)[1].split("```", 2)[1]
    named: set[str] = set()
    package = ""
    for line in block.splitlines()[1:]:
        if not line.strip():
            continue
        nested = line.startswith("  ")
        names = re.split(r"\s{2,}", line.strip())[0].split()
        if not nested:
            package = ""
        for name in names:
            if not re.fullmatch(r"[\w.]+/?", name):
                continue
            named.add(package + name.rstrip("/") if nested else name.rstrip("/"))
            if not nested and name.endswith("/"):
                package = name
    return named


def test_the_module_map_names_every_module() -> None:
    package = ROOT / "src" / "communique"
    modules = {
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "migrations" not in path.parts and "data" not in path.parts
    }
    named = _module_map()
    assert "crossdoc/ledger.py" not in named  # a guard on the parser: the ledger sits in store/
    assert modules - named == set(), "modules missing from docs/architecture.md's module map"
    stale = {n for n in named if n.endswith(".py")} - modules
    assert stale == set(), "the module map names modules that do not exist"
