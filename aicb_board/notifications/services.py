"""Telling a member something: one entry point, `notify`, for the page and the mail alike.

Every event that concerns a member (a decision on their submission, a mentorship request or
answer, the outcome of their report, a reminder, an alert's new matches) calls `notify`,
which records the notification and, unless the member turned that topic's mail off, writes
the mail, both in the caller's transaction: the page and the inbox never disagree, and a
rolled-back change leaves neither. Account mail (password reset and change, confirming an
address, a suspension) is not a notification: it stays plain `send_mail`, always sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from flask import current_app
from sqlalchemy import delete, func, select, update

from ..database import utcnow
from ..extensions import db
from ..mail import send_mail
from ..web import is_safe_redirect
from .models import MailPreference, Notification

if TYPE_CHECKING:
    from sqlalchemy import Select

    from ..auth.models import User

# Every topic, in the order the account page lists them, with what its checkbox says.
TOPICS: dict[str, str] = {
    "decision": "Decisions on your submissions (approved, changes requested, declined…)",
    "mentorship": "Mentorship requests and answers",
    "report": "Outcomes of your reports",
    "alert": "New matches for your saved searches",
    "reminder": "Reminders: a role closing soon, or closed",
}
# Read notifications older than this are pruned; unread ones stay until read.
KEEP_READ = timedelta(days=180)


def notify(
    user: User,
    *,
    topic: str,
    subject: str,
    body: str,
    link: str,
    mail_headers: dict[str, str] | None = None,
    already_read: bool = False,
) -> Notification:
    """Record a notification for `user` and mail it unless they turned `topic`'s mail off.

    `link` is a path on this site, or a URL on BASE_URL (see `site_path`): what the page's
    entry opens. `body` is the mail's text; `mail_headers` go with it (an alert's
    List-Unsubscribe).
    `already_read` is for news of the member's own action (they know it: it is kept, and
    mailed as before, but does not count as unread). Nothing here commits.
    """
    if topic not in TOPICS:
        raise ValueError(f"unknown notification topic {topic!r}")
    now = utcnow()
    notification = Notification(
        user_id=user.id,
        topic=topic,
        subject=subject[:200],
        link=site_path(link),
        created_at=now,
        read_at=now if already_read else None,
    )
    db.session.add(notification)
    if wants_mail(user.id, topic):
        send_mail(to=user.email, subject=subject, body=body, headers=mail_headers)
    return notification


def site_path(link: str) -> str:
    """`link` as a path on this site; raise ValueError when it leads anywhere else.

    A full URL on BASE_URL (what `url_for` gives outside a request, in a job or the shell)
    keeps its path and query: what is stored is always a path, so the page's links work on
    any host name the site answers to.
    """
    parts = urlsplit(link)
    site = urlsplit(current_app.config["BASE_URL"])
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
            raise ValueError(f"a notification links to a page of this site, not {link!r}")
        link = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
    if not is_safe_redirect(link) or len(link) > 500:
        raise ValueError(f"a notification links to a path on this site, not {link!r}")
    return link


def wants_mail(user_id: int, topic: str) -> bool:
    """Whether the member wants mail about `topic` (yes, unless they said no)."""
    chosen = db.session.scalar(
        select(MailPreference.mail).where(
            MailPreference.user_id == user_id, MailPreference.topic == topic
        )
    )
    return chosen is None or chosen


def mailed_topics(user_id: int) -> list[str]:
    """The topics the member gets mail about, in the account page's order."""
    off = set(
        db.session.scalars(
            select(MailPreference.topic).where(
                MailPreference.user_id == user_id, MailPreference.mail.is_(False)
            )
        )
    )
    return [topic for topic in TOPICS if topic not in off]


def set_mailed_topics(user_id: int, topics: list[str]) -> None:
    """Mail the member about exactly `topics` (each a known topic); the others are off."""
    unknown = set(topics) - TOPICS.keys()
    if unknown:
        raise ValueError(f"unknown notification topics {sorted(unknown)}")
    saved = {
        preference.topic: preference
        for preference in db.session.scalars(
            select(MailPreference).where(MailPreference.user_id == user_id)
        )
    }
    for topic in TOPICS:
        # Every topic gets a row, so a topic added later starts on, whatever was saved before.
        preference = saved.get(topic) or MailPreference(user_id=user_id, topic=topic)
        preference.mail = topic in topics
        db.session.add(preference)


def unread_count(user_id: int) -> int:
    """How many of the member's notifications are unread (the header's badge)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
    )


def listing(user_id: int) -> Select:
    """The member's notifications, newest first (for `pagination.paginate`)."""
    return (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
    )


def find(user_id: int, notification_id: int) -> Notification | None:
    """The member's own notification with this id; None when there is none (or not theirs)."""
    return db.session.scalar(
        select(Notification).where(
            Notification.id == notification_id, Notification.user_id == user_id
        )
    )


def mark_read(notification: Notification) -> None:
    """Mark one notification read (reading it again keeps the first time)."""
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user_id: int) -> int:
    """Mark every unread notification of the member read; how many there were."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount


def safe_link(notification: Notification) -> str | None:
    """Where opening the notification leads: its link when that is a path on this site."""
    return notification.link if is_safe_redirect(notification.link) else None


def prune(*, now: datetime | None = None) -> int:
    """Delete notifications read more than 180 days ago (by when they were made); how many."""
    cutoff = (now or utcnow()) - KEEP_READ
    result = db.session.execute(
        delete(Notification).where(
            Notification.read_at.is_not(None), Notification.created_at < cutoff
        )
    )
    return result.rowcount
