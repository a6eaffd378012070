"""several instances: leases (who runs, who polls) and an owner for each outbox row

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leases",
        sa.Column("name", sa.String(length=128), nullable=False),
        sa.Column("owner", sa.String(length=96), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    with op.batch_alter_table("outbox_messages") as batch:
        batch.add_column(sa.Column("owner", sa.String(length=96), nullable=True))
    op.create_index(
        "ix_outbox_messages_state_chat_id", "outbox_messages", ["state", "chat_id", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_messages_state_chat_id", table_name="outbox_messages")
    with op.batch_alter_table("outbox_messages") as batch:
        batch.drop_column("owner")
    op.drop_table("leases")
