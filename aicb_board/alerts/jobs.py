"""Alert matching on the worker: nudged after a commit that published something, and a sweep
every minute for anything a lost nudge or a crash left queued."""

from __future__ import annotations

from datetime import datetime

from huey import crontab

from ..tasks import huey, in_app
from . import matching


def match_alerts(*, now: datetime | None = None) -> int:
    """Match the queued items against the saved searches (commits each batch)."""
    return matching.match_pending(now=now)


@huey.task()
def match_alerts_task() -> int:
    """The nudge enqueued after a commit that queued newly published items."""
    return in_app(match_alerts)


@matching.committed.connect
def _enqueue_matching(_sender=None) -> None:
    match_alerts_task()


@huey.periodic_task(crontab())
def sweep_alerts_task() -> int:
    """Every minute: items whose nudge was lost."""
    return in_app(match_alerts)
