"""Thank-you notes: a mentee's public thanks after a completed mentorship (issue 18).

A note is moderated content like any other (the `Moderated` columns, the one queue, the
audit log, reports), with one step before moderation: the mentor agrees to show it. The
mentee writes it as a draft; the mentor approves (it is then submitted for review, the
normal `submit` transition) or declines (it stays a draft, never shown). Only a moderator's
approval publishes it, on the mentor's page. Nothing here commits; the view does.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from flask import render_template
from sqlalchemy import ForeignKey, Integer, Text, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from ..auth.models import User
from ..database import UTCDateTime, utcnow
from ..domain import DomainError
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.models import Moderated
from ..moderation.services import NotAllowed, TransitionError
from ..moderation.states import Status
from ..notifications.services import notify
from ..web import absolute_url
from .models import MentorProfile, MentorshipRequest
from .request_states import RequestStatus

MIN_LENGTH, MAX_LENGTH = 20, 600
MENTORSHIP_PAGE = "/mentorship/"
# The author's steps that put a note in front of moderators (or back): only once the
# mentor agreed, and never after the mentee took it back.
TO_REVIEW = frozenset({"submit", "resubmit", "renew"})


class ThankYouNote(Moderated, db.Model):
    """A mentee's short public thanks to their mentor, for one completed mentorship."""

    __tablename__ = "thank_you_notes"
    __table_args__ = (Moderated.status_constraint(),)
    kind: ClassVar[str] = "thanks"
    editable_fields: ClassVar[tuple[str, ...]] = ("body",)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # One note per mentorship: the database refuses a second.
    request_id: Mapped[int] = mapped_column(ForeignKey("mentorship_requests.id"), unique=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentor_profiles.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    # The mentor's answer to "show it?": at most one of the two is set.
    mentor_approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    mentor_declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The mentee took it back: whatever its state then, it never comes back.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentor: Mapped[MentorProfile] = relationship(lazy="raise_on_sql")

    @property
    def display_title(self) -> str:
        """How the queue and mail name it: its first words."""
        words = " ".join(self.body.split())
        return f"Thanks: “{words[:60]}{'…' if len(words) > 60 else ''}”"

    @property
    def waits_for_mentor(self) -> bool:
        """Written, and the mentor has not answered yet."""
        return (
            self.state == Status.DRAFT
            and self.mentor_approved_at is None
            and self.mentor_declined_at is None
            and self.withdrawn_at is None
        )

    @property
    def stage(self) -> str:
        """Where it stands, as the mentee and the mentor read it."""
        if self.withdrawn_at is not None:
            return "Withdrawn"
        if self.mentor_declined_at is not None:
            return "Not shown (the mentor prefers not to)"
        if self.mentor_approved_at is None:
            return "Waiting for the mentor"
        return self.state.label


def check_author_step(note: ThankYouNote, action: str) -> None:
    """The kind's gate on author transitions: to review only with the mentor's consent."""
    if action not in TO_REVIEW:
        return
    if note.withdrawn_at is not None or note.mentor_declined_at is not None:
        raise TransitionError("This thank-you note was taken back; it is not shown.")
    if note.mentor_approved_at is None or action != "submit":
        raise TransitionError("A thank-you note goes to review once its mentor agrees to it.")


# Reading ------------------------------------------------------------------------------------


def notes_by_request(request_ids: list[int]) -> dict[int, ThankYouNote]:
    """The notes written for these mentorships, by request id (one query)."""
    if not request_ids:
        return {}
    rows = db.session.scalars(select(ThankYouNote).where(ThankYouNote.request_id.in_(request_ids)))
    return {note.request_id: note for note in rows}


def published_notes(mentor_id: int) -> list[ThankYouNote]:
    """A mentor's notes the public may read (moderator-approved), newest first."""
    return list(
        db.session.scalars(
            select(ThankYouNote)
            .where(
                ThankYouNote.mentor_id == mentor_id,
                ThankYouNote.status == Status.PUBLISHED,
                ThankYouNote.withdrawn_at.is_(None),
            )
            .order_by(ThankYouNote.published_at.desc(), ThankYouNote.id.desc())
            .options(selectinload(ThankYouNote.author))
        )
    )


def completed_counts(mentor_ids: list[int]) -> dict[int, int]:
    """How many mentorships each mentor completed (one grouped query)."""
    if not mentor_ids:
        return {}
    rows = db.session.execute(
        select(MentorshipRequest.mentor_id, func.count())
        .where(
            MentorshipRequest.mentor_id.in_(mentor_ids),
            MentorshipRequest.status == RequestStatus.COMPLETED,
        )
        .group_by(MentorshipRequest.mentor_id)
    )
    return {mentor_id: count for mentor_id, count in rows}


# Changing -----------------------------------------------------------------------------------


def clean_body(body: str | None) -> str:
    """The note as stored: NUL gone, trimmed, between MIN_LENGTH and MAX_LENGTH characters."""
    text = (body or "").replace("\x00", "").strip()
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise DomainError(
            f"Write between {MIN_LENGTH} and {MAX_LENGTH} characters.", field="body", status=422
        )
    return text


def write_note(request: MentorshipRequest, *, mentee: User, body: str) -> ThankYouNote:
    """The mentee's note for their completed mentorship, once; the mentor is asked to show it."""
    if request.mentee_id != mentee.id:
        raise NotAllowed("Only the mentee of this mentorship can thank its mentor.")
    if request.state != RequestStatus.COMPLETED:
        raise TransitionError("A thank-you note can be written once the mentorship is completed.")
    text = clean_body(body)
    try:
        with db.session.begin_nested():
            note = moderation.create_draft(
                ThankYouNote,
                author=mentee,
                data={"body": text},
                request_id=request.id,
                mentor_id=request.mentor_id,
            )
    except IntegrityError as error:
        raise DomainError(
            "You already wrote a thank-you note for this mentorship.", status=409
        ) from error
    _tell_mentor(note, mentee)
    return note


def _mentor_user(note: ThankYouNote) -> User:
    profile = db.session.get(MentorProfile, note.mentor_id)
    return db.session.get(User, profile.author_id)


def check_mentor(note: ThankYouNote, actor: User) -> None:
    """Raise unless `actor` is the note's mentor and the note waits for their answer."""
    if _mentor_user(note).id != actor.id:
        raise NotAllowed("Only the mentor thanked can decide this.")
    if not note.waits_for_mentor:
        raise TransitionError("This thank-you note was already decided.")


def approve_showing(note: ThankYouNote, *, mentor: User) -> None:
    """The mentor agrees to show the note: it is submitted to the moderators' queue."""
    check_mentor(note, mentor)
    note.mentor_approved_at = utcnow()
    moderation.record_event(note, mentor, "mentor_approved", note.state, note.state)
    # The mentee asked for it to be shown: the submission is theirs, as for any author.
    mentee = db.session.get(User, note.author_id)
    moderation.transition(note, "submit", actor=mentee)


def decline_showing(note: ThankYouNote, *, mentor: User) -> None:
    """The mentor prefers not to show the note: it is never shown; the mentee is told."""
    check_mentor(note, mentor)
    note.mentor_declined_at = utcnow()
    moderation.record_event(note, mentor, "mentor_declined", note.state, note.state)
    mentee = db.session.get(User, note.author_id)
    notify(
        mentee,
        topic="mentorship",
        subject="About your thank-you note",
        link=MENTORSHIP_PAGE,
        body=render_template(
            "mail/thanks_declined.txt", mentee=mentee, mentor=mentor,
            link=absolute_url(MENTORSHIP_PAGE),
        ),
    )  # fmt: skip


def withdraw_note(note: ThankYouNote, *, mentee: User) -> None:
    """The mentee takes their note back, whatever its stage: it is no longer shown anywhere."""
    if note.author_id != mentee.id:
        raise NotAllowed("Only its author can withdraw this note.")
    if note.withdrawn_at is not None:
        raise TransitionError("This thank-you note is already withdrawn.")
    note.withdrawn_at = utcnow()
    if note.state in {Status.PENDING, Status.CHANGES_REQUESTED}:
        moderation.transition(note, "withdraw", actor=mentee)
    elif note.state == Status.PUBLISHED:
        moderation.transition(note, "close", actor=mentee)
    else:
        moderation.record_event(note, mentee, "withdraw", note.state, note.state)


def _tell_mentor(note: ThankYouNote, mentee: User) -> None:
    mentor = _mentor_user(note)
    notify(
        mentor,
        topic="mentorship",
        subject=f"{mentee.display_name} thanked you: approve showing it?",
        link=MENTORSHIP_PAGE,
        body=render_template(
            "mail/thanks_written.txt", note=note, mentee=mentee, mentor=mentor,
            link=absolute_url(MENTORSHIP_PAGE),
        ),
    )  # fmt: skip
