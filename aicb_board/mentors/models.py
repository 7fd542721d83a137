"""Mentor profiles, mentorship requests, their events and feedback."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..content import split_list
from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..moderation.models import AppendOnlyError, Moderated
from . import choices
from .request_states import OPEN_STATUSES, RequestStatus

AVAILABILITY_FIELDS = ("capacity", "accepting", "paused_until")
REQUEST_STATUSES = tuple(status.value for status in RequestStatus)
MAX_OPEN_PER_MENTEE = 3
# The partial indexes' conditions, as the migrations wrote them: OPEN_STATUSES, ACCEPTED.
_OPEN = text("status IN ('pending', 'accepted')")
_ACCEPTED = text("status = 'accepted'")


class MentorProfile(Moderated, db.Model):
    """An alumnus' offer to mentor, public once approved. One per member."""

    __tablename__ = "mentor_profiles"
    __table_args__ = (
        Moderated.status_constraint(),
        Index("ix_mentor_profiles_changes", "updated_at", "id"),  # the API's incremental sync
        # Mentor matching reads one move at a time, most recently updated first.
        Index("ix_mentor_profiles_move", "to_function", "from_function", "updated_at"),
        UniqueConstraint("author_id", name="uq_mentor_profiles_author_id"),
        CheckConstraint("capacity BETWEEN 1 AND 20", name="capacity_range"),
    )
    kind = "mentor"
    # The text a moderator reviews. Availability (`AVAILABILITY_FIELDS`) is not content:
    # the mentor sets it directly, and it takes effect at once.
    editable_fields = (
        "headline", "from_role", "to_role", "from_function", "to_function", "industries",
        "expertise", "bio", "topics", "formats", "timezone", "languages", "contact",
        "linkedin_url",
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    headline: Mapped[str] = mapped_column(String(140))
    from_role: Mapped[str] = mapped_column(String(100))
    to_role: Mapped[str] = mapped_column(String(100))
    from_function: Mapped[str] = mapped_column(String(20), index=True)
    to_function: Mapped[str] = mapped_column(String(20), index=True)
    industries: Mapped[str] = mapped_column(String(250), default="")
    expertise: Mapped[str] = mapped_column(String(300), default="")
    bio: Mapped[str] = mapped_column(Text)
    topics: Mapped[str] = mapped_column(Text, default="")
    formats: Mapped[str] = mapped_column(String(60), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    languages: Mapped[str] = mapped_column(String(100), default="en")
    capacity: Mapped[int] = mapped_column(Integer, default=2)
    accepting: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_until: Mapped[date | None] = mapped_column(Date)
    contact: Mapped[str] = mapped_column(String(300))
    linkedin_url: Mapped[str] = mapped_column(String(255), default="")

    @property
    def display_title(self) -> str:
        """How the profile is named in the queue and in mail."""
        return f"{self.from_role} → {self.to_role}"

    @property
    def move(self) -> str:
        """The move in functions: "Go-to-market → Product"."""
        return (
            f"{choices.label(choices.FUNCTIONS, self.from_function)} → "
            f"{choices.label(choices.FUNCTIONS, self.to_function)}"
        )

    def listed(self, field: str) -> list[str]:
        """A comma-stored field (expertise, industries, formats, languages) as a list."""
        return split_list(getattr(self, field))

    def label_of(self, field: str, value: str) -> str:
        """The label of one value of `formats` or `languages`."""
        vocabulary = {"formats": choices.FORMATS, "languages": choices.LANGUAGES}[field]
        return choices.label(vocabulary, value) or value

    def is_paused(self, today: date | None = None) -> bool:
        """Paused until a date still ahead."""
        return self.paused_until is not None and self.paused_until >= (today or utcnow().date())


class MentorshipRequest(db.Model):
    """A member asking a mentor for help, and what became of it.

    The database holds the limits: one open request per pair, at most three open per
    mentee (each takes one of three slots), and no more accepted mentees than seats.
    """

    __tablename__ = "mentorship_requests"
    __table_args__ = (
        CheckConstraint(
            "status IN (" + ", ".join(f"'{s}'" for s in REQUEST_STATUSES) + ")",
            name="status_known",
        ),
        CheckConstraint(f"mentee_slot BETWEEN 1 AND {MAX_OPEN_PER_MENTEE}", name="slot_range"),
        Index("uq_mentorship_open_pair", "mentor_id", "mentee_id", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
        Index("uq_mentorship_mentee_slot", "mentee_id", "mentee_slot", unique=True,
              sqlite_where=_OPEN, postgresql_where=_OPEN),
        Index("uq_mentorship_mentor_seat", "mentor_id", "seat", unique=True,
              sqlite_where=_ACCEPTED, postgresql_where=_ACCEPTED),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    goals: Mapped[str] = mapped_column(Text)
    context: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.PENDING.value, index=True)
    mentee_slot: Mapped[int] = mapped_column(Integer)
    seat: Mapped[int | None] = mapped_column(Integer)
    decline_reason: Mapped[str] = mapped_column(String(20), default="")
    message: Mapped[str] = mapped_column(Text, default="")  # the mentor's, with a decision
    closing_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentor: Mapped[MentorProfile] = relationship(lazy="raise_on_sql")
    mentee: Mapped[User] = relationship(lazy="raise_on_sql")

    @property
    def state(self) -> RequestStatus:
        """The status as an enum member."""
        return RequestStatus(self.status)

    @property
    def is_open(self) -> bool:
        """Pending or accepted."""
        return self.status in OPEN_STATUSES


class MentorshipEvent(db.Model):
    """One step of a request (append-only): who moved it from where to where, with a note."""

    __tablename__ = "mentorship_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentorship_requests.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(20))
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[User | None] = relationship(lazy="raise_on_sql")


@event.listens_for(MentorshipEvent, "before_update")
@event.listens_for(MentorshipEvent, "before_delete")
def _refuse_changes(_mapper, _connection, target: MentorshipEvent) -> None:
    raise AppendOnlyError(f"mentorship event {target.id} is part of the record")


class MentorshipFeedback(db.Model):
    """Private feedback after a mentorship ends (admins read it)."""

    __tablename__ = "mentorship_feedback"
    __table_args__ = (
        UniqueConstraint("request_id", "author_id", name="uq_mentorship_feedback_once"),
        CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("mentorship_requests.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    rating: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(lazy="raise_on_sql")
    request: Mapped[MentorshipRequest] = relationship(lazy="raise_on_sql")


class MemberMove(db.Model):
    """The move a member is making, told privately so the board can suggest mentors.

    One per member, never shown to anyone else (not on a page, in the API or in search).
    The fields have the mentor profile's names where they mean the same thing; `topics`
    is what the member wants help with, a comma list of tags like a profile's expertise.
    """

    __tablename__ = "member_moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    from_function: Mapped[str] = mapped_column(String(20))
    from_role: Mapped[str] = mapped_column(String(100), default="")
    to_function: Mapped[str] = mapped_column(String(20))
    industries: Mapped[str] = mapped_column(String(250), default="")
    languages: Mapped[str] = mapped_column(String(100), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    topics: Mapped[str] = mapped_column(String(300), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # The member asked for their suggestions by mail once a week (`suggestion_mail.py`).
    weekly_mail: Mapped[bool] = mapped_column(Boolean, default=False)
    # The last weekly mail: when, and the mentors it named (comma-joined ids), so a week
    # with no one new sends nothing.
    mailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mailed_ids: Mapped[str] = mapped_column(String(200), default="")

    def listed(self, field: str) -> list[str]:
        """A comma-stored field (industries, languages, topics) as a list."""
        return split_list(getattr(self, field))


class WaitState(enum.StrEnum):
    """Where a member stands on a mentor's waiting list (`MentorWait.state`)."""

    WAITING = "waiting"  # in the queue, in `created_at` order
    TOLD = "told"  # a spot opened: theirs to ask for until `answer_by`
    ASKED = "asked"  # they sent the mentor a request (off the list)
    LAPSED = "lapsed"  # told, but 48 hours passed without a request
    LEFT = "left"  # they left the list


# Still on the list: one such wait per member and mentor (the partial unique index).
OPEN_WAIT_STATES = (WaitState.WAITING, WaitState.TOLD)
_OPEN_WAIT = text("state IN ('waiting', 'told')")


class MentorWait(db.Model):
    """A member waiting for a spot with a full (or not accepting) mentor.

    Rows are kept when the wait ends (asked, lapsed, left): they are the list's history, and
    an asked wait that was told keeps its spot held while the request it led to is pending.
    """

    __tablename__ = "mentor_waits"
    __table_args__ = (
        CheckConstraint(
            "state IN (" + ", ".join(f"'{s.value}'" for s in WaitState) + ")",
            name="state_known",
        ),
        Index("uq_mentor_waits_open", "profile_id", "user_id", unique=True,
              sqlite_where=_OPEN_WAIT, postgresql_where=_OPEN_WAIT),
        Index("ix_mentor_waits_queue", "profile_id", "state", "created_at"),
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    state: Mapped[str] = mapped_column(String(10), default=WaitState.WAITING.value)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    told_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answer_by: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="raise_on_sql")
