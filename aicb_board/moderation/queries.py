"""What moderators and authors read: items by id, an item's history, one's submissions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..extensions import db
from ..kinds import KINDS, Kind
from .models import Moderated, ModerationEvent, Revision
from .states import REVISION_PENDING


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


def last_change(item: Moderated) -> ModerationEvent | None:
    """The event that last changed `item`'s state (what put it where it is)."""
    return db.session.scalar(
        select(ModerationEvent)
        .where(
            ModerationEvent.item_kind == item.kind,
            ModerationEvent.item_id == item.id,
            ModerationEvent.from_status != ModerationEvent.to_status,
        )
        .order_by(ModerationEvent.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Submission:
    """One of a member's items, with its history and any edit waiting for review."""

    kind: Kind
    item: Moderated
    events: list[ModerationEvent]
    revision: Revision | None


def author_history(item: Moderated) -> list[ModerationEvent]:
    """One item's history as its author reads it (on its manage page)."""
    return _author_sees(history(item.kind, [item.id]).get(item.id, []))


def _author_sees(events: list[ModerationEvent]) -> list[ModerationEvent]:
    """An item's history as its author reads it: who reported it stays private."""
    return [event for event in events if event.action != "report"]


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
            Submission(kind, item, _author_sees(events.get(item.id, [])), revisions.get(item.id))
            for item in items
        ]
    return sorted(result, key=lambda s: s.item.updated_at, reverse=True)
