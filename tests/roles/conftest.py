"""Role fixtures: valid form data, members and moderators with signed-in clients."""

from __future__ import annotations

from datetime import timedelta

import pytest

from aicb_board.auth.models import Role
from aicb_board.database import utcnow
from tests.conftest import AuthActions
from tests.support import post_form


def role_form(**overrides) -> dict:
    """What a member types to post a good role."""
    data = {
        "title": "Head of AI Product",
        "company": "Northwind Analytics",
        "company_url": "https://northwind.example",
        "workplace": "hybrid",
        "location": "Berlin",
        "country": "DE",
        "remote_region": "",
        "seniority": "head-of",
        "function": "product",
        "employment_type": "full-time",
        "salary_min": "180000",
        "salary_max": "220000",
        "salary_currency": "EUR",
        "salary_period": "year",
        "description": "Lead the **AI product** portfolio: LLM features, evaluation, and a team "
        "of six PMs. You have led product at Director level or above.",
        "apply_url": "https://northwind.example/jobs/42",
        "apply_email": "",
        "tags": "Gen AI, LLM products",
        "expires_at": (utcnow() + timedelta(days=30)).date().isoformat(),
        "preview": "Save and preview",
    }
    data.update(overrides)
    return data


class People:
    """Signed-in clients for the people in a moderation story."""

    def __init__(self, app, make_user) -> None:
        self.app = app
        self.author_user = make_user("author@example.com", display_name="Alex Author")
        self.other_user = make_user("other@example.com", display_name="Olu Other")
        self.moderator_user = make_user(
            "mod@example.com", display_name="Mina Moderator", role=Role.MODERATOR
        )
        self.admin_user = make_user("admin@example.com", display_name="Ada Admin", role=Role.ADMIN)
        self.author = self._signed_in("author@example.com")
        self.other = self._signed_in("other@example.com")
        self.moderator = self._signed_in("mod@example.com")
        self.admin = self._signed_in("admin@example.com")
        self.anonymous = app.test_client()

    def _signed_in(self, email: str):
        client = self.app.test_client()
        assert AuthActions(client).login(email).status_code == 302
        return client

    def post_role(self, **overrides) -> int:
        """The author saves a draft role; returns its id."""
        response = post_form(self.author, "/roles/new", role_form(**overrides))
        assert response.status_code == 302, response.get_data(as_text=True)
        return int(response.headers["Location"].split("/")[2])


@pytest.fixture
def people(app, make_user) -> People:
    return People(app, make_user)


def insert_role(author_id: int, *, status: str = "published", days_ago: float = 0, **fields):
    """Put a role straight into the database (call inside an app context); returns it."""
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
