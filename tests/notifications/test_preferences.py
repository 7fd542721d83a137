"""The account page's "Mail me about": one checkbox per topic, all on until changed."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from aicb_board.extensions import db
from aicb_board.notifications.models import MailPreference
from aicb_board.notifications.services import TOPICS
from tests.support import csrf_token, post_form


@pytest.fixture
def ada(members):
    members.add("ada")
    return members.sign_in("ada")


def _checked(html: str, topic: str) -> bool:
    """Whether the account page shows `topic`'s checkbox ticked."""
    tag = re.search(rf'<input[^>]*value="{topic}"[^>]*>', html).group(0)
    return "checked" in tag


def saved(app, user) -> dict[str, bool]:
    with app.app_context():
        rows = db.session.scalars(select(MailPreference).where(MailPreference.user_id == user.id))
        return {row.topic: row.mail for row in rows}


def test_every_topic_is_ticked_until_the_member_chooses(app, members, ada):
    html = ada.get("/account").get_data(as_text=True)
    assert "Mail me about" in html
    for topic, label in TOPICS.items():
        assert label in html and _checked(html, topic)
    assert saved(app, members.ada) == {}


def test_choices_are_saved_and_shown(app, members, ada):
    response = post_form(ada, "/account", {"topics": ["decision", "report"]},
                         action="/me/notifications/mail")  # fmt: skip
    assert response.status_code == 302 and response.headers["Location"].endswith("/account#mail")
    assert "Your mail settings are saved." in ada.get("/account").get_data(as_text=True)
    html = ada.get("/account").get_data(as_text=True)
    assert {topic for topic in TOPICS if _checked(html, topic)} == {"decision", "report"}
    assert saved(app, members.ada) == {topic: topic in {"decision", "report"} for topic in TOPICS}

    again = post_form(ada, "/account", {"topics": list(TOPICS)}, action="/me/notifications/mail")
    assert again.status_code == 302
    assert all(saved(app, members.ada).values())


def test_an_unknown_topic_is_refused_and_nothing_changes(app, members, ada):
    response = post_form(ada, "/account", {"topics": ["decision", "lottery"]},
                         action="/me/notifications/mail")  # fmt: skip
    assert response.status_code == 422
    assert "Choose from the topics listed." in response.get_data(as_text=True)
    assert saved(app, members.ada) == {}


def test_without_the_csrf_token_nothing_is_saved(app, members, ada):
    csrf_token(ada, "/account")
    response = ada.post("/me/notifications/mail", data={"topics": ["decision"]})
    assert response.status_code == 400
    assert saved(app, members.ada) == {}
