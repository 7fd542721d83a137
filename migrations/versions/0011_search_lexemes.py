"""The words PostgreSQL search has indexed, so a prefix expands to a bounded few (PostgreSQL only).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-28 10:00:00

Every lexeme of `search_documents`, added as documents are indexed (never removed: a stale
one matches nothing). `strat*` reads at most a few dozen of them instead of letting
`to_tsquery('strat:*')` match every word with the prefix. Byte order (COLLATE "C") lets
`LIKE 'prefix%'` read the primary key's index. Read with plain SQL, not a model.
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute('CREATE TABLE search_lexemes (lexeme text COLLATE "C" PRIMARY KEY)')
    op.execute(
        "INSERT INTO search_lexemes (lexeme) "
        "SELECT DISTINCT unnest(tsvector_to_array(document)) FROM search_documents"
    )


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TABLE search_lexemes")
