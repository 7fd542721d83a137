"""Mentors suggested for a member's move, by mail once a week when the member asks.

The same suggestions as `/mentors/` shows them (`matching.suggestions`), with their
reasons. A week in which nobody new is suggested sends nothing. Each member's mail is one
transaction that first claims the week (`mailed_at`), so a second run or a second worker the
same week finds it taken and writes nothing, and a crash leaves it for the next run.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template, url_for
from sqlalchemy import or_, select, update

from ..auth.models import User
from ..database import utcnow
from ..extensions import db
from ..notifications.services import notify
from ..web import absolute_url, site_request_context
from . import matching
from .models import MemberMove

# A member hears at most once in this long (a weekly run that comes a little early still
# finds last week's mail old enough).
WEEK = timedelta(days=6)


def _ids(suggestions: list[matching.Suggestion]) -> str:
    return ",".join(str(each.profile.id) for each in suggestions)


def mail_member(move_id: int, *, now: datetime) -> bool:
    """Mail one member their suggestions if someone new is among them (commits); whether
    a mail was written."""
    move = db.session.get(MemberMove, move_id)
    if move is None or not move.weekly_mail:
        return False
    suggested = matching.suggestions(move, now=now)
    named_before = set(move.mailed_ids.split(",")) - {""}
    if not {str(each.profile.id) for each in suggested} - named_before:
        db.session.rollback()
        return False
    claimed = db.session.execute(
        update(MemberMove)
        .where(
            MemberMove.id == move.id,
            or_(MemberMove.mailed_at.is_(None), MemberMove.mailed_at <= now - WEEK),
        )
        .values(mailed_at=now, mailed_ids=_ids(suggested))
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:  # mailed this week already (another run, another worker)
        db.session.rollback()
        return False
    member = db.session.get(User, move.user_id)
    count = len(suggested)
    notify(
        member,
        topic="mentorship",
        subject=f"{count} mentor{'s' if count != 1 else ''} for your move this week",
        body=render_template(
            "mail/mentor_suggestions.txt",
            member=member,
            suggested=[
                (each, absolute_url(url_for("mentors.detail", profile_id=each.profile.id)))
                for each in suggested
            ],
            match=absolute_url(url_for("mentors.match")),
        ),
        link=url_for("mentors.match"),
    )
    db.session.commit()
    return True


def mail_suggestions(*, now: datetime | None = None) -> int:
    """The weekly run: mail every member who asked and has someone new; how many mails."""
    now = now or utcnow()
    due = select(MemberMove.id).where(
        MemberMove.weekly_mail.is_(True),
        or_(MemberMove.mailed_at.is_(None), MemberMove.mailed_at <= now - WEEK),
    )
    with site_request_context():
        return sum(mail_member(move_id, now=now) for move_id in db.session.scalars(due).all())
