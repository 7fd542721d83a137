"""The daily mentorship job: expiry at 14 days, a reminder at 7, safe to run twice."""

from datetime import timedelta

from sqlalchemy import func, select

from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage
from aicb_board.mentors import jobs
from aicb_board.mentors.models import MentorshipEvent, MentorshipRequest


def state(app, request_id: int):
    """The request's status and reminder, its events and the mail written, as the DB has them."""
    with app.app_context():
        request = db.session.get(MentorshipRequest, request_id)
        events = db.session.scalar(select(func.count()).select_from(MentorshipEvent))
        mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        return request.status, request.reminded_at, events, mails


def asked(app, cast):
    """A pending request; returns its id and when it was made."""
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    with app.app_context():
        return request_id, db.session.get(MentorshipRequest, request_id).created_at


def test_a_request_expires_after_14_days_not_before(app, cast):
    request_id, made = asked(app, cast)
    with app.app_context():
        assert jobs.expire_mentorships(now=made + timedelta(days=6, hours=23)) == (0, 0)
        assert jobs.expire_mentorships(now=made + timedelta(days=7, minutes=1)) == (0, 1)
        assert jobs.expire_mentorships(now=made + timedelta(days=13, hours=23)) == (0, 0)
    assert state(app, request_id)[0] == "pending"
    with app.app_context():
        assert jobs.expire_mentorships(now=made + timedelta(days=14, minutes=1)) == (1, 0)
    assert state(app, request_id)[0] == "expired"


def test_running_the_job_twice_changes_nothing_the_second_time(app, cast):
    request_id, made = asked(app, cast)
    later = made + timedelta(days=8)
    with app.app_context():
        assert jobs.expire_mentorships(now=later) == (0, 1)
    first = state(app, request_id)
    with app.app_context():
        assert jobs.expire_mentorships(now=later) == (0, 0)
    assert state(app, request_id) == first
    with app.app_context():
        assert jobs.expire_mentorships(now=later + timedelta(days=7)) == (1, 0)
    expired = state(app, request_id)
    with app.app_context():
        assert jobs.expire_mentorships(now=later + timedelta(days=7)) == (0, 0)
    assert state(app, request_id) == expired and expired[0] == "expired"
