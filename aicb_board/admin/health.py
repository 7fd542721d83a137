"""What an operator checks first: queues, failed mail, the search index, the worker's pulse."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..extensions import db
from ..mail import FAILED, OutboxMessage
from ..search import SearchUnavailable, queue
from ..search.backends import backend, coverage

log = logging.getLogger(__name__)
HEARTBEAT_FILE = "worker_heartbeat"


@dataclass
class SearchState:
    """The index against the database: documents and published items per kind."""

    rows: list[tuple[str, int, int]] = field(default_factory=list)
    needs_rebuild: bool = False
    error: str | None = None


@dataclass
class Health:
    """Everything /admin/health shows."""

    search_queue: int
    outbox: dict[str, int]
    failed_mail: int
    search: SearchState
    heartbeat: datetime | None


def health_report() -> Health:
    """Read the board's health from the database, the index and the instance folder."""
    outbox = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        ).all()
    )
    return Health(
        search_queue=queue.queue_length(),
        outbox=outbox,
        failed_mail=outbox.get(FAILED, 0),
        search=search_state(),
        heartbeat=worker_heartbeat(),
    )


def search_state() -> SearchState:
    """What `flask search status` prints; an unreadable index is reported, not raised."""
    state = SearchState()
    try:
        state.rows = coverage()
        state.needs_rebuild = backend().needs_rebuild()
    except (SearchUnavailable, OSError) as error:
        log.warning("Search index state unavailable: %s", error)
        state.error = str(error)
    return state


def record_heartbeat(now: datetime) -> None:
    """The worker says it is alive: `now` into `worker_heartbeat` in the instance folder."""
    path = Path(current_app.instance_path) / HEARTBEAT_FILE
    path.write_text(now.isoformat(), encoding="utf-8")


def worker_heartbeat() -> datetime | None:
    """When the worker last said it was alive: `worker_heartbeat` in the instance folder.

    The file holds an ISO-8601 time or Unix seconds; missing or unreadable means unknown.
    """
    path = Path(current_app.instance_path) / HEARTBEAT_FILE
    try:
        text = path.read_text(encoding="utf-8").strip()[:64]
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return datetime.fromtimestamp(float(text), UTC)
    except (ValueError, OverflowError, OSError):
        pass
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
