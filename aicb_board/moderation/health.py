"""The queue at a glance: what waits, for how long, and how fast decisions come."""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, tuple_

from ..database import utcnow
from ..extensions import db
from .models import ModerationEvent
from .queue import QueueEntry

DECISIONS = ("approve", "request_changes", "reject")
SUBMISSIONS = ("submit", "resubmit", "renew")
DAYS = 30


@dataclass(frozen=True)
class Health:
    """The numbers at the top of the queue."""

    waiting: int
    oldest_hours: float | None
    median_hours: float | None  # from submission to decision, over the last 30 days
    per_day: list[tuple[date, int]]  # decisions each day, oldest first

    @property
    def busiest(self) -> int:
        """The most decisions on one day (the chart's scale)."""
        return max((count for _day, count in self.per_day), default=0)


def measure(entries: list[QueueEntry]) -> Health:
    """What waits (`entries`: the whole queue, oldest first) and how the last 30 days of
    decisions went."""
    oldest = entries[0].age_hours if entries else None
    since = utcnow() - timedelta(days=DAYS)
    decisions = list(
        db.session.scalars(
            select(ModerationEvent).where(
                ModerationEvent.action.in_(DECISIONS), ModerationEvent.created_at >= since
            )
        )
    )
    return Health(len(entries), oldest, _median_hours(decisions), _per_day(decisions))


def _per_day(decisions: list[ModerationEvent]) -> list[tuple[date, int]]:
    counted = Counter(event.created_at.date() for event in decisions)
    today = utcnow().date()
    return [
        (day, counted.get(day, 0))
        for day in (today - timedelta(days=back) for back in range(DAYS - 1, -1, -1))
    ]


def _median_hours(decisions: list[ModerationEvent]) -> float | None:
    """Median time from an item's latest submission before each decision to the decision."""
    if not decisions:
        return None
    items = {(event.item_kind, event.item_id) for event in decisions}
    submitted: dict[tuple[str, int], list[datetime]] = {}
    for event in db.session.scalars(
        select(ModerationEvent)
        .where(
            ModerationEvent.action.in_(SUBMISSIONS),
            tuple_(ModerationEvent.item_kind, ModerationEvent.item_id).in_(items),
        )
        .order_by(ModerationEvent.id)
    ):
        submitted.setdefault((event.item_kind, event.item_id), []).append(event.created_at)
    waits = []
    for event in decisions:
        before = [
            at
            for at in submitted.get((event.item_kind, event.item_id), [])
            if at <= event.created_at
        ]
        if before:
            waits.append((event.created_at - before[-1]).total_seconds() / 3600)
    return statistics.median(waits) if waits else None
