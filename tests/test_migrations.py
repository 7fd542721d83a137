"""Alembic revisions are the schema: upgrading from empty gives exactly the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

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
