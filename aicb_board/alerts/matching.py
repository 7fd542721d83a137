"""Matching each newly published item against every saved search, once.

Publishing writes an `AlertQueue` row in the moderation transaction (`enqueue`, connected to
`moderation.signals.published`); the commit nudges the worker, and a sweep runs every minute.
`match_pending` loads every active saved search once into a percolator (`percolator.py`),
claims queued rows, loads their items and records an `AlertMatch` for every saved search each
item matches: per new item against the stored searches, never per search against all items.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from blinker import Namespace
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session

from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..kinds import Kind, kind_named
from ..moderation import signals
from ..moderation.models import Moderated
from ..moderation.states import Status
from .models import AlertQueue
from .percolator import Percolator, load_percolator

log = logging.getLogger(__name__)
_PENDING = "aicb_alerts_pending"
BATCH = 200  # queued items claimed (and matched) per transaction

# Listening ---------------------------------------------------------------------------


def enqueue(item: Moderated, **_details) -> None:
    """Queue a newly published item for matching, in the publishing transaction."""
    db.session.add(AlertQueue(kind=item.kind, item_id=item.id, queued_at=utcnow()))
    db.session.info[_PENDING] = True


def connect() -> None:
    """Match what moderation publishes (connecting twice changes nothing)."""
    signals.published.connect(enqueue)


# Sent after a commit that queued items; the jobs module listens (this module never imports it).
committed = Namespace().signal("alerts-queued")


@event.listens_for(FlaskSession, "after_commit")
def _nudge_after_commit(session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the real commit is still ahead
        return
    if session.info.pop(_PENDING, False):
        try:
            committed.send()
        except Exception:  # noqa: BLE001 - a down queue must never fail the request
            log.warning("Could not nudge alert matching; the sweep will do it", exc_info=True)


@event.listens_for(FlaskSession, "after_rollback")
def _forget_after_rollback(session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING, None)


# Claiming and recording ----------------------------------------------------------------


def _claim(session: Session, until: datetime) -> list[tuple[str, int, datetime]]:
    """Delete up to BATCH rows queued by `until` and return them, in the session's
    transaction: they come back if it rolls back; two workers never get the same row
    (PostgreSQL skips rows another holds; SQLite has one writer at a time)."""
    picked = (
        select(AlertQueue.id)
        .where(AlertQueue.queued_at <= until)
        .order_by(AlertQueue.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    rows = session.execute(
        delete(AlertQueue)
        .where(AlertQueue.id.in_(picked.scalar_subquery()))
        .returning(AlertQueue.kind, AlertQueue.item_id, AlertQueue.queued_at)
    ).all()
    return [tuple(row) for row in rows]


def _public_items(session: Session, kind: Kind, ids: set[int]) -> dict[int, Any]:
    """The kind's items among `ids` that are public now (roles: open)."""
    model = kind.model
    query = kind.public_items().where(model.id.in_(ids), model.status == Status.PUBLISHED)
    return {item.id: item for item in session.scalars(query)}


INSERT_MATCHES = (
    "INSERT INTO alert_matches (saved_search_id, kind, item_id, matched_at) VALUES (?, ?, ?, ?) "
    "ON CONFLICT (saved_search_id, kind, item_id) DO NOTHING"
)


def _insert_ignoring_duplicates(session: Session, rows: list[tuple[int, str, int]], now) -> None:
    """Insert matches (search id, kind, item id); one a search already has is left as it is,
    so a member never hears of an item twice.

    Plain SQL through the driver's executemany, in the unique index's order: matching records
    hundreds of thousands of rows at a time, and SQLAlchemy's per-row handling of each value
    was most of the cost. `ON CONFLICT … DO NOTHING` is understood by SQLite and PostgreSQL.
    """
    if not rows:
        return
    connection = session.connection()
    dialect = connection.dialect
    stamp = UTCDateTime().process_bind_param(now, dialect)
    sql = INSERT_MATCHES.replace("?", "%s") if dialect.paramstyle != "qmark" else INSERT_MATCHES
    rows.sort()
    for start in range(0, len(rows), 5000):
        connection.exec_driver_sql(sql, [(*row, stamp) for row in rows[start : start + 5000]])


def match_batch(
    session: Session, percolator: Percolator, loaded_at: datetime, now: datetime
) -> tuple[int, int]:
    """Claim a batch of items queued by `loaded_at` (when `percolator` read the saved
    searches) and record their matches; (items claimed, matches recorded or already there)."""
    claimed = _claim(session, loaded_at)
    if not claimed:
        return 0, 0
    latest: dict[tuple[str, int], datetime] = {}
    for kind_name, item_id, queued_at in claimed:  # an item queued twice: its latest time
        key = (kind_name, item_id)
        latest[key] = max(queued_at, latest.get(key, queued_at))
    rows = []
    for kind_name in {name for name, _id in latest}:
        kind = kind_named(kind_name)
        if kind is None:
            continue
        ids = {item_id for name, item_id in latest if name == kind_name}
        for item_id, item in _public_items(session, kind, ids).items():
            for search_id in percolator.matches(kind, item, latest[(kind_name, item_id)]):
                rows.append((search_id, kind_name, item_id))
    _insert_ignoring_duplicates(session, rows, now)
    return len(claimed), len(rows)


def match_pending(now: datetime | None = None) -> int:
    """Match every queued item against the saved searches; returns the items handled.

    Works in a session of its own and commits each batch: claiming the rows, reading the
    items and recording the matches are one transaction, so a crash leaves the rows queued.
    """
    now = now or utcnow()
    handled = 0
    with Session(db.engine, expire_on_commit=False) as session:
        if session.scalar(select(AlertQueue.id).limit(1)) is None:
            return 0
        session.rollback()
        # Items queued later wait for the next run: a search saved meanwhile is not in here.
        loaded_at = utcnow()
        percolator = load_percolator(session)
        while True:
            claimed, _matches = match_batch(session, percolator, loaded_at, now)
            session.commit()
            session.expunge_all()  # the items of one batch are not needed by the next
            handled += claimed
            if claimed < BATCH:
                return handled


def queue_length() -> int:
    """How many published items wait to be matched."""
    with Session(db.engine) as session:
        return session.scalar(select(func.count()).select_from(AlertQueue)) or 0
