"""What the index holds for one item: the same fields whatever the kind."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import object_session

from ..auth.models import User


def author_of(item) -> User:
    """The item's author, loaded through the item's own session.

    Documents are also built after a commit, in a session of their own, where the
    request's session may not run queries.
    """
    return object_session(item).get(User, item.author_id)


@dataclass(frozen=True)
class SearchDocument:
    """The searchable text and filters of one published item."""

    kind: str
    item_id: int
    title: str
    summary: str  # shown under the title, highlighted
    body: str
    tags: list[str] = field(default_factory=list)
    people: str = ""  # company, from and to roles, author
    # seniority, function, …; a list when the item has several values (a remote role's
    # countries): a filter for any one of them finds it.
    filters: dict[str, str | list[str]] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The document's unique key in the index."""
        return f"{self.kind}:{self.item_id}"
