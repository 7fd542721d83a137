"""Thank-you notes: a mentee's public thanks after a completed mentorship, moderated content.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-02 04:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "thank_you_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("mentor_approved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mentor_declined_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'pending', 'changes_requested', 'published', 'rejected', "
            "'archived', 'removed', 'hidden', 'withdrawn')",
            name=op.f("ck_thank_you_notes_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_thank_you_notes_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentor_profiles.id"],
            name=op.f("fk_thank_you_notes_mentor_id_mentor_profiles"),
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentorship_requests.id"],
            name=op.f("fk_thank_you_notes_request_id_mentorship_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_thank_you_notes")),
        sa.UniqueConstraint("request_id", name=op.f("uq_thank_you_notes_request_id")),
    )
    with op.batch_alter_table("thank_you_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_thank_you_notes_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_thank_you_notes_mentor_id"), ["mentor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_thank_you_notes_status"), ["status"], unique=False)


def downgrade():
    with op.batch_alter_table("thank_you_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_thank_you_notes_status"))
        batch_op.drop_index(batch_op.f("ix_thank_you_notes_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_thank_you_notes_author_id"))

    op.drop_table("thank_you_notes")
