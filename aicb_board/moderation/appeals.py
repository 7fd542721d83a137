"""Authors appeal a reject or remove once, within 14 days; another moderator decides."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from ..auth.models import User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from . import queries, services, signals
from .models import Appeal, Moderated, ModerationEvent
from .states import Status

APPEALABLE = {"reject": Status.REJECTED, "remove": Status.REMOVED}
MAX_MESSAGE_LENGTH = 2000
GRANTED, DENIED = "granted", "denied"


def last_decision(item: Moderated) -> ModerationEvent | None:
    """The reject or remove that put `item` where it is, if that is where it is."""
    event = queries.last_change(item)
    if event is None or APPEALABLE.get(event.action) != item.state:
        return None
    return event


def appeal_of(event: ModerationEvent | None) -> Appeal | None:
    """The appeal of a decision, if its author made one."""
    if event is None:
        return None
    return db.session.scalar(select(Appeal).where(Appeal.event_id == event.id))


def can_appeal(item: Moderated, user: User) -> bool:
    """Whether `user` may appeal `item`'s last decision now (for the button)."""
    try:
        check_appealable(item, user)
    except DomainError:
        return False
    return True


def check_appealable(item: Moderated, user: User) -> ModerationEvent:
    """The decision `user` may appeal now; a domain error says why not."""
    if item.author_id != user.id:
        raise DomainError("Only the author can appeal.", status=403)
    decision = last_decision(item)
    if decision is None:
        raise services.TransitionError("Only a rejected or removed item can be appealed.")
    if appeal_of(decision) is not None:
        raise services.TransitionError("You have already appealed this decision.")
    if utcnow() - decision.created_at > timedelta(days=services.APPEAL_DAYS):
        raise services.TransitionError(
            f"Appeals are possible for {services.APPEAL_DAYS} days after the decision."
        )
    return decision


def appeal(item: Moderated, *, author: User, message: str) -> Appeal:
    """Ask for the last reject or remove to be looked at again."""
    decision = check_appealable(item, author)
    message = (message or "").replace("\x00", "").strip()
    if not message:
        raise DomainError("Say why the decision should change.", field="message")
    if len(message) > MAX_MESSAGE_LENGTH:
        raise DomainError(f"Keep it under {MAX_MESSAGE_LENGTH} characters.", field="message")
    entry = Appeal(
        item_kind=item.kind, item_id=item.id, event_id=decision.id, author_id=author.id,
        message=message,
    )  # fmt: skip
    db.session.add(entry)
    services.record_event(item, author, "appeal", item.state, item.state, message)
    return entry


def open_appeal(item: Moderated) -> Appeal | None:
    """The appeal of `item` waiting for a decision, if any."""
    return db.session.scalar(
        select(Appeal).where(
            Appeal.item_kind == item.kind, Appeal.item_id == item.id, Appeal.decided_at.is_(None)
        )
    )


def decider_id(entry: Appeal) -> int | None:
    """Who made the decision under appeal."""
    return db.session.get(ModerationEvent, entry.event_id).actor_id


def check_reviewer(entry: Appeal, moderator: User) -> None:
    """A different moderator than the one who decided, and not the author, reviews it."""
    if decider_id(entry) == moderator.id:
        raise services.NotAllowed("You made this decision: another moderator reviews the appeal.")


def decide(
    entry: Appeal,
    item: Moderated,
    *,
    moderator: User,
    grant: bool,
    reason: str,
    seen_version: int | None,
) -> None:
    """Grant (publish the item) or deny (the decision stands) an appeal; the author is told."""
    if entry.decided_at is not None:
        raise services.TransitionError("This appeal was already decided.")
    check_reviewer(entry, moderator)
    reason = services.clean_reason(reason)
    if grant:
        services.transition(item, "grant_appeal", actor=moderator, reason=reason,
                            seen_version=seen_version)  # fmt: skip
    else:
        services.check_actor(services.TRANSITIONS["grant_appeal"], item, moderator)
        if not reason:
            raise DomainError("Give a reason: the author will read it.", field="reason")
        services.record_event(item, moderator, "deny_appeal", item.state, item.state, reason)
        signals.decided.send(item, action="deny_appeal", reason=reason)
    entry.decided_at = utcnow()
    entry.decided_by_id = moderator.id
    entry.outcome = GRANTED if grant else DENIED
    entry.response = reason
