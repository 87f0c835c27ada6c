"""Table definitions (SQLAlchemy Core) matching the migrations in ``migrations/versions``.

The migrations are the source of truth for the database; these objects are how
the code queries it. A test checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
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

article_sources = sa.Table(
    "article_sources",
    metadata,
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("first_seen", sa.DateTime, nullable=False),
)
