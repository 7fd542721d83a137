"""Member moves: mentors suggested by mail once a week, when the member asks.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-02 04:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("member_moves", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("weekly_mail", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("mailed_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("mailed_ids", sa.String(length=200), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("member_moves", schema=None) as batch_op:
        batch_op.drop_column("mailed_ids")
        batch_op.drop_column("mailed_at")
        batch_op.drop_column("weekly_mail")
