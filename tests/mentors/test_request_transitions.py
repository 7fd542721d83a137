"""The request state machine: every (status, action, actor) outside the table is refused."""

import pytest
from sqlalchemy import func, select

from aicb_board.auth import services as accounts
from aicb_board.auth.models import Role, User
from aicb_board.domain import DomainError
from aicb_board.extensions import db
from aicb_board.mentors import requests
from aicb_board.mentors.models import MentorProfile, MentorshipEvent, MentorshipRequest
from aicb_board.mentors.request_states import TRANSITIONS, Party, RequestStatus
from aicb_board.moderation.services import NotAllowed, TransitionError
from aicb_board.moderation.states import Status
from tests.support import PASSWORD

# Who, of the people around a request, each party of the table is.
PARTIES = {
    Party.MENTOR: {"mentor"},
    Party.MENTEE: {"mentee"},
    Party.EITHER: {"mentor", "mentee"},
    Party.SYSTEM: {"system"},
}
# How a new request reaches each status through the services: every status is reachable
# in a step or two, so none is made by writing the column.
REACH = {
    RequestStatus.PENDING: [],
    RequestStatus.ACCEPTED: [("accept", "mentor")],
    RequestStatus.DECLINED: [("decline", "mentor")],
    RequestStatus.CANCELLED: [("cancel", "mentee")],
    RequestStatus.EXPIRED: [("expire", "system")],
    RequestStatus.COMPLETED: [("accept", "mentor"), ("complete", "mentee")],
    RequestStatus.ENDED: [("accept", "mentor"), ("end", "mentor")],
}


@pytest.fixture
def people(app, make_user):
    """The mentor, the mentee, a stranger, a moderator, an admin, and the board itself."""
    ids = {
        "mentor": make_user("mentor@example.com").id,
        "mentee": make_user("mentee@example.com").id,
        "stranger": make_user("stranger@example.com").id,
        "moderator": make_user("mod@example.com", role=Role.MODERATOR).id,
        "admin": make_user("admin@example.com", role=Role.ADMIN).id,
    }
    with app.app_context():
        yield {who: db.session.get(User, user_id) for who, user_id in ids.items()} | {
            "system": None
        }


def new_profile(mentor: User) -> MentorProfile:
    """A published profile with seats free (written directly: moderation is not the subject)."""
    profile = MentorProfile(
        author_id=mentor.id, status=Status.PUBLISHED.value, headline="From sales to AI.",
        from_role="VP Sales", to_role="Head of AI", from_function="go-to-market",
        to_function="product", bio="x" * 60, contact="https://cal.example/mentor",
        capacity=2, accepting=True,
    )  # fmt: skip
    db.session.add(profile)
    db.session.flush()
    return profile


def request_in(
    status: RequestStatus, people: dict, mentor: User | None = None
) -> MentorshipRequest:
    """A new request to `mentor` (the people's mentor), brought to `status` by the services."""
    request = requests.send_request(
        mentee=people["mentee"], profile=new_profile(mentor or people["mentor"]),
        goals="Lead an AI team within a year.", context="", format="video",
    )  # fmt: skip
    for action, who in REACH[status]:
        requests.act(request, action, actor=people[who], reason="not-a-fit")
    assert request.status == status
    return request


def stored_status(request: MentorshipRequest) -> str:
    return db.session.scalar(
        select(MentorshipRequest.status).where(MentorshipRequest.id == request.id)
    )


def event_count(request: MentorshipRequest) -> int:
    return db.session.scalar(select(func.count()).where(MentorshipEvent.request_id == request.id))


def test_every_status_is_reached_and_every_party_is_someone():
    assert set(REACH) == set(RequestStatus)
    assert set(PARTIES) == set(Party)


def test_only_the_transitions_in_the_table_are_possible(people):
    allowed, refused = 0, 0
    for status in RequestStatus:
        for action, step in TRANSITIONS.items():
            for who, actor in people.items():
                request = request_in(status, people)
                events = event_count(request)
                permitted = status in step.sources and who in PARTIES[step.actor]
                try:
                    event = requests.act(
                        request, action, actor=actor, note="A note.", reason="not-a-fit"
                    )
                except DomainError:
                    assert not permitted, (status, action, who)
                    assert stored_status(request) == status, (status, action, who)
                    assert event_count(request) == events, (status, action, who)
                    refused += 1
                else:
                    assert permitted, (status, action, who)
                    assert stored_status(request) == step.target, (status, action, who)
                    assert (event.action, event.from_status, event.to_status) == (
                        action, status, step.target
                    )  # fmt: skip
                    assert event.actor_id == (actor.id if actor else None)
                    allowed += 1
                db.session.rollback()
    assert allowed == sum(
        len(step.sources) * len(PARTIES[step.actor]) for step in TRANSITIONS.values()
    )
    assert refused == len(RequestStatus) * len(TRANSITIONS) * len(people) - allowed


def test_a_move_from_the_wrong_status_says_where_the_request_stands(people):
    request = request_in(RequestStatus.DECLINED, people)
    with pytest.raises(TransitionError, match="This request is declined, so it cannot be sent"):
        requests.act(request, "accept", actor=people["mentor"])


def test_only_the_parties_of_the_table_may_act(people):
    request = request_in(RequestStatus.PENDING, people)
    with pytest.raises(NotAllowed, match="Only the mentor or the mentee of this request"):
        requests.act(request, "cancel", actor=people["mentor"])
    with pytest.raises(NotAllowed, match="Only the board itself"):
        requests.act(request, "expire", actor=people["admin"])
    assert stored_status(request) == RequestStatus.PENDING


def test_unknown_action_is_refused(people):
    request = request_in(RequestStatus.PENDING, people)
    with pytest.raises(TransitionError, match="not something that can be done"):
        requests.act(request, "reopen", actor=people["mentor"])


def test_a_decline_needs_a_reason_from_the_list_and_keeps_it_with_the_message(people):
    request = request_in(RequestStatus.PENDING, people)
    with pytest.raises(DomainError, match="Pick a reason"):
        requests.act(request, "decline", actor=people["mentor"], reason="because")
    assert stored_status(request) == RequestStatus.PENDING
    requests.act(request, "decline", actor=people["mentor"], note="Try X.", reason="unclear")
    assert (request.decline_reason, request.message) == ("unclear", "Try X.")


def test_accepting_takes_a_seat_and_withdraws_the_mentees_other_pending_requests(people):
    other_mentor = accounts.register(
        email="other-mentor@example.com", display_name="Other Mentor", password=PASSWORD,
        verified=True,
    )  # fmt: skip
    accepted = request_in(RequestStatus.PENDING, people)
    other = request_in(RequestStatus.PENDING, people, mentor=other_mentor)
    requests.act(accepted, "accept", actor=people["mentor"])
    assert accepted.seat == 1
    assert stored_status(other) == RequestStatus.CANCELLED
    assert db.session.scalar(
        select(MentorshipEvent.action).where(MentorshipEvent.request_id == other.id)
        .order_by(MentorshipEvent.id.desc()).limit(1)
    ) == "withdraw"  # fmt: skip
