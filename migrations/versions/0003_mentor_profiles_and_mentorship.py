"""Mentor profiles, mentorship requests, their events and feedback.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 22:41:54.304331

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "mentor_profiles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("headline", sa.String(length=140), nullable=False),
        sa.Column("from_role", sa.String(length=100), nullable=False),
        sa.Column("to_role", sa.String(length=100), nullable=False),
        sa.Column("from_function", sa.String(length=20), nullable=False),
        sa.Column("to_function", sa.String(length=20), nullable=False),
        sa.Column("industries", sa.String(length=250), nullable=False),
        sa.Column("expertise", sa.String(length=300), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),
        sa.Column("topics", sa.Text(), nullable=False),
        sa.Column("formats", sa.String(length=60), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("languages", sa.String(length=100), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("accepting", sa.Boolean(), nullable=False),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("contact", sa.String(length=300), nullable=False),
        sa.Column("linkedin_url", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'pending', 'changes_requested', 'published', 'rejected', 'archived', 'removed')",
            name=op.f("ck_mentor_profiles_status_known"),
        ),
        sa.CheckConstraint(
            "capacity BETWEEN 1 AND 20", name=op.f("ck_mentor_profiles_capacity_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_mentor_profiles_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_profiles")),
        sa.UniqueConstraint("author_id", name="uq_mentor_profiles_author_id"),
    )
    with op.batch_alter_table("mentor_profiles", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentor_profiles_author_id"), ["author_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentor_profiles_from_function"), ["from_function"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mentor_profiles_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mentor_profiles_to_function"), ["to_function"], unique=False
        )

    op.create_table(
        "mentorship_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("mentee_id", sa.Integer(), nullable=False),
        sa.Column("goals", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("format", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("mentee_slot", sa.Integer(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=True),
        sa.Column("decline_reason", sa.String(length=20), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("closing_note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'accepted', 'declined', 'cancelled', 'expired', 'completed', 'ended')",
            name=op.f("ck_mentorship_requests_status_known"),
        ),
        sa.CheckConstraint(
            "mentee_slot BETWEEN 1 AND 3", name=op.f("ck_mentorship_requests_slot_range")
        ),
        sa.ForeignKeyConstraint(
            ["mentee_id"], ["users.id"], name=op.f("fk_mentorship_requests_mentee_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"],
            ["mentor_profiles.id"],
            name=op.f("fk_mentorship_requests_mentor_id_mentor_profiles"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorship_requests")),
    )
    with op.batch_alter_table("mentorship_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentorship_requests_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentorship_requests_mentee_id"), ["mentee_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mentorship_requests_mentor_id"), ["mentor_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_mentorship_requests_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_mentorship_mentee_slot",
            ["mentee_id", "mentee_slot"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'accepted')"),
            postgresql_where=sa.text("status IN ('pending', 'accepted')"),
        )
        batch_op.create_index(
            "uq_mentorship_mentor_seat",
            ["mentor_id", "seat"],
            unique=True,
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )
        batch_op.create_index(
            "uq_mentorship_open_pair",
            ["mentor_id", "mentee_id"],
            unique=True,
            sqlite_where=sa.text("status IN ('pending', 'accepted')"),
            postgresql_where=sa.text("status IN ('pending', 'accepted')"),
        )

    op.create_table(
        "mentorship_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_mentorship_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentorship_requests.id"],
            name=op.f("fk_mentorship_events_request_id_mentorship_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorship_events")),
    )
    with op.batch_alter_table("mentorship_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mentorship_events_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "mentorship_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "rating BETWEEN 1 AND 5", name=op.f("ck_mentorship_feedback_rating_range")
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_mentorship_feedback_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["mentorship_requests.id"],
            name=op.f("fk_mentorship_feedback_request_id_mentorship_requests"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentorship_feedback")),
        sa.UniqueConstraint("request_id", "author_id", name="uq_mentorship_feedback_once"),
    )


def downgrade():
    op.drop_table("mentorship_feedback")
    with op.batch_alter_table("mentorship_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentorship_events_request_id"))

    op.drop_table("mentorship_events")
    with op.batch_alter_table("mentorship_requests", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_mentorship_open_pair",
            sqlite_where=sa.text("status IN ('pending', 'accepted')"),
            postgresql_where=sa.text("status IN ('pending', 'accepted')"),
        )
        batch_op.drop_index(
            "uq_mentorship_mentor_seat",
            sqlite_where=sa.text("status = 'accepted'"),
            postgresql_where=sa.text("status = 'accepted'"),
        )
        batch_op.drop_index(
            "uq_mentorship_mentee_slot",
            sqlite_where=sa.text("status IN ('pending', 'accepted')"),
            postgresql_where=sa.text("status IN ('pending', 'accepted')"),
        )
        batch_op.drop_index(batch_op.f("ix_mentorship_requests_status"))
        batch_op.drop_index(batch_op.f("ix_mentorship_requests_mentor_id"))
        batch_op.drop_index(batch_op.f("ix_mentorship_requests_mentee_id"))
        batch_op.drop_index(batch_op.f("ix_mentorship_requests_created_at"))

    op.drop_table("mentorship_requests")
    with op.batch_alter_table("mentor_profiles", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mentor_profiles_to_function"))
        batch_op.drop_index(batch_op.f("ix_mentor_profiles_status"))
        batch_op.drop_index(batch_op.f("ix_mentor_profiles_from_function"))
        batch_op.drop_index(batch_op.f("ix_mentor_profiles_author_id"))

    op.drop_table("mentor_profiles")
