"""Claims: a moderator takes an item to review, so that no other moderator reviews it too.

A claim lapses after CLAIM_MINUTES, so a forgotten one blocks no one for long.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from .models import Claim, Moderated

CLAIM_MINUTES = 60


def _live_claims() -> Select:
    since = utcnow() - timedelta(minutes=CLAIM_MINUTES)
    return select(Claim).where(Claim.claimed_at >= since).options(selectinload(Claim.moderator))


def live_claims() -> dict[tuple[str, int], Claim]:
    """Claims that have not lapsed, by (kind, item id), moderators loaded."""
    return {(claim.item_kind, claim.item_id): claim for claim in db.session.scalars(_live_claims())}


def claim_on(item: Moderated) -> Claim | None:
    """The claim on `item` (who holds it), unless it has lapsed."""
    return db.session.scalar(
        _live_claims().where(Claim.item_kind == item.kind, Claim.item_id == item.id)
    )


def check_claim(item: Moderated, moderator: User) -> None:
    """Refuse a decision on an item another moderator has claimed."""
    held = claim_on(item)
    if held is not None and held.moderator_id != moderator.id:
        raise DomainError(f"{held.moderator.display_name} is reviewing this.", status=409)


def claim(item: Moderated, moderator: User) -> None:
    """Take `item` to review for the next CLAIM_MINUTES, unless another moderator holds it."""
    check_claim(item, moderator)
    existing = db.session.get(Claim, (item.kind, item.id))
    if existing is None:
        db.session.add(Claim(item_kind=item.kind, item_id=item.id, moderator_id=moderator.id))
    else:  # lapsed, or one's own: take it (again) from now
        existing.moderator_id = moderator.id
        existing.claimed_at = utcnow()


def release(item: Moderated) -> None:
    """Drop the claim on an item (once it is decided, or given up)."""
    existing = db.session.get(Claim, (item.kind, item.id))
    if existing is not None:
        db.session.delete(existing)


def release_lapsed_claims(*, now: datetime | None = None) -> int:
    """Drop the claims that lapsed (they block no one already: this keeps the table small)."""
    cutoff = (now or utcnow()) - timedelta(minutes=CLAIM_MINUTES)
    return db.session.execute(delete(Claim).where(Claim.claimed_at < cutoff)).rowcount
