"""Mentor waits: members waiting for a spot with a full mentor, told in turn.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-02 04:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

OPEN = "state IN ('waiting', 'told')"


def upgrade():
    op.create_table(
        "mentor_waits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('waiting', 'told', 'asked', 'lapsed', 'left')",
            name=op.f("ck_mentor_waits_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["mentor_profiles.id"],
            name=op.f("fk_mentor_waits_profile_id_mentor_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_mentor_waits_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_waits")),
    )
    with op.batch_alter_table("mentor_waits", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mentor_waits_user_id"), ["user_id"], unique=False)
        batch_op.create_index(
            "ix_mentor_waits_queue", ["profile_id", "state", "created_at"], unique=False
        )
        batch_op.create_index(
            "uq_mentor_waits_open",
            ["profile_id", "user_id"],
            unique=True,
            sqlite_where=sa.text(OPEN),
            postgresql_where=sa.text(OPEN),
        )


def downgrade():
    op.drop_table("mentor_waits")
