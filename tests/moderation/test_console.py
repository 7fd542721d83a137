"""Reports, appeals, claims, notes, approving several, trust, the log, and managing people."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from aicb_board.auth.models import Role, User
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.moderation.models import ModerationEvent, Report
from aicb_board.stories.models import Story
from tests.factories import story_form
from tests.stories.conftest import Writers
from tests.support import PASSWORD, csrf_token, decide, post_action, post_form


@pytest.fixture
def cast(app, make_user) -> Writers:
    """An author, three readers, two moderators and two admins, each signed in."""
    people = Writers(app, make_user)
    for name in ("reader2", "reader3"):
        people.add(name)
    people.add("moderator2", Role.MODERATOR)
    people.add("admin2", Role.ADMIN)
    return people


def report(client, story_id: int, reason: str = "spam", detail: str = ""):
    return post_form(client, f"/report/story/{story_id}", {"reason": reason, "detail": detail})


def story(app, story_id: int) -> Story:
    with app.app_context():
        found = db.session.get(Story, story_id)
        db.session.expunge(found)
        return found


def events(app, kind: str, item_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ModerationEvent.action)
                .where(ModerationEvent.item_kind == kind, ModerationEvent.item_id == item_id)
                .order_by(ModerationEvent.id)
            )
        )


def mail_to(outbox, address: str) -> list[str]:
    return [message.body for message in outbox() if message.recipient == address]


def test_reports_hide_then_uphold_then_appeal_to_another_moderator(app, cast, outbox):
    story_id = cast.publish(title="Get rich quick with AI")
    url = f"/stories/{cast.slug(story_id)}"
    assert "Report this" in cast.reader.get(url).get_data(as_text=True)
    assert "Report this" not in cast.author.get(url).get_data(as_text=True)

    assert report(cast.reader, story_id, "spam", "Sells a course").status_code == 302
    assert report(cast.reader2, story_id, "misleading").status_code == 302
    assert cast.anonymous.get(url).status_code == 200  # two reports: still public
    assert report(cast.reader3, story_id, "spam").status_code == 302
    assert story(app, story_id).status == "hidden"
    assert cast.anonymous.get(url).status_code == 404
    assert "Get rich" not in cast.anonymous.get("/search?q=rich").get_data(as_text=True)

    queue = cast.moderator.get("/moderation/?category=report").get_data(as_text=True)
    assert "Get rich quick with AI" in queue
    review = cast.moderator.get(f"/moderation/story/{story_id}").get_data(as_text=True)
    assert "Sells a course" in review and "Misleading or false" in review
    assert "reader@example.com" not in review  # reporters stay anonymous, even here

    response = decide(cast.moderator, f"/moderation/story/{story_id}/reports/uphold",
                           {"reason": "Advertising a paid course."})  # fmt: skip
    assert response.status_code == 302
    assert story(app, story_id).status == "removed"
    assert "Advertising a paid course." in mail_to(outbox, "author@example.com")[-1]
    assert "appeal" in mail_to(outbox, "author@example.com")[-1]
    for reader in ("reader", "reader2", "reader3"):
        assert "removed from the board" in mail_to(outbox, f"{reader}@example.com")[-1]
    mine = cast.author.get("/me/submissions").get_data(as_text=True)
    assert "Appeal this decision" in mine and "Reader" not in mine  # no reporter names

    appeal = post_form(cast.author, f"/me/submissions/story/{story_id}/appeal",
                       {"message": "It is my own story, not an advert."})  # fmt: skip
    assert appeal.status_code == 302
    again = post_action(cast.author, f"/me/submissions/story/{story_id}/appeal", {"message": "x"})
    assert again.status_code == 409  # once
    with app.app_context():
        from aicb_board.moderation.models import Appeal

        appeal_id = db.session.scalar(select(Appeal.id))
    review = cast.moderator.get(f"/moderation/story/{story_id}").get_data(as_text=True)
    assert "You made the decision under appeal" in review
    review = f"/moderation/story/{story_id}"
    same = decide(cast.moderator, f"/moderation/appeals/{appeal_id}/grant", {"reason": "ok"},
                  review=review)  # fmt: skip
    assert same.status_code == 403
    assert story(app, story_id).status == "removed"
    granted = decide(cast.moderator2, f"/moderation/appeals/{appeal_id}/grant",
                     {"reason": "A personal story; the course link is gone."},
                     review=review)  # fmt: skip
    assert granted.status_code == 302
    assert story(app, story_id).status == "published"
    assert cast.anonymous.get(url).status_code == 200
    assert "Your appeal was granted" in mail_to(outbox, "author@example.com")[-1]

    assert events(app, "story", story_id)[-9:] == [
        "approve", "report", "report", "report", "hide", "remove", "uphold_reports", "appeal",
        "grant_appeal",
    ]  # fmt: skip
    log = cast.moderator.get("/moderation/log?kind=story").get_data(as_text=True)
    for label in ("Reported", "Hidden after reports", "Remove", "Reports upheld", "Appealed",
                  "Appeal granted: published"):  # fmt: skip
        assert label in log


def test_reporting_rules(app, cast):
    story_id = cast.publish()
    assert report(cast.reader, story_id).status_code == 302
    assert report(cast.reader, story_id).status_code == 409  # once per member
    assert cast.author.get(f"/report/story/{story_id}").status_code == 403  # not one's own
    own = post_action(cast.author, f"/report/story/{story_id}", {"reason": "spam"})
    assert own.status_code == 403
    assert report(cast.reader2, story_id, reason="nonsense").status_code == 422
    assert report(cast.reader2, story_id, detail="x" * 3000).status_code == 422
    draft_id = cast.write(title="Still a draft")
    assert cast.reader.get(f"/report/story/{draft_id}").status_code == 404
    assert cast.anonymous.get(f"/report/story/{story_id}").status_code == 302  # sign in first
    assert cast.reader.get("/report/nothing/1").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Report)) == 1


def test_dismissed_reports_bring_a_hidden_item_back(app, cast, outbox):
    story_id = cast.publish()
    for reader in ("reader", "reader2", "reader3"):
        report(cast.clients[reader], story_id)
    assert story(app, story_id).status == "hidden"
    decide(cast.moderator, f"/moderation/story/{story_id}/reports/dismiss", {"reason": ""})
    assert story(app, story_id).status == "published"
    assert "can stay on the board" in mail_to(outbox, "reader2@example.com")[-1]
    assert "Nothing waiting" in cast.moderator.get("/moderation/?category=report").get_data(
        as_text=True
    )
    again = decide(cast.moderator, f"/moderation/story/{story_id}/reports/dismiss")
    assert again.status_code == 409  # already decided


def test_an_appeal_comes_within_fourteen_days(app, cast):
    story_id = cast.write()
    post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    decide(cast.moderator, f"/moderation/story/{story_id}/reject", {"reason": "Off topic."})
    with app.app_context():  # the decision was 15 days ago
        db.session.execute(
            ModerationEvent.__table__.update()
            .where(ModerationEvent.action == "reject")
            .values(created_at=utcnow() - timedelta(days=15))
        )
        db.session.commit()
    late = post_action(cast.author, f"/me/submissions/story/{story_id}/appeal", {"message": "x"})
    assert late.status_code == 409
    assert cast.reader.get(f"/me/submissions/story/{story_id}/appeal").status_code == 404


def test_a_claim_keeps_other_moderators_off(app, cast):
    story_id = cast.write()
    post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    assert post_action(cast.moderator, f"/moderation/story/{story_id}/claim").status_code == 302
    queue = cast.moderator2.get("/moderation/").get_data(as_text=True)
    assert "Moderator" in queue
    blocked = decide(cast.moderator2, f"/moderation/story/{story_id}/approve")
    assert blocked.status_code == 409 and story(app, story_id).status == "pending"
    assert post_action(cast.moderator2, f"/moderation/story/{story_id}/claim").status_code == 409
    assert decide(cast.moderator, f"/moderation/story/{story_id}/approve").status_code == 302
    assert story(app, story_id).status == "published"


def test_notes_are_for_moderators_only(app, cast):
    story_id = cast.write()
    post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    post_action(cast.moderator, f"/moderation/story/{story_id}/notes",
                {"body": "Checked the author's LinkedIn."})  # fmt: skip
    assert "Checked the author" in cast.moderator2.get(f"/moderation/story/{story_id}").get_data(
        as_text=True
    )
    assert "Checked the author" not in cast.author.get("/me/submissions").get_data(as_text=True)
    assert post_action(cast.author, f"/moderation/story/{story_id}/notes",
                       {"body": "hi"}).status_code == 403  # fmt: skip
    assert post_action(cast.moderator, f"/moderation/story/{story_id}/notes",
                       {"body": ""}).status_code == 422  # fmt: skip


def test_approving_several_at_once(app, cast):
    ids = [cast.write(title=f"Story number {n}") for n in range(3)]
    for story_id in ids:
        post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    own = cast.write("moderator", title="The moderator's own story")
    post_action(cast.moderator, f"/me/submissions/story/{own}/submit")
    response = post_action(
        cast.moderator, "/moderation/approve-many",
        {"items": [f"story:{i}:1" for i in ids] + [f"story:{own}:1", "story:999999:1", "junk"]},
    )  # fmt: skip
    assert response.status_code == 302
    assert [story(app, i).status for i in ids] == ["published"] * 3
    assert story(app, own).status == "pending"  # one's own is for another moderator
    page = cast.moderator.get("/moderation/").get_data(as_text=True)
    assert "Approved 3" in page and "Not approved" in page


def test_approving_several_takes_only_plain_ids(app, cast):
    story_id = cast.write(title="A story waiting for review")
    post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    full_width = "".join(chr(ord(digit) + 0xFEE0) for digit in str(story_id))  # "１２"
    odd = [f"story:{full_width}", "story:\u00b2", "story:" + "9" * 23, f"role:{2**31}"]
    response = post_action(cast.moderator, "/moderation/approve-many", {"items": odd})
    assert response.status_code == 302
    assert story(app, story_id).status == "pending"  # no other spelling of its id approves it
    page = cast.moderator.get("/moderation/").get_data(as_text=True)
    assert "Select the submissions to approve." in page


def test_a_trusted_members_edit_goes_live_and_waits_for_a_look(app, cast):
    ids = [cast.publish(title=f"Story number {n}") for n in range(3)]
    form_path = f"/stories/{ids[0]}/edit"
    response = post_form(cast.author, form_path, story_form(title="Story number zero, retitled"))
    assert response.status_code == 302
    assert story(app, ids[0]).title == "Story number zero, retitled"  # live at once
    queue = cast.moderator.get("/moderation/?category=trusted").get_data(as_text=True)
    assert "Story number zero, retitled" in queue
    with app.app_context():
        from aicb_board.moderation.models import Revision

        revision_id = db.session.scalar(select(Revision.id).where(Revision.status == "trusted"))
    post_action(cast.moderator, f"/moderation/trusted-edits/{revision_id}/checked")
    assert "retitled" not in cast.moderator.get("/moderation/?category=trusted").get_data(
        as_text=True
    )


def test_an_untrusted_members_edit_waits(app, cast):
    story_id = cast.publish(title="Only one so far")
    post_form(cast.author, f"/stories/{story_id}/edit",
              story_form(title="Changed title"))  # fmt: skip
    assert story(app, story_id).title == "Only one so far"


def test_suspending_a_member_hides_their_content_and_ends_their_sessions(app, cast, outbox):
    published = cast.publish(title="A published story")
    waiting = cast.write(title="A waiting story")
    post_action(cast.author, f"/me/submissions/story/{waiting}/submit")
    author_id = cast.users["author"].id
    assert cast.author.get("/me/submissions").status_code == 200

    assert cast.moderator.get(f"/admin/users/{author_id}").status_code == 403
    no_reason = post_action(cast.admin, f"/admin/users/{author_id}/suspend", {"reason": ""})
    assert no_reason.status_code == 422
    response = post_action(cast.admin, f"/admin/users/{author_id}/suspend",
                           {"reason": "Repeated spam.", "confirm": "1"})  # fmt: skip
    assert response.status_code == 302
    assert story(app, published).status == "hidden"
    assert story(app, waiting).status == "withdrawn"
    assert cast.author.get("/me/submissions").status_code == 302  # signed out
    login = post_form(cast.anonymous, "/auth/login",
                      {"email": "author@example.com", "password": PASSWORD})  # fmt: skip
    assert login.status_code == 422 and "suspended" in login.get_data(as_text=True)
    person = cast.admin.get(f"/admin/users/{author_id}").get_data(as_text=True)
    assert "Repeated spam." in person and "Suspended" in person

    post_action(cast.admin, f"/admin/users/{author_id}/reinstate", {"reason": "Appealed."})
    assert story(app, published).status == "published"
    assert story(app, waiting).status == "withdrawn"  # withdrawn stays withdrawn
    log = cast.admin.get("/moderation/log?kind=user").get_data(as_text=True)
    assert "Suspended" in log and "Reinstated" in log and "Repeated spam." in log


def test_admins_cannot_suspend_or_demote_themselves_or_the_last_admin(app, cast):
    me = cast.users["admin"].id
    assert post_action(cast.admin, f"/admin/users/{me}/suspend",
                       {"reason": "x"}).status_code == 403  # fmt: skip
    assert post_action(cast.admin, f"/admin/users/{me}/role",
                       {"role": "member", "reason": "x"}).status_code == 403  # fmt: skip
    other = cast.users["admin2"].id
    demoted = post_action(cast.admin, f"/admin/users/{other}/role",
                          {"role": "member", "reason": "Stepping down."})  # fmt: skip
    assert demoted.status_code == 302
    with app.app_context():
        assert db.session.get(User, other).role == "member"
    promoted = post_action(cast.admin, f"/admin/users/{cast.users['reader'].id}/role",
                           {"role": "moderator", "reason": "Helps a lot."})  # fmt: skip
    assert promoted.status_code == 302
    bad = post_action(cast.admin, f"/admin/users/{cast.users['reader'].id}/role",
                      {"role": "emperor", "reason": "x"})  # fmt: skip
    assert bad.status_code == 422


def test_people_search_and_the_log_filters(app, cast):
    page = cast.admin.get("/admin/users?q=reader").get_data(as_text=True)
    assert "reader2@example.com" in page and "author@example.com" not in page
    assert "Nobody matches" in cast.admin.get("/admin/users?q=%25_%5C").get_data(as_text=True)
    story_id = cast.publish()
    log = cast.moderator.get("/moderation/log?action=approve").get_data(as_text=True)
    assert f'href="/moderation/story/{story_id}"' in log  # named by its title (issue 16)
    assert f'href="/moderation/story/{story_id}"' not in cast.moderator.get(
        "/moderation/log?action=submit&since=2999-01-01"
    ).get_data(as_text=True)
    for odd in ("?since=yesterday", "?moderator=abc", "?kind=<x>", "?action=drop", "?page=-1"):
        assert cast.moderator.get(f"/moderation/log{odd}").status_code == 200


@pytest.mark.parametrize(
    "odd",
    [
        "?moderator=%C2%B2",  # "²": a digit to str.isdigit(), not to int()
        "?moderator=" + "9" * 23,
        "?moderator=%EF%BC%91",  # a full-width "1"
        "?until=9999-12-31",
        "?since=0001-01-01",
        "?since=%D9%A2%D9%A0%D9%A2%D9%A6-01-01",  # 2026 in Arabic-Indic digits
        "?page=%C2%B2",
    ],
)
def test_odd_log_filters_are_ignored_never_a_500(app, cast, odd):
    story_id = cast.publish()
    response = cast.moderator.get(f"/moderation/log{odd}")
    assert response.status_code == 200
    assert f'href="/moderation/story/{story_id}"' in response.get_data(as_text=True)  # ignored


def test_the_queue_shows_its_health(app, cast):
    story_id = cast.write()
    post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    page = cast.moderator.get("/moderation/").get_data(as_text=True)
    assert "Median time to decision" in page and "<svg" in page and "Waiting" in page
    decide(cast.moderator, f"/moderation/story/{story_id}/approve")
    page = cast.moderator.get("/moderation/").get_data(as_text=True)
    assert "1 in all" in page  # one decision in the chart


def test_admins_edit_the_canned_reasons(app, cast):
    assert post_form(cast.admin, "/admin/reasons", {"text": "Please add a salary range."}
                     ).status_code == 302  # fmt: skip
    story_id = cast.write()
    post_action(cast.author, f"/me/submissions/story/{story_id}/submit")
    review = cast.moderator.get(f"/moderation/story/{story_id}").get_data(as_text=True)
    assert "Please add a salary range." in review
    assert cast.moderator.get("/admin/reasons").status_code == 403
    assert post_action(cast.moderator, "/admin/reasons", {"text": "x"}).status_code == 403
    duplicate = post_form(cast.admin, "/admin/reasons", {"text": "Please add a salary range."})
    assert duplicate.status_code == 409


ROUTES = [
    ("GET", "/moderation/log"), ("GET", "/admin/users"), ("GET", "/admin/reasons"),
    ("POST", "/moderation/approve-many"), ("POST", "/moderation/story/1/claim"),
    ("POST", "/moderation/story/1/release"), ("POST", "/moderation/story/1/notes"),
    ("POST", "/moderation/story/1/reports/uphold"), ("POST", "/moderation/appeals/1/grant"),
    ("POST", "/moderation/trusted-edits/1/checked"), ("POST", "/admin/users/1/suspend"),
    ("POST", "/admin/users/1/role"), ("POST", "/admin/reasons"),
    ("POST", "/admin/reasons/1/delete"),
]  # fmt: skip


PAGES_WITH_FORMS = {"/admin/reasons"}  # GET shows the page, POST adds to it


@pytest.mark.parametrize(("method", "path"), ROUTES)
def test_new_routes_need_the_right_role_and_no_get_changes_anything(cast, method, path):
    anonymous = cast.anonymous.open(path, method=method)
    assert anonymous.status_code in {302, 400}  # sign in first (or no CSRF token)
    if method == "POST":
        token = csrf_token(cast.reader, "/auth/login")
        assert cast.reader.post(path, data={"csrf_token": token}).status_code == 403
        if path not in PAGES_WITH_FORMS:
            assert cast.admin.get(path).status_code == 405
    else:
        assert cast.reader.get(path).status_code == 403
    if path.startswith("/admin"):
        if method == "POST":
            token = csrf_token(cast.moderator, "/auth/login")
            assert cast.moderator.post(path, data={"csrf_token": token}).status_code == 403
        else:
            assert cast.moderator.get(path).status_code == 403
