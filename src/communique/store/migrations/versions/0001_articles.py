"""Articles, the sources each was seen at, and full-text search.

Full-text search is FTS5 on SQLite and, on PostgreSQL, a GIN index over a tsvector expression (see
``SEARCH_DOCUMENT``): both fold case and diacritics and know no language, so one query finds an article
in any language it is written in.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='rowid',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
    """CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
    END""",
    """CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text)
        VALUES ('delete', old.rowid, old.title, old.text);
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END""",
]

#: Text search configuration on PostgreSQL: ``simple`` (no stemming, no stop words: any language),
#: with ``unaccent`` in front of it when the extension can be had, as FTS5's remove_diacritics does.
SEARCH_CONFIG = "communique_search"
#: The indexed expression. Store.search repeats it word for word: PostgreSQL uses an expression index
#: only for a query that spells the same expression.
SEARCH_DOCUMENT = f"to_tsvector('{SEARCH_CONFIG}'::regconfig, coalesce(title, '') || ' ' || text)"


def _postgresql_search() -> None:
    bind = op.get_bind()
    installed = bind.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'unaccent'").first()
    unaccent = installed is not None
    if (
        not unaccent
        and bind.exec_driver_sql("SELECT 1 FROM pg_available_extensions WHERE name = 'unaccent'").first()
    ):
        # A trusted extension since PostgreSQL 13: a database owner may create it. Without the right,
        # search still works, only without folding diacritics; a savepoint keeps the migration alive.
        try:
            with bind.begin_nested():
                bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
            unaccent = True
        except sa.exc.DBAPIError:
            unaccent = False
    op.execute(f"CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.simple)")
    if unaccent:
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} "
            "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple"
        )
    op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin (({SEARCH_DOCUMENT}))")


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("language", sa.String(8)),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("dateline_place", sa.Text),
        sa.Column("dateline_country", sa.String(3)),
        sa.Column("dateline_date", sa.Date),
        sa.Column("dateline_agency", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("duplicate_of", sa.String(16)),
        sa.Column("translation_of", sa.String(16)),
        sa.Column("ingested_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_language", "articles", ["language"])
    op.create_table(
        "article_sources",
        sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("source", sa.Text, primary_key=True),
        sa.Column("url", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("first_seen", sa.DateTime, nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_FTS:
            op.execute(statement)
    elif op.get_bind().dialect.name == "postgresql":
        _postgresql_search()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS articles_fts")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
        op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG}")
    op.drop_table("article_sources")
    op.drop_table("articles")
