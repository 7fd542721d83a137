"""Thank-you notes: mentee → mentor's consent → moderation → the mentor's public page.

The public (pages, API, search, sitemap, feeds) sees a note only once a moderator approved
it; before that it is the mentee's and the mentor's alone.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from aicb_board.extensions import db
from aicb_board.mentors.thanks import ThankYouNote
from aicb_board.moderation.models import ModerationEvent
from tests.support import decide, post_action

WORD = "zanzibarwise"  # in the note and nowhere else
PHRASE = "path into an AI product role"  # the note's text as a page would show it
NOTE = f"Alumna helped me see my {WORD} {PHRASE}. Thank you!"


def completed_mentorship(cast, mentee: str = "leader") -> tuple[int, int]:
    """A published mentor profile (alumna) and a completed mentorship with `mentee`."""
    profile_id = cast.profile_id("alumna") or cast.publish_profile()
    assert cast.ask(mentee, profile_id).status_code == 302
    request_id = cast.request_id(mentee, profile_id)
    assert post_action(cast.alumna, f"/mentorship/{request_id}/accept").status_code == 302
    done = post_action(cast.alumna, f"/mentorship/{request_id}/complete", {"confirm": "1"})
    assert done.status_code == 302
    return profile_id, request_id


def write(cast, request_id: int, body: str = NOTE, mentee: str = "leader"):
    return post_action(
        cast.clients[mentee], f"/mentorship/thanks/write/{request_id}", {"body": body}
    )


def note_of(app, request_id: int) -> ThankYouNote:
    with app.app_context():
        return db.session.scalar(select(ThankYouNote).where(ThankYouNote.request_id == request_id))


def public_sees(cast, profile_id: int) -> dict[str, bool]:
    """Where the note's text shows to an anonymous visitor."""
    public = cast.anonymous
    index = public.get("/sitemap.xml").text
    sitemaps = "".join(
        public.get(path).text
        for path in re.findall(r"<loc>http://localhost(/sitemaps/[^<]+)</loc>", index)
    )
    return {
        "page": PHRASE in public.get(f"/mentors/{profile_id}").text,
        # The search page repeats the query: the note's other words tell a hit.
        "search": PHRASE in public.get(f"/search?q={WORD}").text,
        "api": PHRASE in public.get(f"/api/v1/search?q={WORD}").text
        or PHRASE in public.get(f"/api/v1/mentors/{profile_id}").text,
        "feeds": any(
            PHRASE in public.get(path).text for path in ("/roles/feed.atom", "/stories/feed.atom")
        ),
        "sitemap": "thanks" in index or "#thanks" in sitemaps,
    }


NOWHERE = {"page": False, "search": False, "api": False, "feeds": False, "sitemap": False}


def test_a_note_goes_from_mentee_to_mentor_to_moderator_to_the_mentor_page(app, cast, outbox):
    profile_id, request_id = completed_mentorship(cast)
    assert "0 mentorships completed" not in cast.anonymous.get(f"/mentors/{profile_id}").text
    assert "1 mentorship completed" in cast.anonymous.get(f"/mentors/{profile_id}").text

    assert write(cast, request_id).status_code == 302
    note = note_of(app, request_id)
    assert note.status == "draft" and note.mentor_approved_at is None
    mail = outbox()[-1]
    assert mail.recipient == "alumna@example.com" and "thanked you" in mail.subject
    assert public_sees(cast, profile_id) == NOWHERE
    # The mentee cannot send it to the moderators themselves.
    refused = post_action(cast.leader, f"/me/submissions/thanks/{note.id}/submit")
    assert refused.status_code == 409
    assert "Waiting for the mentor" in cast.leader.get("/mentorship/").text
    assert NOTE in cast.alumna.get("/mentorship/").text
    assert WORD not in cast.moderator.get("/moderation/").text

    assert post_action(cast.alumna, f"/mentorship/thanks/{note.id}/approve").status_code == 302
    assert note_of(app, request_id).status == "pending"
    assert WORD in cast.moderator.get("/moderation/").text
    assert public_sees(cast, profile_id) == NOWHERE

    assert decide(cast.moderator, f"/moderation/thanks/{note.id}/approve").status_code == 302
    page = cast.anonymous.get(f"/mentors/{profile_id}").text
    assert NOTE in page and "Thank-you notes" in page and "leader" in page.lower()
    # Its author follows it among their submissions; members can report it like any text.
    submissions = cast.leader.get("/me/submissions")
    assert submissions.status_code == 200 and "Thank-you note" in submissions.text
    assert cast.alumna.get(f"/report/thanks/{note.id}").status_code == 200
    # Published on the mentor's page only: search, the API, the sitemap never list it.
    assert public_sees(cast, profile_id) == {**NOWHERE, "page": True}
    with app.app_context():
        actions = db.session.scalars(
            select(ModerationEvent.action)
            .where(ModerationEvent.item_kind == "thanks", ModerationEvent.item_id == note.id)
            .order_by(ModerationEvent.id)
        ).all()
    assert actions == ["create", "mentor_approved", "submit", "approve"]


def test_the_mentee_withdraws_a_published_note_and_it_leaves_the_page(app, cast):
    profile_id, request_id = completed_mentorship(cast)
    write(cast, request_id)
    note_id = note_of(app, request_id).id
    post_action(cast.alumna, f"/mentorship/thanks/{note_id}/approve")
    decide(cast.moderator, f"/moderation/thanks/{note_id}/approve")
    assert public_sees(cast, profile_id)["page"]
    assert post_action(cast.leader, f"/mentorship/thanks/{note_id}/withdraw").status_code == 302
    assert public_sees(cast, profile_id) == NOWHERE
    # Withdrawn is final: it does not come back through the author's buttons.
    renew = post_action(cast.leader, f"/me/submissions/thanks/{note_id}/renew")
    assert renew.status_code == 409
    assert public_sees(cast, profile_id) == NOWHERE


def test_the_mentor_declines_and_the_note_is_never_shown(app, cast, outbox):
    profile_id, request_id = completed_mentorship(cast)
    write(cast, request_id)
    note_id = note_of(app, request_id).id
    assert post_action(cast.alumna, f"/mentorship/thanks/{note_id}/decline").status_code == 302
    mail = outbox()[-1]
    assert mail.recipient == "leader@example.com" and "will not be shown" in mail.body
    assert note_of(app, request_id).status == "draft"
    assert post_action(cast.leader, f"/me/submissions/thanks/{note_id}/submit").status_code == 409
    again = post_action(cast.alumna, f"/mentorship/thanks/{note_id}/approve")
    assert again.status_code == 409
    assert WORD not in cast.moderator.get("/moderation/").text
    assert public_sees(cast, profile_id) == NOWHERE


def test_only_the_mentee_of_a_completed_mentorship_writes_one_and_only_once(app, cast):
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    request_id = cast.request_id("leader", profile_id)
    assert write(cast, request_id).status_code == 409  # still pending
    post_action(cast.alumna, f"/mentorship/{request_id}/accept")
    assert write(cast, request_id).status_code == 409  # accepted, not completed
    post_action(cast.alumna, f"/mentorship/{request_id}/complete", {"confirm": "1"})
    # The mentor, or any other member, gets a 404: it is not their mentorship to thank for.
    assert write(cast, request_id, mentee="alumna").status_code == 404
    cast.add("stranger")
    assert write(cast, request_id, mentee="stranger").status_code == 404
    assert write(cast, request_id, body="Too short.").status_code == 422
    assert write(cast, request_id, body="x" * 601).status_code == 422
    assert write(cast, request_id).status_code == 302
    assert write(cast, request_id).status_code == 409
    with app.app_context():
        assert len(db.session.scalars(select(ThankYouNote)).all()) == 1


def test_another_members_note_is_a_404(app, cast):
    _profile_id, request_id = completed_mentorship(cast)
    write(cast, request_id)
    note_id = note_of(app, request_id).id
    cast.add("stranger")
    stranger = cast.clients["stranger"]
    for action in ("approve", "decline", "withdraw"):
        assert post_action(stranger, f"/mentorship/thanks/{note_id}/{action}").status_code == 404
    # Each side only takes its own steps.
    assert post_action(cast.leader, f"/mentorship/thanks/{note_id}/approve").status_code == 404
    assert post_action(cast.alumna, f"/mentorship/thanks/{note_id}/withdraw").status_code == 404
    assert post_action(cast.leader, "/mentorship/thanks/999999/withdraw").status_code == 404
    assert note_of(app, request_id).waits_for_mentor


def test_hostile_text_is_shown_as_text(app, cast):
    profile_id, request_id = completed_mentorship(cast)
    hostile = f'<script>alert("x")</script><img src=x onerror=alert(1)> {WORD} thanks a lot'
    assert write(cast, request_id, body=hostile).status_code == 302
    note_id = note_of(app, request_id).id
    post_action(cast.alumna, f"/mentorship/thanks/{note_id}/approve")
    decide(cast.moderator, f"/moderation/thanks/{note_id}/approve")
    page = cast.anonymous.get(f"/mentors/{profile_id}").text
    assert WORD in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_private_feedback_never_shows_on_public_pages(app, cast):
    profile_id, request_id = completed_mentorship(cast)
    secret = "Privately: rating her four out of five"
    data = {"rating": "4", "note": secret}
    assert post_action(cast.leader, f"/mentorship/{request_id}/feedback", data).status_code == 302
    write(cast, request_id)
    note_id = note_of(app, request_id).id
    post_action(cast.alumna, f"/mentorship/thanks/{note_id}/approve")
    decide(cast.moderator, f"/moderation/thanks/{note_id}/approve")
    for path in (f"/mentors/{profile_id}", "/mentors/", f"/api/v1/mentors/{profile_id}"):
        text = cast.anonymous.get(path).text
        assert secret not in text and "4 / 5" not in text


@pytest.mark.parametrize("completed", [0, 2])
def test_the_mentor_page_counts_completed_mentorships(cast, completed):
    profile_id = cast.publish_profile(capacity="3")
    for number in range(completed):
        completed_mentorship(cast, mentee=f"mentee{number}")
    # An accepted mentorship not yet completed does not count.
    cast.ask("leader", profile_id)
    post_action(cast.alumna, f"/mentorship/{cast.request_id('leader', profile_id)}/accept")
    page = cast.anonymous.get(f"/mentors/{profile_id}").text
    word = "mentorship" if completed == 1 else "mentorships"
    assert f"{completed} {word} completed" in page
    # The directory's card says it too, when there is something to say.
    assert (f"{completed} {word} completed" in cast.anonymous.get("/mentors/").text) == (
        completed > 0
    )
