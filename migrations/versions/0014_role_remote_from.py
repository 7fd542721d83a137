"""Where a remote role can be done from, as region and country codes chosen from a list.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 00:30:00

`role_postings.remote_from` holds codes joined by commas ("emea,US"; `roles/regions.py`).
The free text roles had (`remote_region`) is read here: a text that names only known
regions or countries ("EMEA", "US time zones", "UK and Ireland", "Worldwide", "Europe",
"Germany", "Europe / UK") gets their codes; any other text gets none and stays what the role
shows until its author edits it and picks from the list. The text itself is kept, so that
downgrading loses nothing. Published roles given codes are queued for the search index,
whose country filter reads them.
"""

import re

import pycountry
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# Known wordings, lower case, and their codes; country names come from pycountry.
KNOWN = {
    "worldwide": "worldwide", "anywhere": "worldwide", "global": "worldwide",
    "americas": "americas", "the americas": "americas",
    "north america": "north-america", "latam": "latin-america", "latin america": "latin-america",
    "emea": "emea", "europe": "europe", "eu": "europe", "european time zones": "europe",
    "uk and ireland": "uk-ireland", "uk & ireland": "uk-ireland", "uk": "GB",
    "us": "US", "usa": "US", "us time zones": "US", "us only": "US",
    "dach": "dach", "nordics": "nordics", "apac": "apac", "asia pacific": "apac",
    "asia-pacific": "apac", "anz": "anz", "australia and new zealand": "anz",
}  # fmt: skip
SEPARATORS = re.compile(r"\s*(?:,|;|/|\bor\b)\s*")


def _code(words: str) -> str | None:
    words = words.strip().lower()
    if words in KNOWN:
        return KNOWN[words]
    country = next(
        (c for c in pycountry.countries
         if words in {c.name.lower(), getattr(c, "common_name", "").lower()}),
        None,
    )  # fmt: skip
    return country.alpha_2 if country else None


def codes_for(text: str) -> list[str]:
    """The codes a free text names, or [] when any part of it is unknown."""
    whole = _code(text)
    if whole:
        return [whole]
    parts = [part for part in SEPARATORS.split(text) if part.strip()]
    found = [_code(part) for part in parts]
    return [code for code in found if code] if found and all(found) else []


def upgrade():
    with op.batch_alter_table("role_postings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("remote_from", sa.String(length=1000), nullable=False, server_default="")
        )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, remote_region, status FROM role_postings WHERE remote_region != ''")
    ).all()
    for role_id, text, status in rows:
        codes = codes_for(text)
        if not codes:
            continue
        connection.execute(
            sa.text("UPDATE role_postings SET remote_from = :codes WHERE id = :id"),
            {"codes": ",".join(dict.fromkeys(codes)), "id": role_id},
        )
        if status == "published":
            connection.execute(
                sa.text(
                    "INSERT INTO search_queue (kind, item_id, created_at) "
                    "VALUES ('role', :id, CURRENT_TIMESTAMP)"
                ),
                {"id": role_id},
            )


def downgrade():
    # Roles written since the upgrade have no text: their codes stand in for it.
    op.execute(
        "UPDATE role_postings SET remote_region = substr(remote_from, 1, 120) "
        "WHERE remote_region = '' AND remote_from != ''"
    )
    with op.batch_alter_table("role_postings", schema=None) as batch_op:
        batch_op.drop_column("remote_from")
