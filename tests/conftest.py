"""Fixtures: a migrated database per session, a fresh app per test, client, runner, auth,
and named members who sign in through the login form."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
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
from aicb_board.page_cache import PageGeneration
from tests.mail_server import running_smtp_server
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
            connection.execute(insert(PageGeneration), [{"id": 1, "number": 0}])
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
def smtp_server():
    """A real SMTP server on a free local port: (controller, inbox)."""
    with running_smtp_server() as server:
        yield server


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


# Accounts made with these roles the first time a test asks for them by name.
ON_DEMAND_ROLES = {"moderator": Role.MODERATOR, "admin": Role.ADMIN}


class Members:
    """Named accounts for one test, each signed in through the real login form when asked.

    `members.add("alumna")` makes alumna@example.com ("Alumna"); `members.alumna` is that
    account (a detached `User`); `members.sign_in("alumna")` is her own signed-in client.
    "moderator" and "admin" exist as soon as a test names them.
    """

    def __init__(self, app: Flask, make_user: Callable[..., User]) -> None:
        self.app = app
        self.make_user = make_user
        self.users: dict[str, User] = {}
        self.clients: dict[str, FlaskClient] = {}

    def add(
        self,
        name: str,
        role: Role = Role.MEMBER,
        *,
        email: str | None = None,
        display_name: str | None = None,
        verified: bool = True,
    ) -> User:
        """Make the account `name` (by default `name@example.com`, shown as `Name`)."""
        self.users[name] = self.make_user(
            email or f"{name}@example.com",
            display_name=display_name or name.title(),
            role=role,
            verified=verified,
        )
        return self.users[name]

    def user(self, name: str) -> User:
        """The account `name`; a moderator or an admin is made the first time it is named."""
        if name not in self.users and name in ON_DEMAND_ROLES:
            self.add(name, ON_DEMAND_ROLES[name])
        return self.users[name]

    def __getattr__(self, name: str) -> User:
        if name.startswith("_") or "users" not in self.__dict__:
            raise AttributeError(name)
        try:
            return self.user(name)
        except KeyError as error:
            raise AttributeError(name) from error

    def sign_in(self, name: str, client: FlaskClient | None = None) -> FlaskClient:
        """`client` signed in as `name` through the login form; by default the member's own
        client, signed in the first time it is asked for."""
        if client is None and name in self.clients:
            return self.clients[name]
        user = self.user(name)
        signed_in = client or self.app.test_client()
        response = AuthActions(signed_in).login(user.email)
        assert response.status_code == 302, f"{name} could not sign in"
        if client is None:
            self.clients[name] = signed_in
        return signed_in


@pytest.fixture
def members(app, make_user) -> Members:
    """Named accounts, made on demand, who sign in through the login form."""
    return Members(app, make_user)


class SignedIn:
    """A feature's cast: named members, each as a signed-in client (`cast.alumna`).

    The base of the casts the feature tests share (mentors' `Cast`, roles' `People`,
    stories' `Writers`); the accounts themselves are `members`.
    """

    CAST: tuple[tuple[str, Role], ...] = ()  # who is there from the start, in this order

    def __init__(self, app: Flask, make_user: Callable[..., User]) -> None:
        self.app = app
        self.members = Members(app, make_user)
        self.users = self.members.users
        self.clients = self.members.clients
        self.anonymous = app.test_client()
        for name, role in self.CAST:
            self.add(name, role)

    def add(self, name: str, role: Role = Role.MEMBER, **account) -> FlaskClient:
        """Make the member `name` (see `Members.add`) and sign them in; their client."""
        self.members.add(name, role, **account)
        return self.members.sign_in(name)

    def __getattr__(self, name: str) -> FlaskClient:
        try:
            return self.__dict__["clients"][name]
        except KeyError as error:
            raise AttributeError(name) from error
