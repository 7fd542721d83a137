"""Role fixtures: members and moderators with signed-in clients, roles put in in bulk."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aicb_board.auth.models import Role
from aicb_board.database import utcnow
from tests.conftest import SignedIn
from tests.factories import draft_role


class People(SignedIn):
    """Signed-in clients for the people in a moderation story."""

    def __init__(self, app, make_user) -> None:
        super().__init__(app, make_user)
        self.add("author", email="author@example.com", display_name="Alex Author")
        self.add("other", email="other@example.com", display_name="Olu Other")
        self.add(
            "moderator", Role.MODERATOR, email="mod@example.com", display_name="Mina Moderator"
        )
        self.add("admin", Role.ADMIN, email="admin@example.com", display_name="Ada Admin")
        self.author_user, self.other_user = self.users["author"], self.users["other"]
        self.moderator_user, self.admin_user = self.users["moderator"], self.users["admin"]

    def post_role(self, **overrides) -> int:
        """The author saves a draft role; returns its id."""
        return draft_role(self.app, self.author_user, **overrides)


@pytest.fixture
def people(app, make_user) -> People:
    return People(app, make_user)


def insert_role(author_id: int, *, status: str = "published", days_ago: float = 0, **fields):
    """Put a role straight into the database (call inside an app context); returns it.

    For listings of many roles of any age: the services cannot make them (they date an item
    now, and refuse the same title twice in 30 days or more than a day's cap of roles). One
    role as a member makes it comes from `tests.factories`.
    """
    from aicb_board.extensions import db
    from aicb_board.roles.models import RolePosting

    published = utcnow() - timedelta(days=days_ago)
    values = {
        "title": "Director of AI Strategy",
        "company": "Contoso",
        "workplace": "remote",
        "remote_region": "Europe",
        "seniority": "director",
        "function": "strategy",
        "employment_type": "full-time",
        "description": "Shape the AI strategy of a 4,000-person company. " * 3,
        "apply_url": "https://contoso.example/jobs",
        "expires_at": utcnow() + timedelta(days=30),
        "published_at": published if status == "published" else None,
        "created_at": published,
        "status": status,
        "author_id": author_id,
    }
    values.update(fields)
    role = RolePosting(**values)
    db.session.add(role)
    db.session.flush()
    return role


@pytest.fixture
def add_roles(app, make_user):
    """Insert roles by one author; returns their ids."""
    author = make_user("poster@example.com")

    def add(count: int = 1, days_ago: float = 0, **fields) -> list[int]:
        from aicb_board.extensions import db

        with app.app_context():
            ids = [
                insert_role(author.id, days_ago=days_ago + n / 24, **fields).id
                for n in range(count)
            ]
            db.session.commit()
        return ids

    return add
