"""The request limits, each with its message, and the capacity race on both databases."""

import threading
from datetime import timedelta

from sqlalchemy import func, select

from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mentors.models import MentorProfile, MentorshipRequest
from tests.conftest import AuthActions
from tests.support import csrf_token, post_action


def set_profile(app, profile_id: int, **values) -> None:
    with app.app_context():
        profile = db.session.get(MentorProfile, profile_id)
        for name, value in values.items():
            setattr(profile, name, value)
        db.session.commit()


def count_requests(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(MentorshipRequest)
        for name, value in where.items():
            query = query.where(getattr(MentorshipRequest, name) == value)
        return db.session.scalar(query)


def refused(response, message: str) -> bool:
    return response.status_code == 422 and message in response.get_data(as_text=True)


def test_one_open_request_per_pair(cast):
    profile_id = cast.publish_profile()
    assert cast.ask("leader", profile_id).status_code == 302
    assert refused(cast.ask("leader", profile_id), "already have an open request with this mentor")


def test_at_most_three_open_requests_per_mentee(cast):
    mentors = [cast.publish_profile(f"mentor{n}", from_role=f"Role {n}") for n in range(4)]
    for profile_id in mentors[:3]:
        assert cast.ask("leader", profile_id).status_code == 302
    assert refused(cast.ask("leader", mentors[3]), "3 open requests, the most at once")
    post_action(cast.leader, f"/mentorship/{cast.request_id('leader', mentors[0])}/cancel")
    assert cast.ask("leader", mentors[3]).status_code == 302  # a slot is free again


def test_no_request_to_a_mentor_not_accepting(app, cast):
    profile_id = cast.publish_profile()
    set_profile(app, profile_id, accepting=False)
    assert refused(cast.ask("leader", profile_id), "not accepting new mentees")
    page = cast.leader.get(f"/mentors/{profile_id}").get_data(as_text=True)
    assert "Not accepting mentees right now." in page and "Ask for mentorship" not in page


def test_no_request_to_a_paused_mentor(app, cast):
    profile_id = cast.publish_profile()
    set_profile(app, profile_id, paused_until=(utcnow() + timedelta(days=10)).date())
    assert refused(cast.ask("leader", profile_id), "paused until")


def test_no_request_to_a_full_mentor(app, cast):
    profile_id = cast.publish_profile(capacity="1")
    cast.ask("leader", profile_id)
    post_action(cast.alumna, f"/mentorship/{cast.request_id('leader', profile_id)}/accept")
    assert refused(cast.ask("second", profile_id), "no spots left")
    directory = cast.anonymous.get("/mentors/").get_data(as_text=True)
    assert "Full: 0 of 1 spots open" in directory


def test_no_request_to_oneself(cast):
    profile_id = cast.publish_profile()
    response = cast.ask("alumna", profile_id)
    assert response.status_code == 422
    assert "cannot ask yourself" in response.get_data(as_text=True)


def test_full_and_paused_mentors_are_listed_after_available_ones(app, cast):
    full = cast.publish_profile("fullmentor", from_role="Full Mentor", capacity="1")
    cast.ask("leader", full)
    post_action(cast.fullmentor, f"/mentorship/{cast.request_id('leader', full)}/accept")
    paused = cast.publish_profile("pausedmentor", from_role="Paused Mentor")
    set_profile(app, paused, paused_until=(utcnow() + timedelta(days=3)).date())
    cast.publish_profile("open", from_role="Open Mentor")
    page = cast.anonymous.get("/mentors/").get_data(as_text=True)
    assert page.index("Open Mentor") < page.index("Full Mentor")
    assert page.index("Open Mentor") < page.index("Paused Mentor")
    only_available = cast.anonymous.get("/mentors/?accepting=1").get_data(as_text=True)
    assert "Open Mentor" in only_available and "Full Mentor" not in only_available


def test_concurrent_acceptances_fill_exactly_the_last_spot(app, cast):
    """Four requests, one spot, four acceptances at once: one wins, three hear "no spots"."""
    profile_id = cast.publish_profile(capacity="1")
    for n in range(4):
        assert cast.ask(f"leader{n}", profile_id).status_code == 302
    request_ids = [cast.request_id(f"leader{n}", profile_id) for n in range(4)]
    clients = []
    for _ in request_ids:  # the mentor, signed in on four devices, clicks Accept on each
        client = app.test_client()
        AuthActions(client).login("alumna@example.com")
        clients.append((client, csrf_token(client, "/auth/login")))
    barrier = threading.Barrier(len(request_ids))
    answers: list[tuple[int, str]] = []

    def accept(index: int) -> None:
        client, token = clients[index]
        barrier.wait()
        response = client.post(
            f"/mentorship/{request_ids[index]}/accept", data={"csrf_token": token}
        )
        answers.append((response.status_code, response.get_data(as_text=True)))

    threads = [threading.Thread(target=accept, args=(i,)) for i in range(len(request_ids))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _ in answers)
    assert statuses == [302, 409, 409, 409]
    assert all("No spots left" in body for status, body in answers if status == 409)
    assert count_requests(app, mentor_id=profile_id, status="accepted") == 1


def test_concurrent_requests_never_exceed_three_open(app, cast):
    mentors = [cast.publish_profile(f"mentor{n}", from_role=f"Role {n}") for n in range(5)]
    clients = []
    for _ in mentors:
        client = app.test_client()
        AuthActions(client).login("leader@example.com")
        clients.append((client, csrf_token(client, "/auth/login")))
    barrier = threading.Barrier(len(mentors))
    statuses: list[int] = []

    def ask(index: int) -> None:
        client, token = clients[index]
        data = {"csrf_token": token, "goals": "A clear goal for the mentorship.", "format": "video"}
        barrier.wait()
        statuses.append(client.post(f"/mentors/{mentors[index]}/request", data=data).status_code)

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(mentors))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302, 302, 302, 422, 422]
    assert count_requests(app, mentee_id=cast.users["leader"].id) == 3
