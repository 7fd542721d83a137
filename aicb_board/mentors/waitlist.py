"""The mentor waiting list: "Tell me when a spot opens".

A member waits for a full (or paused, or not accepting) mentor. When a spot opens,
`offer_spots` tells the waiting members one at a time, in the order they asked; each told
member has 48 hours to send the mentor a request, and the spot is held for them meanwhile:
nobody else can take it. A told member who asks keeps the spot held while that request is
pending (a decline or an expiry passes it on); one who lets the 48 hours pass lapses, and
the next is told (`lapse_waits`, from the hourly job).

`offer_spots` is the one place that tells anyone. It is called wherever a spot may open
(a request or mentorship closing, the mentor's availability changing, a member leaving a
held turn) in the same transaction, and by the hourly job for what no action marks (a pause
ending by date, a turn running out). Nothing here commits; the caller does.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import render_template
from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..auth.rules import check_verified
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..moderation.states import Status
from ..notifications.services import notify
from ..web import absolute_url
from .models import OPEN_WAIT_STATES, MentorProfile, MentorshipRequest, MentorWait, WaitState
from .request_states import OPEN_STATUSES, RequestStatus
from .services import open_spots

ANSWER_WITHIN = timedelta(hours=48)


def open_wait(user_id: int, profile_id: int) -> MentorWait | None:
    """The member's wait for this mentor while they are still on the list (waiting or told)."""
    return db.session.scalar(
        select(MentorWait).where(
            MentorWait.user_id == user_id,
            MentorWait.profile_id == profile_id,
            MentorWait.state.in_(OPEN_WAIT_STATES),
        )
    )


def own_open_wait(user: User, wait_id: int) -> MentorWait | None:
    """The wait `wait_id` if it is `user`'s and still open; None otherwise (the view's 404)."""
    wait = db.session.get(MentorWait, wait_id)
    if wait is None or wait.user_id != user.id or wait.state not in OPEN_WAIT_STATES:
        return None
    return wait


def position(wait: MentorWait) -> int:
    """Where a waiting member stands: 1 is told next. (Told members are not counted.)"""
    ahead = db.session.scalar(
        select(func.count())
        .select_from(MentorWait)
        .where(
            MentorWait.profile_id == wait.profile_id,
            MentorWait.state == WaitState.WAITING,
            (MentorWait.created_at < wait.created_at)
            | ((MentorWait.created_at == wait.created_at) & (MentorWait.id < wait.id)),
        )
    )
    return ahead + 1


def _held_turns(profile_id: int, now: datetime):
    """Told members whose 48 hours are still running (a query)."""
    return select(MentorWait).where(
        MentorWait.profile_id == profile_id,
        MentorWait.state == WaitState.TOLD,
        MentorWait.answer_by > now,
    )


def held_spots(profile_id: int, now: datetime, *, except_user_id: int | None = None) -> int:
    """Open spots the list holds: told members within their 48 hours, and pending requests
    that told members sent (the spot is theirs until the mentor answers)."""
    turns = _held_turns(profile_id, now)
    if except_user_id is not None:
        turns = turns.where(MentorWait.user_id != except_user_id)
    told = db.session.scalar(select(func.count()).select_from(turns.subquery()))
    asked_from_list = exists().where(
        MentorWait.profile_id == MentorshipRequest.mentor_id,
        MentorWait.user_id == MentorshipRequest.mentee_id,
        MentorWait.state == WaitState.ASKED,
        MentorWait.told_at.is_not(None),
    )
    pending = db.session.scalar(
        select(func.count())
        .select_from(MentorshipRequest)
        .where(
            MentorshipRequest.mentor_id == profile_id,
            MentorshipRequest.status == RequestStatus.PENDING,
            asked_from_list,
        )
    )
    return told + pending


def taking_mentees(profile: MentorProfile, now: datetime) -> bool:
    """Published, accepting and not paused: the mentor's spots may be offered."""
    return (
        profile.status == Status.PUBLISHED
        and profile.accepting
        and not profile.is_paused(now.date())
    )


def free_spots(profile: MentorProfile, now: datetime, *, for_user: User | None = None) -> int:
    """Open spots nobody on the list holds; `for_user`'s own held turn counts as free for
    them. Zero when the mentor is not taking mentees."""
    if not taking_mentees(profile, now):
        return 0
    except_user_id = for_user.id if for_user is not None else None
    return open_spots(profile) - held_spots(profile.id, now, except_user_id=except_user_id)


def held_until(profile_id: int, now: datetime) -> datetime | None:
    """When the last running turn ends (for "reserved until …"); None if none is running."""
    return db.session.scalar(
        select(func.max(MentorWait.answer_by)).where(
            MentorWait.profile_id == profile_id,
            MentorWait.state == WaitState.TOLD,
            MentorWait.answer_by > now,
        )
    )


def held_message(profile: MentorProfile, now: datetime) -> str:
    """Why a member may not take an open spot: the list holds it."""
    until = held_until(profile.id, now)
    when = f" until {until:%d %B %Y, %H:%M} UTC" if until else ""
    return f"The open spot is held for the next person on this mentor's waiting list{when}."


def check_can_wait(user: User, profile: MentorProfile, *, now: datetime | None = None) -> None:
    """Raise `DomainError` unless `user` may join this mentor's waiting list now."""
    now = now or utcnow()
    if user.id == profile.author_id:
        raise DomainError("This is your own mentor profile.")
    check_verified(user)
    if open_wait(user.id, profile.id) is not None:
        raise DomainError("You are already on this mentor's waiting list.")
    has_open_request = db.session.scalar(
        select(
            exists().where(
                MentorshipRequest.mentor_id == profile.id,
                MentorshipRequest.mentee_id == user.id,
                MentorshipRequest.status.in_(OPEN_STATUSES),
            )
        )
    )
    if has_open_request:
        raise DomainError("You already have an open request with this mentor.")
    if free_spots(profile, now, for_user=user) > 0:
        raise DomainError("This mentor has a spot open: you can ask now.")


def join(user: User, profile: MentorProfile, *, now: datetime | None = None) -> MentorWait:
    """Put `user` at the end of the mentor's waiting list; a second time is refused.

    The partial unique index holds one open wait per member and mentor, so a double
    submit that races past the check still makes one row, and gets the same message.
    """
    now = now or utcnow()
    check_can_wait(user, profile, now=now)
    wait = MentorWait(profile_id=profile.id, user_id=user.id, created_at=now)
    try:
        with db.session.begin_nested():
            db.session.add(wait)
            db.session.flush()
    except IntegrityError as error:
        raise DomainError("You are already on this mentor's waiting list.") from error
    return wait


def leave(wait: MentorWait, *, now: datetime | None = None) -> None:
    """Take the member off the list; a turn they held passes to the next member."""
    now = now or utcnow()
    was_told = wait.state == WaitState.TOLD
    _end(wait, WaitState.LEFT, now)
    if was_told:
        offer_spots(db.session.get(MentorProfile, wait.profile_id), now=now)


def mark_asked(user: User, profile: MentorProfile, *, now: datetime | None = None) -> None:
    """The member sent this mentor a request: their wait (if any) is over."""
    wait = open_wait(user.id, profile.id)
    if wait is not None:
        _end(wait, WaitState.ASKED, now or utcnow())


def _end(wait: MentorWait, state: WaitState, now: datetime) -> None:
    wait.state = state.value
    wait.ended_at = now
    db.session.flush()  # the next query (who holds a spot) sees it


def offer_spots(profile: MentorProfile, *, now: datetime | None = None) -> int:
    """Tell the next waiting members, in order, while open spots outnumber held ones; each
    told member gets 48 hours. How many were told.

    The profile row is locked first (PostgreSQL) so two transactions freeing spots at
    once tell different members, not the same one twice.
    """
    now = now or utcnow()
    profile = db.session.scalar(
        select(MentorProfile)
        .where(MentorProfile.id == profile.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    told = 0
    free = free_spots(profile, now)
    if free <= 0:
        return 0
    queue = db.session.scalars(
        select(MentorWait)
        .where(MentorWait.profile_id == profile.id, MentorWait.state == WaitState.WAITING)
        .order_by(MentorWait.created_at, MentorWait.id)
        .limit(free)
    ).all()
    for wait in queue:
        wait.state = WaitState.TOLD.value
        wait.told_at = now
        wait.answer_by = now + ANSWER_WITHIN
        _tell(wait, profile, "told")
        told += 1
    db.session.flush()
    return told


def lapse_waits(*, now: datetime | None = None) -> tuple[int, int]:
    """Turns past their 48 hours lapse (the member is told briefly), and every mentor with
    members waiting is offered again: (lapsed, told).

    The second part catches spots no action marked: a pause that ended by date, a change
    made before this list existed.
    """
    now = now or utcnow()
    overdue = db.session.scalars(
        select(MentorWait)
        .where(MentorWait.state == WaitState.TOLD, MentorWait.answer_by <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for wait in overdue:
        _end(wait, WaitState.LAPSED, now)
        _tell(wait, db.session.get(MentorProfile, wait.profile_id), "lapsed")
    waited_for = db.session.scalars(
        select(MentorWait.profile_id)
        .where(MentorWait.state == WaitState.WAITING)
        .distinct()
        .order_by(MentorWait.profile_id)
    ).all()
    told = sum(
        offer_spots(db.session.get(MentorProfile, profile_id), now=now) for profile_id in waited_for
    )
    return len(overdue), told


SUBJECTS = {
    "told": "A spot opened with {mentor}: ask within 48 hours",
    "lapsed": "Your turn for a spot with {mentor} has passed",
}


def _tell(wait: MentorWait, profile: MentorProfile, event: str) -> None:
    """Notify the waiting member (page and mail, by their preference); the link is the
    mentor's page, where they ask."""
    person = db.session.get(User, wait.user_id)
    mentor = db.session.get(User, profile.author_id)
    path = f"/mentors/{profile.id}"
    notify(
        person,
        topic="mentorship",
        subject=SUBJECTS[event].format(mentor=mentor.display_name),
        link=path,
        body=render_template(
            "mail/mentor_waitlist.txt", event=event, person=person, mentor=mentor,
            wait=wait, link=absolute_url(path),
        ),
    )  # fmt: skip
