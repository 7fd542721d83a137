"""The hourly role job: expiry at the closing time, reminders once, safe to run twice."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage
from aicb_board.moderation.models import ModerationEvent
from aicb_board.roles import jobs as role_jobs
from aicb_board.roles.models import RolePosting
from tests.roles.conftest import insert_role


def snapshot(app, role_id: int):
    """What the database shows of the role and what the job wrote: status, events, mails."""
    with app.app_context():
        status = db.session.get(RolePosting, role_id).status
        events = db.session.scalar(select(func.count()).select_from(ModerationEvent))
        mails = db.session.scalar(select(func.count()).select_from(OutboxMessage))
        return status, events, mails


def test_a_role_closes_at_its_closing_time_and_not_before(app, make_user):
    closes = utcnow() + timedelta(days=10)
    author = make_user("poster@example.com")
    with app.app_context():
        role_id = insert_role(author.id, expires_at=closes).id
        db.session.commit()
        assert role_jobs.expire_roles(now=closes - timedelta(minutes=1)) == (0, 1)  # reminded
        assert role_jobs.expire_roles(now=closes + timedelta(minutes=1)) == (1, 0)
    assert snapshot(app, role_id)[0] == "archived"


def test_running_the_job_twice_changes_nothing_the_second_time(app, make_user):
    author = make_user("poster@example.com")
    with app.app_context():
        closed_id = insert_role(author.id, expires_at=utcnow() - timedelta(hours=1)).id
        closing_id = insert_role(author.id, expires_at=utcnow() + timedelta(days=2)).id
        db.session.commit()
        assert role_jobs.expire_roles() == (1, 1)
    first = snapshot(app, closed_id), snapshot(app, closing_id)
    with app.app_context():
        assert role_jobs.expire_roles() == (0, 0)
    assert (snapshot(app, closed_id), snapshot(app, closing_id)) == first
    assert first[0][0] == "archived" and first[1][0] == "published"


def test_a_role_another_worker_holds_is_skipped_not_waited_for(app, make_user, database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("row locks are PostgreSQL's; SQLite runs one writer at a time")
    author = make_user("poster@example.com")
    with app.app_context():
        role_id = insert_role(author.id, expires_at=utcnow() - timedelta(hours=1)).id
        db.session.commit()
        with db.engine.connect() as other_worker:
            other_worker.execute(
                select(RolePosting.id).where(RolePosting.id == role_id).with_for_update()
            )
            assert role_jobs.expire_roles() == (0, 0)
            other_worker.rollback()
        assert role_jobs.expire_roles() == (1, 0)
    assert snapshot(app, role_id)[0] == "archived"
