"""The declarative base, column types and engine settings every model shares."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from flask import has_request_context, request
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SQLITE_BUSY_TIMEOUT_MS = 30_000
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class Base(DeclarativeBase):
    """Base class of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware in UTC (use as a callable default)."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A datetime that is always stored and returned as aware UTC, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous: pass an aware UTC datetime")
        value = value.astimezone(UTC)
        # SQLite has no timezone support: store naive UTC there.
        return value if dialect.name == "postgresql" else value.replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def render_item(type_: str, obj, autogen_context) -> str | bool:
    """Alembic autogenerate: write `UTCDateTime` columns as plain timezone-aware DateTime."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Tables the application manages with plain SQL, outside the models (PostgreSQL search).
UNMODELLED_TABLES = frozenset({"search_documents", "search_words", "search_lexemes"})


def include_object(obj, name: str, type_: str, reflected: bool, compare_to) -> bool:
    """Alembic autogenerate: leave the tables kept outside the models alone."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return getattr(table, "name", name) not in UNMODELLED_TABLES


def configure_sqlite(engine: Engine) -> None:
    """Make an SQLite engine safe for several workers writing at once.

    WAL lets readers and a writer work side by side; the busy timeout makes a writer
    wait for the lock instead of failing. A transaction that starts as a reader and
    later writes cannot wait (SQLite refuses the upgrade at once with "database is
    locked"), so transactions of requests that may change state (POST and friends)
    and of CLI commands take the write lock up front with BEGIN IMMEDIATE.
    """
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record) -> None:
        # Hand transaction control to SQLAlchemy (the "begin" hook below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection) -> None:
        reading_only = has_request_context() and request.method not in WRITE_METHODS
        connection.exec_driver_sql("BEGIN" if reading_only else "BEGIN IMMEDIATE")
