"""PostgreSQL full-text search documents (PostgreSQL only).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 23:35:00

The table is read with plain SQL by the PostgreSQL search backend and is not part of the
SQLAlchemy models; on SQLite this revision does nothing.
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        """
        CREATE TABLE search_documents (
            key text PRIMARY KEY,
            kind text NOT NULL,
            item_id integer NOT NULL,
            title text NOT NULL,
            summary text NOT NULL,
            body text NOT NULL,
            tags text NOT NULL,
            people text NOT NULL,
            seniority text, function text, workplace text, country text,
            from_function text, to_function text,
            document tsvector GENERATED ALWAYS AS (
                setweight(to_tsvector('english', title), 'A') ||
                setweight(to_tsvector('english', tags), 'A') ||
                setweight(to_tsvector('english', people), 'B') ||
                setweight(to_tsvector('english', summary), 'C') ||
                setweight(to_tsvector('english', body), 'D')
            ) STORED
        )
        """
    )
    op.execute("CREATE INDEX ix_search_documents_document ON search_documents USING gin (document)")
    op.execute("CREATE INDEX ix_search_documents_kind ON search_documents (kind)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_documents")
