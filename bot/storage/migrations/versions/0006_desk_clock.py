"""the desk at work: the lifecycle's times, ratings, duty, screening, desk settings, tallies

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TICKET_TIMES = (
    "status_at",
    "reminded_at",
    "claimed_at",
    "first_response_at",
    "resolved_at",
    "rated_at",
)


def upgrade() -> None:
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        for name in _TICKET_TIMES:
            batch_op.add_column(sa.Column(name, sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("desk_chat_id", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("held", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.create_index("ix_tickets_status_at", ["status", "status_at"], unique=False)
    # "waiting for an agent" became "claimed" (an agent has it) or "open" (nobody yet), and
    # an open ticket an agent had taken is claimed; a resolved ticket's time moved from
    # closed_at to resolved_at.
    op.execute(
        "UPDATE tickets SET status = CASE WHEN assignee_id IS NULL THEN 'open' ELSE 'claimed' END"
        " WHERE status IN ('waiting_agent', 'open')"
    )
    op.execute(
        "UPDATE tickets SET resolved_at = closed_at, closed_at = NULL WHERE status = 'resolved'"
    )
    # The desk's clock starts at the upgrade for tickets still in hand (their waits were
    # never measured: no burst of reminders, nobody's ticket resolved at once); the others
    # keep when they ended.
    op.execute(
        "UPDATE tickets SET status_at = CASE WHEN status IN ('resolved', 'closed')"
        " THEN COALESCE(resolved_at, closed_at, updated_at) ELSE CURRENT_TIMESTAMP END"
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("screening", sa.String(length=8), nullable=True))
    # Who wrote before screening existed is a person.
    op.execute("UPDATE users SET screening = 'clear'")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("on_duty", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("name", sa.String(length=64), nullable=True))
    op.create_table(
        "desk_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "desk_tallies",
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "kind"),
    )


def downgrade() -> None:
    op.drop_table("desk_tallies")
    op.drop_table("desk_settings")
    with op.batch_alter_table("agents", schema=None) as batch_op:
        batch_op.drop_column("name")
        batch_op.drop_column("on_duty")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("screening")
    op.execute("UPDATE tickets SET closed_at = resolved_at WHERE status = 'resolved'")
    op.execute("UPDATE tickets SET status = 'waiting_agent' WHERE status = 'claimed'")
    op.execute("UPDATE tickets SET status = 'open' WHERE status = 'new'")
    with op.batch_alter_table("tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_tickets_status_at")
        batch_op.drop_column("held")
        batch_op.drop_column("desk_chat_id")
        batch_op.drop_column("rating_comment")
        batch_op.drop_column("rating")
        for name in reversed(_TICKET_TIMES):
            batch_op.drop_column(name)
