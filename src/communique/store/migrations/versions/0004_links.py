"""Links: near-duplicate signatures and LSH bands, entity/date and meeting/day blocks, article links,
stories.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.String(16), primary_key=True),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "article_bands",
        sa.Column("band", sa.String(24), primary_key=True),
        sa.Column("article_id", sa.String(16), primary_key=True),
    )
    op.create_table(
        "article_blocks",
        # "P:<name part>|<day>": a long romanised name part overflows 40 characters. SQLite never
        # enforces a length; PostgreSQL would reject the whole batch, so there it is unbounded text.
        sa.Column("block", sa.String(40).with_variant(sa.Text(), "postgresql"), primary_key=True),
        sa.Column("article_id", sa.String(16), primary_key=True),
    )
    op.create_table(
        "article_vectors",
        sa.Column("article_id", sa.String(16), primary_key=True),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "article_links",
        sa.Column("a", sa.String(16), primary_key=True),
        sa.Column("b", sa.String(16), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("score", sa.Float, nullable=False),
    )
    op.create_index("ix_article_links_b", "article_links", ["b"])
    op.create_table(
        "stories",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("title", sa.Text),
        sa.Column("start", sa.Date),
        sa.Column("end", sa.Date),
        sa.Column("n_articles", sa.Integer, nullable=False),
        sa.Column("n_outlets", sa.Integer, nullable=False),
        sa.Column("record", sa.Text, nullable=False),
    )
    op.create_index("ix_stories_start", "stories", ["start"])
    op.create_table(
        "story_articles",
        sa.Column("article_id", sa.String(16), primary_key=True),
        sa.Column("story_id", sa.String(16), nullable=False),
    )
    op.create_index("ix_story_articles_story", "story_articles", ["story_id"])
    op.create_table(
        "event_blocks",
        sa.Column("block", sa.String(40), primary_key=True),
        sa.Column("event_id", sa.String(16), primary_key=True),
    )
    op.create_index("ix_event_blocks_event", "event_blocks", ["event_id"])
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("n_outlets", sa.Integer))


def downgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.drop_column("n_outlets")
    for table in (
        "event_blocks",
        "story_articles",
        "stories",
        "article_links",
        "article_vectors",
        "article_blocks",
        "article_bands",
        "article_signatures",
    ):
        op.drop_table(table)
