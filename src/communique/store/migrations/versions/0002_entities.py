"""Entities: per-article local entities, their mentions, block keys, and resolved entities.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(8), nullable=False),
        sa.Column("country", sa.String(3)),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date),
        sa.Column("n_articles", sa.Integer, nullable=False),
    )
    op.create_index("ix_entities_name", "entities", ["name"])
    op.create_table(
        "local_entities",
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
    op.create_index("ix_local_entities_entity", "local_entities", ["entity_id"])
    op.create_index("ix_local_entities_article", "local_entities", ["article_id"])
    op.create_table(
        "local_blocks",
        sa.Column("block", sa.Text, primary_key=True),
        sa.Column("local_key", sa.String(40), primary_key=True),
    )
    op.create_table(
        "mentions",
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
    op.create_index("ix_mentions_article", "mentions", ["article_id"])
    op.create_index("ix_mentions_local", "mentions", ["local_key"])
    op.create_table(
        "entity_aliases",
        sa.Column("entity_id", sa.String(16), primary_key=True),
        sa.Column("alias", sa.Text, primary_key=True),
        sa.Column("language", sa.String(8), primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_table(
        "entity_roles",
        sa.Column("entity_id", sa.String(16), primary_key=True),
        sa.Column("title", sa.Text, primary_key=True),
        sa.Column("country", sa.String(3), primary_key=True),
        sa.Column("first_seen", sa.Date),
        sa.Column("last_seen", sa.Date),
    )
    op.create_table(
        "entity_articles",
        sa.Column("entity_id", sa.String(16), primary_key=True),
        sa.Column("article_id", sa.String(16), primary_key=True),
    )
    op.create_index("ix_entity_articles_article", "entity_articles", ["article_id"])


def downgrade() -> None:
    for table in (
        "entity_articles",
        "entity_roles",
        "entity_aliases",
        "mentions",
        "local_blocks",
        "local_entities",
        "entities",
    ):
        op.drop_table(table)
