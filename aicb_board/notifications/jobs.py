"""The notifications' scheduled job: forget what was read long ago."""

from __future__ import annotations

from datetime import datetime

from huey import crontab

from ..extensions import db
from ..tasks import huey, in_app
from . import services


def prune_notifications(*, now: datetime | None = None) -> int:
    """Delete notifications read and older than 180 days; commits."""
    pruned = services.prune(now=now)
    db.session.commit()
    return pruned


@huey.periodic_task(crontab(minute="37", hour="4"))
def prune_notifications_task() -> int:
    """Daily: old read notifications go (unread ones stay until read)."""
    return in_app(prune_notifications)
