"""The moderation rules: every transition, revisions of published items, and the log.

Each transition is one call that checks who acts and from which state, writes one
append-only event and tells the author. Nothing here commits; the caller does.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from sqlalchemy import func, select

from ..auth.models import User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..mail import send_mail
from ..search import queue as search_queue
from ..web import absolute_url
from .models import Moderated, ModerationEvent, Revision
from .registry import KINDS, kind_named, kind_of
from .states import (
    ACTION_LABELS,
    APPROVE_REVISION,
    PROPOSE_REVISION,
    REJECT_REVISION,
    REVISION_APPROVED,
    REVISION_DISCARDED,
    REVISION_PENDING,
    REVISION_REJECTED,
    REVISION_TRUSTED,
    TRANSITIONS,
    TRUSTED_EDIT,
    Actor,
    Status,
    Transition,
)

# States in which the author edits the item itself (it is not public).
DIRECTLY_EDITABLE = frozenset(
    {Status.DRAFT, Status.PENDING, Status.CHANGES_REQUESTED, Status.ARCHIVED}
)
MAX_REASON_LENGTH = 2000
APPEAL_DAYS = 14  # how long after a reject or remove its author may appeal


class TransitionError(DomainError):
    """The item is not in a state that allows this."""

    status = 409


class NotAllowed(DomainError):
    """This person may not do this to this item."""

    status = 403


def check_actor(transition: Transition, item: Moderated, actor: User | None) -> None:
    """Raise unless `actor` may take `transition` on `item`."""
    if transition.actor == Actor.SYSTEM:
        if actor is not None:
            raise NotAllowed("Only the board itself does this.")
        return
    if actor is None:
        raise NotAllowed("Sign in first.")
    if transition.actor == Actor.AUTHOR and actor.id != item.author_id:
        raise NotAllowed("Only the author can do this.")
    if transition.actor == Actor.MODERATOR:
        if not actor.is_moderator:
            raise NotAllowed("Only moderators can do this.")
        if actor.id == item.author_id:
            raise NotAllowed("You cannot review your own submission: another moderator will.")


def available_actions(item: Moderated, actor: User | None, who: Actor) -> list[Transition]:
    """The transitions `actor`, acting as `who`, could take on `item` now (for buttons)."""
    result = []
    for transition in TRANSITIONS.values():
        if transition.actor != who or item.state not in transition.sources:
            continue
        if not transition.button:
            continue
        try:
            check_actor(transition, item, actor)
        except DomainError:
            continue
        result.append(transition)
    return result


def clean_reason(reason: str | None) -> str:
    """A reason as stored: trimmed, without NUL, bounded."""
    text = (reason or "").replace("\x00", "").strip()
    if len(text) > MAX_REASON_LENGTH:
        raise DomainError(f"Keep the reason under {MAX_REASON_LENGTH} characters.", field="reason")
    return text


def transition(
    item: Moderated, action: str, *, actor: User | None, reason: str | None = ""
) -> ModerationEvent:
    """Move `item` by `action`; raise a domain error when the table does not allow it."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise TransitionError(f"“{action}” is not something that can be done here.")
    check_actor(step, item, actor)
    kind = kind_of(item)
    if item.state not in step.sources:
        raise TransitionError(
            f"This {kind.label.lower()} is {item.state.label.lower()}, "
            f"so it cannot be sent through “{step.label}”."
        )
    reason = clean_reason(reason)
    if step.needs_reason and not reason:
        raise DomainError("Give a reason: the author will read it.", field="reason")

    before = item.state
    now = utcnow()
    item.status = step.target.value
    item.status_reason = reason
    if step.target == Status.PENDING:
        item.submitted_at = now
    if action == "approve" or (step.target == Status.PUBLISHED and item.published_at is None):
        item.published_at = now
    if before == Status.PUBLISHED and step.target != Status.PUBLISHED:
        _discard_pending_revisions(item)
    if kind.after_transition:
        kind.after_transition(item, action)
    event = record_event(item, actor, action, before, step.target, reason)
    if Status.PUBLISHED in {before, step.target}:
        search_queue.enqueue(item)
    if step.tells_author:
        tell_author(item, action, reason)
    return event


def record_event(
    item: Moderated,
    actor: User | None,
    action: str,
    before: Status,
    after: Status,
    reason: str = "",
    revision: Revision | None = None,
) -> ModerationEvent:
    """Append one entry to the audit log."""
    event = ModerationEvent(
        item_kind=item.kind,
        item_id=item.id,
        revision_id=revision.id if revision else None,
        actor_id=actor.id if actor else None,
        action=action,
        from_status=before.value,
        to_status=after.value,
        reason=reason,
    )
    db.session.add(event)
    return event


def tell_author(item: Moderated, action: str, reason: str) -> None:
    """Mail the author what was decided, and why."""
    author = db.session.get(User, item.author_id)
    kind = kind_of(item)
    outcome = ACTION_LABELS.get(action, action)
    send_mail(
        to=author.email,
        subject=f"{kind.label} “{item.display_title[:80]}”: {outcome.lower()}",
        body=render_template(
            "mail/moderation_decision.txt",
            author=author,
            item=item,
            kind=kind,
            action=action,
            outcome=outcome,
            reason=reason,
            appeal_days=APPEAL_DAYS,
            link=absolute_url(kind.manage_url(item)),
        ),
    )


# Edits and revisions ---------------------------------------------------------------


def pending_revision(item: Moderated, status: str = REVISION_PENDING) -> Revision | None:
    """The edit of `item` waiting for review (or, with REVISION_TRUSTED, to be checked)."""
    return db.session.scalar(
        select(Revision).where(
            Revision.item_kind == item.kind,
            Revision.item_id == item.id,
            Revision.status == status,
        )
    )


def check_editable(item: Moderated) -> None:
    """Raise when `item` can no longer be edited (rejected or removed)."""
    if item.state != Status.PUBLISHED and item.state not in DIRECTLY_EDITABLE:
        raise TransitionError(
            f"This {kind_of(item).label.lower()} is {item.state.label.lower()} "
            "and can no longer be edited."
        )


def save_edit(item: Moderated, data: dict[str, Any], *, actor: User) -> Revision | None:
    """Save the author's edit: directly while unpublished, as a revision once published.

    Returns the revision when the edit waits for review, else None.
    """
    if actor.id != item.author_id:
        raise NotAllowed("Only the author can edit this.")
    check_editable(item)
    if item.state == Status.PUBLISHED:
        if is_trusted(actor):
            apply_trusted_edit(item, data, actor=actor)
            return None
        return propose_revision(item, data, actor=actor)
    item.apply(data)
    return None


def is_trusted(user: User) -> bool:
    """`TRUSTED_AFTER` approved submissions and nothing ever removed: edits go live at once."""
    approved = removed = 0
    for kind in KINDS.values():
        model = kind.model
        theirs = select(model.id).where(model.author_id == user.id)
        approved += db.session.scalar(
            select(func.count()).where(model.author_id == user.id, model.published_at.is_not(None))
        ) or 0  # fmt: skip
        removed += db.session.scalar(
            select(func.count()).select_from(ModerationEvent).where(
                ModerationEvent.item_kind == kind.name,
                ModerationEvent.item_id.in_(theirs),
                ModerationEvent.action == "remove",
            )
        ) or 0  # fmt: skip
    return removed == 0 and approved >= current_app.config["TRUSTED_AFTER"]


def apply_trusted_edit(item: Moderated, data: dict[str, Any], *, actor: User) -> Revision:
    """Make a trusted member's edit live now; it waits in the queue to be looked at after."""
    _discard_pending_revisions(item)
    revision = Revision(
        item_kind=item.kind, item_id=item.id, author_id=actor.id, data=item.to_plain(data),
        status=REVISION_TRUSTED,
    )  # fmt: skip
    db.session.add(revision)
    db.session.flush()
    item.apply(data)
    record_event(item, actor, TRUSTED_EDIT, item.state, item.state, revision=revision)
    search_queue.enqueue(item)
    return revision


def check_trusted_edit(revision: Revision, *, actor: User) -> Moderated:
    """A moderator looked at a trusted edit after it went live and found it fine."""
    if revision.status != REVISION_TRUSTED:
        raise TransitionError("This edit was already looked at.")
    item = load_item(revision.item_kind, revision.item_id)
    check_actor(TRANSITIONS["approve"], item, actor)
    revision.status = REVISION_APPROVED
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.id
    record_event(item, actor, "approve_trusted_edit", item.state, item.state, revision=revision)
    return item


def propose_revision(item: Moderated, data: dict[str, Any], *, actor: User) -> Revision:
    """Store an edit of a published item for review; a newer edit replaces a waiting one."""
    plain = item.to_plain(data)
    revision = pending_revision(item)
    if revision is None:
        revision = Revision(item_kind=item.kind, item_id=item.id, author_id=actor.id, data=plain)
        db.session.add(revision)
        db.session.flush()
    else:
        revision.data = plain
        revision.updated_at = utcnow()
    record_event(item, actor, PROPOSE_REVISION, item.state, item.state, revision=revision)
    return revision


def _decide_revision(revision: Revision, actor: User) -> Moderated:
    if revision.status != REVISION_PENDING:
        raise TransitionError("This edit was already decided.")
    item = load_item(revision.item_kind, revision.item_id)
    if item is None or item.state != Status.PUBLISHED:
        raise TransitionError("The item is no longer published, so its edit cannot be decided.")
    check_actor(TRANSITIONS["approve"], item, actor)
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.id
    return item


def approve_revision(revision: Revision, *, actor: User) -> Moderated:
    """Make a waiting edit live."""
    item = _decide_revision(revision, actor)
    item.apply(item.from_plain(revision.data))
    revision.status = REVISION_APPROVED
    record_event(item, actor, APPROVE_REVISION, item.state, item.state, revision=revision)
    search_queue.enqueue(item)
    tell_author(item, APPROVE_REVISION, "")
    return item


def reject_revision(revision: Revision, *, actor: User, reason: str) -> Moderated:
    """Decline a waiting edit, with a reason; the live version stays as it is."""
    reason = clean_reason(reason)
    if not reason:
        raise DomainError("Give a reason: the author will read it.", field="reason")
    item = _decide_revision(revision, actor)
    revision.status = REVISION_REJECTED
    revision.reason = reason
    record_event(item, actor, REJECT_REVISION, item.state, item.state, reason, revision)
    tell_author(item, REJECT_REVISION, reason)
    return item


def _discard_pending_revisions(item: Moderated) -> None:
    revision = pending_revision(item)
    if revision is not None:
        revision.status = REVISION_DISCARDED
        revision.decided_at = utcnow()


def load_item(kind_name: str, item_id: int) -> Moderated | None:
    """The item of a kind by id, if it exists."""
    kind = kind_named(kind_name)
    return db.session.get(kind.model, item_id) if kind else None


def record_creation(item: Moderated, actor: User) -> ModerationEvent:
    """Log that an item was created (as a draft)."""
    return record_event(item, actor, "create", Status.DRAFT, Status.DRAFT)
