"""The review guarantee: versions of an item's text, the "withdrawn" state, kept texts.

Content gains `version` (a moderator's decision names the version it read) and the
"withdrawn" state (taken back before approval: never public). Revisions gain
`item_version`, the version of the item a kept text is.

Items closed ("archived") under the old rules could be public without approval: withdrawn
before a moderator approved them, or edited after they closed. They become "withdrawn"
(off the board until reviewed again), each with an event in the audit log.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:30:00

"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CONTENT_TABLES = {"role_postings": "role", "mentor_profiles": "mentor", "stories": "story"}
OLD_STATUSES = (
    "'draft', 'pending', 'changes_requested', 'published', 'rejected', 'archived', 'removed', "
    "'hidden'"
)
NEW_STATUSES = f"{OLD_STATUSES}, 'withdrawn'"
# An archived row changed later than this after the event that closed it was edited.
SAME_WRITE = timedelta(seconds=2)
REASON = "Taken off the board on upgrade: this text was never approved by a moderator."


def _status_check(statuses: str) -> None:
    for table in CONTENT_TABLES:
        with op.batch_alter_table(table, recreate="auto") as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_status_known"), type_="check")
            batch_op.create_check_constraint(
                op.f(f"ck_{table}_status_known"), sa.text(f"status IN ({statuses})")
            )


def _aware(moment):
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _unapproved_closed_items(connection, table: str, kind: str) -> list[int]:
    """Archived items whose text no moderator approved as it is now."""
    rows = connection.execute(
        sa.text(f"SELECT id, updated_at FROM {table} WHERE status = 'archived'")  # noqa: S608 (fixed names)
    ).all()
    unapproved = []
    for item_id, updated_at in rows:
        closing = connection.execute(
            sa.text(
                "SELECT from_status, created_at FROM moderation_events "
                "WHERE item_kind = :kind AND item_id = :id AND to_status = 'archived' "
                "ORDER BY id DESC LIMIT 1"
            ),
            {"kind": kind, "id": item_id},
        ).first()
        if (
            closing is None
            or closing.from_status != "published"
            or _aware(updated_at) > _aware(closing.created_at) + SAME_WRITE
        ):
            unapproved.append(item_id)
    return unapproved


LOG_WITHDRAWAL = sa.text(
    "INSERT INTO moderation_events (item_kind, item_id, actor_id, action, from_status, "
    "to_status, reason, created_at) VALUES (:kind, :id, NULL, 'withdraw', 'archived', "
    "'withdrawn', :reason, :now)"
).bindparams(sa.bindparam("now", type_=sa.DateTime(timezone=True)), reason=REASON)


def upgrade():
    for table in CONTENT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), server_default="1", nullable=False)
            )
    with op.batch_alter_table("moderation_revisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("item_version", sa.Integer(), nullable=True))
    _status_check(NEW_STATUSES)

    connection = op.get_bind()
    now = datetime.now(UTC)
    for table, kind in CONTENT_TABLES.items():
        for item_id in _unapproved_closed_items(connection, table, kind):
            connection.execute(
                sa.text(f"UPDATE {table} SET status = 'withdrawn' WHERE id = :id"),  # noqa: S608 (fixed names)
                {"id": item_id},
            )
            connection.execute(LOG_WITHDRAWAL, {"kind": kind, "id": item_id, "now": now})


def downgrade():
    for table in CONTENT_TABLES:  # the old rules would publish a closed item: drafts, then
        op.execute(f"UPDATE {table} SET status = 'draft' WHERE status = 'withdrawn'")  # noqa: S608 (fixed names)
    _status_check(OLD_STATUSES)
    with op.batch_alter_table("moderation_revisions", schema=None) as batch_op:
        batch_op.drop_column("item_version")
    for table in CONTENT_TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
