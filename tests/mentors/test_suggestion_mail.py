"""Mentors suggested for a member's move, mailed once a week when the member asks: the same
suggestions and reasons as the directory, nothing twice in a week, nothing when nobody is new."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage
from aicb_board.mentors.jobs import mail_suggestions
from aicb_board.notifications.models import Notification
from tests.mentors.test_my_move import save


def mails_to(app, address: str) -> list[OutboxMessage]:
    with app.app_context():
        return db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.recipient == address)
            .order_by(OutboxMessage.id)
        ).all()


def weekly_box(client) -> str:
    """The "once a week" checkbox of the member's move form."""
    [box] = re.findall(r'<input[^>]*name="weekly_mail"[^>]*>', client.get("/mentors/match").text)
    return box


def run(app, now=None) -> int:
    with app.app_context():
        return mail_suggestions(now=now)


def test_a_member_who_asked_gets_the_suggestions_once_a_week_with_reasons(app, cast):
    cast.publish_profile("alumna", from_role="Director of Marketing", to_role="Head of AI Product")
    assert save(cast.leader, weekly_mail="y").status_code == 302
    now = utcnow()
    assert run(app, now) == 1
    [mail] = mails_to(app, "leader@example.com")
    assert mail.subject == "1 mentor for your move this week"
    assert "Director of Marketing → Head of AI Product" in mail.body
    assert "Also went from go-to-market to product" in mail.body  # the directory's reasons
    assert "http://localhost/mentors/match" in mail.body
    with app.app_context():
        [note] = db.session.scalars(
            select(Notification).where(Notification.user_id == cast.users["leader"].id)
        ).all()
        assert note.topic == "mentorship" and note.link == "/mentors/match"

    assert run(app, now + timedelta(hours=1)) == 0  # the same week: nothing twice
    assert run(app, now + timedelta(days=7)) == 0  # nobody new: nothing
    cast.publish_profile("second", from_role="VP Sales", to_role="AI Product Lead")
    assert run(app, now + timedelta(days=7)) == 1  # someone new next week
    latest = mails_to(app, "leader@example.com")[-1]
    assert latest.subject == "2 mentors for your move this week"


def test_no_mail_without_asking_and_the_box_stays_as_saved(app, cast):
    cast.publish_profile("alumna")
    save(cast.leader)
    assert run(app) == 0
    assert mails_to(app, "leader@example.com") == []
    assert "checked" not in weekly_box(cast.leader)
    save(cast.leader, weekly_mail="y")
    assert "checked" in weekly_box(cast.leader)


def test_members_with_nobody_to_suggest_get_nothing(app, cast):
    save(cast.leader, weekly_mail="y")
    assert run(app) == 0
