"""The mentor waiting list: told in order, one turn of 48 hours each, held while it runs;
two spots tell two; a member who never answers lapses; leaving is one click. The clock is
the tests' own (`now=`), set from the real one so held turns compare sensibly with it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from aicb_board.auth.models import User
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mentors import jobs, requests, waitlist
from aicb_board.mentors.models import MentorProfile, MentorshipRequest, MentorWait
from aicb_board.notifications.models import Notification
from aicb_board.tasks import huey
from tests.factories import writing
from tests.mentors.conftest import request_form
from tests.support import post_action, post_form

WAITERS = ("ana", "ben", "cai")
TOLD_SUBJECT = "A spot opened with Alumna: ask within 48 hours"


@pytest.fixture
def clock():
    """The tests' "now": a whole minute, a little after the real one."""
    return utcnow().replace(second=0, microsecond=0) + timedelta(minutes=1)


@pytest.fixture
def board(app, cast):
    """Alumna mentors one person (Leader, accepted), so she is full."""
    profile_id = cast.publish_profile(capacity="1")
    cast.ask("leader", profile_id)
    with writing(app):
        act(cast, "leader", profile_id, "accept", actor="alumna")
    for name in WAITERS:
        cast.add(name)
    return profile_id


def user(cast, name: str) -> User:
    return db.session.get(User, cast.users[name].id)


def profile(profile_id: int) -> MentorProfile:
    return db.session.get(MentorProfile, profile_id)


def act(cast, mentee: str, profile_id: int, action: str, *, actor: str, now=None, **options):
    request = db.session.get(MentorshipRequest, cast.request_id(mentee, profile_id))
    return requests.act(request, action, actor=user(cast, actor), now=now, **options)


def join(app, cast, profile_id: int, names, start):
    """`names` join the list a minute apart from `start`."""
    with writing(app):
        for minute, name in enumerate(names):
            waitlist.join(
                user(cast, name), profile(profile_id), now=start + timedelta(minutes=minute)
            )


def states(app, cast, profile_id: int) -> dict[str, str]:
    """Each member's latest wait for the mentor, as the database has it."""
    names = {cast.users[name].id: name for name in cast.users}
    with app.app_context():
        waits = db.session.scalars(
            select(MentorWait).where(MentorWait.profile_id == profile_id).order_by(MentorWait.id)
        ).all()
        return {names[wait.user_id]: wait.state for wait in waits}


def told(app, cast) -> list[str]:
    """Who got the "a spot opened" notification, in order."""
    names = {cast.users[name].id: name for name in cast.users}
    with app.app_context():
        rows = db.session.scalars(
            select(Notification.user_id)
            .where(Notification.subject == TOLD_SUBJECT)
            .order_by(Notification.id)
        )
        return [names[user_id] for user_id in rows]


def page(cast, name: str, profile_id: int) -> str:
    return cast.clients[name].get(f"/mentors/{profile_id}").get_data(as_text=True)


def wait_id(app, cast, name: str, profile_id: int) -> int:
    with app.app_context():
        return waitlist.open_wait(cast.users[name].id, profile_id).id


def test_members_are_told_in_the_order_they_joined_one_spot_one_member(app, cast, board, clock):
    # Joined out of name order: the order is the joining, not the account.
    join(app, cast, board, ["ben", "ana", "cai"], clock)
    assert states(app, cast, board) == {"ben": "waiting", "ana": "waiting", "cai": "waiting"}
    with writing(app):
        act(cast, "leader", board, "complete", actor="alumna", now=clock + timedelta(hours=1))
    assert states(app, cast, board) == {"ben": "told", "ana": "waiting", "cai": "waiting"}
    assert told(app, cast) == ["ben"]
    with app.app_context():
        turn = waitlist.open_wait(cast.users["ben"].id, board)
        assert turn.answer_by == clock + timedelta(hours=49)
    assert "You are number 1 on the waiting list" in page(cast, "ana", board)
    assert "You are number 2 on the waiting list" in page(cast, "cai", board)
    assert "A spot opened for you" in page(cast, "ben", board)
    assert "Ask for mentorship" in page(cast, "ben", board)


def test_two_spots_opening_at_once_tell_the_first_two(app, cast, board, clock):
    join(app, cast, board, WAITERS, clock)
    response = post_form(
        cast.alumna,
        "/mentors/profile/manage",
        {"capacity": "3", "accepting": "y", "paused_until": ""},
        action="/mentors/profile/availability",
    )
    assert response.status_code == 302
    assert states(app, cast, board) == {"ana": "told", "ben": "told", "cai": "waiting"}
    assert told(app, cast) == ["ana", "ben"]
    assert "You are number 1 on the waiting list" in page(cast, "cai", board)


def test_turning_accepting_back_on_tells_the_list(app, cast, clock):
    profile_id = cast.publish_profile(capacity="2", accepting="")
    cast.add("ana")
    join(app, cast, profile_id, ["ana"], clock)
    assert told(app, cast) == []
    with writing(app):
        mentor = profile(profile_id)
        mentor.accepting = True
        waitlist.offer_spots(mentor, now=clock)
    assert states(app, cast, profile_id) == {"ana": "told"}


def test_a_member_who_never_answers_lapses_after_48_hours_and_the_next_is_told(
    app, cast, board, clock
):
    join(app, cast, board, WAITERS, clock)
    opened = clock + timedelta(hours=1)
    with writing(app):
        act(cast, "leader", board, "complete", actor="alumna", now=opened)
    with app.app_context():
        assert jobs.waitlist_job(now=opened + timedelta(hours=47, minutes=59)) == (0, 0)
    assert states(app, cast, board)["ana"] == "told"
    later = opened + timedelta(hours=48)
    with app.app_context():  # past her turn, before the job: the page says so
        db.session.get(MentorWait, wait_id(app, cast, "ana", board)).answer_by = utcnow()
        db.session.commit()
    assert "Your 48 hours to ask have passed" in page(cast, "ana", board)
    with app.app_context():
        assert jobs.waitlist_job(now=later) == (1, 1)
        assert jobs.waitlist_job(now=later) == (0, 0)  # twice is once
    assert states(app, cast, board) == {"ana": "lapsed", "ben": "told", "cai": "waiting"}
    assert told(app, cast) == ["ana", "ben"]
    with app.app_context():
        assert waitlist.open_wait(cast.users["ben"].id, board).answer_by == later + timedelta(
            hours=48
        )
        passed = db.session.scalars(
            select(Notification.subject).where(Notification.user_id == cast.users["ana"].id)
        ).all()
    assert "Your turn for a spot with Alumna has passed" in passed
    # Ana may join again, at the end.
    assert "Tell me when a spot opens" in page(cast, "ana", board)


def test_a_held_spot_is_the_told_members_alone_and_stays_held_while_they_ask(
    app, cast, board, clock
):
    join(app, cast, board, ["ana", "ben"], clock)
    cast.add("outsider")
    opened = clock + timedelta(hours=1)
    with writing(app):
        act(cast, "leader", board, "complete", actor="alumna", now=opened)
    with app.app_context():
        for name in ("outsider", "ben"):
            with pytest.raises(requests.NoSpotsLeft, match="held for the next person"):
                requests.check_can_request(user(cast, name), profile(board), now=opened)
    outsider_page = page(cast, "outsider", board)
    assert "held for the next person on this mentor" in outsider_page
    assert "Tell me when a spot opens" in outsider_page  # the way in is the list
    # Ana asks within her 48 hours: she is off the list, and the spot stays hers.
    with writing(app):
        requests.send_request(
            mentee=user(cast, "ana"), profile=profile(board), now=opened + timedelta(hours=5),
            **request_form(),
        )  # fmt: skip
    assert states(app, cast, board) == {"ana": "asked", "ben": "waiting"}
    with app.app_context():
        assert waitlist.open_wait(cast.users["ana"].id, board) is None
        assert jobs.waitlist_job(now=opened + timedelta(hours=60)) == (0, 0)
    assert told(app, cast) == ["ana"]
    # The mentor declines her: the spot passes to Ben.
    with writing(app):
        act(cast, "ana", board, "decline", actor="alumna", reason="no-capacity",
            now=opened + timedelta(hours=61))  # fmt: skip
    assert states(app, cast, board) == {"ana": "asked", "ben": "told"}
    assert told(app, cast) == ["ana", "ben"]


def test_a_told_member_accepted_takes_the_seat_and_the_list_waits(app, cast, board, clock):
    join(app, cast, board, ["ana", "ben"], clock)
    with writing(app):
        act(cast, "leader", board, "complete", actor="alumna", now=clock)
    response = cast.ask("ana", board)
    assert response.status_code == 302
    with writing(app):
        act(cast, "ana", board, "accept", actor="alumna")
    assert states(app, cast, board) == {"ana": "asked", "ben": "waiting"}
    with app.app_context():
        assert jobs.waitlist_job(now=clock + timedelta(days=3)) == (0, 0)
    assert told(app, cast) == ["ana"]


def test_leaving_is_one_click_and_moves_the_others_up(app, cast, board, clock):
    join(app, cast, board, WAITERS, clock)
    assert "You are number 3 on the waiting list" in page(cast, "cai", board)
    response = post_action(cast.ana, f"/mentors/waits/{wait_id(app, cast, 'ana', board)}/leave")
    assert response.status_code == 302
    assert "You left the waiting list." in page(cast, "ana", board)
    assert states(app, cast, board)["ana"] == "left"
    assert "You are number 1 on the waiting list" in page(cast, "ben", board)
    assert "You are number 2 on the waiting list" in page(cast, "cai", board)
    with writing(app):
        act(cast, "leader", board, "complete", actor="alumna", now=clock + timedelta(hours=1))
    assert told(app, cast) == ["ben"]


def test_leaving_a_turn_passes_it_to_the_next(app, cast, board, clock):
    join(app, cast, board, ["ana", "ben"], clock)
    with writing(app):
        act(cast, "leader", board, "complete", actor="alumna", now=clock)
    post_action(cast.ana, f"/mentors/waits/{wait_id(app, cast, 'ana', board)}/leave")
    assert states(app, cast, board) == {"ana": "left", "ben": "told"}


def test_joining_from_the_page_once_and_a_double_submit_makes_one_row(app, cast, board):
    assert "Tell me when a spot opens" in page(cast, "ana", board)
    first = post_action(cast.ana, f"/mentors/{board}/wait")
    second = post_action(cast.ana, f"/mentors/{board}/wait")
    assert first.status_code == second.status_code == 302
    shown = page(cast, "ana", board)
    assert "already on this mentor&#39;s waiting list" in shown
    assert "You are number 1 on the waiting list" in shown
    assert "Leave the waiting list" in shown and "Tell me when a spot opens" not in shown
    with app.app_context():
        assert len(db.session.scalars(select(MentorWait)).all()) == 1


def test_the_partial_index_holds_one_open_wait_per_member_and_mentor(app, cast, board, clock):
    join(app, cast, board, ["ana"], clock)
    with app.app_context():
        db.session.add(MentorWait(profile_id=board, user_id=cast.users["ana"].id))
        with pytest.raises(IntegrityError):
            db.session.flush()


def test_the_mentor_cannot_wait_for_themself(app, cast, board):
    assert "Tell me when a spot opens" not in page(cast, "alumna", board)
    post_action(cast.alumna, f"/mentors/{board}/wait")
    assert "This is your own mentor profile." in page(cast, "alumna", board)
    assert states(app, cast, board) == {}


def test_no_wait_while_you_have_an_open_request_or_a_spot_is_open(app, cast, board):
    # Leader is Alumna's mentee: an open (accepted) request.
    assert "Tell me when a spot opens" not in page(cast, "leader", board)
    post_action(cast.leader, f"/mentors/{board}/wait")
    assert "You already have an open request with this mentor." in page(cast, "leader", board)
    open_mentor = cast.publish_profile("bea", from_role="Open Mentor", capacity="2")
    shown = page(cast, "ana", open_mentor)
    assert "Ask for mentorship" in shown and "Tell me when a spot opens" not in shown
    post_action(cast.ana, f"/mentors/{open_mentor}/wait")
    assert "This mentor has a spot open: you can ask now." in page(cast, "ana", open_mentor)
    assert states(app, cast, open_mentor) == {}


def test_a_signed_out_visitor_sees_no_wait_form(cast, board):
    shown = cast.anonymous.get(f"/mentors/{board}").get_data(as_text=True)
    assert "Tell me when a spot opens" not in shown


def test_another_member_cannot_remove_your_wait(app, cast, board, clock):
    join(app, cast, board, ["ana"], clock)
    response = post_action(cast.ben, f"/mentors/waits/{wait_id(app, cast, 'ana', board)}/leave")
    assert response.status_code == 404
    assert states(app, cast, board) == {"ana": "waiting"}


def test_the_waiting_list_job_runs_every_hour():
    from datetime import datetime

    [task] = [t for t in huey._registry.periodic_tasks if t.name == "waitlist_task"]
    assert task.validate_datetime(datetime(2026, 12, 1, 10, 23))
    assert task.validate_datetime(datetime(2026, 12, 1, 11, 23))
    assert not task.validate_datetime(datetime(2026, 12, 1, 11, 24))


def test_the_command_runs_the_job(runner, board):
    result = runner.invoke(args=["mentorship", "waitlist"])
    assert result.exit_code == 0, result.output
    assert "Lapsed 0 turn(s); told 0 member(s) a spot opened." in result.output
