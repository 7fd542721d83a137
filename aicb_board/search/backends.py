"""The configured search backend of the running application."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import func, select

from ..config import ConfigurationError
from ..extensions import db
from ..kinds import KINDS
from ..moderation.states import Status
from .postgres_backend import PostgresBackend
from .whoosh_backend import WhooshBackend

EXTENSION = "aicb_search"


def init_app(app: Flask) -> None:
    """Create the backend `SEARCH_BACKEND` names (no index is touched until first use)."""
    name = app.config.get("SEARCH_BACKEND", "whoosh")
    if name == "postgres":
        if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
            raise ConfigurationError(
                "SEARCH_BACKEND=postgres needs DATABASE_URL to be a PostgreSQL database."
            )
        app.extensions[EXTENSION] = PostgresBackend()
    elif name == "whoosh":
        path = app.config.get("SEARCH_INDEX_PATH") or str(Path(app.instance_path) / "search-index")
        processes = app.config.get("SEARCH_REBUILD_PROCESSES", 1)
        app.extensions[EXTENSION] = WhooshBackend(path, rebuild_processes=processes)
    else:
        raise ConfigurationError(f"SEARCH_BACKEND must be 'whoosh' or 'postgres', not {name!r}.")


def backend() -> WhooshBackend | PostgresBackend:
    """The running application's backend."""
    return current_app.extensions[EXTENSION]


def coverage() -> list[tuple[str, int, int]]:
    """Per searchable kind: its name, documents in the index, published items in the database."""
    indexed = backend().count()
    rows = []
    for name, kind in KINDS.items():
        if kind.search_document is None:
            continue
        published = db.session.scalar(
            select(func.count())
            .select_from(kind.model)
            .where(kind.model.status == Status.PUBLISHED)
        )
        rows.append((name, indexed.get(name, 0), published or 0))
    return rows
