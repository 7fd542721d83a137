"""Notification helpers: what a member's notifications say, and giving a member some."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from sqlalchemy import select

from aicb_board.auth.models import User
from aicb_board.extensions import db
from aicb_board.notifications.models import Notification
from aicb_board.notifications.services import notify
from tests.factories import writing
from tests.mentors.conftest import Cast
from tests.roles.conftest import People
from tests.stories.conftest import Writers


@pytest.fixture
def people(app, make_user) -> People:
    """A role's author, another member, a moderator, an admin, each signed in."""
    return People(app, make_user)


@pytest.fixture
def writers(app, make_user) -> Writers:
    """A story's author, a reader, a moderator, an admin, each signed in."""
    return Writers(app, make_user)


@pytest.fixture
def cast(app, make_user) -> Cast:
    """Alumna (a mentor to be), leader, a moderator, an admin, each signed in."""
    return Cast(app, make_user)


@dataclass(frozen=True)
class Seen:
    """One notification as the member's list holds it."""

    id: int
    topic: str
    subject: str
    link: str
    unread: bool


def notifications_of(app, user: User) -> list[Seen]:
    """The member's notifications, oldest first."""
    with app.app_context():
        rows = db.session.scalars(
            select(Notification).where(Notification.user_id == user.id).order_by(Notification.id)
        ).all()
        return [Seen(n.id, n.topic, n.subject, n.link, n.read_at is None) for n in rows]


def give(app, user: User, count: int = 1, *, topic: str = "decision", link: str = "/roles/"):
    """Notify `user` `count` times ("Note 1", "Note 2", …) through `notify`, as an event would."""
    with writing(app):
        member = db.session.get(User, user.id)
        for number in range(1, count + 1):
            notify(member, topic=topic, subject=f"Note {number}", body="Body.", link=link)


def store(app, user: User, *, link: str, created_at: datetime | None = None, read_at=None) -> int:
    """A notification row written straight to the database (as an old or tampered one); id."""
    with app.app_context():
        row = Notification(
            user_id=user.id, topic="decision", subject="Stored", link=link, read_at=read_at
        )
        if created_at is not None:
            row.created_at = created_at
        db.session.add(row)
        db.session.commit()
        return row.id
