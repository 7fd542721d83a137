"""Sideways-move stories.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 23:00:52.863201

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("summary", sa.String(length=280), nullable=False),
        sa.Column("from_role", sa.String(length=100), nullable=False),
        sa.Column("to_role", sa.String(length=100), nullable=False),
        sa.Column("from_function", sa.String(length=20), nullable=False),
        sa.Column("to_function", sa.String(length=20), nullable=False),
        sa.Column("industry", sa.String(length=60), nullable=False),
        sa.Column("months_taken", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("tags", sa.String(length=140), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'pending', 'changes_requested', 'published', 'rejected', 'archived', 'removed')",
            name=op.f("ck_stories_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_stories_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.UniqueConstraint("slug", name=op.f("uq_stories_slug")),
    )
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stories_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_stories_browse", ["status", "published_at", "id"], unique=False)
        batch_op.create_index(
            "ix_stories_from_function_browse",
            ["from_function", "status", "published_at", "id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_stories_status"), ["status"], unique=False)
        batch_op.create_index(
            "ix_stories_to_function_browse",
            ["to_function", "status", "published_at", "id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("stories", schema=None) as batch_op:
        batch_op.drop_index("ix_stories_to_function_browse")
        batch_op.drop_index(batch_op.f("ix_stories_status"))
        batch_op.drop_index("ix_stories_from_function_browse")
        batch_op.drop_index("ix_stories_browse")
        batch_op.drop_index(batch_op.f("ix_stories_author_id"))

    op.drop_table("stories")
