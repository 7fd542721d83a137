"""Saving and unsaving items, and reading a member's saved list back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..kinds import Kind, kind_named
from ..moderation.models import Moderated
from .models import Bookmark

# Where a saved item stands: on the board, closed (its page stays, e.g. an archived role),
# or gone (removed, withdrawn, hidden…: its text is no longer shown).
Standing = Literal["open", "closed", "gone"]


@dataclass(frozen=True)
class SavedEntry:
    """One line of the saved list: the bookmark, its kind and item (None when gone)."""

    bookmark: Bookmark
    kind: Kind | None
    item: Any | None
    standing: Standing


def is_public(kind: Kind, item: Moderated) -> bool:
    """Whether the public may open the item's page (only such items can be saved)."""
    return item.state in kind.public_states


def find(user_id: int, kind_name: str, item_id: int) -> Bookmark | None:
    """The member's bookmark of this item, if they saved it."""
    return db.session.scalar(
        select(Bookmark).where(
            Bookmark.user_id == user_id,
            Bookmark.item_kind == kind_name,
            Bookmark.item_id == item_id,
        )
    )


def save(user_id: int, kind_name: str, item_id: int) -> None:
    """Save the item for the member; saving it again changes nothing."""
    if find(user_id, kind_name, item_id) is not None:
        return
    try:
        with db.session.begin_nested():
            db.session.add(Bookmark(user_id=user_id, item_kind=kind_name, item_id=item_id))
    except IntegrityError:  # the same press twice at once: the other one saved it
        pass


def unsave(user_id: int, kind_name: str, item_id: int) -> None:
    """Forget the member's bookmark of the item; nothing to forget is fine too."""
    db.session.execute(
        delete(Bookmark).where(
            Bookmark.user_id == user_id,
            Bookmark.item_kind == kind_name,
            Bookmark.item_id == item_id,
        )
    )


def saved_list(user_id: int) -> list[SavedEntry]:
    """The member's bookmarks, newest first, each with where its item stands now."""
    bookmarks = db.session.scalars(
        select(Bookmark)
        .where(Bookmark.user_id == user_id)
        .order_by(Bookmark.created_at.desc(), Bookmark.id.desc())
    ).all()
    ids_by_kind: dict[str, list[int]] = {}
    for bookmark in bookmarks:
        ids_by_kind.setdefault(bookmark.item_kind, []).append(bookmark.item_id)
    found: dict[tuple[str, int], tuple[Any, bool]] = {}
    for name, ids in ids_by_kind.items():
        kind = kind_named(name)
        if kind is not None:
            found.update(_items(kind, ids))
    entries = []
    for bookmark in bookmarks:
        kind = kind_named(bookmark.item_kind)
        item, listed = found.get((bookmark.item_kind, bookmark.item_id), (None, False))
        if kind is None or item is None or not is_public(kind, item):
            entries.append(SavedEntry(bookmark, kind, None, "gone"))
        else:
            entries.append(SavedEntry(bookmark, kind, item, "open" if listed else "closed"))
    return entries


def _items(kind: Kind, ids: Sequence[int]) -> dict[tuple[str, int], tuple[Any, bool]]:
    """The kind's items among `ids`, each with whether the kind lists it publicly now."""
    model = kind.model
    items = db.session.scalars(select(model).where(model.id.in_(ids))).all()
    listed = set(
        db.session.scalars(kind.public_items().with_only_columns(model.id).where(model.id.in_(ids)))
    )
    return {(kind.name, item.id): (item, item.id in listed) for item in items}
