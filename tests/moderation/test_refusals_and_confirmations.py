"""Issue 16, moderation: a refused action shows its page again with why; destructive actions
ask first on a page of their own; a suspended member is told how to appeal; labels say
what is true."""

from __future__ import annotations

import re

import pytest

from aicb_board.auth.models import Role, User
from aicb_board.extensions import db
from aicb_board.roles.models import RolePosting
from tests.factories import draft_role, published_role, role_form
from tests.support import decide, post_action, post_form


@pytest.fixture
def board(members):
    """An author, a reader, two moderators and an admin, on the shared `members`."""
    members.add("author")
    members.add("reader")
    members.add("moderator2", Role.MODERATOR)
    return members


def status_of(app, role_id: int) -> str:
    with app.app_context():
        return db.session.get(RolePosting, role_id).status


def pending_role(app, board, **fields) -> int:
    role_id = draft_role(app, board.author, **fields)
    post_action(board.sign_in("author"), f"/me/submissions/role/{role_id}/submit")
    return role_id


def live_role(app, board, **fields) -> int:
    return published_role(app, board.author, board.moderator, **fields)


# 1. A decision without its reason: the review page again, the error by the reason field.


@pytest.mark.parametrize("action", ["reject", "request_changes"])
def test_a_decision_without_its_reason_shows_the_review_page_with_the_error(app, board, action):
    role_id = pending_role(app, board, title="Head of Applied AI")
    response = decide(board.sign_in("moderator"), f"/moderation/role/{role_id}/{action}",
                      {"reason": ""})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Review: Head of Applied AI" in page  # the review page, not a bare error page
    assert f'id="{action}-error"' in page and "Give a reason" in page
    assert status_of(app, role_id) == "pending"


def test_removing_and_upholding_reports_without_a_reason_show_the_error_by_the_field(app, board):
    role_id = live_role(app, board, title="Chief AI Officer")
    moderator = board.sign_in("moderator")
    removed = decide(moderator, f"/moderation/role/{role_id}/remove", {"reason": ""})
    assert removed.status_code == 422 and 'id="remove-error"' in removed.get_data(as_text=True)
    post_form(board.sign_in("reader"), f"/report/role/{role_id}", {"reason": "spam"})
    upheld = decide(moderator, f"/moderation/role/{role_id}/reports/uphold", {"reason": ""})
    assert upheld.status_code == 422 and 'id="uphold-error"' in upheld.get_data(as_text=True)
    assert status_of(app, role_id) == "published"


def test_declining_an_edit_without_a_reason_shows_the_error_by_the_field(app, board):
    role_id = live_role(app, board)
    post_form(board.sign_in("author"), f"/roles/{role_id}/edit", role_form(title="Renamed"))
    moderator = board.sign_in("moderator")
    review = moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    [revision_id] = re.findall(r"/moderation/revisions/(\d+)/reject", review)
    response = decide(moderator, f"/moderation/revisions/{revision_id}/reject", {"reason": ""},
                      review=f"/moderation/role/{role_id}")  # fmt: skip
    assert response.status_code == 422
    assert 'id="revision-error"' in response.get_data(as_text=True)


def test_denying_an_appeal_without_a_reason_shows_the_error_by_the_field(app, board):
    role_id = pending_role(app, board)
    decide(board.sign_in("moderator"), f"/moderation/role/{role_id}/reject", {"reason": "Spam."})
    post_form(board.sign_in("author"), f"/me/submissions/role/{role_id}/appeal",
              {"message": "It is a real role."})  # fmt: skip
    other = board.sign_in("moderator2")
    review = other.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    [appeal_id] = re.findall(r"/moderation/appeals/(\d+)/deny", review)
    response = decide(other, f"/moderation/appeals/{appeal_id}/deny", {"reason": ""},
                      review=f"/moderation/role/{role_id}")  # fmt: skip
    assert response.status_code == 422 and 'id="deny-error"' in response.get_data(as_text=True)


# 2. Refusals return to their page, with the message.


def test_reporting_twice_says_so_up_front_without_the_form(app, board):
    role_id = live_role(app, board, title="VP of AI")
    reader = board.sign_in("reader")
    assert post_form(reader, f"/report/role/{role_id}", {"reason": "spam"}).status_code == 302
    again = reader.get(f"/report/role/{role_id}")
    page = again.get_data(as_text=True)
    assert again.status_code == 200 and "You already reported this" in page
    assert 'name="reason"' not in page and "VP of AI" in page  # no form; the way back
    posted = post_action(reader, f"/report/role/{role_id}", {"reason": "spam"})
    assert posted.status_code == 409 and "You already reported this" in posted.get_data(
        as_text=True
    )


def test_an_author_action_in_the_wrong_state_shows_the_manage_page_with_why(app, board):
    role_id = pending_role(app, board)
    again = post_action(board.sign_in("author"), f"/me/submissions/role/{role_id}/submit")
    page = again.get_data(as_text=True)
    assert again.status_code == 409
    assert "Your role posting" in page and "Nothing was done" in page
    assert "cannot be sent through" in page


def test_a_decision_on_an_item_another_moderator_holds_shows_the_review_page(app, board):
    role_id = pending_role(app, board)
    post_action(board.sign_in("moderator"), f"/moderation/role/{role_id}/claim")
    blocked = decide(board.sign_in("moderator2"), f"/moderation/role/{role_id}/approve")
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 409 and "Review:" in page and "is reviewing this" in page
    assert status_of(app, role_id) == "pending"


def test_appealing_twice_shows_the_appeal_page_with_why_and_no_form(app, board):
    role_id = pending_role(app, board)
    decide(board.sign_in("moderator"), f"/moderation/role/{role_id}/reject", {"reason": "Spam."})
    author = board.sign_in("author")
    path = f"/me/submissions/role/{role_id}/appeal"
    assert post_form(author, path, {"message": "It is real."}).status_code == 302
    again = author.get(path)
    page = again.get_data(as_text=True)
    assert again.status_code == 409 and "already appealed" in page
    assert 'name="message"' not in page and "Back to your submissions" in page


# 3. and 5. Mark as filled asks first, then says truthfully what happened.


def test_mark_as_filled_asks_first_then_says_the_author_closed_it(app, board):
    role_id = live_role(app, board, title="Head of ML Platform")
    author = board.sign_in("author")
    action = f"/me/submissions/role/{role_id}/close"
    asked = post_action(author, action, {"reason": "The role is filled."})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and status_of(app, role_id) == "published"  # nothing yet
    assert 'name="confirm" value="1"' in page and "Yes, close it" in page
    assert "banner saying it is closed" in page and f"/roles/{role_id}/manage" in page  # cancel
    done = post_action(author, action, {"reason": "The role is filled.", "confirm": "1"})
    assert done.status_code == 302 and status_of(app, role_id) == "archived"
    manage = author.get(done.headers["Location"]).get_data(as_text=True)
    assert "You marked it as filled" in manage
    assert "Moderator&#39;s reason" not in manage and "Moderator's reason" not in manage
    assert "page stays up" in manage and "no longer public" not in manage
    public = board.sign_in("reader").get(f"/roles/{role_id}", follow_redirects=True)
    assert "This role is closed" in public.get_data(as_text=True)


def test_withdrawing_asks_first_and_the_first_click_changes_nothing(app, board):
    role_id = pending_role(app, board)
    author = board.sign_in("author")
    manage = author.get(f"/roles/{role_id}/manage").get_data(as_text=True)
    assert "Withdraw…" in manage
    action = f"/me/submissions/role/{role_id}/withdraw"
    asked = post_action(author, action)
    assert asked.status_code == 200 and status_of(app, role_id) == "pending"
    assert "only you can see it" in asked.get_data(as_text=True)
    done = post_action(author, action, {"confirm": "1"})
    assert done.status_code == 302 and status_of(app, role_id) == "withdrawn"
    after = author.get(done.headers["Location"]).get_data(as_text=True)
    assert "Withdrawn: only you can see it now" in after


# 4. Labels.


def test_one_new_submission_in_the_queue_is_labelled_in_the_singular(app, board):
    pending_role(app, board)
    queue = board.sign_in("moderator").get("/moderation/").get_data(as_text=True)
    assert '<span class="tag">New submission</span>' in queue


def test_a_reported_live_item_is_shown_as_live_with_one_remove_form(app, board):
    role_id = live_role(app, board)
    post_form(board.sign_in("reader"), f"/report/role/{role_id}", {"reason": "spam"})
    review = board.sign_in("moderator").get(f"/moderation/role/{role_id}").get_data(as_text=True)
    assert "As it looks now, live" in review and "As it will look when published" not in review
    assert f"/moderation/role/{role_id}/reports/uphold" in review
    assert f'action="/moderation/role/{role_id}/remove"' not in review  # uphold is the one


def test_the_log_names_items_by_their_title(app, board):
    role_id = live_role(app, board, title="Director of AI Research")
    log = board.sign_in("moderator").get("/moderation/log").get_data(as_text=True)
    assert f'<a href="/moderation/role/{role_id}">Role posting “Director of AI Research”</a>' in log


# 5. and 6. Suspending asks first, and the member is mailed why and where to appeal.


def test_suspending_asks_first_then_mails_the_member_how_to_appeal(app, board, outbox):
    live_role(app, board, title="Live role")
    admin = board.sign_in("admin")
    author_id = board.author.id
    action = f"/admin/users/{author_id}/suspend"
    asked = post_action(admin, action, {"reason": "Posting fake roles."})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Yes, suspend Author" in page
    assert "1 published item(s)" in page and "author@example.com" in page
    with app.app_context():
        assert not db.session.get(User, author_id).is_suspended  # the first click did nothing
    done = post_action(admin, action, {"reason": "Posting fake roles.", "confirm": "1"})
    assert done.status_code == 302
    with app.app_context():
        assert db.session.get(User, author_id).is_suspended
    [mail] = [
        m for m in outbox() if m.recipient == "author@example.com" and "suspended" in m.subject
    ]
    address = app.config["APPEALS_EMAIL"]
    assert "@" in address and address in mail.body and "Posting fake roles." in mail.body
    person = admin.get(f"/admin/users/{author_id}").get_data(as_text=True)
    assert "Hidden: its author is suspended" in person and "Hidden while reviewed" not in person


def test_suspending_without_a_reason_shows_the_person_page_with_the_error(app, board):
    author_id = board.author.id
    response = post_action(board.sign_in("admin"), f"/admin/users/{author_id}/suspend")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="suspend-error"' in page and "Account history" in page
