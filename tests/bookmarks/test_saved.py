"""Saving roles, mentors and stories from their pages, and the member's saved list."""

from __future__ import annotations

import pytest

from aicb_board.auth.models import User
from aicb_board.bookmarks.models import Bookmark
from aicb_board.extensions import db
from aicb_board.kinds import kind_named
from aicb_board.mentors.models import MentorProfile
from aicb_board.moderation import services as moderation
from aicb_board.roles.models import RolePosting
from aicb_board.stories.models import Story
from tests.factories import (
    draft_story,
    published_profile,
    published_role,
    published_story,
    writing,
)
from tests.support import post_action


def transition(app, model, item_id: int, action: str, actor) -> None:
    """Move an item by `action`, as `actor` (a detached user) would."""
    with writing(app):
        item = db.session.get(model, item_id)
        moderation.transition(
            item, action, actor=db.session.get(User, actor.id), reason="Spam",
            seen_version=item.version,
        )  # fmt: skip


def bookmarks(app) -> list[tuple[str, int]]:
    with app.app_context():
        return [(b.item_kind, b.item_id) for b in db.session.scalars(db.select(Bookmark))]


@pytest.fixture
def items(app, members):
    """One published role, mentor profile and story, by different members."""
    members.add("author")
    members.add("mentor")
    return {
        "role": published_role(app, members.author, members.moderator, title="Head of AI Ops"),
        "mentor": published_profile(app, members.mentor, members.moderator),
        "story": published_story(app, members.author, members.moderator),
    }


def page_of(app, kind_name: str, item_id: int) -> str:
    """The item's public page."""
    with app.test_request_context():
        kind = kind_named(kind_name)
        return kind.public_url(db.session.get(kind.model, item_id))


@pytest.mark.parametrize("kind", ["role", "mentor", "story"])
def test_a_member_saves_an_item_from_its_page_and_removes_it_again(app, members, items, kind):
    members.add("reader")
    reader = members.sign_in("reader")
    page = reader.get(page_of(app, kind, items[kind]), follow_redirects=True)
    assert "Save</button>" in page.get_data(as_text=True)
    action = f"/me/saved/{kind}/{items[kind]}"

    saved = post_action(reader, action, {"action": "save", "next": "/me/saved"})
    assert saved.status_code == 302
    assert bookmarks(app) == [(kind, items[kind])]
    page = reader.get(page_of(app, kind, items[kind]), follow_redirects=True)
    assert "Saved ✓ — remove" in page.get_data(as_text=True)

    post_action(reader, action, {"action": "remove"})
    assert bookmarks(app) == []
    page = reader.get(page_of(app, kind, items[kind]), follow_redirects=True)
    assert "Saved ✓ — remove" not in page.get_data(as_text=True)


def test_saving_twice_keeps_one_bookmark(app, members, items):
    members.add("reader")
    reader = members.sign_in("reader")
    for _ in range(2):
        response = post_action(reader, f"/me/saved/role/{items['role']}", {"action": "save"})
        assert response.status_code == 302
    assert bookmarks(app) == [("role", items["role"])]


def test_saving_without_the_csrf_token_is_refused(app, members, items):
    members.add("reader")
    reader = members.sign_in("reader")
    response = reader.post(f"/me/saved/role/{items['role']}", data={"action": "save"})
    assert response.status_code == 400
    assert bookmarks(app) == []


def test_anonymous_visitors_are_asked_to_sign_in(app, client, items):
    page = client.get(page_of(app, "story", items["story"]), follow_redirects=True)
    assert "Sign in to save" in page.get_data(as_text=True)
    response = post_action(client, f"/me/saved/story/{items['story']}", {"action": "save"})
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]
    assert client.get("/me/saved").status_code == 302
    assert bookmarks(app) == []


def test_only_public_items_can_be_saved(app, members):
    members.add("author")
    members.add("reader")
    draft = draft_story(app, members.author)
    reader = members.sign_in("reader")
    for path in (f"/me/saved/story/{draft}", "/me/saved/story/99999", "/me/saved/planet/1"):
        assert post_action(reader, path, {"action": "save"}).status_code == 404
    assert bookmarks(app) == []


def test_a_bad_action_is_a_clear_400(app, members, items):
    members.add("reader")
    reader = members.sign_in("reader")
    response = post_action(reader, f"/me/saved/role/{items['role']}", {"action": "explode"})
    assert response.status_code == 400
    assert bookmarks(app) == []


def test_saved_list_notes_closed_and_departed_items(app, members, items):
    members.add("reader")
    reader = members.sign_in("reader")
    for kind in ("role", "mentor", "story"):
        post_action(reader, f"/me/saved/{kind}/{items[kind]}", {"action": "save"})
    transition(app, RolePosting, items["role"], "close", members.author)
    transition(app, Story, items["story"], "remove", members.moderator)
    with app.app_context():
        story_title = db.session.get(Story, items["story"]).title
        mentor = db.session.get(MentorProfile, items["mentor"])
        mentor_title = mentor.display_title

    html = reader.get("/me/saved").get_data(as_text=True)

    assert f'href="/roles/{items["role"]}' in html
    assert 'Head of AI Ops</a> <span class="status-badge">closed</span>' in html
    assert f'href="/mentors/{items["mentor"]}"' in html
    assert mentor_title in html
    assert "Story: no longer on the board" in html
    assert story_title not in html
    assert page_of(app, "story", items["story"]) not in html
    # newest first: the story was saved last
    assert html.index("no longer on the board") < html.index("Head of AI Ops")


def test_a_bookmark_of_a_departed_item_can_still_be_removed(app, members, items):
    members.add("reader")
    reader = members.sign_in("reader")
    post_action(reader, f"/me/saved/story/{items['story']}", {"action": "save"})
    transition(app, Story, items["story"], "remove", members.moderator)
    response = post_action(reader, f"/me/saved/story/{items['story']}", {"action": "remove"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/me/saved")
    assert bookmarks(app) == []
    assert "Nothing saved yet" in reader.get("/me/saved").get_data(as_text=True)


def test_members_see_only_their_own_saved_items(app, members, items):
    members.add("reader")
    members.add("other")
    post_action(members.sign_in("reader"), f"/me/saved/role/{items['role']}", {"action": "save"})
    html = members.sign_in("other").get("/me/saved").get_data(as_text=True)
    assert "Head of AI Ops" not in html
    assert "Nothing saved yet" in html
