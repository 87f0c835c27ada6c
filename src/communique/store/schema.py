"""Table definitions (SQLAlchemy Core) matching the migrations in ``migrations/versions``.

The migrations are the source of truth for the database; these objects are how
the code queries it. A test checks that the two agree.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def _deferred(target: str, table: str, column: str) -> sa.ForeignKey:
    """A reference checked at commit (migration 0007): batches rewrite what it points at by delete and
    insert, whole again by the end of the transaction."""
    return sa.ForeignKey(target, name=f"fk_{table}_{column}", deferrable=True, initially="DEFERRED")


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
    sa.Column("external_id", sa.Text),
)

article_sources = sa.Table(
    "article_sources",
    metadata,
    sa.Column("article_id", sa.String(16), sa.ForeignKey("articles.id"), primary_key=True),
    sa.Column("source", sa.Text, primary_key=True),
    sa.Column("url", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("first_seen", sa.DateTime, nullable=False),
    sa.Column("external_id", sa.Text),
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
    sa.Column(
        "entity_id", sa.String(16), _deferred("entities.id", "local_entities", "entity_id"), nullable=False
    ),
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
    sa.Column(
        "local_key",
        sa.String(40),
        _deferred("local_entities.key", "local_blocks", "local_key"),
        primary_key=True,
    ),
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "local_key", sa.String(40), _deferred("local_entities.key", "mentions", "local_key"), nullable=False
    ),
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
    sa.Column(
        "entity_id", sa.String(16), _deferred("entities.id", "entity_aliases", "entity_id"), primary_key=True
    ),
    sa.Column("alias", sa.Text, primary_key=True),
    sa.Column("language", sa.String(8), primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

entity_roles = sa.Table(
    "entity_roles",
    metadata,
    sa.Column(
        "entity_id", sa.String(16), _deferred("entities.id", "entity_roles", "entity_id"), primary_key=True
    ),
    sa.Column("title", sa.Text, primary_key=True),
    sa.Column("country", sa.String(3), primary_key=True),
    sa.Column("first_seen", sa.Date),
    sa.Column("last_seen", sa.Date),
)

entity_articles = sa.Table(
    "entity_articles",
    metadata,
    sa.Column(
        "entity_id", sa.String(16), _deferred("entities.id", "entity_articles", "entity_id"), primary_key=True
    ),
    sa.Column(
        "article_id",
        sa.String(16),
        _deferred("articles.id", "entity_articles", "article_id"),
        primary_key=True,
    ),
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
    sa.Column("institution_id", sa.String(16), _deferred("entities.id", "events", "institution_id")),
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
    sa.Column(
        "event_id", sa.String(16), _deferred("events.id", "event_mentions", "event_id"), nullable=False
    ),
    sa.Column(
        "article_id", sa.String(16), _deferred("articles.id", "event_mentions", "article_id"), nullable=False
    ),
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
    sa.Column("event_id", sa.String(16), _deferred("events.id", "event_keys", "event_id"), nullable=False),
)

event_actors = sa.Table(
    "event_actors",
    metadata,
    sa.Column(
        "event_id", sa.String(16), _deferred("events.id", "event_actors", "event_id"), primary_key=True
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("entity_id", sa.String(16), _deferred("entities.id", "event_actors", "entity_id")),
    sa.Column("name", sa.Text),
    sa.Column("country", sa.String(3)),
    sa.Column("role", sa.String(16), nullable=False),
)

input_keys = sa.Table(
    "input_keys",
    metadata,
    sa.Column("key", sa.String(32), primary_key=True),
    sa.Column(
        "article_id", sa.String(16), _deferred("articles.id", "input_keys", "article_id"), nullable=False
    ),
)

article_signatures = sa.Table(
    "article_signatures",
    metadata,
    sa.Column(
        "article_id",
        sa.String(16),
        _deferred("articles.id", "article_signatures", "article_id"),
        primary_key=True,
    ),
    sa.Column("minhash", sa.LargeBinary, nullable=False),
)

article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("band", sa.String(24), primary_key=True),
    sa.Column(
        "article_id", sa.String(16), _deferred("articles.id", "article_bands", "article_id"), primary_key=True
    ),
)

article_blocks = sa.Table(
    "article_blocks",
    metadata,
    # Unbounded on PostgreSQL, as in migration 0004 (a long name part overflows 40 characters).
    sa.Column("block", sa.String(40).with_variant(sa.Text(), "postgresql"), primary_key=True),
    sa.Column(
        "article_id",
        sa.String(16),
        _deferred("articles.id", "article_blocks", "article_id"),
        primary_key=True,
    ),
)

article_vectors = sa.Table(
    "article_vectors",
    metadata,
    sa.Column(
        "article_id",
        sa.String(16),
        _deferred("articles.id", "article_vectors", "article_id"),
        primary_key=True,
    ),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

article_links = sa.Table(
    "article_links",
    metadata,
    sa.Column("a", sa.String(16), _deferred("articles.id", "article_links", "a"), primary_key=True),
    sa.Column("b", sa.String(16), _deferred("articles.id", "article_links", "b"), primary_key=True),
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
    sa.Column(
        "article_id",
        sa.String(16),
        _deferred("articles.id", "story_articles", "article_id"),
        primary_key=True,
    ),
    sa.Column(
        "story_id", sa.String(16), _deferred("stories.id", "story_articles", "story_id"), nullable=False
    ),
)

event_blocks = sa.Table(
    "event_blocks",
    metadata,
    sa.Column("block", sa.String(40), primary_key=True),
    sa.Column(
        "event_id", sa.String(16), _deferred("events.id", "event_blocks", "event_id"), primary_key=True
    ),
)

event_entities = sa.Table(
    "event_entities",
    metadata,
    sa.Column(
        "event_id", sa.String(16), _deferred("events.id", "event_entities", "event_id"), primary_key=True
    ),
    sa.Column(
        "entity_id", sa.String(16), _deferred("entities.id", "event_entities", "entity_id"), primary_key=True
    ),
)

# Indexes, as the migrations create them (PostgreSQL's full-text index and SQLite's FTS5 tables are
# made by the migrations alone: they are not queried through these objects).
for _name, _table, _columns in (
    ("ix_articles_published", articles, ("published",)),
    ("ix_articles_language", articles, ("language",)),
    ("ix_entities_name", entities, ("name",)),
    ("ix_local_entities_entity", local_entities, ("entity_id",)),
    ("ix_local_entities_article", local_entities, ("article_id",)),
    ("ix_local_blocks_local", local_blocks, ("local_key",)),
    ("ix_mentions_article", mentions, ("article_id",)),
    ("ix_mentions_local", mentions, ("local_key",)),
    ("ix_entity_articles_article", entity_articles, ("article_id",)),
    ("ix_events_date", events, ("date",)),
    ("ix_events_plover", events, ("plover",)),
    ("ix_events_institution", events, ("institution_id",)),
    ("ix_event_mentions_event", event_mentions, ("event_id",)),
    ("ix_event_mentions_article", event_mentions, ("article_id",)),
    ("ix_event_keys_event", event_keys, ("event_id",)),
    ("ix_event_actors_entity", event_actors, ("entity_id",)),
    ("ix_event_actors_country", event_actors, ("country", "event_id")),
    ("ix_event_blocks_event", event_blocks, ("event_id",)),
    ("ix_event_entities_entity", event_entities, ("entity_id",)),
    ("ix_article_links_b", article_links, ("b",)),
    ("ix_stories_start", stories, ("start",)),
    ("ix_story_articles_story", story_articles, ("story_id",)),
    ("ix_input_keys_article", input_keys, ("article_id",)),
):
    sa.Index(_name, *(_table.c[c] for c in _columns))
