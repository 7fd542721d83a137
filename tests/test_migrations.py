"""Alembic revisions are the schema: upgrading from empty gives exactly the models."""

from datetime import datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from aicb_board import create_app
from aicb_board.config import TestConfig
from aicb_board.database import include_object
from aicb_board.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.support import temporary_postgres_database


def schema_difference(url: str, instance: str) -> list:
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=instance)
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            difference = compare_metadata(context, db.metadata)
        downgrade(revision="base")
        with db.engine.connect() as connection:
            leftover = set(inspect(connection).get_table_names()) - {"alembic_version"}
        assert "search_documents" not in leftover
        upgrade()  # and back up again, as a deployment would
        db.engine.dispose()
    assert leftover == set(), "downgrade to base left tables behind"
    return difference


def test_upgrade_from_empty_matches_the_models_on_sqlite(tmp_path):
    assert schema_difference(f"sqlite:///{tmp_path / 'fresh.sqlite3'}", str(tmp_path)) == []


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="set TEST_DATABASE_URL to check PostgreSQL")
def test_upgrade_from_empty_matches_the_models_on_postgresql(tmp_path):
    with temporary_postgres_database(TEST_DATABASE_URL) as url:
        assert schema_difference(url, str(tmp_path)) == []


def backfilled(url: str, instance: str) -> list[tuple]:
    """Members of a board upgraded past 0012 keep their access: their sign-up counts as verified."""
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=instance)
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO users (email, display_name, password_hash, role, headline,"
                    " linkedin_url, bio, session_version, created_at, password_changed_at)"
                    " VALUES ('old@example.com', 'Old', 'x', 'member', '', '', '', 1,"
                    " :created, :created)"
                ),
                {"created": datetime(2025, 3, 1, 9, 30)},
            )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT created_at, email_verified_at FROM users")).all()
        db.engine.dispose()
    return rows


def test_members_who_existed_before_verification_count_as_verified(tmp_path):
    [(created, verified)] = backfilled(f"sqlite:///{tmp_path / 'old.sqlite3'}", str(tmp_path))
    assert verified is not None and verified == created


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="set TEST_DATABASE_URL to check PostgreSQL")
def test_members_who_existed_before_verification_count_as_verified_on_postgresql(tmp_path):
    with temporary_postgres_database(TEST_DATABASE_URL) as url:
        [(created, verified)] = backfilled(url, str(tmp_path))
    assert verified is not None and verified == created
