"""The words PostgreSQL search may suggest ("Did you mean"; PostgreSQL only).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-27 01:00:00

Unstemmed words of titles, tags and people, added as documents are indexed. Like
`search_documents`, it is read with plain SQL and is not part of the SQLAlchemy models.
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE TABLE search_words (word text PRIMARY KEY)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_words")
