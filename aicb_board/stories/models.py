"""A sideways-move story."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..content import reading_minutes, split_list
from ..extensions import db
from ..moderation.models import Moderated
from ..vocabulary import FUNCTIONS, label

BROWSE_ORDER = ("status", "published_at", "id")


class Story(Moderated, db.Model):
    """How a member moved from their old role into AI leadership."""

    __tablename__ = "stories"
    __table_args__ = (
        Moderated.status_constraint(),
        Index("ix_stories_changes", "updated_at", "id"),  # the API's incremental sync
        Index("ix_stories_browse", *BROWSE_ORDER),
        Index("ix_stories_from_function_browse", "from_function", *BROWSE_ORDER),
        Index("ix_stories_to_function_browse", "to_function", *BROWSE_ORDER),
    )
    kind = "story"
    editable_fields = (
        "title", "summary", "from_role", "to_role", "from_function", "to_function",
        "industry", "months_taken", "body", "tags",
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Made from the approved title at its first publication; after that it never changes.
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(120))
    summary: Mapped[str] = mapped_column(String(280))
    from_role: Mapped[str] = mapped_column(String(100))
    to_role: Mapped[str] = mapped_column(String(100))
    from_function: Mapped[str] = mapped_column(String(20))
    to_function: Mapped[str] = mapped_column(String(20))
    industry: Mapped[str] = mapped_column(String(60), default="")
    months_taken: Mapped[int | None] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(String(140), default="")

    @property
    def tag_list(self) -> list[str]:
        """The tags as a list."""
        return split_list(self.tags)

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body."""
        return reading_minutes(self.body)

    @property
    def move(self) -> str:
        """The move in functions: "Go-to-market → Product"."""
        return f"{label(FUNCTIONS, self.from_function)} → {label(FUNCTIONS, self.to_function)}"
