"""Member moves: the move a member is making, kept privately to suggest mentors; and the
index mentor matching reads mentors' moves by.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-02 03:30:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0019"
# Written beside 0016–0018 on other branches: the lead relinks it at merge. It follows 0018
# here, the head this branch started from (two heads would stop `flask db upgrade`).
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "member_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("from_function", sa.String(length=20), nullable=False),
        sa.Column("from_role", sa.String(length=100), nullable=False),
        sa.Column("to_function", sa.String(length=20), nullable=False),
        sa.Column("industries", sa.String(length=250), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("topics", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_member_moves_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_moves")),
        sa.UniqueConstraint("user_id", name=op.f("uq_member_moves_user_id")),
    )
    with op.batch_alter_table("mentor_profiles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_mentor_profiles_move", ["to_function", "from_function", "updated_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("mentor_profiles", schema=None) as batch_op:
        batch_op.drop_index("ix_mentor_profiles_move")
    op.drop_table("member_moves")
