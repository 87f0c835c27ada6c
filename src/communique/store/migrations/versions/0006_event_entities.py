"""Every entity an event's mentions name, indexed by entity: when entities merge and an id changes, the
events that named the old id are found through this table and re-keyed (before it, they kept pointing
at entities that no longer existed).

Filled here from the mentions already stored (their actors' entity ids and their institution).

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "event_entities",
        sa.Column("event_id", sa.String(16), primary_key=True),
        sa.Column("entity_id", sa.String(16), primary_key=True),
    )
    op.create_index("ix_event_entities_entity", "event_entities", ["entity_id"])
    connection = op.get_bind()
    pairs: set[tuple[str, str]] = set()
    for event_id, data in connection.execute(sa.text("SELECT event_id, data FROM event_mentions")):
        mention = json.loads(data)
        for entity in (*mention.get("actor_entities", ()), mention.get("institution_key")):
            if entity:
                pairs.add((event_id, entity))
    if pairs:
        op.bulk_insert(table, [{"event_id": e, "entity_id": x} for e, x in sorted(pairs)])


def downgrade() -> None:
    op.drop_index("ix_event_entities_entity", "event_entities")
    op.drop_table("event_entities")
