"""Where each search document stands in the order it was indexed (PostgreSQL only).

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-02 10:30:00

A search counts and ranks at most the 1,000 most recently indexed matches of each kind (and
one more, to tell that there are more), read through `(kind, position)` newest first, rather
than every match: "product strategy" matches most of
100,000 documents, and ranking them all cost 200 ms. A document takes a new position each
time it is indexed again (an approved edit), as a newly published one does.
"""

from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_documents ADD COLUMN position bigserial")
    op.execute(
        "CREATE INDEX ix_search_documents_kind_position ON search_documents (kind, position)"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_search_documents_kind_position")
    op.execute("ALTER TABLE search_documents DROP COLUMN position")
