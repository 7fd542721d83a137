"""The mentorship requests' scheduled job: expire unanswered ones, remind mentors."""

from __future__ import annotations

from datetime import datetime

from huey import crontab

from ..extensions import db
from ..tasks import huey, in_app
from ..web import site_request_context
from . import requests


def expire_mentorships(*, now: datetime | None = None) -> tuple[int, int]:
    """Expire unanswered mentorship requests and remind mentors; commits."""
    with site_request_context():
        result = requests.expire_requests(now=now)
        db.session.commit()
    return result


@huey.periodic_task(crontab(minute="17", hour="3"))
def expire_mentorships_task() -> tuple[int, int]:
    """Daily: mentorship request expiry and reminders."""
    return in_app(expire_mentorships)
