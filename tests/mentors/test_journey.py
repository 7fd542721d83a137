"""A mentorship from profile to feedback, and every way a request can end."""

from datetime import timedelta

from sqlalchemy import select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mentors.models import MentorshipEvent, MentorshipRequest
from tests.factories import profile_form
from tests.support import decide, post_action, post_form


def test_the_whole_journey(app, cast, outbox):
    # An alumna writes her profile: pending, not public.
    assert post_form(cast.alumna, "/mentors/profile", profile_form()).status_code == 302
    profile_id = cast.profile_id("alumna")
    post_action(cast.alumna, f"/me/submissions/mentor/{profile_id}/submit")
    assert cast.anonymous.get(f"/mentors/{profile_id}").status_code == 404
    assert "Director of Marketing" not in cast.anonymous.get("/mentors/").get_data(as_text=True)
    assert "Director of Marketing" in cast.moderator.get("/moderation/").get_data(as_text=True)

    # A moderator approves: it is in the directory, without the contact.
    assert decide(cast.moderator, f"/moderation/mentor/{profile_id}/approve").status_code == 302
    directory = cast.anonymous.get("/mentors/").get_data(as_text=True)
    assert "Director of Marketing → Head of AI Product" in directory
    assert "Go-to-market → Product" in directory and "2 of 2 spots open" in directory
    page = cast.anonymous.get(f"/mentors/{profile_id}").get_data(as_text=True)
    assert "cal.example/alumna" not in page

    # A leader asks; the mentor is mailed and accepts; the leader sees the contact.
    assert cast.ask("leader", profile_id).status_code == 302
    assert outbox()[-1].recipient == "alumna@example.com"
    assert "cal.example/alumna" not in cast.leader.get("/mentorship/").get_data(as_text=True)
    request_id = cast.request_id("leader", profile_id)
    assert post_action(cast.alumna, f"/mentorship/{request_id}/accept").status_code == 302
    assert {m.recipient for m in outbox()[-2:]} == {"alumna@example.com", "leader@example.com"}
    assert "https://cal.example/alumna" in cast.leader.get("/mentorship/").get_data(as_text=True)
    assert "1 of 2 spots open" in cast.anonymous.get("/mentors/").get_data(as_text=True)

    # They complete it and both leave private feedback, which only admins read.
    data = {"note": "Thanks!", "confirm": "1"}
    response = post_action(cast.leader, f"/mentorship/{request_id}/complete", data)
    assert response.status_code == 302
    for who, rating in (("leader", "5"), ("alumna", "4")):
        data = {"rating": rating, "note": f"Feedback from {who}"}
        assert (
            post_action(cast.clients[who], f"/mentorship/{request_id}/feedback", data).status_code
            == 302
        )
    again = post_action(cast.leader, f"/mentorship/{request_id}/feedback", {"rating": "1"})
    assert again.status_code == 409
    assert cast.leader.get("/mentorship/feedback").status_code == 403
    feedback = cast.admin.get("/mentorship/feedback").get_data(as_text=True)
    assert "Feedback from leader" in feedback and "5 / 5" in feedback

    with app.app_context():
        actions = db.session.scalars(
            select(MentorshipEvent.action)
            .where(MentorshipEvent.request_id == request_id)
            .order_by(MentorshipEvent.id)
        ).all()
    assert actions == ["create", "accept", "complete"]


def test_decline_with_a_reason(cast, outbox):
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    data = {"decline_reason": "not-a-fit", "message": "Try a mentor from product."}
    assert post_action(cast.alumna, f"/mentorship/{request_id}/decline", data).status_code == 302
    mail = next(m for m in reversed(outbox()) if m.recipient == "leader@example.com")
    assert "does not fit" in mail.body and "Try a mentor from product." in mail.body
    page = cast.leader.get("/mentorship/").get_data(as_text=True)
    assert "Declined" in page and "Try a mentor from product." in page


def test_decline_needs_a_known_reason(cast):
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    response = post_action(
        cast.alumna, f"/mentorship/{request_id}/decline", {"decline_reason": "rude"}
    )
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_mentee_cancels_while_pending_only(cast):
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    assert post_action(cast.alumna, f"/mentorship/{request_id}/cancel").status_code == 403
    assert post_action(cast.leader, f"/mentorship/{request_id}/cancel").status_code == 302
    again = post_action(cast.leader, f"/mentorship/{request_id}/cancel")
    assert again.status_code == 409
    assert "cancelled, so it cannot" in again.get_data(as_text=True)


def test_only_the_mentor_accepts(cast):
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    assert post_action(cast.leader, f"/mentorship/{request_id}/accept").status_code == 403
    cast.add("stranger")
    assert post_action(cast.stranger, f"/mentorship/{request_id}/accept").status_code == 403


def test_expiry_after_14_days_and_reminder_on_day_7(app, cast, outbox):
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    runner = app.test_cli_runner()

    def age(days: int) -> None:
        with app.app_context():
            db.session.get(MentorshipRequest, request_id).created_at = utcnow() - timedelta(
                days=days
            )
            db.session.commit()

    age(8)
    assert "reminded the mentors of 1" in runner.invoke(args=["mentorship", "expire"]).output
    assert "still waiting" in outbox()[-1].subject
    assert "reminded the mentors of 0" in runner.invoke(args=["mentorship", "expire"]).output
    age(15)
    assert "Expired 1 request" in runner.invoke(args=["mentorship", "expire"]).output
    assert "Expired" in cast.leader.get("/mentorship/").get_data(as_text=True)
    assert {m.recipient for m in outbox()[-2:]} == {"alumna@example.com", "leader@example.com"}


def test_acceptance_withdraws_the_other_pending_requests(cast, outbox):
    first = cast.publish_profile("alumna")
    second = cast.publish_profile("mentor2", from_role="VP Operations")
    cast.ask("leader", first)
    cast.ask("leader", second)
    post_action(cast.alumna, f"/mentorship/{cast.request_id('leader', first)}/accept")
    page = cast.mentor2.get("/mentorship/").get_data(as_text=True)
    assert "Withdrawn: Leader found another mentor." in page  # issue 16: not a bare "Cancelled"
    assert any(m.recipient == "mentor2@example.com" and "withdrawn" in m.subject for m in outbox())


def test_published_profile_edit_waits_for_review(cast):
    profile_id = cast.publish_profile()
    edited = profile_form(headline="Now helping product leaders into AI.")
    assert post_form(cast.alumna, "/mentors/profile", edited).status_code == 302
    live = cast.anonymous.get(f"/mentors/{profile_id}").get_data(as_text=True)
    assert "I moved from marketing" in live and "Now helping" not in live
    review = cast.moderator.get(f"/moderation/mentor/{profile_id}").get_data(as_text=True)
    assert "Proposed edit" in review and "<ins>" in review
