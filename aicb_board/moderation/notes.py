"""Moderators' private notes on an item, for the other moderators."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..extensions import db
from .models import Moderated, ModeratorNote


def notes_of(item: Moderated) -> list[ModeratorNote]:
    """An item's private notes, oldest first, authors loaded."""
    return list(
        db.session.scalars(
            select(ModeratorNote)
            .where(ModeratorNote.item_kind == item.kind, ModeratorNote.item_id == item.id)
            .order_by(ModeratorNote.id)
            .options(selectinload(ModeratorNote.author))
        )
    )


def add_note(item: Moderated, *, author: User, body: str) -> ModeratorNote:
    """Leave a private note on `item`."""
    note = ModeratorNote(item_kind=item.kind, item_id=item.id, author_id=author.id, body=body)
    db.session.add(note)
    return note
