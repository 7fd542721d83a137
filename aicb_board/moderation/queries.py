"""What moderators and authors look at: the queue, an item's history, one's submissions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from ..kinds import KINDS, Kind
from .models import Appeal, Claim, Moderated, ModerationEvent, Report, Revision
from .states import REVISION_PENDING, REVISION_TRUSTED, Status

CATEGORIES = {
    "new": "New submissions",
    "revision": "Edits",
    "report": "Reports",
    "appeal": "Appeals",
    "trusted": "Trusted edits to check",
}
CLAIM_MINUTES = 60  # a claim lapses after this, so a forgotten one blocks no one


@dataclass(frozen=True)
class QueueEntry:
    """One thing waiting for a moderator: a submission, an edit, reports or an appeal."""

    kind: Kind
    item: Moderated
    category: str
    waiting_since: datetime
    revision: Revision | None = None
    reports: tuple[Report, ...] = ()
    appeal: Appeal | None = None
    claim: Claim | None = None

    @property
    def age_hours(self) -> float:
        """How long it has waited, in hours."""
        return (utcnow() - self.waiting_since).total_seconds() / 3600


def _live_claims():
    since = utcnow() - timedelta(minutes=CLAIM_MINUTES)
    return select(Claim).where(Claim.claimed_at >= since).options(selectinload(Claim.moderator))


def release_lapsed_claims(*, now: datetime | None = None) -> int:
    """Drop the claims that lapsed (they block no one already: this keeps the table small)."""
    cutoff = (now or utcnow()) - timedelta(minutes=CLAIM_MINUTES)
    return db.session.execute(delete(Claim).where(Claim.claimed_at < cutoff)).rowcount


def live_claims() -> dict[tuple[str, int], Claim]:
    """Claims that have not lapsed, by (kind, item id), moderators loaded."""
    return {(claim.item_kind, claim.item_id): claim for claim in db.session.scalars(_live_claims())}


def claim_on(item: Moderated) -> Claim | None:
    """The claim on `item`, unless it has lapsed."""
    return db.session.scalar(
        _live_claims().where(Claim.item_kind == item.kind, Claim.item_id == item.id)
    )


def queue(kind_name: str | None = None, category: str | None = None) -> list[QueueEntry]:
    """Everything waiting for a moderator, oldest first; optionally one kind, one category."""
    entries: list[QueueEntry] = []
    for kind in KINDS.values():
        if kind_name and kind.name != kind_name:
            continue
        for name, collect in COLLECTORS.items():
            if category in (None, name):
                entries += collect(kind)
    claims = live_claims()
    entries = [
        replace(entry, claim=claims.get((entry.kind.name, entry.item.id))) for entry in entries
    ]
    return sorted(entries, key=lambda entry: entry.waiting_since)


def _new(kind: Kind) -> list[QueueEntry]:
    model = kind.model
    pending = db.session.scalars(
        select(model).where(model.status == Status.PENDING).options(selectinload(model.author))
    )
    return [QueueEntry(kind, item, "new", item.submitted_at or item.created_at) for item in pending]


def _revisions(kind: Kind, status: str, category: str) -> list[QueueEntry]:
    revisions = list(
        db.session.scalars(
            select(Revision)
            .where(Revision.item_kind == kind.name, Revision.status == status)
            .options(selectinload(Revision.author))
        )
    )
    live = items_by_id(kind, [revision.item_id for revision in revisions])
    return [
        QueueEntry(kind, live[r.item_id], category, r.updated_at, revision=r)
        for r in revisions
        if r.item_id in live
    ]


def _reports(kind: Kind) -> list[QueueEntry]:
    reports = list(
        db.session.scalars(
            select(Report)
            .where(Report.item_kind == kind.name, Report.resolved_at.is_(None))
            .order_by(Report.id)
            .options(selectinload(Report.reporter))
        )
    )
    grouped: dict[int, list[Report]] = defaultdict(list)
    for entry in reports:
        grouped[entry.item_id].append(entry)
    items = items_by_id(kind, list(grouped))
    return [
        QueueEntry(kind, items[item_id], "report", found[0].created_at, reports=tuple(found))
        for item_id, found in grouped.items()
        if item_id in items
    ]


def _appeals(kind: Kind) -> list[QueueEntry]:
    appeals = list(
        db.session.scalars(
            select(Appeal).where(Appeal.item_kind == kind.name, Appeal.decided_at.is_(None))
        )
    )
    items = items_by_id(kind, [entry.item_id for entry in appeals])
    return [
        QueueEntry(kind, items[entry.item_id], "appeal", entry.created_at, appeal=entry)
        for entry in appeals
        if entry.item_id in items
    ]


COLLECTORS = {
    "new": _new,
    "revision": lambda kind: _revisions(kind, REVISION_PENDING, "revision"),
    "report": _reports,
    "appeal": _appeals,
    "trusted": lambda kind: _revisions(kind, REVISION_TRUSTED, "trusted"),
}


def pending_count() -> int:
    """How many things wait for a moderator (the header's badge)."""
    total = 0
    for kind in KINDS.values():
        model = kind.model
        total += db.session.scalar(
            select(func.count()).select_from(model).where(model.status == Status.PENDING)
        ) or 0  # fmt: skip
    waiting = [
        select(func.count()).select_from(Revision).where(
            Revision.status.in_([REVISION_PENDING, REVISION_TRUSTED])
        ),
        select(func.count()).select_from(
            select(Report.item_kind, Report.item_id)
            .where(Report.resolved_at.is_(None))
            .distinct()
            .subquery()
        ),
        select(func.count()).select_from(Appeal).where(Appeal.decided_at.is_(None)),
    ]  # fmt: skip
    return total + sum(db.session.scalar(query) or 0 for query in waiting)


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
