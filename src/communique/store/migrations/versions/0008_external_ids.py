"""The id a source gave a document (a JSONL ``id``, a feed entry's ``id``/``guid``, an API document's
``id``), kept so that users can find their own records again: on the article (the first sighting's, as
``source`` and ``url`` are) and on each of its sources.

Readers have always read it; before this revision it was dropped on the way to the store. Rows stored
before keep NULL.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ADD COLUMN, not a batch alter: SQLite adds a nullable column in place, so the views and the
    # full-text triggers that name these tables stay as they are.
    op.add_column("articles", sa.Column("external_id", sa.Text))
    op.add_column("article_sources", sa.Column("external_id", sa.Text))


def downgrade() -> None:
    # DROP COLUMN in place (SQLite 3.35 and later, PostgreSQL): a batch alter would rebuild ``articles``,
    # which every other table refers to and the views read.
    op.execute("ALTER TABLE article_sources DROP COLUMN external_id")
    op.execute("ALTER TABLE articles DROP COLUMN external_id")
