"""Story fixtures: a cast of author, reader, moderator, admin."""

from __future__ import annotations

import pytest

from aicb_board.auth.models import Role
from tests.conftest import SignedIn
from tests.factories import draft_story, published_story


class Writers(SignedIn):
    """Signed-in clients for a story's people."""

    CAST = (("author", Role.MEMBER), ("reader", Role.MEMBER),
            ("moderator", Role.MODERATOR), ("admin", Role.ADMIN))  # fmt: skip

    def write(self, name: str = "author", **overrides) -> int:
        """`name` saves a draft story; returns its id."""
        return draft_story(self.app, self.users[name], **overrides)

    def publish(self, name: str = "author", **overrides) -> int:
        """`name` writes a story and the moderator approves it; returns its id."""
        return published_story(self.app, self.users[name], self.users["moderator"], **overrides)

    def slug(self, story_id: int) -> str:
        from aicb_board.extensions import db
        from aicb_board.stories.models import Story

        with self.app.app_context():
            return db.session.get(Story, story_id).slug


@pytest.fixture
def writers(app, make_user) -> Writers:
    return Writers(app, make_user)
