"""The ``communique`` command: a thin layer over the Python API.

Errors go to stderr as ``communique: error: SOURCE: REASON`` (or, with
``--json``, as the canonical JSON error body), and the exit status says what
happened: 0 done, 1 nothing could be done, 2 usage or not available. In plain
output a source or a reason is printed with its control characters escaped
(:func:`plain`), so that a file named ``"a\\ncommunique: 0 failed"`` cannot forge a line.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from dataclasses import asdict, replace
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from . import __version__
from .cluster import ClusterError
from .crossdoc import repair as repair_store
from .errors import CommuniqueError, InputError, NotFoundError
from .export import COMMUNIQUE_COLUMNS, GDELT_COLUMNS, SCHEMAS, gdelt_rows, write_records
from .records import Article
from .runner import ingest as run_ingest
from .settings import Settings
from .store import Store

app = typer.Typer(
    name="communique",
    help="Communiqué: one sourced record of each foreign-relations event, from raw news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLite file or database URL [env COMMUNIQUE_DB; default ./communique.db]."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


class Kind(StrEnum):
    """Record types of the contract."""

    articles = "articles"
    entities = "entities"
    events = "events"
    stories = "stories"
    mechanisms = "mechanisms"


class Fmt(StrEnum):
    """Export formats."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


#: What must not reach a terminal raw: C0 and C1 controls and DEL (line breaks, escape sequences),
#: Unicode line and paragraph separators, and the bidirectional overrides and isolates that can
#: make a line read in another order than it is written.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def plain(text: object) -> str:
    """``text`` for a line of plain output: control characters escaped as Python writes them
    (``\\n``, ``\\x1b``, ``\\u2028``), everything else, backslashes included, as is."""
    return _UNSAFE.sub(_escape, str(text))


def _say(text: str = "") -> None:
    """A line of plain output made of stored text (titles, names, snippets): escaped as :func:`plain`,
    so that an article cannot move the cursor, recolour the terminal or forge a line. Leading line
    breaks are the command's own (a blank line before a heading) and stay."""
    body = text.lstrip("\n")
    typer.echo("\n" * (len(text) - len(body)) + plain(body))


def _settings(db: str | None, **overrides: object) -> Settings:
    settings = Settings()
    if db:
        settings = replace(settings, db=db)
    return replace(settings, **overrides) if overrides else settings  # type: ignore[arg-type]


def _fail(err: CommuniqueError, as_json: bool = False, code: int = 1) -> NoReturn:
    if as_json:
        typer.echo(json.dumps(err.to_dict(), ensure_ascii=False), err=True)
    else:
        typer.echo(f"communique: error: {plain(err)}", err=True)
    raise typer.Exit(code)


def _open(settings: Settings) -> Store:
    try:
        return Store(settings.db)
    except CommuniqueError as err:
        _fail(err)


class _PlainWarnings(logging.Handler):
    """Log records as the command's own lines (``communique: warning: ...``, escaped like errors), on
    whatever ``sys.stderr`` is when they come (a test runner swaps it)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(f"communique: {record.levelname.lower()}: {plain(record.getMessage())}\n")
        except Exception:
            self.handleError(record)


def _log_to_stderr() -> None:
    """Warnings of the package and the libraries it drives (an encoding guessed, a WARC oddity) go to
    stderr as the command's lines, not as Python's bare default; once per process."""
    root = logging.getLogger()
    if any(isinstance(h, _PlainWarnings) for h in root.handlers):
        return
    root.addHandler(_PlainWarnings(logging.WARNING))
    logging.captureWarnings(True)


@app.callback(invoke_without_command=True)
def main(
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.")] = False,
) -> None:
    """Communiqué reads news about foreign relations and keeps one sourced record of each event."""
    _log_to_stderr()
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, no per-input errors.")
    ] = False,
    as_json: JsonOption = False,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per committed transaction.")] = 200,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes for the per-article stages.")] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Run the per-article stages on this Dask scheduler (tcp://HOST:PORT), or 'local' for a "
            "cluster of --workers processes [env COMMUNIQUE_SCHEDULER].",
        ),
    ] = None,
) -> None:
    """Read news (text, HTML, JSONL, RSS/Atom, WARC) into the store, skipping what it already holds."""
    settings = _settings(db, batch_size=batch_size, workers=workers)
    if scheduler:
        settings = replace(settings, scheduler=scheduler)
    cluster = None
    if settings.scheduler:
        from .cluster import connect

        # Before the store is opened or any input read: an unreachable scheduler writes nothing.
        try:
            cluster = connect(settings.scheduler, settings.workers)
        except CommuniqueError as err:
            _fail(err, as_json)
    try:
        store = _open(settings)
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    from tqdm import tqdm  # type: ignore[import-untyped]

    bar = tqdm(unit=" docs", disable=True if quiet else None, file=sys.stderr, dynamic_ncols=True)

    def on_error(err: InputError) -> None:
        if quiet:
            return
        line = (
            json.dumps(err.to_dict(), ensure_ascii=False) if as_json else f"communique: error: {plain(err)}"
        )
        bar.write(line, file=sys.stderr)

    try:
        summary = run_ingest(
            paths, store, settings, on_error=on_error, on_progress=bar.update, cluster=cluster
        )
    except ClusterError as err:
        _fail(err, as_json)
    finally:
        bar.close()
        store.close()
        if cluster is not None:
            cluster.close()
    if as_json:
        typer.echo(json.dumps(summary.to_dict()))
    elif not quiet:
        typer.echo(f"communique: {plain(summary)}", err=True)
    if summary.new + summary.known == 0:
        raise typer.Exit(1)


@app.command()
def export(
    kind: Annotated[Kind, typer.Argument(help="Which records to export.")],
    fmt: Annotated[Fmt, typer.Option("--format", "-f", help="Output format.")] = Fmt.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default stdout).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export stored records: articles, entities, events, stories or mechanisms.

    JSON Lines and Parquet hold the full record; events as CSV are one row per event in GDELT-like
    columns (see docs/usage.md), the other kinds as flattened CSV."""
    if fmt is Fmt.parquet and output is None:
        _fail(CommuniqueError("Parquet is binary: give a file with -o"), code=2)
    store = _open(_settings(db))
    with store:
        sources: dict[Kind, Callable[[], Iterable[Article | Mapping[str, Any]]]] = {
            Kind.articles: store.iter_articles,
            Kind.entities: store.iter_entities,
            Kind.events: store.iter_events,
            Kind.stories: store.iter_stories,
            Kind.mechanisms: store.mechanisms,
        }
        schema = SCHEMAS[kind.value]
        columns: tuple[str, ...] | None = None
        records = sources[kind]() if kind is not Kind.events or fmt is not Fmt.csv else None
        if records is None:  # events as CSV: GDELT-like rows, which need each event's articles
            records = gdelt_rows(store.iter_events(), store.iter_articles())
            columns = GDELT_COLUMNS + COMMUNIQUE_COLUMNS
        if output is None:
            count = write_records(records, fmt.value, sys.stdout, schema, columns)
        elif fmt is Fmt.parquet:
            count = write_records(records, fmt.value, str(output), schema)
        else:
            with output.open("w", encoding="utf-8", newline="") as stream:
                count = write_records(records, fmt.value, stream, schema, columns)
    if output is not None:
        typer.echo(f"communique: {count} {kind.value} written to {plain(output)}", err=True)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help='Words to find (FTS5 syntax: AND, OR, "phrase", pre*).')],
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most results to show.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search over article titles and texts."""
    with _open(_settings(db)) as store:
        hits = store.search(query, limit)
    for hit in hits:
        a = hit.article
        if as_json:
            typer.echo(json.dumps({**a.to_dict(), "snippet": hit.snippet}, ensure_ascii=False))
        else:
            snippet = " ".join(hit.snippet.split())
            _say(f"{a.id}  {a.published or '----------'}  {a.language or '??'}  {a.title or '(no title)'}")
            _say(f"    {snippet}")
    if not hits and not as_json:
        typer.echo("communique: no match", err=True)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = None,
) -> None:
    """Print one article as JSON (the contract's article shape)."""
    with _open(_settings(db)) as store:
        try:
            article = store.get_article(article_id)
        except CommuniqueError as err:
            _fail(err)
    typer.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))


def _examples_dir() -> Path:
    # The working folder first, then the checkout this package was installed from.
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (base / "examples" / "corpus").is_dir():
            return base / "examples" / "corpus"
    raise CommuniqueError("the sample corpus (examples/) was not found; run from the project folder")


@app.command()
def demo(
    db: DbOption = None,
    examples: Annotated[Path | None, typer.Option(help="Sample corpus (default ./examples/corpus).")] = None,
) -> None:
    """Run the whole pipeline on the sample corpus shipped in examples/, then report."""
    settings = _settings(db)
    try:
        folder = examples or _examples_dir()
    except CommuniqueError as err:
        _fail(err)
    store = _open(settings)
    with store:
        summary = run_ingest(
            [str(folder)],
            store,
            settings,
            on_error=lambda e: typer.echo(f"communique: skipped {plain(e)}", err=True),
        )
        articles = list(store.iter_articles())
        people = [e for e in store.iter_entities() if e["type"] == "PERSON"][:8]
        meetings = [e for e in store.iter_events() if e["plover"] == "CONSULT" and len(e["article_ids"]) > 1]
        mechanisms = store.mechanisms()
        stories = [s for s in store.iter_stories() if s["n_articles"] > 1]
    _say(f"Ingested {plain(folder)} into {plain(settings.db)}: {plain(summary)}")
    languages = Counter(a.language or "??" for a in articles)
    outlets = Counter(a.outlet or a.dateline.agency or "(unknown)" for a in articles)
    _say(
        f"{len(articles)} articles in the store; languages: "
        + ", ".join(f"{k} {v}" for k, v in languages.most_common())
    )
    _say("outlets/agencies: " + ", ".join(f"{k} {v}" for k, v in outlets.most_common(8)))
    _say("")
    titles = {a.id: a.title or a.id for a in articles}
    for a in articles:
        where = ", ".join(x for x in (a.dateline.place, a.dateline.country, a.dateline.date) if x)
        title = (a.title or "(no title)")[:70]
        _say(f"{a.published or '----------'}  {a.language or '??'}  {title:70}  {where}")
        if a.duplicate_of:
            _say(f"{'':14}copy of: {titles.get(a.duplicate_of, a.duplicate_of)[:70]}")
        if a.translation_of:
            _say(f"{'':14}translation of: {titles.get(a.translation_of, a.translation_of)[:70]}")
    if people:
        _say("\nMost reported people:")
        for person in people:
            office = ", ".join(dict.fromkeys(r["title"] for r in person["roles"])) or "-"
            count = len(person["article_ids"])
            _say(
                f"  {person['name']} ({person['country'] or '?'}; {office}): {count} articles,"
                f" {len(person['aliases'])} other spellings"
            )
    if meetings:
        _say("\nMeetings reported by more than one article:")
        for event in meetings[:8]:
            who = ", ".join(a["name"] for a in event["actors"] if a["name"])
            _say(
                f"  {event['date'] or '----------'}  {event['place'] or '?'}: {who} — "
                f"{len(event['article_ids'])} articles in {', '.join(event['languages'])}"
            )
    if stories:
        _say("\nStories (related reports across languages):")
        for story in stories[:8]:
            span = f"{story['start'] or '----------'}..{story['end'] or ''}"
            _say(
                f"  {span}  {(story['title'] or '')[:60]} — {story['n_articles']} articles, "
                f"{story['n_outlets']} outlets, {', '.join(story['languages'])}"
            )
    for mechanism in mechanisms:
        sessions = ", ".join(f"{s['number']} ({s['date']}, {s['place']})" for s in mechanism["sessions"])
        _say(f"\nMechanism: {mechanism['name']} — sessions {sessions}")
    _say(
        "\nTry: communique search <words>, communique entity <name>, communique export stories, "
        "communique code - <<< 'a sentence'"
    )


@app.command()
def code(
    file: Annotated[str | None, typer.Argument(help="Texts (one per line) or JSONL, or - for stdin.")] = None,
) -> None:
    """Code texts into events without storing them: one JSON line out per line in.

    JSONL lines may give ``id``, ``text``, ``date`` (anchors "on Monday") and ``language``.
    """
    from .coding import code_lines, read_lines

    # Lines are cut at "\n" alone, the same from a file and from stdin (whose text mode would also
    # cut at a lone "\r"), and each is decoded on its own: the ids are the same either way.
    if file in (None, "-"):
        _emit(code_lines(read_lines(sys.stdin.buffer)))
        return
    with ExitStack() as stack:
        try:
            stream = stack.enter_context(Path(file).open("rb"))
        except OSError as exc:
            _fail(InputError(f"cannot read ({exc.strerror or exc})", source=file))
        _emit(code_lines(read_lines(stream)))


def _emit(records: Iterable[dict[str, Any]]) -> None:
    for record in records:
        typer.echo(json.dumps(record, ensure_ascii=False))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Interface to listen on (loopback unless --public).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    public: Annotated[
        bool, typer.Option("--public", help="Allow a non-loopback --host: every read is open to the network.")
    ] = False,
    allow_ingest: Annotated[
        bool, typer.Option("--allow-ingest", help="Enable POST /api/ingest (needs --token).")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(envvar="COMMUNIQUE_TOKEN", help="Bearer token that writers must send."),
    ] = None,
) -> None:
    """Serve the REST API (/api, schema at /openapi.json) and the web pages on 127.0.0.1."""
    import uvicorn

    from .api import check_bind, create_app

    try:
        check_bind(host, public)
        if allow_ingest and not token:
            raise CommuniqueError("--allow-ingest needs --token (or COMMUNIQUE_TOKEN)", code="usage")
    except CommuniqueError as err:
        _fail(err, code=2)
    settings = _settings(db)
    web = create_app(_open(settings), settings=settings, allow_ingest=allow_ingest, token=token)
    typer.echo(f"communique: serving {plain(settings.db)} on http://{plain(host)}:{port}/", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="A name or alias, in any language or script.")],
    db: DbOption = None,
    as_json: JsonOption = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Most entities to show.")] = 3,
) -> None:
    """Show an entity: aliases, offices over time, articles and who it is mentioned with."""
    with _open(_settings(db)) as store:
        profiles = [store.entity_profile(found["id"]) for found in store.find_entities(name, limit)]
    if not profiles:
        _fail(NotFoundError("no entity with that name or alias", source=name))
    for profile in profiles:
        if as_json:
            typer.echo(json.dumps(profile, ensure_ascii=False))
            continue
        _say(
            f"{profile['name']}  [{profile['type']}{', ' + profile['country'] if profile['country'] else ''}]"
            f"  id {profile['id']}"
        )
        if profile["aliases"]:
            _say("  aliases: " + "; ".join(profile["aliases"]))
        for role in profile["roles"]:
            span = " to ".join(dict.fromkeys(x for x in (role["first_seen"], role["last_seen"]) if x))
            _say(
                f"  office: {role['title']}{' (' + role['country'] + ')' if role['country'] else ''}"
                f"{', ' + span if span else ''}"
            )
        _say(f"  articles ({len(profile['articles'])}):")
        for article in profile["articles"]:
            _say(
                f"    {article['id']}  {article['published'] or '----------'}  {article['language']}  "
                f"{article['title'] or '(no title)'}"
            )
        if profile["co_mentioned"]:
            _say(
                "  mentioned with: "
                + ", ".join(f"{c['name']} ({c['articles']})" for c in profile["co_mentioned"])
            )


@app.command()
def check(
    db: DbOption = None,
    as_json: JsonOption = False,
    repair: Annotated[
        bool, typer.Option("--repair", help="First point events at the entities their sentences name now.")
    ] = False,
) -> None:
    """Check the store's references: every event actor, mention, link and story member points at a
    stored record. Exits 1 and lists each kind of dangling reference when one does not."""
    with _open(_settings(db)) as store:
        if repair:
            repaired = repair_store(store)
            if not as_json:
                typer.echo(f"communique: {repaired} events repaired", err=True)
        problems = store.check()
        articles = store.count_articles()
    if as_json:
        typer.echo(json.dumps({"articles": articles, "problems": [asdict(p) for p in problems]}))
    elif not problems:
        typer.echo(f"communique: {articles} articles, every reference points at a stored record")
    for problem in problems if not as_json else ():
        typer.echo(f"communique: {plain(problem)}", err=True)
    if problems:
        raise typer.Exit(1)


@app.command("eval")
def evaluate(
    file: Annotated[Path, typer.Argument(help="Gold sentences (evaluation/events.jsonl format).")],
) -> None:
    """Score the event coder: per-category precision and recall, top-category and country accuracy."""
    from .coding import evaluate as score
    from .coding import split_lines

    try:
        lines = split_lines(file.read_bytes().decode("utf-8-sig"))
    except OSError as exc:
        _fail(InputError(f"cannot read ({exc.strerror or exc})", source=str(file)))
    except UnicodeDecodeError as exc:
        _fail(InputError(f"not UTF-8 text (byte {exc.start})", source=str(file), code="not_utf8"))
    typer.echo(score(lines).table())


def run() -> None:
    """Console-script entry point."""
    app()
