"""The member account."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db


class Role(enum.StrEnum):
    """What a member may do: members write, moderators review, admins also manage people."""

    MEMBER = "member"
    MODERATOR = "moderator"
    ADMIN = "admin"


ROLE_VALUES = ", ".join(f"'{role.value}'" for role in Role)


class User(UserMixin, db.Model):
    """A member of the board."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint(f"role IN ({ROLE_VALUES})", name="role_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), default=Role.MEMBER.value)
    headline: Mapped[str] = mapped_column(String(120), default="")
    linkedin_url: Mapped[str] = mapped_column(String(255), default="")
    bio: Mapped[str] = mapped_column(Text, default="")
    # Part of the session identifier: bumping it ends every session signed in before.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set while an admin has suspended the account: sign-in is refused.
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Set when the member followed the link mailed to their address; until then they read only.
    email_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    def get_id(self) -> str:
        """The session identifier: the id and the session version (see `load_user`)."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_moderator(self) -> bool:
        """Moderators and admins review content."""
        return self.role in {Role.MODERATOR, Role.ADMIN}

    @property
    def is_suspended(self) -> bool:
        """Suspended members cannot sign in."""
        return self.suspended_at is not None

    @property
    def is_verified(self) -> bool:
        """Members who confirmed their address may post, report and ask for mentorship."""
        return self.email_verified_at is not None

    @property
    def is_admin(self) -> bool:
        """Admins also manage people."""
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
