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
