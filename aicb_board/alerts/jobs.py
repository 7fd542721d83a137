"""Alerts on the worker: matching, nudged after a commit that published something and swept
every minute for anything a lost nudge or a crash left queued; instant alerts go out right
after matching, daily digests at 07:00 UTC and weekly ones on Mondays at 07:00 UTC."""

from __future__ import annotations

from datetime import datetime

from huey import crontab

from ..tasks import huey, in_app
from . import digests, matching
from .models import DAILY, INSTANT, WEEKLY


def match_alerts(*, now: datetime | None = None) -> int:
    """Match the queued items against the saved searches (commits each batch)."""
    return matching.match_pending(now=now)


def send_alerts(frequency: str, *, now: datetime | None = None) -> tuple[int, int]:
    """Match what is queued, then send the due digests of `frequency`: (matched, sent)."""
    matched = match_alerts(now=now)
    return matched, digests.send_digests(frequency, now=now)


def match_and_send_instant(*, now: datetime | None = None) -> int:
    """Match what is queued and mail the instant alerts at once; how many items matched."""
    return send_alerts(INSTANT, now=now)[0]


@huey.task()
def match_alerts_task() -> int:
    """The nudge enqueued after a commit that queued newly published items."""
    return in_app(match_and_send_instant)


@matching.committed.connect
def _enqueue_matching(_sender=None) -> None:
    match_alerts_task()


@huey.periodic_task(crontab())
def sweep_alerts_task() -> int:
    """Every minute: items whose nudge was lost, and instant alerts left unsent."""
    return in_app(match_and_send_instant)


@huey.periodic_task(crontab(minute="0", hour="7"))
def daily_alerts_task() -> tuple[int, int]:
    """Daily at 07:00 UTC: the daily digests."""
    return in_app(send_alerts, frequency=DAILY)


@huey.periodic_task(crontab(minute="0", hour="7", day_of_week="1"))
def weekly_alerts_task() -> tuple[int, int]:
    """Mondays at 07:00 UTC: the weekly digests."""
    return in_app(send_alerts, frequency=WEEKLY)
