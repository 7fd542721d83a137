"""A member's saved item: which kind, which item, since when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db


class Bookmark(db.Model):
    """One item a member saved; the item is named by kind and id, as events name it."""

    __tablename__ = "bookmarks"
    __table_args__ = (
        UniqueConstraint("user_id", "item_kind", "item_id", name="uq_bookmarks_user_item"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    item_kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
