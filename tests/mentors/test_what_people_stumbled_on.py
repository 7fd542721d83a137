"""Issue 16 for mentors: each side's words, a confirmation before closing, full mentors,
and availability that the mentor sets at once, without review."""

from sqlalchemy import func, select

from aicb_board.extensions import db
from aicb_board.mentors.models import MentorProfile, MentorshipRequest
from aicb_board.moderation.models import Revision
from tests.factories import profile_form, published_story
from tests.support import post_action, post_form


def accepted_request(cast, mentee: str = "leader", mentor: str = "alumna") -> int:
    """`mentee` asks `mentor` (published), who accepts; the request's id."""
    profile_id = cast.profile_id(mentor) or cast.publish_profile(mentor)
    cast.ask(mentee, profile_id)
    request_id = cast.request_id(mentee, profile_id)
    assert post_action(cast.clients[mentor], f"/mentorship/{request_id}/accept").status_code == 302
    return request_id


def status_of(app, request_id: int) -> str:
    with app.app_context():
        return db.session.get(MentorshipRequest, request_id).status


def close(client, request_id: int, action: str):
    """Confirm `action` on its confirmation page, and read the page it leads to."""
    path = f"/mentorship/{request_id}/{action}/confirm"
    return post_form(
        client, path, {"confirm": "1"}, action=f"/mentorship/{request_id}/{action}"
    ), client.get("/mentorship/").get_data(as_text=True)


def test_completing_thanks_the_mentee_and_the_mentor_each_for_their_part(app, cast):
    first = accepted_request(cast)
    response, page = close(cast.leader, first, "complete")
    assert response.status_code == 302
    assert "Thank you for mentoring" not in page and "hope it helped you" in page
    cast.add("second")
    second = accepted_request(cast, mentee="second")
    _response, page = close(cast.alumna, second, "complete")
    assert "Thank you for mentoring" in page


def test_closing_a_mentorship_asks_first_on_a_page_of_its_own(app, cast):
    request_id = accepted_request(cast)
    listing = cast.leader.get("/mentorship/").get_data(as_text=True)
    assert f'href="/mentorship/{request_id}/complete/confirm"' in listing
    assert f'href="/mentorship/{request_id}/end/confirm"' in listing
    for action in ("complete", "end"):
        page = cast.leader.get(f"/mentorship/{request_id}/{action}/confirm")
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and "Alumna" in html
        assert 'name="csrf_token"' in html and 'name="confirm" value="1"' in html
        # A POST without the confirmation changes nothing: it asks.
        response = post_action(cast.leader, f"/mentorship/{request_id}/{action}")
        assert response.status_code == 302
        assert response.headers["Location"].endswith(f"/mentorship/{request_id}/{action}/confirm")
        assert status_of(app, request_id) == "accepted"
    close(cast.alumna, request_id, "end")
    assert status_of(app, request_id) == "ended"
    # Once closed, the confirmation page has nothing left to ask.
    assert cast.leader.get(f"/mentorship/{request_id}/complete/confirm").status_code == 302


def test_a_withdrawn_request_says_why_on_both_cards(app, cast):
    alumna = cast.publish_profile("alumna")
    cast.publish_profile("mentor2", from_role="Chief of Staff")
    cast.ask("leader", alumna)
    other = cast.profile_id("mentor2")
    cast.ask("leader", other)
    accepted = cast.request_id("leader", other)
    assert post_action(cast.mentor2, f"/mentorship/{accepted}/accept").status_code == 302
    assert "Withdrawn: Mentor2 accepted you." in cast.leader.get("/mentorship/").get_data(
        as_text=True
    )
    mentor_side = cast.alumna.get("/mentorship/").get_data(as_text=True)
    assert "Withdrawn: Leader found another mentor." in mentor_side
    assert ">Cancelled<" not in mentor_side


def test_the_mentor_reads_her_incoming_request_as_waiting_for_her_answer(cast):
    profile_id = cast.publish_profile("alumna")
    cast.ask("leader", profile_id)
    mentor_side = cast.alumna.get("/mentorship/").get_data(as_text=True)
    assert "Waiting for your answer" in mentor_side
    assert "Waiting for the mentor" not in mentor_side
    assert "Waiting for the mentor" in cast.leader.get("/mentorship/").get_data(as_text=True)


def test_a_mentor_page_names_its_mentor_as_the_mentor(cast):
    profile_id = cast.publish_profile("alumna")
    public = cast.anonymous.get(f"/mentors/{profile_id}").get_data(as_text=True)
    assert "Mentored by" not in public and "Mentor: Alumna" in public
    own = cast.alumna.get(f"/mentors/{profile_id}").get_data(as_text=True)
    assert "Mentored by" not in own and "Your mentor profile" in own


def test_a_full_mentor_is_not_offered_for_mentorship(app, cast):
    profile_id = cast.publish_profile("alumna", capacity="1")
    story_id = published_story(app, cast.users["alumna"], cast.users["moderator"])
    with app.app_context():
        from aicb_board.stories.models import Story

        slug = db.session.get(Story, story_id).slug
    story = cast.anonymous.get(f"/stories/{slug}").get_data(as_text=True)
    assert "Ask Alumna for mentorship" in story
    accepted_request(cast)
    cast.add("third")
    for client in (cast.anonymous, cast.third):
        page = client.get(f"/mentors/{profile_id}").get_data(as_text=True)
        assert "No spot open right now" in page
        assert "ask for mentorship" not in page.lower()
        story = client.get(f"/stories/{slug}").get_data(as_text=True)
        assert "Ask Alumna for mentorship" not in story and "no spot open right now" in story


def queue_size(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Revision))


def test_a_published_mentor_changes_her_availability_at_once_without_review(app, cast):
    profile_id = cast.publish_profile("alumna")
    assert "2 of 2 spots open" in cast.anonymous.get(f"/mentors/{profile_id}").get_data(
        as_text=True
    )
    revisions = queue_size(app)
    manage = cast.alumna.get("/mentors/profile/manage").get_data(as_text=True)
    assert 'action="/mentors/profile/availability"' in manage
    response = post_form(
        cast.alumna,
        "/mentors/profile/manage",
        {"capacity": "4", "accepting": "y", "paused_until": ""},
        action="/mentors/profile/availability",
    )
    assert response.status_code == 302
    assert "4 of 4 spots open" in cast.anonymous.get(f"/mentors/{profile_id}").get_data(
        as_text=True
    )
    assert "4 of 4 spots open" in cast.anonymous.get("/mentors/").get_data(as_text=True)
    assert queue_size(app) == revisions
    assert "Director of Marketing" not in cast.moderator.get("/moderation/").get_data(as_text=True)
    # Not accepting, also at once; bad input is refused with its reason, and changes nothing.
    post_form(cast.alumna, "/mentors/profile/manage", {"capacity": "4"},
              action="/mentors/profile/availability")  # fmt: skip
    assert "Not accepting mentees right now." in cast.anonymous.get(
        f"/mentors/{profile_id}"
    ).get_data(as_text=True)
    bad = post_form(cast.alumna, "/mentors/profile/manage", {"capacity": "99"},
                    action="/mentors/profile/availability")  # fmt: skip
    assert bad.status_code == 422 and "between 1 and 20" in bad.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(MentorProfile, profile_id).capacity == 4


def test_an_edit_of_the_profile_text_carries_no_availability(app, cast):
    profile_id = cast.publish_profile("alumna")
    form = cast.alumna.get("/mentors/profile").get_data(as_text=True)
    assert 'name="capacity"' not in form and "#availability" in form
    data = profile_form(headline="A new headline for my profile, please.", capacity="9")
    assert post_form(cast.alumna, "/mentors/profile", data).status_code == 302
    with app.app_context():
        revision = db.session.scalars(select(Revision).order_by(Revision.id.desc())).first()
        assert "capacity" not in revision.data and "accepting" not in revision.data
        assert db.session.get(MentorProfile, profile_id).capacity == 2


def test_availability_belongs_to_a_mentor_with_a_profile(cast):
    response = post_action(cast.leader, "/mentors/profile/availability", {"capacity": "3"})
    assert response.status_code == 404


def test_the_contact_field_says_what_it_takes_and_takes_a_bare_booking_link(app, cast):
    form = cast.alumna.get("/mentors/profile").get_data(as_text=True)
    assert "an email address or a booking link" in form
    assert "(https://cal.example/ada)" in form
    bad = post_form(cast.alumna, "/mentors/profile", profile_form(contact="call me maybe"))
    assert "Enter an email address or a booking link (https://…)." in bad.get_data(as_text=True)
    data = profile_form(contact="cal.example/alumna", linkedin_url="www.linkedin.com/in/alumna")
    assert post_form(cast.alumna, "/mentors/profile", data).status_code == 302
    with app.app_context():
        profile = db.session.get(MentorProfile, cast.profile_id("alumna"))
        assert profile.contact == "https://cal.example/alumna"
        assert profile.linkedin_url == "https://www.linkedin.com/in/alumna"


def test_expertise_and_industries_suggest_the_published_values(cast):
    cast.publish_profile("alumna")
    cast.add("newcomer")
    form = cast.newcomer.get("/mentors/profile").get_data(as_text=True)
    assert 'list="expertise-suggestions"' in form
    assert '<datalist id="expertise-suggestions"><option value="ai-strategy">' in form
    assert '<option value="fintech">' in form  # industries
    assert 'list="headline-suggestions"' not in form  # other fields are as they were
