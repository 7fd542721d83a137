"""Mentorship request rules: sending, the mentor's decision, closing, expiry, feedback.

The limits live in the database too (see `MentorshipRequest`): a request takes one of its
mentee's three slots, and an accepted one takes one of its mentor's seats. Two people racing
for the last slot or seat meet a unique index, and the loser gets the same clear message as
if they had come second.

A request's status changes in one place, `act`, by the table in `request_states`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import render_template
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..auth.rules import check_verified
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..moderation.services import NotAllowed, TransitionError
from ..moderation.states import Status
from ..notifications.services import notify
from ..web import absolute_url
from . import waitlist
from .choices import DECLINE_REASONS
from .models import (
    MAX_OPEN_PER_MENTEE,
    MentorProfile,
    MentorshipEvent,
    MentorshipFeedback,
    MentorshipRequest,
)
from .request_states import (
    CLOSED_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    Party,
    RequestStatus,
    Transition,
)

EXPIRE_AFTER = timedelta(days=14)
MAX_CLAIM_ATTEMPTS = 5
TOO_MANY = (
    f"You have {MAX_OPEN_PER_MENTEE} open requests, the most at once. Cancel one, or "
    "wait for answers, before asking someone else."
)
REMIND_AFTER = timedelta(days=7)


class NoSpotsLeft(DomainError):
    """The mentor's seats are all taken."""


def _open_requests_of(mentee_id: int) -> list[MentorshipRequest]:
    return list(
        db.session.scalars(
            select(MentorshipRequest).where(
                MentorshipRequest.mentee_id == mentee_id,
                MentorshipRequest.status.in_(OPEN_STATUSES),
            )
        )
    )


def _seats_taken(mentor_id: int) -> set[int]:
    return set(
        db.session.scalars(
            select(MentorshipRequest.seat).where(
                MentorshipRequest.mentor_id == mentor_id,
                MentorshipRequest.status == RequestStatus.ACCEPTED,
            )
        )
    )


def check_can_request(mentee: User, profile: MentorProfile, *, now: datetime | None = None) -> None:
    """Raise, in words, when `mentee` may not ask `profile`'s mentor now (`now`: a test's
    clock, for the waiting list's held spots)."""
    if profile.state != Status.PUBLISHED:
        raise DomainError("This mentor profile is not published.", field="goals")
    if profile.author_id == mentee.id:
        raise NotAllowed("You cannot ask yourself for mentorship.")
    check_verified(mentee)
    open_requests = _open_requests_of(mentee.id)
    if any(request.mentor_id == profile.id for request in open_requests):
        raise DomainError("You already have an open request with this mentor.")
    if len(open_requests) >= MAX_OPEN_PER_MENTEE:
        raise DomainError(TOO_MANY)
    if not profile.accepting:
        raise DomainError("This mentor is not accepting new mentees right now.")
    if profile.is_paused():
        raise DomainError(
            f"This mentor is paused until {profile.paused_until:%d %B %Y}. Try again after."
        )
    if len(_seats_taken(profile.id)) >= profile.capacity:
        raise NoSpotsLeft("This mentor has no spots left right now.")
    # A spot held for a member told from the waiting list is not for anyone else to take.
    now = now or utcnow()
    if waitlist.free_spots(profile, now, for_user=mentee) <= 0:
        raise NoSpotsLeft(waitlist.held_message(profile, now))


def _claim(
    obj,
    attribute: str,
    free: Callable[[], set[int]],
    *,
    none_left: DomainError,
    also: dict | None = None,
) -> None:
    """Give `obj` the lowest free number (a slot or a seat), with the values in `also`, and
    write it.

    A unique index guards the numbers: when a concurrent transaction takes the same one
    first, the savepoint rolls back, and we look again and take the next; when none is
    free, raise `none_left`.
    """
    for _attempt in range(MAX_CLAIM_ATTEMPTS):
        numbers = free()
        if not numbers:
            raise none_left
        try:
            # The values are set inside the savepoint: set before it, begin_nested() would
            # flush them outside, and a conflict would spoil the whole transaction.
            with db.session.begin_nested():
                for name, value in {attribute: min(numbers), **(also or {})}.items():
                    setattr(obj, name, value)
                db.session.add(obj)
                db.session.flush()
            return
        except IntegrityError:
            continue
    raise none_left


def send_request(
    *,
    mentee: User,
    profile: MentorProfile,
    goals: str,
    context: str,
    format: str,
    now: datetime | None = None,
) -> MentorshipRequest:
    """Ask a mentor for help; the request takes one of the mentee's three slots, and ends
    the mentee's wait for this mentor (`now`: a test's clock)."""
    check_can_request(mentee, profile, now=now)
    request = MentorshipRequest(
        mentor_id=profile.id, mentee_id=mentee.id, goals=goals, context=context, format=format
    )

    def free_slots() -> set[int]:
        # Again: a racing request may have changed things.
        check_can_request(mentee, profile, now=now)
        used = {other.mentee_slot for other in _open_requests_of(mentee.id)}
        return set(range(1, MAX_OPEN_PER_MENTEE + 1)) - used

    _claim(request, "mentee_slot", free_slots, none_left=DomainError(TOO_MANY))
    _record(request, mentee, "create", RequestStatus.PENDING, RequestStatus.PENDING)
    # Off the list; a spot held for a told member stays held while this is pending.
    waitlist.mark_asked(mentee, profile, now=now)
    _tell(request, "request_sent", to_mentor=True)
    return request


def _profile(request: MentorshipRequest) -> MentorProfile:
    return db.session.get(MentorProfile, request.mentor_id)


def mentor_user_id(request: MentorshipRequest) -> int:
    """The member who mentors in this request."""
    return _profile(request).author_id


def _check_actor(step: Transition, request: MentorshipRequest, actor: User | None) -> None:
    """Raise unless `actor` is the party the table names for `step`."""
    if step.actor == Party.SYSTEM:
        if actor is not None:
            raise NotAllowed("Only the board itself does this.")
        return
    mentor_id = mentor_user_id(request)
    parties = {
        Party.MENTOR: {mentor_id},
        Party.MENTEE: {request.mentee_id},
        Party.EITHER: {mentor_id, request.mentee_id},
    }[step.actor]
    if actor is None or actor.id not in parties:
        raise NotAllowed("Only the mentor or the mentee of this request can do this.")


def act(
    request: MentorshipRequest,
    action: str,
    *,
    actor: User | None,
    note: str = "",
    reason: str = "",
    now: datetime | None = None,
) -> MentorshipEvent:
    """Take `action` on `request`: the one way a request changes status.

    Checks the table (who may act, from which status), applies the move's side effects
    (a seat on accept, the mentee's other requests withdrawn, a decline's reason), records
    the event and mails both sides. `note` goes into the log and the mail (a decline's
    message, a closing note); `reason` is a decline's reason from `DECLINE_REASONS`.
    Any move but an accept may free a spot (a seat, or one the waiting list held), so the
    waiting list is offered it at once. `now` is the job's clock. Nothing here commits; the
    caller does.
    """
    step = TRANSITIONS.get(action)
    if step is None:
        raise TransitionError(f"“{action}” is not something that can be done here.")
    _check_actor(step, request, actor)
    before = request.state
    if before not in step.sources:
        raise TransitionError(
            f"This request is {before.label.lower()}, so it cannot be sent through “{step.label}”."
        )
    if step.needs_reason and reason not in dict(DECLINE_REASONS):
        raise DomainError("Pick a reason.", field="decline_reason")

    now = now or utcnow()
    if step.takes_seat:
        _take_seat(request, step.target)
    request.status = step.target.value
    request.seat = request.seat if step.target == RequestStatus.ACCEPTED else None
    if before == RequestStatus.PENDING:
        request.decided_at = now
    if step.needs_reason:
        request.decline_reason, request.message = reason, note  # the mentee reads both
    if step.target in CLOSED_STATUSES:
        request.closed_at, request.closing_note = now, note
    event = _record(request, actor, action, before, step.target, note)
    _tell(request, action, to_mentor=True, to_mentee=True, note=note, actor=actor)
    if step.withdraws_others:
        _withdraw_other_pending(request)
    if step.target != RequestStatus.ACCEPTED:
        waitlist.offer_spots(_profile(request), now=now)
    return event


def _take_seat(request: MentorshipRequest, status: RequestStatus) -> None:
    """Give an accepted request the mentor's lowest free seat, or raise `NoSpotsLeft`.

    The status is written with the seat, inside `_claim`'s savepoint, because the seats'
    unique index covers accepted requests only: a seat without it would guard nothing.
    """
    capacity = _profile(request).capacity
    _claim(
        request,
        "seat",
        lambda: set(range(1, capacity + 1)) - _seats_taken(request.mentor_id),
        also={"status": status.value},
        none_left=NoSpotsLeft(
            "No spots left: you already mentor as many people as you offered. "
            "Complete a mentorship, or raise your capacity, to accept this one."
        ),
    )


def _withdraw_other_pending(accepted: MentorshipRequest) -> None:
    others = db.session.scalars(
        select(MentorshipRequest).where(
            MentorshipRequest.mentee_id == accepted.mentee_id,
            MentorshipRequest.status == RequestStatus.PENDING,
            MentorshipRequest.id != accepted.id,
        )
    ).all()
    # The note, addressed to the mentee, says on their card why the request went.
    mentor_name = db.session.get(User, mentor_user_id(accepted)).display_name
    for other in others:
        act(other, "withdraw", actor=None, note=f"{mentor_name} accepted you.")


def expire_requests(*, now: datetime | None = None) -> tuple[int, int]:
    """Expire requests pending 14 days; remind mentors of those pending 7. (expired, reminded)"""
    now = now or utcnow()
    # Locked and skipped if locked (PostgreSQL): two workers never expire or remind one request.
    pending = (
        select(MentorshipRequest)
        .where(MentorshipRequest.status == RequestStatus.PENDING)
        .with_for_update(skip_locked=True)
    )
    stale = db.session.scalars(pending.where(MentorshipRequest.created_at <= now - EXPIRE_AFTER))
    expired = 0
    for request in stale.all():
        act(request, "expire", actor=None, note="No answer within 14 days.", now=now)
        expired += 1
    waiting = db.session.scalars(
        pending.where(
            MentorshipRequest.created_at <= now - REMIND_AFTER,
            MentorshipRequest.reminded_at.is_(None),
        )
    ).all()
    for request in waiting:
        request.reminded_at = now
        _tell(request, "reminder", to_mentor=True)
    return expired, len(waiting)


def leave_feedback(request: MentorshipRequest, *, actor: User, rating: int, note: str) -> None:
    """Private feedback from either side once the mentorship is over; once each."""
    if request.state not in CLOSED_STATUSES:
        raise TransitionError("Feedback opens once the mentorship is completed or ended.")
    if actor.id not in {mentor_user_id(request), request.mentee_id}:
        raise NotAllowed("Only the mentor or the mentee can leave feedback.")
    feedback = MentorshipFeedback(
        request_id=request.id, author_id=actor.id, rating=rating, note=note
    )
    try:
        with db.session.begin_nested():
            db.session.add(feedback)
            db.session.flush()
    except IntegrityError as error:
        raise DomainError("You already left feedback for this mentorship.") from error


def _record(
    request: MentorshipRequest,
    actor: User | None,
    action: str,
    before: RequestStatus,
    after: RequestStatus,
    note: str = "",
) -> MentorshipEvent:
    """Append one entry to the request's log."""
    event = MentorshipEvent(
        request_id=request.id,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=before.value,
        to_status=after.value,
        note=note,
    )
    db.session.add(event)
    return event


def _tell(request, action, *, to_mentor=False, to_mentee=False, note="", actor=None) -> None:
    """Notify the mentor and/or the mentee of `action`; the link is their mentorship page.

    Whoever took the action hears of it too (the mail confirms it, the mentor's holds the
    mentee's address), already read: they know.
    """
    mentor_user = db.session.get(User, mentor_user_id(request))
    mentee = db.session.get(User, request.mentee_id)
    path = "/mentorship/"
    for wanted, person, role in ((to_mentor, mentor_user, "mentor"), (to_mentee, mentee, "mentee")):
        if not wanted:
            continue
        notify(
            person,
            topic="mentorship",
            subject=MAIL_SUBJECTS[action].format(mentee=mentee.display_name,
                                                 mentor=mentor_user.display_name),
            link=path,
            already_read=actor is not None and actor.id == person.id,
            body=render_template(
                "mail/mentorship.txt", request=request, action=action, role=role,
                person=person, mentor=mentor_user, mentee=mentee, note=note,
                link=absolute_url(path),
                reason=dict(DECLINE_REASONS).get(request.decline_reason, ""),
            ),
        )  # fmt: skip


MAIL_SUBJECTS = {
    "request_sent": "{mentee} asks you for mentorship",
    "reminder": "{mentee} is still waiting for your answer",
    "accept": "Mentorship accepted: {mentor} and {mentee}",
    "decline": "Mentorship request declined",
    "cancel": "Mentorship request cancelled",
    "withdraw": "Mentorship request withdrawn",
    "expire": "Mentorship request expired",
    "complete": "Mentorship completed: {mentor} and {mentee}",
    "end": "Mentorship ended: {mentor} and {mentee}",
}
