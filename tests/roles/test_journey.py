"""The whole life of a role, as the issue tells it: submit → review → publish → edit → expire."""

import json
import re
from datetime import timedelta

from sqlalchemy import select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.moderation.models import ModerationEvent
from aicb_board.roles.models import RolePosting
from tests.factories import role_form
from tests.support import decide, post_action, post_form

ROLE_SITEMAP = "/sitemaps/role-1.xml"  # one file while there are fewer than SITEMAP_CHUNK roles
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def public_places(client, role_id: int, title: str) -> dict[str, bool]:
    """Where the public can see the role."""
    detail = client.get(f"/roles/{role_id}", follow_redirects=True)
    return {
        "list": title in client.get("/roles/").get_data(as_text=True),
        "detail": detail.status_code == 200,
        "feed": title in client.get("/roles/feed.atom").get_data(as_text=True),
        "sitemap": f"/roles/{role_id}-" in client.get(ROLE_SITEMAP).get_data(as_text=True),
    }


def events_of(app, role_id: int) -> list[tuple[str, str, str]]:
    with app.app_context():
        rows = db.session.scalars(
            select(ModerationEvent)
            .where(ModerationEvent.item_kind == "role", ModerationEvent.item_id == role_id)
            .order_by(ModerationEvent.id)
        )
        return [(e.action, e.from_status, e.to_status) for e in rows]


def test_the_whole_journey_of_a_role(app, people, outbox):
    anonymous = people.anonymous
    role_id = people.post_role(title="Head of AI Product")
    assert post_action(people.author, f"/me/submissions/role/{role_id}/submit").status_code == 302

    # Pending: nowhere public.
    assert public_places(anonymous, role_id, "Head of AI Product") == dict.fromkeys(
        ("list", "detail", "feed", "sitemap"), False
    )
    assert anonymous.get(f"/roles/{role_id}").status_code == 404

    # The moderator sees it in the queue and asks for changes, with a reason.
    queue = people.moderator.get("/moderation/").get_data(as_text=True)
    assert "Head of AI Product" in queue and "Alex Author" in queue
    reason = "Please add the team size and reporting line."
    response = decide(
        people.moderator, f"/moderation/role/{role_id}/request_changes", {"reason": reason}
    )
    assert response.status_code == 302
    mail = outbox()[-1]
    assert mail.recipient == "author@example.com" and reason in mail.body

    # The author reads the reason, edits and resubmits.
    manage = people.author.get(f"/roles/{role_id}/manage").get_data(as_text=True)
    assert reason in manage and "Changes requested" in manage
    edited = role_form(title="Head of AI Product (team of 6, reports to CPO)")
    assert post_form(people.author, f"/roles/{role_id}/edit", edited).status_code == 302
    assert post_action(people.author, f"/me/submissions/role/{role_id}/resubmit").status_code == 302

    # Approved: in the list, detail, feed and sitemap, with valid JSON-LD.
    assert decide(people.moderator, f"/moderation/role/{role_id}/approve").status_code == 302
    assert "approved" in outbox()[-1].body
    title = "Head of AI Product (team of 6, reports to CPO)"
    assert public_places(anonymous, role_id, title) == dict.fromkeys(
        ("list", "detail", "feed", "sitemap"), True
    )
    page = anonymous.get(f"/roles/{role_id}", follow_redirects=True).get_data(as_text=True)
    posting = json.loads(JSON_LD.search(page).group(1))
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == title
    assert posting["hiringOrganization"]["name"] == "Northwind Analytics"
    assert posting["jobLocation"]["address"]["addressCountry"] == "DE"
    assert posting["baseSalary"]["value"]["minValue"] == 180000
    assert posting["employmentType"] == "FULL_TIME"
    for key in ("description", "datePosted", "validThrough", "identifier", "directApply"):
        assert key in posting

    # The author edits the live role: the public still sees the old version.
    assert (
        post_form(
            people.author, f"/roles/{role_id}/edit", role_form(title="VP of AI Product")
        ).status_code
        == 302
    )
    assert title in anonymous.get(f"/roles/{role_id}", follow_redirects=True).get_data(as_text=True)
    review = people.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    assert "<ins>VP</ins>" in review and "Proposed edit" in review
    with app.app_context():
        [revision_id] = db.session.scalars(
            select(ModerationEvent.revision_id).where(ModerationEvent.action == "propose_revision")
        ).all()
    assert (
        decide(
            people.moderator,
            f"/moderation/revisions/{revision_id}/approve",
            review=f"/moderation/role/{role_id}",
        ).status_code
        == 302
    )
    live = anonymous.get(f"/roles/{role_id}", follow_redirects=True).get_data(as_text=True)
    assert "VP of AI Product" in live

    # It expires: the page stays, with the closed banner, noindex and no JSON-LD.
    with app.app_context():
        role = db.session.get(RolePosting, role_id)
        role.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert "VP of AI Product" not in anonymous.get("/roles/").get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["roles", "expire"])
    assert "Closed 1 role" in result.output
    closed = anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    text = closed.get_data(as_text=True)
    assert closed.status_code == 200
    assert "This role is closed" in text
    assert 'content="noindex"' in text and "application/ld+json" not in text

    # Every step is in the audit log, and the author was mailed at each decision.
    assert [action for action, _, _ in events_of(app, role_id)] == [
        "create", "submit", "request_changes", "edit", "resubmit", "approve",
        "propose_revision", "approve_revision", "expire",
    ]  # fmt: skip
    subjects = [m.subject for m in outbox() if m.recipient == "author@example.com"]
    assert len(subjects) == 4  # changes requested, approved, edit approved, expired


def test_author_sees_the_journey_in_my_submissions(people):
    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    decide(people.moderator, f"/moderation/role/{role_id}/reject", {"reason": "Not an AI role."})
    page = people.author.get("/me/submissions").get_data(as_text=True)
    assert "Head of AI Product" in page and "Rejected" in page and "Not an AI role." in page
    assert "Submit for review" in page  # the history names the steps


def test_withdraw_and_renew(people):
    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    decide(people.moderator, f"/moderation/role/{role_id}/approve")
    response = post_action(
        people.author,
        f"/me/submissions/role/{role_id}/close",
        {"reason": "The role is filled.", "confirm": "1"},
    )
    assert response.status_code == 302
    closed = people.anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    assert "This role is closed" in closed.get_data(as_text=True)
    assert post_action(people.author, f"/me/submissions/role/{role_id}/renew").status_code == 302
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 404  # pending again
    assert "Head of AI Product" in people.moderator.get("/moderation/").get_data(as_text=True)


def test_removed_role_is_gone_and_can_be_restored(people, outbox):
    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    decide(people.moderator, f"/moderation/role/{role_id}/approve")
    decide(
        people.moderator,
        f"/moderation/role/{role_id}/remove",
        {"canned_reason": "Spam or advertising."},
    )
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 410
    assert "Spam or advertising." in outbox()[-1].body
    decide(people.admin, f"/moderation/role/{role_id}/restore")
    assert people.anonymous.get(f"/roles/{role_id}", follow_redirects=True).status_code == 200


def test_reminder_mail_five_days_before_closing(app, people, outbox):
    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    decide(people.moderator, f"/moderation/role/{role_id}/approve")
    with app.app_context():
        db.session.get(RolePosting, role_id).expires_at = utcnow() + timedelta(days=3)
        db.session.commit()
    runner = app.test_cli_runner()
    assert "reminded the authors of 1" in runner.invoke(args=["roles", "expire"]).output
    reminder = outbox()[-1]
    assert "closes on" in reminder.subject
    assert f"/roles/{role_id}/manage" in reminder.body
    assert "reminded the authors of 0" in runner.invoke(args=["roles", "expire"]).output
