"""The worker's jobs: each safe to run twice; the schedule; tasks find their app."""

from datetime import timedelta

from sqlalchemy import func, select

from aicb_board import tasks
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import QUEUED, SENT, OutboxMessage
from aicb_board.roles import jobs as role_jobs
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
    assert role_jobs.expire_roles_task.call_local() == (1, 0)  # as the consumer calls it
    with app.app_context():
        assert db.session.get(RolePosting, role_id).status == "archived"


def test_lapsed_claims_are_released_once_and_live_ones_stay(app, make_user):
    from aicb_board.auth.models import Role
    from aicb_board.moderation.models import Claim

    moderator = make_user("mod@example.com", role=Role.MODERATOR)
    now = utcnow()
    with app.app_context():
        for item_id, minutes_ago in ((1, 61), (2, 59)):
            db.session.add(Claim(item_kind="role", item_id=item_id, moderator_id=moderator.id,
                                 claimed_at=now - timedelta(minutes=minutes_ago)))  # fmt: skip
        db.session.commit()
        assert tasks.release_claims(now=now) == 1
        assert tasks.release_claims(now=now) == 0
        assert db.session.scalars(select(Claim.item_id)).all() == [2]


def test_each_job_runs_on_its_schedule():
    from datetime import datetime

    schedule = {task.name: task for task in tasks.huey._registry.periodic_tasks}

    def runs(name: str, *moment: int) -> bool:
        return schedule[name].validate_datetime(datetime(2026, 12, 1, *moment))

    assert runs("sync_search_task", 10, 1) and runs("heartbeat_task", 10, 2)
    assert runs("retry_mail_task", 10, 5) and not runs("retry_mail_task", 10, 6)
    assert runs("expire_roles_task", 11, 7) and not runs("expire_roles_task", 11, 8)
    assert runs("expire_mentorships_task", 3, 17) and not runs("expire_mentorships_task", 4, 17)
    assert runs("release_claims_task", 10, 45) and not runs("release_claims_task", 10, 46)
    assert runs("prune_mail_task", 4, 27) and not runs("prune_mail_task", 5, 27)
