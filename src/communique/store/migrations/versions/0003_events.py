"""Events: one record per real event, the sentences that report it, and their identity keys.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "events",
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
    )
    op.create_index("ix_events_date", "events", ["date"])
    op.create_index("ix_events_plover", "events", ["plover"])
    op.create_index("ix_events_institution", "events", ["institution_id"])
    op.create_table(
        "event_mentions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(16), nullable=False),
        sa.Column("article_id", sa.String(16), nullable=False),
        sa.Column("language", sa.String(8)),
        sa.Column("sentence", sa.Text, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_event_mentions_event", "event_mentions", ["event_id"])
    op.create_index("ix_event_mentions_article", "event_mentions", ["article_id"])
    op.create_table(
        "event_keys",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("event_id", sa.String(16), nullable=False),
    )
    op.create_index("ix_event_keys_event", "event_keys", ["event_id"])
    op.create_table(
        "event_actors",
        sa.Column("event_id", sa.String(16), primary_key=True),
        sa.Column("position", sa.Integer, primary_key=True),
        sa.Column("entity_id", sa.String(16)),
        sa.Column("name", sa.Text),
        sa.Column("country", sa.String(3)),
        sa.Column("role", sa.String(16), nullable=False),
    )
    op.create_index("ix_event_actors_entity", "event_actors", ["entity_id"])


def downgrade() -> None:
    for table in ("event_actors", "event_keys", "event_mentions", "events"):
        op.drop_table(table)
