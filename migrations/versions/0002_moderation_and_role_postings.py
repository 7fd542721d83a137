"""Moderation (events, revisions) and role postings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 22:33:04.025495

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "moderation_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_moderation_revisions_author_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["users.id"],
            name=op.f("fk_moderation_revisions_decided_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_revisions")),
    )
    with op.batch_alter_table("moderation_revisions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_moderation_revisions_item", ["item_kind", "item_id", "status"], unique=False
        )

    op.create_table(
        "role_postings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.Column("company_url", sa.String(length=500), nullable=False),
        sa.Column("location", sa.String(length=120), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("workplace", sa.String(length=10), nullable=False),
        sa.Column("remote_region", sa.String(length=120), nullable=False),
        sa.Column("seniority", sa.String(length=20), nullable=False),
        sa.Column("function", sa.String(length=20), nullable=False),
        sa.Column("employment_type", sa.String(length=20), nullable=False),
        sa.Column("salary_min", sa.Integer(), nullable=True),
        sa.Column("salary_max", sa.Integer(), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=False),
        sa.Column("salary_period", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("apply_url", sa.String(length=500), nullable=False),
        sa.Column("apply_email", sa.String(length=254), nullable=False),
        sa.Column("tags", sa.String(length=250), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expiry_reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'pending', 'changes_requested', 'published', 'rejected', 'archived', 'removed')",
            name=op.f("ck_role_postings_status_known"),
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"], name=op.f("fk_role_postings_author_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_postings")),
    )
    with op.batch_alter_table("role_postings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_postings_author_id"), ["author_id"], unique=False)
        batch_op.create_index("ix_role_postings_author_title", ["author_id", "title"], unique=False)
        batch_op.create_index(
            "ix_role_postings_browse", ["status", "published_at", "id", "expires_at"], unique=False
        )
        batch_op.create_index(
            "ix_role_postings_country_open",
            ["country", "status", "published_at", "id", "expires_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_role_postings_employment_type_open",
            ["employment_type", "status", "published_at", "id", "expires_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_role_postings_function_open",
            ["function", "status", "published_at", "id", "expires_at"],
            unique=False,
        )
        batch_op.create_index(
            "ix_role_postings_seniority_open",
            ["seniority", "status", "published_at", "id", "expires_at"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_role_postings_status"), ["status"], unique=False)
        batch_op.create_index(
            "ix_role_postings_workplace_open",
            ["workplace", "status", "published_at", "id", "expires_at"],
            unique=False,
        )

    op.create_table(
        "moderation_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_kind", sa.String(length=20), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("revision_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=False),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_moderation_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["revision_id"],
            ["moderation_revisions.id"],
            name=op.f("fk_moderation_events_revision_id_moderation_revisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_moderation_events")),
    )
    with op.batch_alter_table("moderation_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_moderation_events_action"), ["action"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_moderation_events_actor_id"), ["actor_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_moderation_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(
            "ix_moderation_events_item", ["item_kind", "item_id", "id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("moderation_events", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_events_item")
        batch_op.drop_index(batch_op.f("ix_moderation_events_created_at"))
        batch_op.drop_index(batch_op.f("ix_moderation_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_moderation_events_action"))

    op.drop_table("moderation_events")
    with op.batch_alter_table("role_postings", schema=None) as batch_op:
        batch_op.drop_index("ix_role_postings_workplace_open")
        batch_op.drop_index(batch_op.f("ix_role_postings_status"))
        batch_op.drop_index("ix_role_postings_seniority_open")
        batch_op.drop_index("ix_role_postings_function_open")
        batch_op.drop_index("ix_role_postings_employment_type_open")
        batch_op.drop_index("ix_role_postings_country_open")
        batch_op.drop_index("ix_role_postings_browse")
        batch_op.drop_index("ix_role_postings_author_title")
        batch_op.drop_index(batch_op.f("ix_role_postings_author_id"))

    op.drop_table("role_postings")
    with op.batch_alter_table("moderation_revisions", schema=None) as batch_op:
        batch_op.drop_index("ix_moderation_revisions_item")

    op.drop_table("moderation_revisions")
