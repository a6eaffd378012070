"""orders: lookups, challenges, channel watches and marks, re-deliveries, the ticket's
order snapshot

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("tickets", sa.Column("order_snapshot", sa.JSON(), nullable=True))
    op.create_table(
        "order_lookups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("ticket", sa.String(length=12), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_order_lookups_user_at", "order_lookups", ["user_id", "at"])
    op.create_table(
        "order_checks",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id"),
    )
    op.create_table(
        "channel_watches",
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("channel", "user_id"),
    )
    op.create_table(
        "channel_marks",
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("incident", sa.JSON(), nullable=True),
        sa.Column("tickets", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("channel"),
    )
    op.create_table(
        "order_redeliveries",
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ticket", sa.String(length=12), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )


def downgrade() -> None:
    op.drop_table("order_redeliveries")
    op.drop_table("channel_marks")
    op.drop_table("channel_watches")
    op.drop_table("order_checks")
    op.drop_index("ix_order_lookups_user_at", table_name="order_lookups")
    op.drop_table("order_lookups")
    op.drop_column("tickets", "order_snapshot")
