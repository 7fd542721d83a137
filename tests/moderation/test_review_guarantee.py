"""The review guarantee, finding by finding: the public sees only text a moderator approved,
and a moderator's decision binds to the version they read."""

from __future__ import annotations

import pytest
from sqlalchemy import event, select

from aicb_board.auth.models import Role, User
from aicb_board.extensions import db
from aicb_board.moderation.models import Appeal, ModerationEvent, Revision
from aicb_board.roles.models import RolePosting
from tests.conftest import TEST_DATABASE_URL
from tests.factories import role_form
from tests.roles.conftest import People
from tests.support import decide, post_action, post_form


@pytest.fixture
def people(app, make_user) -> People:
    return People(app, make_user)


def role(app, role_id: int) -> RolePosting:
    with app.app_context():
        return db.session.get(RolePosting, role_id)


def actions_of(app, role_id: int) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(ModerationEvent.action)
                .where(ModerationEvent.item_kind == "role", ModerationEvent.item_id == role_id)
                .order_by(ModerationEvent.id)
            )
        )


def published_role(people, **overrides) -> int:
    role_id = people.post_role(**overrides)
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    assert decide(people.moderator, f"/moderation/role/{role_id}/approve").status_code == 302
    return role_id


def edit(people, role_id: int, **overrides):
    return post_form(people.author, f"/roles/{role_id}/edit", role_form(**overrides))


# Finding 1: withdraw (or close), then edit -----------------------------------------------


def test_a_role_withdrawn_before_approval_and_edited_never_reaches_the_public(app, people):
    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    assert post_action(people.author, f"/me/submissions/role/{role_id}/withdraw",
                       {"confirm": "1"}).status_code == 302  # fmt: skip
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 404
    assert edit(people, role_id, title="Unreviewed title").status_code == 302
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 404
    assert role(app, role_id).status == "withdrawn"
    assert actions_of(app, role_id)[-2:] == ["withdraw", "edit"]  # the edit is in the log
    manage = people.author.get(f"/roles/{role_id}/manage").get_data(as_text=True)
    assert "Resubmit for review" in manage


def test_a_closed_role_shows_its_approved_text_and_an_edit_sends_it_back_to_review(app, people):
    role_id = published_role(people, title="Head of AI Product")
    closed = post_action(
        people.author,
        f"/me/submissions/role/{role_id}/close",
        {"reason": "The role is filled.", "confirm": "1"},
    )
    assert closed.status_code == 302
    page = people.anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    assert page.status_code == 200 and "This role is closed" in page.get_data(as_text=True)
    assert "Moderator's reason" not in people.author.get(f"/roles/{role_id}/manage").get_data(
        as_text=True
    )  # the author's own note is not shown as a moderator's

    edited = edit(people, role_id, title="Never approved title")
    assert edited.status_code == 302
    told = people.author.get(edited.headers["Location"]).get_data(as_text=True)
    assert "sent for review: it stays off the board until approved" in told
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 404
    assert role(app, role_id).status == "pending"
    assert actions_of(app, role_id)[-2:] == ["edit", "edit_closed"]
    review = people.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    assert "Never approved title" in review and ">Approve</button>" in review


def test_moderators_can_remove_a_closed_role(app, people):
    role_id = published_role(people)
    post_action(people.author, f"/me/submissions/role/{role_id}/close", {"confirm": "1"})
    review = people.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    assert ">Remove</button>" in review
    removed = decide(people.moderator, f"/moderation/role/{role_id}/remove", {"reason": "Scam."})
    assert removed.status_code == 302
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 410


def test_suspension_takes_everything_public_of_the_author_off_the_board(app, people):
    waiting = people.post_role(title="Waiting role")
    post_action(people.author, f"/me/submissions/role/{waiting}/submit")
    live = published_role(people, title="Live role")
    filled = published_role(people, title="Filled role")
    post_action(people.author, f"/me/submissions/role/{filled}/close", {"confirm": "1"})
    author_id = people.author_user.id
    suspended = post_action(
        people.admin, f"/admin/users/{author_id}/suspend", {"reason": "Spam.", "confirm": "1"}
    )
    assert suspended.status_code == 302
    for role_id in (waiting, live, filled):
        assert people.anonymous.get(f"/roles/{role_id}").status_code == 404, role_id
    assert [role(app, i).status for i in (waiting, live, filled)] == [
        "withdrawn",
        "hidden",
        "withdrawn",
    ]


# Finding 2: a decision binds to what was seen ----------------------------------------------


def test_approving_a_version_the_author_changed_since_is_refused_and_shows_the_change(app, people):
    role_id = people.post_role(title="Head of AI Product")
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    read = people.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    assert 'name="version" value="1"' in read
    assert edit(people, role_id, title="Head of Crypto Product").status_code == 302

    stale = post_action(people.moderator, f"/moderation/role/{role_id}/approve", {"version": "1"})
    assert stale.status_code == 409
    page = stale.get_data(as_text=True)
    assert "changed this role posting after you opened it" in page
    assert "<del>AI</del>" in page and "<ins>Crypto</ins>" in page
    assert role(app, role_id).status == "pending"
    assert people.anonymous.get(f"/roles/{role_id}").status_code == 404

    unsaid = post_action(people.moderator, f"/moderation/role/{role_id}/approve")
    assert unsaid.status_code == 409 and role(app, role_id).status == "pending"
    fresh = decide(people.moderator, f"/moderation/role/{role_id}/approve")
    assert fresh.status_code == 302
    public = people.anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    assert "Head of Crypto Product" in public.get_data(as_text=True)


def test_a_new_edit_supersedes_a_waiting_one_and_a_decision_on_the_old_one_is_refused(app, people):
    role_id = published_role(people, title="Head of AI Product")
    review = f"/moderation/role/{role_id}"
    assert edit(people, role_id, title="VP of AI Product").status_code == 302
    with app.app_context():
        first = db.session.scalar(select(Revision.id).where(Revision.status == "pending"))
    assert edit(people, role_id, title="VP of Gambling").status_code == 302
    with app.app_context():
        statuses = dict(
            db.session.execute(
                select(Revision.id, Revision.status).where(
                    Revision.status.in_(["pending", "superseded"])
                )
            ).all()
        )
    assert statuses[first] == "superseded" and list(statuses.values()).count("pending") == 1

    stale = decide(people.moderator, f"/moderation/revisions/{first}/approve", review=review)
    assert stale.status_code == 409
    assert "<ins>Gambling</ins>" in stale.get_data(as_text=True)
    public = people.anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    assert "Head of AI Product" in public.get_data(as_text=True)
    assert "Gambling" not in public.get_data(as_text=True)


def test_approving_several_skips_a_submission_edited_since_the_queue_was_read(app, people):
    role_id = people.post_role(title="Head of AI Product")
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    queue = people.moderator.get("/moderation/").get_data(as_text=True)
    assert f'value="role:{role_id}:1"' in queue
    edit(people, role_id, title="Head of Crypto Product")
    post_action(people.moderator, "/moderation/approve-many", {"items": [f"role:{role_id}:1"]})
    assert role(app, role_id).status == "pending"


# Finding 5: authors do not learn who reported them ------------------------------------------


def test_the_authors_manage_page_does_not_name_reporters(app, people):
    role_id = published_role(people)
    reported = post_form(people.other, f"/report/role/{role_id}", {"reason": "spam"})
    assert reported.status_code == 302
    manage = people.author.get(f"/roles/{role_id}/manage").get_data(as_text=True)
    assert "Olu Other" not in manage and "Reported" not in manage


# What the review of this change found ------------------------------------------------------


def test_a_mentee_sees_a_mentors_contact_only_as_approved(app, make_user):
    from tests.factories import profile_form
    from tests.mentors.conftest import Cast

    cast = Cast(app, make_user)
    profile_id = cast.publish_profile(contact="https://cal.example/approved")
    assert cast.ask("leader", profile_id).status_code == 302
    request_id = cast.request_id("leader", profile_id)
    post_action(cast.alumna, f"/mentorship/{request_id}/accept")
    assert "cal.example/approved" in cast.leader.get("/mentorship/").get_data(as_text=True)

    post_action(cast.alumna, f"/me/submissions/mentor/{profile_id}/close", {"confirm": "1"})
    edited = post_form(cast.alumna, "/mentors/profile",
                       profile_form(contact="https://evil.example/unreviewed"))  # fmt: skip
    assert edited.status_code == 302
    page = cast.leader.get("/mentorship/").get_data(as_text=True)
    assert "evil.example" not in page and "cal.example" not in page
    assert "once a moderator approves it" in page


def test_a_story_published_by_appeal_gets_its_address_from_the_approved_title(app, make_user):
    from tests.factories import story_form
    from tests.stories.conftest import Writers

    writers = Writers(app, make_user)
    writers.add("moderator2", Role.MODERATOR)
    story_id = writers.write(title="Buy cheap followers today")
    post_form(writers.author, f"/stories/{story_id}/edit",
              story_form(title="From marketing director to Head of AI Product"))  # fmt: skip
    post_action(writers.author, f"/me/submissions/story/{story_id}/submit")
    decide(writers.moderator, f"/moderation/story/{story_id}/reject", {"reason": "Off topic."})
    appealed = post_form(writers.author, f"/me/submissions/story/{story_id}/appeal",
                         {"message": "It is a career story."})  # fmt: skip
    assert appealed.status_code == 302
    with app.app_context():
        appeal_id = db.session.scalar(select(Appeal.id))
    granted = decide(writers.moderator2, f"/moderation/appeals/{appeal_id}/grant",
                     {"reason": "Fine."}, review=f"/moderation/story/{story_id}")  # fmt: skip
    assert granted.status_code == 302
    slug = writers.slug(story_id)
    assert "followers" not in slug and "head-of-ai-product" in slug
    page = writers.anonymous.get(f"/stories/{slug}")
    assert page.status_code == 200


def test_a_story_page_shows_no_unreviewed_account_text(app, make_user):
    from tests.stories.conftest import Writers

    writers = Writers(app, make_user)
    with app.app_context():
        author = db.session.get(User, writers.users["author"].id)
        author.headline = "Visit evil.example for cheap followers"
        db.session.commit()
    slug = writers.slug(writers.publish())
    assert "evil.example" not in writers.anonymous.get(f"/stories/{slug}").get_data(as_text=True)


@pytest.mark.postgres_only
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="row locks are PostgreSQL's")
def test_an_edit_and_a_decision_lock_the_item_they_write(app, people):
    role_id = people.post_role()
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    locks = []
    with app.app_context():
        engine = db.engine

    def record(_conn, _cursor, statement, *_args):
        if "FOR UPDATE" in statement and "role_postings" in statement:
            locks.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert edit(people, role_id, title="Head of AI Platform").status_code == 302
        assert len(locks) == 1
        assert decide(people.moderator, f"/moderation/role/{role_id}/approve").status_code == 302
        assert len(locks) == 2
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_a_trusted_edit_shows_the_moderator_what_it_changed(make_app, make_user):
    app = make_app(TRUSTED_AFTER=1)
    people = People(app, make_user)
    role_id = published_role(people, title="Head of AI Product")
    assert edit(people, role_id, title="Head of AI Platform").status_code == 302
    public = people.anonymous.get(f"/roles/{role_id}", follow_redirects=True)
    assert "Head of AI Platform" in public.get_data(as_text=True)  # live at once, by design
    review = people.moderator.get(f"/moderation/role/{role_id}").get_data(as_text=True)
    assert "Trusted edit, already live" in review
    assert "<del>Product</del>" in review and "<ins>Platform</ins>" in review


def test_the_author_reads_what_happened_in_the_subject_and_the_log_has_the_decision(
    app, people, outbox, caplog
):
    role_id = people.post_role(title="Head of AI Product")
    post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    with caplog.at_level("INFO", logger="aicb_board.moderation.services"):
        decide(people.moderator, f"/moderation/role/{role_id}/approve")
    subjects = [m.subject for m in outbox() if m.recipient == "author@example.com"]
    assert subjects[-1] == "Your role posting “Head of AI Product” is live"
    logged = [r for r in caplog.records if getattr(r, "event", "") == "moderation"]
    assert [r.action for r in logged] == ["submit", "approve"]
    line = logged[-1]
    assert line.item == f"role:{role_id}"
    assert line.actor_id == people.moderator_user.id
