"""Helpers for tests: databases, CSRF tokens, the default test password."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

PASSWORD = "plum-orchard-lantern-42"
CSRF_PATTERN = re.compile(
    r'name="csrf_token" type="hidden" value="([^"]+)"|'
    r'name="csrf_token" value="([^"]+)"'
)


def csrf_from(html: str) -> str:
    """The first CSRF token in a page."""
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1) or match.group(2)


def csrf_token(client, path: str) -> str:
    """Open `path` and return the CSRF token of its form."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return csrf_from(response.get_data(as_text=True))


@contextmanager
def temporary_postgres_database(base_url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside `base_url`'s, dropped afterwards."""
    url = make_url(base_url)
    name = f"aicb_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def post_form(client, form_path: str, data: dict, *, action: str | None = None):
    """Open the page at `form_path` for its CSRF token, then POST `data` to `action`."""
    token = csrf_token(client, form_path)
    return client.post(action or form_path, data={"csrf_token": token, **data})


def post_action(client, action: str, data: dict | None = None):
    """POST a button's form, with the session's CSRF token (taken from the sign-in page)."""
    token = csrf_token(client, "/auth/login")
    return client.post(action, data={"csrf_token": token, **(data or {})})


def count_queries(app, client, path: str) -> int:
    """How many SQL statements a GET of `path` runs (to prove a page has no N+1 queries)."""
    return len(statements_of(app, client, path))


def statements_of(app, client, path: str) -> list[str]:
    """The SQL statements a GET of `path` runs, in order."""
    from sqlalchemy import event

    from aicb_board.extensions import db

    statements = []
    with app.app_context():
        engine = db.engine

    def record(*args):
        statements.append(args[2])

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return statements


VERSION_PATTERN = re.compile(r'name="version" value="(\d+)"')


def decide(client, action: str, data: dict | None = None, *, review: str | None = None):
    """POST a moderator's decision as the review page makes it: with the version read there.

    `review` is the review page (by default the item's, from `action`'s first four parts).
    A visitor who cannot open it sends no version, as a forged form would.
    """
    page = client.get(review or "/".join(action.split("/")[:4]))
    html = page.get_data(as_text=True) if page.status_code == 200 else ""
    seen = VERSION_PATTERN.search(html)
    version = {"version": seen.group(1)} if seen else {}
    token = csrf_token(client, "/auth/login")
    return client.post(action, data={"csrf_token": token, **version, **(data or {})})
