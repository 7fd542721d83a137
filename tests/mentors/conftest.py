"""Mentor fixtures: profile form data and the people of a mentorship story."""

from __future__ import annotations

import pytest

from aicb_board.auth.models import Role
from tests.conftest import SignedIn
from tests.factories import published_profile
from tests.support import post_form


def request_form(**overrides) -> dict:
    data = {
        "goals": "Move from VP Product in fintech into a Head of AI role within a year.",
        "context": "I lead 40 people; no ML background.",
        "format": "video",
    }
    data.update(overrides)
    return data


class Cast(SignedIn):
    """Signed-in clients: mentors, leaders, a moderator, an admin."""

    CAST = (("alumna", Role.MEMBER), ("leader", Role.MEMBER),
            ("moderator", Role.MODERATOR), ("admin", Role.ADMIN))  # fmt: skip

    def publish_profile(self, name: str = "alumna", **overrides) -> int:
        """`name` writes a profile, submits it, and the moderator approves it; returns its id."""
        if name not in self.clients:
            self.add(name)
        return published_profile(self.app, self.users[name], self.users["moderator"], **overrides)

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
