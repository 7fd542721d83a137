"""Several processes publishing at once: no error, no lost update, the index ends exact."""

import subprocess
import sys
from datetime import timedelta

from sqlalchemy import select

from aicb_board.auth.models import Role, User
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.roles.models import RolePosting
from aicb_board.search.backends import backend
from aicb_board.search.queue import apply_pending
from tests.roles.conftest import insert_role

WORKER = """
import sys
from aicb_board import create_app
from aicb_board.auth.models import User
from aicb_board.config import TestConfig
from aicb_board.extensions import db
from aicb_board.moderation import services
from aicb_board.roles.models import RolePosting

database_url, instance, search_backend, moderator_id, *ids = sys.argv[1:]
config = TestConfig({"DATABASE_URL": database_url})
config.SEARCH_BACKEND = search_backend
app = create_app(config, instance_path=instance)
with app.test_request_context(method="POST"):
    moderator = db.session.get(User, int(moderator_id))
    for role_id in ids:
        role = db.session.get(RolePosting, int(role_id))
        services.transition(role, "approve", actor=moderator, seen_version=role.version)
        db.session.commit()
print("done")
"""


def test_processes_publishing_at_once_leave_an_exact_index(app, make_user, database_url, tmp_path):
    author = make_user("author@example.com")
    moderator = make_user("mod@example.com", role=Role.MODERATOR)
    with app.app_context():
        ids = [
            insert_role(author.id, status="pending", title=f"Head of AI {n}",
                        expires_at=utcnow() + timedelta(days=20)).id
            for n in range(24)
        ]  # fmt: skip
        db.session.commit()
    groups = [ids[n::4] for n in range(4)]
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                WORKER,
                database_url,
                app.instance_path,
                app.config["SEARCH_BACKEND"],
                str(moderator.id),
                *map(str, group),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for group in groups
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0 and out.strip() == "done", err[-2000:]
        assert "LockError" not in err and "Traceback" not in err, err[-2000:]
    with app.test_request_context(method="POST"):
        apply_pending()  # what the next write does: anything still queued goes in now
        published = set(
            db.session.scalars(select(RolePosting.id).where(RolePosting.status == "published"))
        )
        assert published == set(ids)
        assert backend().count() == {"role": len(ids)}
        assert db.session.get(User, moderator.id) is not None
