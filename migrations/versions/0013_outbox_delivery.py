"""Outbox delivery by the worker: a stable Message-ID, the claim time, the next retry time.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:15:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_id", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    # "failed" used to mean "will be retried": those messages go back to the queue.
    op.execute("UPDATE outbox_messages SET status = 'queued' WHERE status = 'failed'")


def downgrade():
    op.execute("UPDATE outbox_messages SET status = 'failed' WHERE status = 'sending'")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("message_id")
