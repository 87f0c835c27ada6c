"""The store: one SQLite file by default (any SQLAlchemy URL later), schema by migrations.

SQLite runs in WAL mode, so readers never block the writer and a killed writer
leaves every committed batch intact. Articles are keyed by a content hash:
inserting one already stored changes nothing but the list of sources it was
seen at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
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
from .schema import article_sources, articles

__all__ = ["SearchHit", "Store", "database_url"]

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def database_url(db: str) -> str:
    """A file path becomes a SQLite URL; a URL is passed through."""
    return db if "://" in db else f"sqlite:///{Path(db).expanduser()}"


def _iso(value: date | str | None) -> str | None:
    # Raw SQL (full-text search) returns SQLite dates as the stored ISO text.
    return value.isoformat() if isinstance(value, date) else value or None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


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
            raise StoreError(f"cannot open database: {exc}", source=db) from exc
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            self._migrate()
        except sa.exc.DatabaseError as exc:
            raise StoreError(f"not a usable database ({exc.orig})", source=db) from exc

    # -- schema ---------------------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.engine.begin() as connection:
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
    def add_articles(self, batch: Sequence[Article]) -> tuple[int, int]:
        """Store a batch in one transaction; return (new articles, articles already known)."""
        if not batch:
            return 0, 0
        now = datetime.now(UTC).replace(tzinfo=None)
        unique: dict[str, Article] = {}
        for article in batch:
            unique.setdefault(article.id, article)
        with self.engine.begin() as connection:
            existing = set(
                connection.scalars(sa.select(articles.c.id).where(articles.c.id.in_(list(unique))))
            )
            rows = [_article_row(a, now) for key, a in unique.items() if key not in existing]
            if rows:
                connection.execute(articles.insert(), rows)
            seen = {
                (a.id, a.source): {
                    "article_id": a.id,
                    "source": a.source,
                    "url": a.url,
                    "outlet": a.outlet,
                    "first_seen": now,
                }
                for a in batch
            }
            known = set(
                tuple(row)
                for row in connection.execute(
                    sa.select(article_sources.c.article_id, article_sources.c.source).where(
                        article_sources.c.article_id.in_(list(unique))
                    )
                )
            )
            fresh = [row for key, row in seen.items() if key not in known]
            if fresh:
                connection.execute(article_sources.insert(), fresh)
        # Whatever was not new (stored before, or repeated within the batch) was already known.
        return len(rows), len(batch) - len(rows)

    # -- reads ----------------------------------------------------------------------------------
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

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts, best match first."""
        query = query.strip()
        if not query:
            return []
        with self.engine.connect() as connection:
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
            # Scripts written without spaces have no word tokens: match the substring.
            pattern = f"%{query}%"
            rows = connection.execute(
                sa.select(articles)
                .where(sa.or_(articles.c.title.like(pattern), articles.c.text.like(pattern)))
                .order_by(articles.c.published.desc())
                .limit(limit)
            ).all()
            return [SearchHit(_article(r._mapping), _snippet(r._mapping["text"], query)) for r in rows]


def _snippet(text: str, query: str, width: int = 60) -> str:
    at = text.find(query)
    if at < 0:
        return text[: width * 2]
    return text[max(0, at - width) : at] + "[" + query + "]" + text[at + len(query) : at + len(query) + width]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL: readers do not block the writer; NORMAL sync is crash-safe for a killed
    # process (only an OS crash can lose the last commit).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _article_row(article: Article, now: datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "outlet": article.outlet,
        "language": article.language,
        "title": article.title,
        "published": _date(article.published),
        "dateline_place": article.dateline.place,
        "dateline_country": article.dateline.country,
        "dateline_date": _date(article.dateline.date),
        "dateline_agency": article.dateline.agency,
        "text": article.text,
        "duplicate_of": article.duplicate_of,
        "translation_of": article.translation_of,
        "ingested_at": now,
    }


def _article(row: Any) -> Article:
    return Article(
        id=row["id"],
        source=row["source"],
        outlet=row["outlet"],
        language=row["language"],
        title=row["title"],
        published=_iso(row["published"]),
        dateline=Dateline(
            place=row["dateline_place"],
            country=row["dateline_country"],
            date=_iso(row["dateline_date"]),
            agency=row["dateline_agency"],
        ),
        text=row["text"],
        url=row["url"],
        duplicate_of=row["duplicate_of"],
        translation_of=row["translation_of"],
    )
