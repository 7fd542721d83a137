"""A member's own move: read, save and remove it (private to the member, one each)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from ..auth.models import User
from ..extensions import db
from .models import MemberMove

MOVE_FIELDS = ("from_function", "from_role", "to_function", "industries", "languages",
               "timezone", "topics")  # fmt: skip


def move_of(user: User) -> MemberMove | None:
    """The member's saved move, if they told one."""
    return db.session.scalar(select(MemberMove).where(MemberMove.user_id == user.id))


def save_move(user: User, data: dict[str, Any]) -> MemberMove:
    """Write the member's move (a first one, or over the one they had)."""
    move = move_of(user)
    if move is None:
        move = MemberMove(user_id=user.id)
        db.session.add(move)
    for name in MOVE_FIELDS:
        setattr(move, name, data.get(name) or "")
    move.weekly_mail = bool(data.get("weekly_mail"))
    db.session.flush()
    return move


def remove_move(user: User) -> bool:
    """Forget the member's move; whether there was one."""
    result = db.session.execute(delete(MemberMove).where(MemberMove.user_id == user.id))
    return bool(result.rowcount)
