"""Keeping the index true: a queue row per change, applied after the commit.

`enqueue` writes the row in the caller's transaction, so the index learns of exactly the
changes that were committed. After the commit the queue is applied and its rows deleted;
when the index is locked for too long, or the process dies, the rows stay for the next
write or `flask search sync`. Applying a row twice is harmless: it re-reads the item.
"""

from __future__ import annotations

import logging

from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import delete, event, func, select
from sqlalchemy.orm import Session
from whoosh.index import LockError

from ..extensions import db
from ..kinds import kind_named, kind_of
from ..moderation import signals
from ..moderation.models import Moderated
from ..moderation.states import Status
from .backends import backend
from .models import SearchQueueEntry

log = logging.getLogger(__name__)
_DIRTY = "aicb_search_dirty"
BATCH = 500


def enqueue(item: Moderated, **_details) -> None:
    """Ask for `item`'s index entry to be brought up to date after this transaction."""
    if kind_of(item).search_document is None:
        return
    db.session.add(SearchQueueEntry(kind=item.kind, item_id=item.id))
    db.session.info[_DIRTY] = True


def connect() -> None:
    """Keep the index true to what moderation makes public (connecting twice changes nothing)."""
    for change in (signals.published, signals.public_text_changed, signals.left_public):
        change.connect(enqueue)


def document_for(item: Moderated):
    """The item's search document when it should be found, else None."""
    kind = kind_of(item)
    if item.state != Status.PUBLISHED or not kind.searchable(item):
        return None
    return kind.search_document(item)


def apply_pending() -> int:
    """Apply queued changes to the index; returns how many items were brought up to date."""
    with Session(db.engine) as session:
        rows = session.scalars(
            select(SearchQueueEntry).order_by(SearchQueueEntry.id).limit(BATCH)
        ).all()
        if not rows:
            return 0
        put, remove = [], []
        for kind_name, item_id in dict.fromkeys((row.kind, row.item_id) for row in rows):
            kind = kind_named(kind_name)
            item = session.get(kind.model, item_id) if kind else None
            document = document_for(item) if item is not None else None
            if document is None:
                remove.append(f"{kind_name}:{item_id}")
            else:
                put.append(document)
        try:
            backend().apply(put, remove)
        except LockError:
            log.warning("Search index busy: %d change(s) stay queued", len(rows))
            return 0
        session.execute(
            delete(SearchQueueEntry).where(SearchQueueEntry.id.in_([r.id for r in rows]))
        )
        session.commit()
        return len(put) + len(remove)


def queue_length() -> int:
    """How many changes wait (read in a session of its own, holding no lock after)."""
    with Session(db.engine) as session:
        return session.scalar(select(func.count()).select_from(SearchQueueEntry)) or 0


@event.listens_for(FlaskSession, "after_commit")
def _apply_after_commit(session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the real commit is still ahead
        return
    if session.info.pop(_DIRTY, False):
        try:
            apply_pending()
        except Exception:  # the content change is committed; the queue keeps the work
            log.exception("Applying the search queue failed; it will be retried")


@event.listens_for(FlaskSession, "after_rollback")
def _forget_after_rollback(session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_DIRTY, None)
