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

entities = sa.Table(
    "entities",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("country", sa.String(3)),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date),
    sa.Column("n_articles", sa.Integer, nullable=False),
)

local_entities = sa.Table(
    "local_entities",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), nullable=False),
    sa.Column("entity_id", sa.String(16), nullable=False),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("names", sa.Text, nullable=False),
    sa.Column("aliases", sa.Text, nullable=False),
    sa.Column("language", sa.String(8)),
    sa.Column("country", sa.String(3)),
    sa.Column("titles", sa.Text, nullable=False),
    sa.Column("published", sa.Date),
)

local_blocks = sa.Table(
    "local_blocks",
    metadata,
    sa.Column("block", sa.Text, primary_key=True),
    sa.Column("local_key", sa.String(40), primary_key=True),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("local_key", sa.String(40), nullable=False),
    sa.Column("article_id", sa.String(16), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("surface", sa.Text),
    sa.Column("type", sa.String(8), nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("sentence", sa.Integer, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("country", sa.String(3)),
)

entity_aliases = sa.Table(
    "entity_aliases",
    metadata,
    sa.Column("entity_id", sa.String(16), primary_key=True),
    sa.Column("alias", sa.Text, primary_key=True),
    sa.Column("language", sa.String(8), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

entity_roles = sa.Table(
    "entity_roles",
    metadata,
    sa.Column("entity_id", sa.String(16), primary_key=True),
    sa.Column("title", sa.Text, primary_key=True),
    sa.Column("country", sa.String(3), primary_key=True),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date),
)

entity_articles = sa.Table(
    "entity_articles",
    metadata,
    sa.Column("entity_id", sa.String(16), primary_key=True),
    sa.Column("article_id", sa.String(16), primary_key=True),
)

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("plover", sa.String(16), nullable=False),
    sa.Column("mode", sa.String(32)),
    sa.Column("context", sa.String(64)),
    sa.Column("cameo", sa.String(8), nullable=False),
    sa.Column("date", sa.Date),
    sa.Column("end_date", sa.Date),
    sa.Column("place", sa.Text),
    sa.Column("country", sa.String(3)),
    sa.Column("institution_id", sa.String(16)),
    sa.Column("institution_name", sa.Text),
    sa.Column("session_number", sa.Integer),
    sa.Column("record", sa.Text, nullable=False),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("n_outlets", sa.Integer),
)

event_mentions = sa.Table(
    "event_mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(16), nullable=False),
    sa.Column("article_id", sa.String(16), nullable=False),
    sa.Column("language", sa.String(8)),
    sa.Column("sentence", sa.Text, nullable=False),
    sa.Column("start", sa.Integer, nullable=False),
    sa.Column("end", sa.Integer, nullable=False),
    sa.Column("data", sa.Text, nullable=False),
)

event_keys = sa.Table(
    "event_keys",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("event_id", sa.String(16), nullable=False),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column("event_id", sa.String(16), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("entity_id", sa.String(16)),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(3)),
    sa.Column("role", sa.String(16), nullable=False),
)

article_signatures = sa.Table(
    "article_signatures",
    metadata,
    sa.Column("article_id", sa.String(16), primary_key=True),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
)

article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("band", sa.String(24), primary_key=True),
    sa.Column("article_id", sa.String(16), primary_key=True),
)

article_blocks = sa.Table(
    "article_blocks",
    metadata,
    # Unbounded on PostgreSQL, as in migration 0004 (a long name part overflows 40 characters).
    sa.Column("block", sa.String(40).with_variant(sa.Text(), "postgresql"), primary_key=True),
    sa.Column("article_id", sa.String(16), primary_key=True),
)

article_vectors = sa.Table(
    "article_vectors",
    metadata,
    sa.Column("article_id", sa.String(16), primary_key=True),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

article_links = sa.Table(
    "article_links",
    metadata,
    sa.Column("a", sa.String(16), primary_key=True),
    sa.Column("b", sa.String(16), primary_key=True),
    sa.Column("kind", sa.String(16), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
)

stories = sa.Table(
    "stories",
    metadata,
    sa.Column("id", sa.String(16), primary_key=True),
    sa.Column("title", sa.Text),
    sa.Column("start", sa.Date),
    sa.Column("end", sa.Date),
    sa.Column("n_articles", sa.Integer, nullable=False),
    sa.Column("n_outlets", sa.Integer, nullable=False),
    sa.Column("record", sa.Text, nullable=False),
)

story_articles = sa.Table(
    "story_articles",
    metadata,
    sa.Column("article_id", sa.String(16), primary_key=True),
    sa.Column("story_id", sa.String(16), nullable=False),
)

event_blocks = sa.Table(
    "event_blocks",
    metadata,
    sa.Column("block", sa.String(40), primary_key=True),
    sa.Column("event_id", sa.String(16), primary_key=True),
)

event_entities = sa.Table(
    "event_entities",
    metadata,
    sa.Column("event_id", sa.String(16), primary_key=True),
    sa.Column("entity_id", sa.String(16), primary_key=True),
)
