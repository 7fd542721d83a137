"""The database: SQLite set up for several workers, writes that queue instead of failing."""

import threading

import pytest
from sqlalchemy import func, select, text

from aicb_board.auth.models import User
from aicb_board.database import UTCDateTime, utcnow
from aicb_board.extensions import db
from tests.conftest import TEST_DATABASE_URL
from tests.support import PASSWORD, csrf_token

sqlite_only = pytest.mark.skipif(bool(TEST_DATABASE_URL), reason="SQLite settings")


@sqlite_only
def test_sqlite_uses_wal_busy_timeout_and_foreign_keys(app):
    with app.app_context():
        pragma = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "busy_timeout", "foreign_keys")
        }
    assert pragma == {"journal_mode": "wal", "busy_timeout": 30000, "foreign_keys": 1}


def test_concurrent_registrations_all_succeed(make_app):
    """Many sign-ups at once: every write waits its turn, none fails as "locked"."""
    app = make_app(RATELIMIT_ENABLED=False)
    threads_count, per_thread = 8, 5
    statuses: list[int] = []
    barrier = threading.Barrier(threads_count)

    def sign_up(thread: int) -> None:
        visitors = [app.test_client() for _ in range(per_thread)]
        tokens = [csrf_token(visitor, "/auth/register") for visitor in visitors]
        barrier.wait()
        for n, (visitor, token) in enumerate(zip(visitors, tokens, strict=True)):
            response = visitor.post(
                "/auth/register",
                data={
                    "csrf_token": token,
                    "email": f"t{thread}-{n}@example.com",
                    "display_name": f"Thread {thread} member {n}",
                    "password": PASSWORD,
                },
            )
            statuses.append(response.status_code)

    threads = [threading.Thread(target=sign_up, args=(t,)) for t in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302] * threads_count * per_thread
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 40


def test_datetimes_come_back_as_aware_utc(app, make_user):
    before = utcnow()
    user = make_user()
    assert user.created_at.tzinfo is not None
    assert user.created_at.utcoffset().total_seconds() == 0
    assert user.created_at >= before.replace(microsecond=0)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        UTCDateTime().process_bind_param(utcnow().replace(tzinfo=None), dialect=None)
