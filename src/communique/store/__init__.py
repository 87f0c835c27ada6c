"""The store: one SQLite file by default, PostgreSQL for shared deployments; schema by migrations.

SQLite runs in WAL mode, so readers never block the writer and a killed writer
leaves every committed batch intact. PostgreSQL gets the same tables from the same
migrations; the code branches on :attr:`Store.dialect` only where the two differ
(full-text search, text ordering, connection settings). Articles are keyed by a
content hash: inserting one already stored changes nothing but the list of sources
it was seen at.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..errors import NotFoundError, StoreError
from ..records import Article, Dateline
from ..shapes import (
    CoMentioned,
    EntityArticle,
    EntityProfile,
    EntityRecord,
    EventRecord,
    MechanismRecord,
    Role,
    StoryRecord,
)
from ._reads import all_mechanisms, binary, contained, entity_order, iso, names_matching
from ._sql import chunks, nul_free, select_in
from .integrity import Problem, check_references
from .ledger import Ledger
from .schema import (
    articles,
    entities,
    entity_aliases,
    entity_articles,
    entity_roles,
    events,
    input_keys,
    stories,
)

__all__ = ["Problem", "SearchHit", "Store", "database_url"]

#: PostgreSQL advisory lock keys (any two constants no other application on the server uses).
_MIGRATION_LOCK = 7436125
_WRITER_LOCK = 7436126


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def database_url(db: str) -> str:
    """A file path becomes a SQLite URL; ``postgresql://`` (or ``postgres://``) gets the installed
    psycopg 3 driver; any other URL is passed through."""
    if "://" not in db:
        return f"sqlite:///{Path(db).expanduser()}"
    scheme, rest = db.split("://", 1)
    # SQLAlchemy maps a bare postgresql:// to psycopg2, which is not installed.
    return f"postgresql+psycopg://{rest}" if scheme in ("postgresql", "postgres") else db


def _shown(db: str) -> str:
    """``db`` as an error may show it: a URL's password masked."""
    try:
        return sa.make_url(db).render_as_string(hide_password=True) if "://" in db else db
    except sa.exc.ArgumentError:
        return db


#: Text search configuration and indexed document on PostgreSQL, exactly as migration 0001 creates
#: them: the planner uses the GIN expression index only for the same expression.
_PG_DOCUMENT = "to_tsvector('communique_search'::regconfig, coalesce(a.title, '') || ' ' || a.text)"
_PG_SEARCH = (
    "SELECT a.*, ts_headline('communique_search'::regconfig, a.text, q, "
    "'StartSel=[, StopSel=], MaxFragments=1, MaxWords=12, MinWords=6, ShortWord=0') AS snip "
    f"FROM articles a, websearch_to_tsquery('communique_search'::regconfig, :q) q "
    f"WHERE {_PG_DOCUMENT} @@ q ORDER BY ts_rank_cd({_PG_DOCUMENT}, q) DESC, a.id LIMIT :n"
)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """One full-text search result."""

    article: Article
    snippet: str


def _alembic_config(connection: sa.Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(resources.files("communique.store") / "migrations"))
    config.attributes["connection"] = connection
    return config


class Store:
    """Read and write access to one Communiqué database."""

    def __init__(self, db: str) -> None:
        self.url = database_url(db)
        try:
            self.engine = sa.create_engine(self.url)
        except (sa.exc.ArgumentError, ImportError) as exc:
            raise StoreError(f"cannot open database: {exc}", source=_shown(db)) from exc
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        elif self.engine.dialect.name == "postgresql":
            sa.event.listen(self.engine, "before_cursor_execute", _without_nul, retval=True)
        try:
            self._migrate()
        except sa.exc.DatabaseError as exc:
            raise StoreError(f"not a usable database ({exc.orig})", source=_shown(db)) from exc

    @contextmanager
    def _writing(self, lock: int = _WRITER_LOCK) -> Iterator[sa.Connection]:
        """A write transaction.

        Several processes may write one store at once (two ``ingest`` runs, the API beside the CLI).
        A batch reads what is stored (known articles, entities to resolve against) and writes what
        follows from it, so writers must take turns for the whole transaction: on SQLite it begins
        ``IMMEDIATE`` (the write lock is taken at BEGIN and a second writer waits ``busy_timeout``,
        instead of reading a state that is gone by the time it writes); on PostgreSQL it takes the
        transaction-scoped advisory lock ``lock`` (the writers' one by default).
        """
        engine = self.engine.execution_options(communique_begin="IMMEDIATE")
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({lock})")
            yield connection

    # -- schema ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        # Several processes may open a shared database at once: one migrates, the others wait and
        # then find it at head.
        with self._writing(_MIGRATION_LOCK) as connection:
            config = _alembic_config(connection)
            head = ScriptDirectory.from_config(config).get_current_head()
            current = MigrationContext.configure(connection).get_current_revision()
            if current != head:
                command.upgrade(config, "head")

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writes ---------------------------------------------------------------------------------
    @contextmanager
    def ledger(self) -> Iterator[Ledger]:
        """One write transaction, as the cross-article stages (:mod:`communique.crossdoc`) read and
        write it: committed when the block ends, rolled back whole when it raises."""
        with self._writing() as connection:
            yield Ledger(connection)

    # -- reads ----------------------------------------------------------------------------------
    def check(self) -> list[Problem]:
        """Every stored reference that points at no stored record (empty when the store is whole)."""
        with self.engine.connect() as connection:
            return check_references(connection)

    def known_inputs(self, keys: Iterable[str]) -> set[str]:
        """The input keys (:func:`communique.records.input_key`) among ``keys`` whose document is
        stored: what ``ingest`` need not analyse again."""
        with self.engine.connect() as connection:
            return {r.key for r in select_in(connection, (input_keys.c.key,), input_keys.c.key, keys)}

    def count_articles(self) -> int:
        """How many distinct articles are stored."""
        with self.engine.connect() as connection:
            return int(connection.scalar(sa.select(sa.func.count()).select_from(articles)) or 0)

    def get_article(self, article_id: str) -> Article:
        """One article by id, or by a unique prefix of at least 4 characters."""
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(articles).where(articles.c.id == article_id)).first()
            if row is None and len(article_id) >= 4:
                rows = connection.execute(
                    sa.select(articles).where(articles.c.id.startswith(article_id, autoescape=True)).limit(2)
                ).all()
                row = rows[0] if len(rows) == 1 else None
        if row is None:
            raise NotFoundError("no article with that id", source=article_id)
        return _article(row._mapping)

    def iter_articles(self, chunk: int = 1000) -> Iterator[Article]:
        """Every article, ordered by publication date then id, read in chunks."""
        last: tuple[Any, str] | None = None
        order = (sa.func.coalesce(articles.c.published, date.min), articles.c.id)
        while True:
            query = sa.select(articles).order_by(*order).limit(chunk)
            if last is not None:
                query = query.where(sa.tuple_(*order) > sa.tuple_(*last))
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
            if not rows:
                return
            for row in rows:
                yield _article(row._mapping)
            tail = rows[-1]._mapping
            last = (tail["published"] or date.min, tail["id"])

    def iter_events(self) -> Iterator[EventRecord]:
        """Every event in the contract's shape, by date; a visit lists the meetings it contains."""
        with self.engine.connect() as connection:
            records: list[EventRecord] = [
                json.loads(r[0])
                for r in connection.execute(
                    # NULLS FIRST is SQLite's order; PostgreSQL puts NULLs last unless told.
                    sa.select(events.c.record).order_by(events.c.date.nulls_first(), events.c.id)
                )
            ]
            for record in records:
                record["contains"] = contained(connection, record)
        yield from records

    def iter_stories(self) -> Iterator[StoryRecord]:
        """Every story in the contract's shape (id, title, article_ids, event_ids, start, end, languages,
        n_articles, n_outlets), earliest first."""
        with self.engine.connect() as connection:
            for (record,) in connection.execute(
                sa.select(stories.c.record).order_by(stories.c.start.nulls_first(), stories.c.id)
            ):
                yield json.loads(record)

    def mechanisms(self) -> list[MechanismRecord]:
        """Recurring bodies with their numbered sessions (number, date, place, co-chairs, event id): the
        same reading as the API's and the pages' (:func:`~communique.store._reads.all_mechanisms`)."""
        with self.engine.connect() as connection:
            return all_mechanisms(connection)

    def count_entities(self) -> int:
        """How many resolved entities are stored."""
        with self.engine.connect() as connection:
            return int(connection.scalar(sa.select(sa.func.count()).select_from(entities)) or 0)

    def iter_entities(self) -> Iterator[EntityRecord]:
        """Every entity in the contract's shape, most reported first."""
        with self.engine.connect() as connection:
            ids = list(connection.scalars(sa.select(entities.c.id).order_by(*entity_order(self.dialect))))
        for chunk in chunks(ids):
            with self.engine.connect() as connection:
                rows = connection.execute(sa.select(entities).where(entities.c.id.in_(chunk)))
                by_id = {r._mapping["id"]: r._mapping for r in rows}
                for ident in chunk:
                    yield _entity_dict(connection, by_id[ident])

    def find_entities(self, name: str, limit: int = 10) -> list[EntityRecord]:
        """Entities whose name or an alias contains ``name`` (case-insensitive; exact first). ``%``
        and ``_`` in ``name`` are letters, not LIKE wildcards."""
        with self.engine.connect() as connection:
            text = name.strip()
            matched = connection.execute(
                sa.select(entities.c.id)
                .where(names_matching(text))
                .order_by(*entity_order(self.dialect))
                .limit(limit)
            ).all()
            rows = {
                r._mapping["id"]: r._mapping
                for r in connection.execute(
                    sa.select(entities).where(entities.c.id.in_([m[0] for m in matched]))
                )
            }
            found = [_entity_dict(connection, rows[m[0]]) for m in matched]
        exact = name.strip().casefold()
        return sorted(
            found,
            key=lambda e: e["name"].casefold() != exact and exact not in {a.casefold() for a in e["aliases"]},
        )

    def entity_profile(self, ident: str) -> EntityProfile:
        """An entity with its articles (id, date, title) and most frequent co-mentioned entities."""
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(entities).where(entities.c.id == ident)).first()
            if row is None:
                raise NotFoundError("no entity with that id", source=ident)
            entity = _entity_dict(connection, row._mapping)
            rows = select_in(
                connection,
                (articles.c.id, articles.c.published, articles.c.language, articles.c.title),
                articles.c.id,
                entity["article_ids"],
            )
            # Sorted here, as SQLite sorts (undated first), since the rows come in chunks.
            rows.sort(key=lambda r: (r.published is not None, r.published or date.min, r.id))
            named: list[EntityArticle] = [
                {"id": r.id, "published": iso(r.published), "language": r.language, "title": r.title}
                for r in rows
            ]
            other = entity_articles.alias("other")
            co_mentioned: list[CoMentioned] = [
                {"id": r.id, "name": r.name, "type": r.type, "articles": r.shared}
                for r in connection.execute(
                    sa.select(
                        entities.c.id, entities.c.name, entities.c.type, sa.func.count().label("shared")
                    )
                    .select_from(
                        entity_articles.join(other, entity_articles.c.article_id == other.c.article_id).join(
                            entities, entities.c.id == other.c.entity_id
                        )
                    )
                    .where(entity_articles.c.entity_id == ident, other.c.entity_id != ident)
                    .group_by(entities.c.id, entities.c.name, entities.c.type)
                    .order_by(sa.desc("shared"), binary(entities.c.name, self.dialect), entities.c.id)
                    .limit(10)
                )
            ]
        return EntityProfile(**entity, articles=named, co_mentioned=co_mentioned)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts, best match first."""
        query = query.strip()
        if not query:
            return []
        with self.engine.connect() as connection:
            if self.dialect == "postgresql" and not _CJK.search(query):
                # websearch syntax ("a phrase", or, -word) never fails to parse: no phrase fallback.
                rows = connection.execute(sa.text(_PG_SEARCH), {"q": query, "n": limit}).all()
                return [SearchHit(_article(r._mapping), r._mapping["snip"]) for r in rows]
            if self.dialect == "sqlite" and not _CJK.search(query):
                try:
                    rows = connection.execute(
                        sa.text(
                            "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip "
                            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                            "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts) LIMIT :n"
                        ),
                        {"q": query, "n": limit},
                    ).all()
                except sa.exc.OperationalError:
                    # Not valid FTS5 syntax ("U.S.-China", a stray quote): search it as a phrase.
                    phrase = '"' + query.replace('"', '""') + '"'
                    rows = connection.execute(
                        sa.text(
                            "SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip "
                            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
                            "WHERE articles_fts MATCH :q ORDER BY bm25(articles_fts) LIMIT :n"
                        ),
                        {"q": phrase, "n": limit},
                    ).all()
                return [SearchHit(_article(r._mapping), r._mapping["snip"]) for r in rows]
            # Scripts written without spaces have no word tokens: match the substring. ILIKE is SQLite's
            # LIKE (ASCII case folded) on PostgreSQL, where LIKE is case-sensitive. Escaped: '%' and '_'
            # in the query are letters, not wildcards.
            rows = connection.execute(
                sa.select(articles)
                .where(
                    sa.or_(
                        articles.c.title.icontains(query, autoescape=True),
                        articles.c.text.icontains(query, autoescape=True),
                    )
                )
                .order_by(articles.c.published.desc().nulls_last(), articles.c.id)
                .limit(limit)
            ).all()
            return [SearchHit(_article(r._mapping), _snippet(r._mapping["text"], query)) for r in rows]


def _snippet(text: str, query: str, width: int = 60) -> str:
    at = text.find(query)
    if at < 0:
        return text[: width * 2]
    return text[max(0, at - width) : at] + "[" + query + "]" + text[at + len(query) : at + len(query) + width]


def _without_nul(
    _connection: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, executemany: bool
) -> tuple[str, Any]:
    """PostgreSQL text cannot hold NUL, which SQLite stores and a JSONL "\\u0000" can carry: one would
    fail the whole batch. U+FFFD (one character for one) keeps every stored offset into the text right."""

    def clean(params: Any) -> Any:
        if isinstance(params, dict):
            return {key: nul_free(value) for key, value in params.items()}
        if isinstance(params, (list, tuple)):
            return type(params)(nul_free(value) for value in params)
        return params

    if executemany and isinstance(parameters, (list, tuple)):
        return statement, type(parameters)(clean(p) for p in parameters)
    return statement, clean(parameters)


def _sqlite_begin(connection: sa.Connection) -> None:
    """Begin every transaction ourselves (pysqlite's own handling is off, see ``_sqlite_pragmas``):
    ``BEGIN IMMEDIATE`` for writes (:meth:`Store._writing`), a plain deferred ``BEGIN`` for reads."""
    mode = connection.get_execution_options().get("communique_begin", "")
    connection.exec_driver_sql(f"BEGIN {mode}".rstrip())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite begins transactions lazily, at the first write, which is too late for a batch that
    # reads before it writes; SQLAlchemy's recipe: turn that off and emit BEGIN in _sqlite_begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    # WAL: readers do not block the writer; NORMAL sync is crash-safe for a killed
    # process (only an OS crash can lose the last commit). The mode is kept in the file, so only
    # the first opener switches it; the switch needs the file to itself and can fail "locked"
    # without waiting on busy_timeout when several processes open a new store at once: retry.
    for attempt in range(50):
        try:
            if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                cursor.execute("PRAGMA journal_mode=WAL")
            break
        except sqlite3.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _article(row: Any) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        outlet=row["outlet"],
        language=row["language"],
        title=row["title"],
        published=iso(row["published"]),
        dateline=Dateline(
            place=row["dateline_place"],
            country=row["dateline_country"],
            date=iso(row["dateline_date"]),
            agency=row["dateline_agency"],
        ),
        text=row["text"],
        url=row["url"],
        duplicate_of=row["duplicate_of"],
        translation_of=row["translation_of"],
        # A store read at an older revision (search keeps working there) has no such column.
        external_id=row.get("external_id"),
    )


def _entity_dict(connection: sa.Connection, row: Any) -> EntityRecord:
    ident = row["id"]
    aliases = [
        r[0]
        for r in connection.execute(
            sa.select(entity_aliases.c.alias)
            .where(entity_aliases.c.entity_id == ident)
            .group_by(entity_aliases.c.alias)
            .order_by(
                sa.func.sum(entity_aliases.c.count).desc(),
                binary(entity_aliases.c.alias, connection.dialect.name),
            )
        )
    ]
    roles: list[Role] = [
        {
            "title": r.title,
            "country": r.country or None,
            "first_seen": iso(r.first_seen),
            "last_seen": iso(r.last_seen),
        }
        for r in connection.execute(
            sa.select(entity_roles)
            .where(entity_roles.c.entity_id == ident)
            .order_by(
                entity_roles.c.first_seen.nulls_first(),
                binary(entity_roles.c.title, connection.dialect.name),
                entity_roles.c.country,
            )
        )
    ]
    article_ids = list(
        connection.scalars(
            sa.select(entity_articles.c.article_id)
            .where(entity_articles.c.entity_id == ident)
            .order_by(entity_articles.c.article_id)
        )
    )
    return {
        "id": ident,
        "name": row["name"],
        "type": row["type"],
        "country": row["country"],
        "aliases": [a for a in aliases if a != row["name"]],
        "roles": roles,
        "article_ids": article_ids,
    }
