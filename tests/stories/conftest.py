"""Story fixtures: form data and a cast of author, reader, moderator."""

from __future__ import annotations

import pytest

from aicb_board.auth.models import Role
from tests.conftest import AuthActions
from tests.support import decide, post_form

BODY = (
    "## Where I started\n\nI ran B2B marketing for twelve years and explained our AI features "
    "to customers better than anyone.\n\n## The turn\n\n- I took on our first LLM launch\n"
    "- I learned evaluation from the engineers\n\n> Find one AI project inside your company.\n\n"
    "More at [my site](https://example.com/story)."
)


def story_form(**overrides) -> dict:
    data = {
        "title": "From marketing director to Head of AI Product",
        "summary": "Twelve years in marketing, then a sideways move into AI product.",
        "from_role": "Director of Marketing",
        "to_role": "Head of AI Product",
        "from_function": "go-to-market",
        "to_function": "product",
        "industry": "B2B SaaS",
        "months_taken": "18",
        "body": BODY,
        "tags": "career-change, AI Product",
        "preview": "Save and preview",
    }
    data.update(overrides)
    return data


class Writers:
    """Signed-in clients for a story's people."""

    def __init__(self, app, make_user) -> None:
        self.app = app
        self.make_user = make_user
        self.anonymous = app.test_client()
        self.clients, self.users = {}, {}
        for name, role in (("author", Role.MEMBER), ("reader", Role.MEMBER),
                           ("moderator", Role.MODERATOR), ("admin", Role.ADMIN)):  # fmt: skip
            self.add(name, role)

    def add(self, name: str, role: Role = Role.MEMBER, *, verified: bool = True):
        self.users[name] = self.make_user(
            f"{name}@example.com", display_name=name.title(), role=role, verified=verified
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

    def write(self, name: str = "author", **overrides) -> int:
        """`name` saves a draft story; returns its id."""
        response = post_form(self.clients[name], "/stories/new", story_form(**overrides))
        assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
        return int(response.headers["Location"].split("/")[2])

    def publish(self, name: str = "author", **overrides) -> int:
        from tests.support import post_action

        story_id = self.write(name, **overrides)
        post_action(self.clients[name], f"/me/submissions/story/{story_id}/submit")
        decide(self.moderator, f"/moderation/story/{story_id}/approve")
        return story_id

    def slug(self, story_id: int) -> str:
        from aicb_board.extensions import db
        from aicb_board.stories.models import Story

        with self.app.app_context():
            return db.session.get(Story, story_id).slug


@pytest.fixture
def writers(app, make_user) -> Writers:
    return Writers(app, make_user)
