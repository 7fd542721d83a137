"""Fixtures: a migrated database per session, a fresh app per test, client, runner, auth."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import delete, insert

from aicb_board import create_app
from aicb_board.auth import services as accounts
from aicb_board.auth.models import Role, User
from aicb_board.config import TestConfig
from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage
from aicb_board.moderation.models import CannedReason
from aicb_board.moderation.states import CANNED_REASONS
from tests.support import PASSWORD, csrf_token, temporary_postgres_database

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


def pytest_report_header(config) -> str:
    return f"database: {'PostgreSQL ' + TEST_DATABASE_URL if TEST_DATABASE_URL else 'SQLite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """One database for the whole run, migrated with Alembic (never create_all)."""
    if TEST_DATABASE_URL:
        with temporary_postgres_database(TEST_DATABASE_URL) as url:
            _migrate(url, tmp_path_factory)
            yield url
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'board.sqlite3'}"
        _migrate(url, tmp_path_factory)
        yield url


def _migrate(url: str, tmp_path_factory) -> None:
    app = create_app(TestConfig({"DATABASE_URL": url}), str(tmp_path_factory.mktemp("inst")))
    with app.app_context():
        upgrade()
        db.engine.dispose()


@pytest.fixture
def make_app(database_url, tmp_path) -> Iterator[Callable[..., Flask]]:
    """Build apps on the test database with extra settings; every table is emptied after."""
    apps: list[Flask] = []

    def build(**settings) -> Flask:
        config = TestConfig({"DATABASE_URL": database_url})
        for name, value in settings.items():
            setattr(config, name, value)
        app = create_app(config, instance_path=str(tmp_path / "instance"))
        apps.append(app)
        return app

    yield build
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    if apps:
        _empty_tables(apps[0])


def _empty_tables(app: Flask) -> None:
    with app.app_context():
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(delete(table))
            # Reference data the migrations load.
            connection.execute(
                insert(CannedReason),
                [{"text": text, "position": n} for n, text in enumerate(CANNED_REASONS)],
            )
            if connection.dialect.name == "postgresql":  # the search backend's own tables
                connection.exec_driver_sql("DELETE FROM search_documents")
                connection.exec_driver_sql("DELETE FROM search_words")
                connection.exec_driver_sql("DELETE FROM search_lexemes")
        db.engine.dispose()


@pytest.fixture
def app(make_app) -> Flask:
    """The application, with the test settings."""
    return make_app()


@pytest.fixture
def client(app):
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Runs `flask …` commands against the app."""
    return app.test_cli_runner()


@pytest.fixture
def make_user(app) -> Callable[..., User]:
    """Create a member account (committed, its address confirmed unless `verified=False`)."""
    counter = iter(range(1, 10_000))

    def create(
        email: str | None = None,
        *,
        display_name: str | None = None,
        password: str = PASSWORD,
        role: Role = Role.MEMBER,
        verified: bool = True,
    ) -> User:
        number = next(counter)
        with app.app_context():
            user = accounts.register(
                email=email or f"member{number}@example.com",
                display_name=display_name or f"Member {number}",
                password=password,
                role=role,
                verified=verified,
            )
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
        return user

    return create


@pytest.fixture
def outbox(app) -> Callable[[], list[OutboxMessage]]:
    """The mail written so far, oldest first."""

    def read() -> list[OutboxMessage]:
        with app.app_context():
            messages = db.session.scalars(db.select(OutboxMessage).order_by(OutboxMessage.id))
            result = list(messages)
            db.session.expunge_all()
            return result

    return read


class AuthActions:
    """What a visitor does with their account, through the pages and forms."""

    def __init__(self, client) -> None:
        self.client = client

    def register(
        self,
        email: str = "ada@example.com",
        password: str = PASSWORD,
        display_name: str = "Ada Lovelace",
        **extra,
    ):
        token = csrf_token(self.client, "/auth/register")
        data = {"email": email, "display_name": display_name, "password": password}
        return self.client.post("/auth/register", data={"csrf_token": token, **data, **extra})

    def login(
        self,
        email: str = "ada@example.com",
        password: str = PASSWORD,
        *,
        remember: bool = False,
        next: str | None = None,
    ):
        token = csrf_token(self.client, "/auth/login")
        data = {"csrf_token": token, "email": email, "password": password}
        if remember:
            data["remember"] = "y"
        if next is not None:
            data["next"] = next
        return self.client.post("/auth/login", data=data)

    def logout(self):
        token = csrf_token(self.client, "/account")
        return self.client.post("/auth/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client) -> AuthActions:
    """Account actions for the default client."""
    return AuthActions(client)
