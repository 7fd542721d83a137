"""Alembic revisions are the schema: upgrading from empty gives exactly the models."""

from datetime import datetime, timedelta

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


def add_old_member(connection, created: datetime) -> None:
    """A member of a board at revision 0009, signed up at `created`."""
    connection.execute(
        text(
            "INSERT INTO users (email, display_name, password_hash, role, headline,"
            " linkedin_url, bio, session_version, created_at, password_changed_at)"
            " VALUES ('old@example.com', 'Old', 'x', 'member', '', '', '', 1,"
            " :created, :created)"
        ),
        {"created": created},
    )


def backfilled(url: str, instance: str) -> list[tuple]:
    """Members of a board upgraded past 0012 keep their access: their sign-up counts as verified."""
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=instance)
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            add_old_member(connection, datetime(2025, 3, 1, 9, 30))
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


def closed_roles_after_upgrade(url: str, instance: str) -> dict[str, tuple[str, list[str]]]:
    """Three roles closed under the old rules, upgraded past 0010: each one's status and log."""
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=instance)
    closed_at = datetime(2026, 11, 20, 12, 0)
    history = {  # title → (the status it was closed from, minutes it was edited after)
        "Approved, then filled": ("published", None),
        "Withdrawn while waiting": ("pending", None),
        "Filled, then edited": ("published", 30),
    }
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            add_old_member(connection, closed_at)
            for title, (source, edited_after) in history.items():
                updated = closed_at + timedelta(minutes=edited_after or 0)
                role_id = connection.execute(
                    text(
                        "INSERT INTO role_postings (author_id, status, status_reason, title,"
                        " company, company_url, workplace, location, country, remote_region,"
                        " seniority, function, employment_type, salary_currency, salary_period,"
                        " description, apply_url, apply_email, tags, expires_at, created_at,"
                        " updated_at) VALUES (1, 'archived', '', :title, 'Contoso', '',"
                        " 'remote', '', '', 'Europe', 'director', 'strategy', 'full-time', 'EUR',"
                        " 'year', 'A role.', 'https://contoso.example', '', '', :at, :at,"
                        " :updated) RETURNING id"
                    ),
                    {"title": title, "at": closed_at, "updated": updated},
                ).scalar_one()
                connection.execute(
                    text(
                        "INSERT INTO moderation_events (item_kind, item_id, actor_id, action,"
                        " from_status, to_status, reason, created_at) VALUES ('role', :id, 1,"
                        " 'withdraw', :source, 'archived', '', :at)"
                    ),
                    {"id": role_id, "source": source, "at": closed_at},
                )
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT r.title, r.status, e.action, e.to_status FROM role_postings r"
                    " JOIN moderation_events e ON e.item_id = r.id ORDER BY e.id"
                )
            ).all()
        db.engine.dispose()
    result: dict[str, tuple[str, list[str]]] = {}
    for title, status, action, to_status in rows:
        result.setdefault(title, (status, []))[1].append(f"{action}→{to_status}")
    return result


def test_closed_items_never_approved_as_they_are_leave_the_public_on_upgrade(tmp_path):
    roles = closed_roles_after_upgrade(f"sqlite:///{tmp_path / 'old.sqlite3'}", str(tmp_path))
    assert roles == {
        "Approved, then filled": ("archived", ["withdraw→archived"]),
        "Withdrawn while waiting": ("withdrawn", ["withdraw→archived", "withdraw→withdrawn"]),
        "Filled, then edited": ("withdrawn", ["withdraw→archived", "withdraw→withdrawn"]),
    }


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="set TEST_DATABASE_URL to check PostgreSQL")
def test_closed_items_never_approved_leave_the_public_on_upgrade_on_postgresql(tmp_path):
    with temporary_postgres_database(TEST_DATABASE_URL) as url:
        roles = closed_roles_after_upgrade(url, str(tmp_path))
    assert roles["Withdrawn while waiting"][0] == "withdrawn"
    assert roles["Filled, then edited"][0] == "withdrawn"
    assert roles["Approved, then filled"][0] == "archived"
