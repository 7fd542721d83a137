"""The moderation queue: everything waiting for a moderator, by kind and by category."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..database import utcnow
from ..extensions import db
from ..kinds import KINDS, Kind
from .claims import live_claims
from .models import Appeal, Claim, Moderated, Report, Revision
from .queries import items_by_id
from .states import REVISION_PENDING, REVISION_TRUSTED, Status

CATEGORIES = {
    "new": "New submissions",
    "revision": "Edits",
    "report": "Reports",
    "appeal": "Appeals",
    "trusted": "Trusted edits to check",
}
# How one entry of each category is named in the queue (the tabs above name them all).
ENTRY_LABELS = {
    "new": "New submission",
    "revision": "Edit",
    "report": "Report",
    "appeal": "Appeal",
    "trusted": "Trusted edit",
}


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


def waiting(kind_name: str | None = None, category: str | None = None) -> list[QueueEntry]:
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
