"""Background work on huey: mail delivery and the scheduled jobs, each safe to run twice.

A feature's own jobs live in its package (`roles/jobs.py`, `mentors/jobs.py`) and use
`huey` and `in_app` from here; the app factory imports them so the worker knows them.
The huey instance lives at module level because its consumer and the task decorators need
it before any app exists; `init_app` points its storage at the app's settings (SQLite in the
instance folder, Redis when HUEY_REDIS_URL or REDIS_URL is set). Every task runs inside an
app context. The job functions take `now=` so tests can drive the clock.
"""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from flask import Flask, has_app_context
from huey import Huey, crontab
from huey.storage import RedisStorage, SqliteStorage

from .admin.health import record_heartbeat
from .database import utcnow
from .extensions import db
from .mail import deliver_pending, mail_committed, prune_bodies
from .moderation import claims
from .search import queue

log = logging.getLogger(__name__)

huey = Huey("aicb_board", results=False, storage_class=SqliteStorage, filename=":memory:")
_apps: list[Flask] = []


def init_app(app: Flask) -> None:
    """Point the queue at this app's storage and remember the app for the worker's tasks."""
    redis_url = app.config.get("HUEY_REDIS_URL")
    if redis_url:
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": redis_url}
    else:
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        filename = str(Path(app.instance_path) / "huey.sqlite3")
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": filename}
    huey.immediate = bool(app.config.get("HUEY_IMMEDIATE"))  # the setter rebuilds storage
    if not huey.immediate:
        huey.storage = huey.create_storage()
    _apps[:] = [app]


def in_app(job, **kwargs):
    """Run a job in the current app context, or the worker's app when there is none."""
    if has_app_context():
        return job(**kwargs)
    with _apps[0].app_context():
        return job(**kwargs)


def deliver_mail(*, now: datetime | None = None) -> int:
    """Send the due queued mail (claims rows, so several workers never send one twice)."""
    return deliver_pending(now=now)


def sync_search() -> int:
    """Apply the queued search-index changes; a busy index leaves them for the next run."""
    applied = 0
    while step := queue.apply_pending():
        applied += step
    return applied


def release_claims(*, now: datetime | None = None) -> int:
    """Drop lapsed moderation claims; commits."""
    released = claims.release_lapsed_claims(now=now)
    db.session.commit()
    return released


def prune_mail(*, now: datetime | None = None) -> int:
    """Blank the bodies of old delivered mail; commits."""
    pruned = prune_bodies(now=now)
    db.session.commit()
    return pruned


@huey.task()
def deliver_mail_task() -> int:
    """The nudge enqueued after a commit that wrote mail."""
    return in_app(deliver_mail)


@mail_committed.connect
def _enqueue_delivery(_sender=None) -> None:
    deliver_mail_task()


@huey.periodic_task(crontab(minute="*/5"))
def retry_mail_task() -> int:
    """Sweep: mail whose nudge was lost, or whose retry time has come."""
    return in_app(deliver_mail)


@huey.periodic_task(crontab())
def sync_search_task() -> int:
    """Every minute: catch search changes a crashed request left queued."""
    return in_app(sync_search)


def heartbeat(*, now: datetime | None = None) -> None:
    """Tell admins (on /admin/health) when the worker last ran."""
    record_heartbeat(now or utcnow())


@huey.periodic_task(crontab())
def heartbeat_task() -> None:
    """Every minute: the worker's heartbeat."""
    return in_app(heartbeat)


@huey.periodic_task(crontab(minute="*/15"))
def release_claims_task() -> int:
    """Every quarter hour: lapsed claims go."""
    return in_app(release_claims)


@huey.periodic_task(crontab(minute="27", hour="4"))
def prune_mail_task() -> int:
    """Daily: blank delivered mail bodies older than 30 days."""
    return in_app(prune_mail)
