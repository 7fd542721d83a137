"""Mentor profile rules: one profile each, the directory and its filters, open spots."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, Subquery, and_, case, func, or_, select
from sqlalchemy.orm import object_session, selectinload

from ..auth.models import User
from ..auth.rules import check_verified
from ..content import normalise_tag
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.states import Status
from . import choices
from .models import AVAILABILITY_FIELDS, MentorProfile, MentorshipRequest
from .request_states import RequestStatus


def profile_of(user: User, *, lock: bool = False) -> MentorProfile | None:
    """The member's own profile, whatever its state; with `lock`, its row locked."""
    query = select(MentorProfile).where(MentorProfile.author_id == user.id)
    return db.session.scalar(query.with_for_update() if lock else query)


def create_profile(*, author: User, data: dict[str, Any]) -> MentorProfile:
    """Save the member's profile as a draft (its first availability too); one per member."""
    check_verified(author)
    if profile_of(author) is not None:
        raise DomainError("You already have a mentor profile: edit it instead.")
    availability = {name: data[name] for name in AVAILABILITY_FIELDS if name in data}
    return moderation.create_draft(MentorProfile, author=author, data=data, **availability)


def set_availability(
    profile: MentorProfile, *, capacity: int, accepting: bool, paused_until: date | None
) -> None:
    """The mentor's own say on taking mentees: written at once, with no review.

    Only the profile's text is moderated; how many mentees, and whether now, is the
    mentor's alone. Mentees already accepted keep their seats if the capacity goes down.
    """
    profile.capacity = capacity
    profile.accepting = accepting
    profile.paused_until = paused_until


def accepted_count(profile_id: int) -> int:
    """How many mentees a mentor has now."""
    return db.session.scalar(
        select(func.count())
        .select_from(MentorshipRequest)
        .where(
            MentorshipRequest.mentor_id == profile_id,
            MentorshipRequest.status == RequestStatus.ACCEPTED,
        )
    )


def open_spots(profile: MentorProfile) -> int:
    """Seats left."""
    return max(profile.capacity - accepted_count(profile.id), 0)


# The directory -----------------------------------------------------------------------

LIST_FILTERS = {  # URL parameter → stored comma list
    "expertise": "expertise",
    "industry": "industries",
    "language": "languages",
    "format": "formats",
}
CHOICE_FILTERS = {"from_function": choices.FUNCTIONS, "to_function": choices.FUNCTIONS}


@dataclass
class MentorFilters:
    """The directory filters, read from the URL; unknown values are dropped, not errors."""

    values: dict[str, str] = field(default_factory=dict)
    accepting_now: bool = False

    @classmethod
    def from_args(cls, args) -> MentorFilters:
        chosen = {}
        for name, vocabulary in CHOICE_FILTERS.items():
            if args.get(name, "") in dict(vocabulary):
                chosen[name] = args[name]
        for name in LIST_FILTERS:
            value = normalise_tag(args.get(name, "")[:40])
            if value and value != "item":
                chosen[name] = value
        return cls(chosen, args.get("accepting") == "1")

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list."""
        return bool(self.values or self.accepting_now)


def published_profiles() -> Select:
    """Published mentor profiles, newest first."""
    return (
        select(MentorProfile)
        .where(MentorProfile.status == Status.PUBLISHED)
        .order_by(MentorProfile.published_at.desc(), MentorProfile.id.desc())
    )


@dataclass(frozen=True)
class DirectoryEntry:
    """A profile in the directory with its open spots and when its mentor was last seen."""

    profile: MentorProfile
    taken: int

    @property
    def spots_open(self) -> int:
        return max(self.profile.capacity - self.taken, 0)

    @property
    def available(self) -> bool:
        """Accepting, not paused, not full."""
        return self.profile.accepting and not self.profile.is_paused() and self.spots_open > 0

    @property
    def last_active(self):
        author = self.profile.author
        moments = [m for m in (author.last_login_at, self.profile.updated_at) if m]
        return max(moments) if moments else None


def taken_by_mentor() -> Subquery:
    """Accepted mentees per mentor, as a subquery to join (`mentor_id`, `taken`)."""
    return (
        select(MentorshipRequest.mentor_id, func.count().label("taken"))
        .where(MentorshipRequest.status == RequestStatus.ACCEPTED)
        .group_by(MentorshipRequest.mentor_id)
        .subquery()
    )


def available_now(taken_count: ColumnElement[int], today: date) -> ColumnElement[bool]:
    """The SQL of `DirectoryEntry.available`: accepting, not paused, a seat left."""
    return and_(
        MentorProfile.accepting.is_(True),
        or_(MentorProfile.paused_until.is_(None), MentorProfile.paused_until < today),
        taken_count < MentorProfile.capacity,
    )


def directory(filters: MentorFilters) -> Select:
    """Published profiles: those taking mentees first, then full or paused ones."""
    taken = taken_by_mentor()
    available = available_now(func.coalesce(taken.c.taken, 0), utcnow().date())
    query = (
        select(MentorProfile)
        .outerjoin(taken, taken.c.mentor_id == MentorProfile.id)
        .where(MentorProfile.status == Status.PUBLISHED)
        .options(selectinload(MentorProfile.author))
        .order_by(case((available, 0), else_=1), MentorProfile.updated_at.desc(), MentorProfile.id)
    )
    for name, value in filters.values.items():
        if name in CHOICE_FILTERS:
            query = query.where(getattr(MentorProfile, name) == value)
        else:
            column = getattr(MentorProfile, LIST_FILTERS[name])
            query = query.where(("," + column + ",").like(f"%,{value},%"))
    if filters.accepting_now:
        query = query.where(available)
    return query


def admits(profile: MentorProfile, filters: MentorFilters) -> bool:
    """Whether a published profile passes `filters`: `directory`'s conditions in Python
    (alerts check each new profile against every saved search; a test keeps them in step)."""
    for name, value in filters.values.items():
        if name in CHOICE_FILTERS:
            if getattr(profile, name) != value:
                return False
        elif value not in (getattr(profile, LIST_FILTERS[name]) or "").split(","):
            return False
    if filters.accepting_now:
        paused = profile.paused_until is not None and profile.paused_until >= utcnow().date()
        if not profile.accepting or paused:
            return False
        # In the profile's own session: alerts read items in a session of their own.
        taken = (object_session(profile) or db.session).scalar(
            select(func.count())
            .select_from(MentorshipRequest)
            .where(
                MentorshipRequest.mentor_id == profile.id,
                MentorshipRequest.status == RequestStatus.ACCEPTED,
            )
        )
        if taken >= profile.capacity:
            return False
    return True


def taken_seats(profile_ids: list[int]) -> dict[int, int]:
    """Accepted mentees per profile, in one query."""
    if not profile_ids:
        return {}
    rows = db.session.execute(
        select(MentorshipRequest.mentor_id, func.count())
        .where(
            MentorshipRequest.mentor_id.in_(profile_ids),
            MentorshipRequest.status == RequestStatus.ACCEPTED,
        )
        .group_by(MentorshipRequest.mentor_id)
    )
    return {mentor_id: count for mentor_id, count in rows}


def entries(profiles: list[MentorProfile]) -> list[DirectoryEntry]:
    """Directory entries for a page of profiles (one query for all their seats)."""
    taken = taken_seats([profile.id for profile in profiles])
    return [DirectoryEntry(profile, taken.get(profile.id, 0)) for profile in profiles]
