"""The worker's jobs: each safe to run twice; the schedule; tasks find their app."""

from datetime import timedelta

from sqlalchemy import func, select

from aicb_board import tasks
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import QUEUED, SENT, OutboxMessage
from aicb_board.roles.models import RolePosting
from aicb_board.search.backends import backend
from aicb_board.search.models import SearchQueueEntry
from tests.roles.conftest import insert_role


def bodies(app) -> dict[str, str]:
    """Each message's subject and body, as stored."""
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.subject, OutboxMessage.body)).all()
        return dict(rows)


def test_pruning_blanks_old_delivered_bodies_once_and_keeps_the_rows(app):
    now = utcnow()
    with app.app_context():
        for subject, status, sent_days_ago in [
            ("old sent", SENT, 31),
            ("recent sent", SENT, 29),
            ("old queued", QUEUED, None),
        ]:
            sent_at = now - timedelta(days=sent_days_ago) if sent_days_ago else None
            db.session.add(
                OutboxMessage(
                    recipient="ada@example.com",
                    subject=subject,
                    body="https://board.example/auth/reset/secret",
                    status=status,
                    sent_at=sent_at,
                    created_at=now - timedelta(days=40),
                )
            )
        db.session.commit()
        assert tasks.prune_mail(now=now) == 1
    after_first = bodies(app)
    assert after_first == {
        "old sent": "",
        "recent sent": "https://board.example/auth/reset/secret",
        "old queued": "https://board.example/auth/reset/secret",
    }
    with app.app_context():
        assert tasks.prune_mail(now=now) == 0
    assert bodies(app) == after_first


def test_search_sync_applies_a_left_over_change_once(app, make_user):
    author = make_user("poster@example.com")
    with app.app_context():
        role = insert_role(author.id)
        # Written without the after-commit flag: as if the request died before applying it.
        db.session.add(SearchQueueEntry(kind=role.kind, item_id=role.id))
        db.session.commit()
    with app.app_context():
        indexed = backend().count().get("role", 0)
    assert tasks.sync_search_task.call_local() == 1  # as the consumer runs it
    assert tasks.sync_search_task.call_local() == 0
    with app.app_context():
        assert backend().count().get("role", 0) == indexed + 1
        assert db.session.scalar(select(func.count()).select_from(SearchQueueEntry)) == 0


def test_the_schedule_holds_every_job():
    names = {task.name for task in tasks.huey._registry.periodic_tasks}
    assert {
        "retry_mail_task",
        "expire_roles_task",
        "expire_mentorships_task",
        "sync_search_task",
        "prune_mail_task",
        "heartbeat_task",
    } <= names


def test_the_workers_heartbeat_shows_on_the_health_page(app, make_user):
    from datetime import UTC, datetime

    from aicb_board.auth.models import Role
    from tests.conftest import AuthActions

    make_user("admin@example.com", role=Role.ADMIN)
    client = app.test_client()
    AuthActions(client).login("admin@example.com")
    assert "No worker heartbeat recorded" in client.get("/admin/health").get_data(as_text=True)
    with app.app_context():
        tasks.heartbeat(now=datetime(2026, 12, 1, 9, 30, tzinfo=UTC))
    assert "2026-12-01" in client.get("/admin/health").get_data(as_text=True)


def test_a_scheduled_task_runs_in_the_app_without_a_context(app, make_user):
    author = make_user("poster@example.com")
    with app.app_context():
        role_id = insert_role(author.id, expires_at=utcnow() - timedelta(minutes=5)).id
        db.session.commit()
    assert tasks.expire_roles_task.call_local() == (1, 0)  # as the consumer calls it
    with app.app_context():
        assert db.session.get(RolePosting, role_id).status == "archived"
