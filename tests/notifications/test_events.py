"""The events that concern a member notify them: the page's entry and the mail agree."""

from __future__ import annotations

from datetime import timedelta

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.roles import jobs as role_jobs
from tests.notifications.conftest import notifications_of
from tests.roles.conftest import insert_role
from tests.support import PASSWORD, decide, post_action, post_form


def mails_to(outbox, address: str) -> list:
    return [message for message in outbox() if message.recipient == address]


def submitted_role(people) -> int:
    role_id = people.post_role(title="Head of AI Product")
    assert post_action(people.author, f"/me/submissions/role/{role_id}/submit").status_code == 302
    return role_id


def test_a_decision_notifies_the_author_once_with_the_mails_subject(app, people, outbox):
    role_id = submitted_role(people)
    reason = "Please add the team size."
    asked = decide(people.moderator, f"/moderation/role/{role_id}/request_changes",
                   {"reason": reason})  # fmt: skip
    assert asked.status_code == 302
    [note] = notifications_of(app, people.author_user)
    [mail] = mails_to(outbox, "author@example.com")
    assert note.subject == mail.subject
    assert note.subject == "Changes requested on your role posting “Head of AI Product”"
    assert note.topic == "decision" and note.unread
    assert note.link == f"/roles/{role_id}/manage" and note.link in mail.body
    assert reason in mail.body

    post_action(people.author, f"/me/submissions/role/{role_id}/resubmit")
    assert decide(people.moderator, f"/moderation/role/{role_id}/approve").status_code == 302
    notes, mails = notifications_of(app, people.author_user), mails_to(outbox, "author@example.com")
    assert [n.subject for n in notes] == [m.subject for m in mails]
    assert notes[-1].subject == "Your role posting “Head of AI Product” is live"


def test_with_decision_mail_off_the_author_is_notified_but_not_mailed(app, people, outbox):
    kept = ["mentorship", "report", "alert", "reminder"]
    saved = post_form(people.author, "/account", {"topics": kept}, action="/me/notifications/mail")
    assert saved.status_code == 302
    role_id = submitted_role(people)
    assert decide(people.moderator, f"/moderation/role/{role_id}/approve").status_code == 302
    [note] = notifications_of(app, people.author_user)
    assert note.subject == "Your role posting “Head of AI Product” is live"
    assert mails_to(outbox, "author@example.com") == []


def test_a_report_outcome_notifies_the_reporter(app, writers, outbox):
    story_id = writers.publish(title="A story a reader doubts")
    reported = post_form(writers.reader, f"/report/story/{story_id}", {"reason": "spam"})
    assert reported.status_code == 302
    assert notifications_of(app, writers.users["reader"]) == []
    dismissed = decide(writers.moderator, f"/moderation/story/{story_id}/reports/dismiss")
    assert dismissed.status_code == 302
    [note] = notifications_of(app, writers.users["reader"])
    [mail] = mails_to(outbox, "reader@example.com")
    assert note.topic == "report" and note.subject == mail.subject
    assert note.link == f"/stories/{writers.slug(story_id)}"  # it stays: its page
    assert "can stay on the board" in mail.body


def test_a_request_notifies_the_mentor_and_the_answer_the_mentee(app, cast, outbox):
    profile_id = cast.publish_profile()
    assert cast.ask("leader", profile_id).status_code == 302
    live, asked = notifications_of(app, cast.users["alumna"])
    assert live.subject.startswith("Your mentor profile") and live.topic == "decision"
    assert asked.topic == "mentorship" and asked.unread and asked.link == "/mentorship/"
    assert asked.subject == "Leader asks you for mentorship" == outbox()[-1].subject

    request_id = cast.request_id("leader", profile_id)
    assert post_action(cast.alumna, f"/mentorship/{request_id}/accept").status_code == 302
    [answer] = notifications_of(app, cast.users["leader"])
    assert answer.subject == "Mentorship accepted: Alumna and Leader" and answer.unread
    # The mentor hears of her own answer too (the mail holds the mentee's address), already read.
    mine = notifications_of(app, cast.users["alumna"])[-1]
    assert mine.subject == answer.subject and not mine.unread
    assert {m.recipient for m in outbox()[-2:]} == {"alumna@example.com", "leader@example.com"}


def test_a_role_closing_soon_reminds_its_author(app, make_user, outbox):
    author = make_user("poster@example.com")
    closes = utcnow() + timedelta(days=3)
    with app.app_context():
        role_id = insert_role(author.id, expires_at=closes).id
        db.session.commit()
        assert role_jobs.expire_roles() == (0, 1)
    [note] = notifications_of(app, author)
    assert note.topic == "reminder" and note.link == f"/roles/{role_id}/manage"
    assert note.subject == outbox()[-1].subject and "closes on" in note.subject
    assert f"/roles/{role_id}/manage\n" in outbox()[-1].body


def test_account_mail_is_not_a_notification_and_cannot_be_turned_off(app, members, outbox):
    members.add("ada")
    client = members.sign_in("ada")
    assert post_form(client, "/account", {}, action="/me/notifications/mail").status_code == 302
    new = "a-new-long-passphrase-77"
    form = {"current_password": PASSWORD, "password": new, "password_confirm": new}
    changed = post_form(client, "/account/password", form)
    assert changed.status_code == 302
    assert "password was changed" in outbox()[-1].subject
    assert notifications_of(app, members.ada) == []
