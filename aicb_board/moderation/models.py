"""What moderation stores: the columns every moderated item has, revisions, the audit log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime, utcnow
from ..extensions import db
from .states import REVISION_PENDING, Status

STATUS_VALUES = ", ".join(f"'{status.value}'" for status in Status)


class Moderated:
    """Mixin for content that goes through moderation (roles, mentor profiles, stories)."""

    kind: ClassVar[str]
    # The fields an author edits; an edit to a published item stores these in a revision.
    editable_fields: ClassVar[tuple[str, ...]]

    status: Mapped[str] = mapped_column(String(20), default=Status.DRAFT.value, index=True)
    # The version of the editable text: every change of it counts one up. A moderator's
    # decision names the version they read and is refused once it is no longer current.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The reason given with the last decision, shown to the author.
    status_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    # When it last entered the queue: the queue is ordered by it, oldest first.
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @declared_attr
    def author_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("users.id"), index=True)

    @declared_attr
    def author(cls) -> Mapped[User]:
        return relationship(User, lazy="raise_on_sql")

    @classmethod
    def status_constraint(cls) -> CheckConstraint:
        """The CHECK that keeps `status` to the known states."""
        return CheckConstraint(f"status IN ({STATUS_VALUES})", name="status_known")

    @property
    def state(self) -> Status:
        """The status as an enum member."""
        return Status(self.status)

    @property
    def display_title(self) -> str:
        """How the item is named in the queue and in mail."""
        return getattr(self, "title", "") or f"{self.kind} {self.id}"

    def snapshot(self) -> dict[str, Any]:
        """The editable fields' current values."""
        return {name: getattr(self, name) for name in self.editable_fields}

    def apply(self, data: dict[str, Any]) -> None:
        """Set the editable fields present in `data`."""
        for name in self.editable_fields:
            if name in data:
                setattr(self, name, data[name])

    def rewrite(self, data: dict[str, Any]) -> bool:
        """Set the editable fields as `apply` does; a change of the text makes a new version.

        Returns whether anything changed.
        """
        before = self.to_plain(self.snapshot())
        self.apply(data)
        if self.to_plain(self.snapshot()) == before:
            return False
        self.version = (self.version or 1) + 1
        return True

    def with_revision(self, data: dict[str, Any]):
        """A detached copy showing a revision's values: the item as it would look if approved."""
        copy = type(self)()
        for column in self.__table__.columns:
            setattr(copy, column.key, getattr(self, column.key))
        copy.apply(self.from_plain(data))
        return copy

    @classmethod
    def _dated_fields(cls) -> dict[str, type]:
        """The editable fields holding a datetime or a date, with the type to parse back."""
        columns = cls.__table__.columns
        dated: dict[str, type] = {}
        for name in cls.editable_fields:
            column_type = columns[name].type
            if isinstance(column_type, UTCDateTime):
                dated[name] = datetime
            elif isinstance(column_type, Date):
                dated[name] = date
        return dated

    @classmethod
    def to_plain(cls, data: dict[str, Any]) -> dict[str, Any]:
        """Field values as JSON data (dates as ISO strings), to keep in a revision."""
        dated = cls._dated_fields()
        return {
            name: value.isoformat() if name in dated and value is not None else value
            for name, value in data.items()
            if name in cls.editable_fields
        }

    @classmethod
    def from_plain(cls, data: dict[str, Any]) -> dict[str, Any]:
        """The reverse of `to_plain`."""
        dated = cls._dated_fields()
        return {
            name: dated[name].fromisoformat(value) if name in dated and value else value
            for name, value in data.items()
        }


class Revision(db.Model):
    """One version of an item's text: an edit proposed for a published item (waiting,
    then decided or superseded), a trusted member's live edit, or the text of an item
    not yet public as its author saved it."""

    __tablename__ = "moderation_revisions"
    __table_args__ = (Index("ix_moderation_revisions_item", "item_kind", "item_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=REVISION_PENDING)
    # The item's version this text is (or, once approved, became); None while it waits.
    item_version: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    author: Mapped[User] = relationship(User, foreign_keys=[author_id], lazy="raise_on_sql")


class ModerationEvent(db.Model):
    """One entry of the audit log: who moved which item from where to where, and why.

    Append-only: the ORM refuses to update or delete an event.
    """

    __tablename__ = "moderation_events"
    __table_args__ = (Index("ix_moderation_events_item", "item_kind", "item_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    revision_id: Mapped[int | None] = mapped_column(ForeignKey("moderation_revisions.id"))
    # None: the system (for example expiry).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(32), index=True)
    from_status: Mapped[str] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship(User, lazy="raise_on_sql")


class AppendOnlyError(RuntimeError):
    """The audit log cannot be changed."""


@event.listens_for(ModerationEvent, "before_update")
@event.listens_for(ModerationEvent, "before_delete")
def _refuse_changes(_mapper, _connection, target: ModerationEvent) -> None:
    raise AppendOnlyError(f"moderation event {target.id} is part of the audit log")


REPORT_REASONS = {
    "spam": "Spam or advertising",
    "misleading": "Misleading or false",
    "inappropriate": "Inappropriate or abusive",
    "off_topic": "Not about AI leadership",
    "other": "Something else",
}
REPORT_REASON_VALUES = ", ".join(f"'{reason}'" for reason in REPORT_REASONS)


class Report(db.Model):
    """A member's report of published content; each member reports an item once."""

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("item_kind", "item_id", "reporter_id", name="uq_reports_once_per_member"),
        Index("ix_reports_open", "item_kind", "item_id", "resolved_at"),
        CheckConstraint(f"reason IN ({REPORT_REASON_VALUES})", name="reason_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    outcome: Mapped[str | None] = mapped_column(String(20))  # "upheld" or "dismissed"
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    reporter: Mapped[User] = relationship(User, foreign_keys=[reporter_id], lazy="raise_on_sql")

    @property
    def reason_label(self) -> str:
        """The reason as members read it."""
        return REPORT_REASONS.get(self.reason, self.reason)


class Appeal(db.Model):
    """An author's appeal of a reject or remove decision: one per decision."""

    __tablename__ = "appeals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    # The decision appealed; its moderator may not decide the appeal.
    event_id: Mapped[int] = mapped_column(ForeignKey("moderation_events.id"), unique=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[str | None] = mapped_column(String(20))  # "granted" or "denied"
    response: Mapped[str] = mapped_column(Text, default="")

    author: Mapped[User] = relationship(User, foreign_keys=[author_id], lazy="raise_on_sql")


class ModeratorNote(db.Model):
    """A private note moderators leave on an item; authors never see it."""

    __tablename__ = "moderator_notes"
    __table_args__ = (Index("ix_moderator_notes_item", "item_kind", "item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User] = relationship(User, lazy="raise_on_sql")


class Claim(db.Model):
    """A moderator reviewing an item now, so that another does not review it too."""

    __tablename__ = "moderation_claims"

    item_kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    item_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    moderator_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    moderator: Mapped[User] = relationship(User, lazy="raise_on_sql")


class CannedReason(db.Model):
    """A reason moderators can pick instead of writing one; admins edit the list."""

    __tablename__ = "canned_reasons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(300), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
