"""What moderators and authors look at: the queue, an item's history, one's submissions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from .models import Moderated, ModerationEvent, Revision
from .registry import KINDS, Kind
from .states import REVISION_PENDING, Status


@dataclass(frozen=True)
class QueueEntry:
    """One thing waiting for a moderator: a submission, or an edit of a published item."""

    kind: Kind
    item: Moderated
    revision: Revision | None
    waiting_since: datetime

    @property
    def age_hours(self) -> float:
        """How long it has waited, in hours."""
        return (utcnow() - self.waiting_since).total_seconds() / 3600


def queue() -> list[QueueEntry]:
    """Everything waiting for review, of every kind, oldest first."""
    entries: list[QueueEntry] = []
    for kind in KINDS.values():
        model = kind.model
        pending = db.session.scalars(
            select(model).where(model.status == Status.PENDING).options(selectinload(model.author))
        )
        entries += [
            QueueEntry(kind, item, None, item.submitted_at or item.created_at) for item in pending
        ]
        revisions = list(
            db.session.scalars(
                select(Revision)
                .where(Revision.item_kind == kind.name, Revision.status == REVISION_PENDING)
                .options(selectinload(Revision.author))
            )
        )
        live = items_by_id(kind, [revision.item_id for revision in revisions])
        entries += [
            QueueEntry(kind, live[r.item_id], r, r.updated_at)
            for r in revisions
            if r.item_id in live
        ]
    return sorted(entries, key=lambda entry: entry.waiting_since)


def pending_count() -> int:
    """How many submissions and edits wait for review."""
    total = 0
    for kind in KINDS.values():
        model = kind.model
        total += (
            db.session.scalar(
                select(func.count()).select_from(model).where(model.status == Status.PENDING)
            )
            or 0
        )
    total += (
        db.session.scalar(
            select(func.count()).select_from(Revision).where(Revision.status == REVISION_PENDING)
        )
        or 0
    )
    return total


def items_by_id(kind: Kind, ids: list[int]) -> dict[int, Moderated]:
    """Items of a kind by id, in one query, authors loaded."""
    if not ids:
        return {}
    model = kind.model
    rows = db.session.scalars(
        select(model).where(model.id.in_(ids)).options(selectinload(model.author))
    )
    return {item.id: item for item in rows}


def history(kind_name: str, item_ids: list[int]) -> dict[int, list[ModerationEvent]]:
    """The audit log of items of one kind, oldest first, with each actor loaded."""
    if not item_ids:
        return {}
    events = db.session.scalars(
        select(ModerationEvent)
        .where(ModerationEvent.item_kind == kind_name, ModerationEvent.item_id.in_(item_ids))
        .order_by(ModerationEvent.id)
        .options(selectinload(ModerationEvent.actor))
    )
    grouped: dict[int, list[ModerationEvent]] = defaultdict(list)
    for event in events:
        grouped[event.item_id].append(event)
    return grouped


@dataclass(frozen=True)
class Submission:
    """One of a member's items, with its history and any edit waiting for review."""

    kind: Kind
    item: Moderated
    events: list[ModerationEvent]
    revision: Revision | None


def submissions_of(user: User) -> list[Submission]:
    """Every item `user` wrote, of every kind, most recently changed first."""
    result: list[Submission] = []
    for kind in KINDS.values():
        model = kind.model
        items = list(
            db.session.scalars(
                select(model).where(model.author_id == user.id).order_by(model.updated_at.desc())
            )
        )
        ids = [item.id for item in items]
        events = history(kind.name, ids)
        revisions = (
            {
                r.item_id: r
                for r in db.session.scalars(
                    select(Revision).where(
                        Revision.item_kind == kind.name,
                        Revision.item_id.in_(ids),
                        Revision.status == REVISION_PENDING,
                    )
                )
            }
            if ids
            else {}
        )
        result += [
            Submission(kind, item, events.get(item.id, []), revisions.get(item.id))
            for item in items
        ]
    return sorted(result, key=lambda s: s.item.updated_at, reverse=True)
