"""Mail: further headers per message (List-Unsubscribe), and the addresses that bounced.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 03:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("headers", sa.Text(), nullable=False, server_default=""))
    op.create_table(
        "mail_bounces",
        sa.Column("address", sa.String(length=254), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("address"),
    )


def downgrade():
    op.drop_table("mail_bounces")
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_column("headers")
