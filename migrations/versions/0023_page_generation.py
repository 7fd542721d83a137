"""The page cache's generation: one row, raised by every change to what the public sees.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    generation = op.create_table(
        "page_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_generation")),
    )
    op.bulk_insert(generation, [{"id": 1, "number": 0}])


def downgrade():
    op.drop_table("page_generation")
