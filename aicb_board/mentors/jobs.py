"""The mentorship scheduled jobs: expire unanswered requests, remind mentors (daily); the
waiting list's turns (hourly); mentor suggestions by mail (weekly)."""

from __future__ import annotations

from datetime import datetime

from huey import crontab

from ..extensions import db
from ..tasks import huey, in_app
from ..web import site_request_context
from . import requests, suggestion_mail, waitlist


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


def mail_suggestions(*, now: datetime | None = None) -> int:
    """Mail members who asked for it the mentors suggested for their move; commits."""
    return suggestion_mail.mail_suggestions(now=now)


@huey.periodic_task(crontab(minute="30", hour="7", day_of_week="1"))
def mail_suggestions_task() -> int:
    """Mondays at 07:30 UTC: the weekly mentor suggestions."""
    return in_app(mail_suggestions)


def waitlist_job(*, now: datetime | None = None) -> tuple[int, int]:
    """Lapse waiting-list turns past their 48 hours and offer open spots; commits.
    (lapsed, told)"""
    with site_request_context():
        result = waitlist.lapse_waits(now=now)
        db.session.commit()
    return result


@huey.periodic_task(crontab(minute="23"))
def waitlist_task() -> tuple[int, int]:
    """Hourly: the waiting list catches turns that ran out and spots no action marked."""
    return in_app(waitlist_job)
