"""The search queue: changes to apply to the index, written with the content change."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..database import UTCDateTime, utcnow
from ..extensions import db


class SearchQueueEntry(db.Model):
    """One item whose index entry must be brought up to date (added, replaced or removed).

    Written in the same transaction as the change, applied after the commit, deleted once
    applied: a locked index, a killed worker or a lost index leaves it here for the next try.
    """

    __tablename__ = "search_queue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
