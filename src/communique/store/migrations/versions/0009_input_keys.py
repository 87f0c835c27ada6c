"""Inputs already stored, by a key of the whole input document (its text or HTML and every field a
reader gave it): ``ingest`` looks each document up before analysing it, so content read again costs a
hash and a lookup instead of the whole analysis.

Filled as articles are stored (new ones and ones found known); a store written before this revision
learns its inputs' keys the next time they are read.

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "input_keys",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(16),
            sa.ForeignKey(
                "articles.id", name="fk_input_keys_article_id", deferrable=True, initially="DEFERRED"
            ),
            nullable=False,
        ),
    )
    op.create_index("ix_input_keys_article", "input_keys", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_input_keys_article", "input_keys")
    op.drop_table("input_keys")
