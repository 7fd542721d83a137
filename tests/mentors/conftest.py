"""Mentor fixtures: profile form data and the people of a mentorship story."""

from __future__ import annotations

import pytest

from aicb_board.auth.models import Role
from tests.conftest import AuthActions
from tests.support import decide, post_action, post_form


def profile_form(**overrides) -> dict:
    """What an alumna types to offer mentorship."""
    data = {
        "headline": "I moved from marketing to AI product in 18 months.",
        "from_role": "Director of Marketing",
        "to_role": "Head of AI Product",
        "from_function": "go-to-market",
        "to_function": "product",
        "industries": "fintech, b2b saas",
        "expertise": "ai-strategy, llm products, positioning",
        "bio": "Twelve years in B2B marketing, then a sideways move into **AI product**. "
        "I help leaders tell their story.",
        "topics": "Positioning your experience\nFirst 90 days",
        "formats": ["video", "async"],
        "timezone": "Europe/Berlin",
        "languages": ["en", "de"],
        "capacity": "2",
        "accepting": "y",
        "paused_until": "",
        "contact": "https://cal.example/alumna",
        "linkedin_url": "https://www.linkedin.com/in/alumna",
    }
    data.update(overrides)
    return data


def request_form(**overrides) -> dict:
    data = {
        "goals": "Move from VP Product in fintech into a Head of AI role within a year.",
        "context": "I lead 40 people; no ML background.",
        "format": "video",
    }
    data.update(overrides)
    return data


class Cast:
    """Signed-in clients: mentors, leaders, a moderator, an admin."""

    def __init__(self, app, make_user) -> None:
        self.app = app
        self.make_user = make_user
        self.users = {}
        self.clients = {}
        self.anonymous = app.test_client()
        for name, role in (("alumna", Role.MEMBER), ("leader", Role.MEMBER),
                           ("moderator", Role.MODERATOR), ("admin", Role.ADMIN)):  # fmt: skip
            self.add(name, role)

    def add(self, name: str, role: Role = Role.MEMBER):
        self.users[name] = self.make_user(
            f"{name}@example.com", display_name=name.title(), role=role
        )
        client = self.app.test_client()
        assert AuthActions(client).login(f"{name}@example.com").status_code == 302
        self.clients[name] = client
        return client

    def __getattr__(self, name):
        try:
            return self.__dict__["clients"][name]
        except KeyError as error:
            raise AttributeError(name) from error

    def publish_profile(self, name: str = "alumna", **overrides) -> int:
        """`name` writes a profile, submits it, and the moderator approves it; returns its id."""
        client = self.clients.get(name) or self.add(name)
        response = post_form(client, "/mentors/profile", profile_form(**overrides))
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        profile_id = self.profile_id(name)
        assert post_action(client, f"/me/submissions/mentor/{profile_id}/submit").status_code == 302
        approve = decide(self.moderator, f"/moderation/mentor/{profile_id}/approve")
        assert approve.status_code == 302
        return profile_id

    def profile_id(self, name: str) -> int:
        from sqlalchemy import select

        from aicb_board.extensions import db
        from aicb_board.mentors.models import MentorProfile

        with self.app.app_context():
            return db.session.scalar(
                select(MentorProfile.id).where(MentorProfile.author_id == self.users[name].id)
            )

    def ask(self, name: str, profile_id: int, **overrides):
        client = self.clients.get(name) or self.add(name)
        return post_form(client, f"/mentors/{profile_id}/request", request_form(**overrides))

    def request_id(self, mentee: str, profile_id: int) -> int:
        from sqlalchemy import select

        from aicb_board.extensions import db
        from aicb_board.mentors.models import MentorshipRequest

        with self.app.app_context():
            return db.session.scalar(
                select(MentorshipRequest.id)
                .where(
                    MentorshipRequest.mentee_id == self.users[mentee].id,
                    MentorshipRequest.mentor_id == profile_id,
                )
                .order_by(MentorshipRequest.id.desc())
            )


@pytest.fixture
def cast(app, make_user) -> Cast:
    return Cast(app, make_user)
