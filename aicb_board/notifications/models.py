"""A member's notifications, and which topics they want mailed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db


class Notification(db.Model):
    """One thing a member was told about: a subject, a local link, and whether they read it."""

    __tablename__ = "notifications"
    __table_args__ = (
        # The header's unread count, on every page a member opens: (user_id, read_at IS NULL).
        Index("ix_notifications_user_read", "user_id", "read_at"),
        # The list, newest first.
        Index("ix_notifications_user_created", "user_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str] = mapped_column(String(200))
    link: Mapped[str] = mapped_column(String(500))  # a path on this site, never a full URL
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_unread(self) -> bool:
        """Whether the member has not opened it (nor marked everything read) yet."""
        return self.read_at is None


class MailPreference(db.Model):
    """Whether a member wants mail about one topic; no row means the default, mail on."""

    __tablename__ = "mail_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(String(20), primary_key=True)
    mail: Mapped[bool] = mapped_column(Boolean)
