"""The moderation rules: every transition, revisions of published items, and the log.

Each transition is one call that checks who acts and from which state, writes one
append-only event and announces the change (`signals`): search and mail listen. Nothing
here commits; the caller does.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from ..auth.models import User
from ..auth.rules import check_verified
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..kinds import KINDS, kind_named, kind_of
from . import signals
from .models import Moderated, ModerationEvent, Revision
from .states import (
    APPROVE_REVISION,
    EDIT,
    PROPOSE_REVISION,
    REJECT_REVISION,
    REVISION_APPROVED,
    REVISION_DISCARDED,
    REVISION_PENDING,
    REVISION_REJECTED,
    REVISION_SAVED,
    REVISION_SUPERSEDED,
    REVISION_TRUSTED,
    TRANSITIONS,
    TRUSTED_EDIT,
    Actor,
    Status,
    Transition,
)

# States in which the author edits the item itself (it is not public).
DIRECTLY_EDITABLE = frozenset(
    {Status.DRAFT, Status.PENDING, Status.CHANGES_REQUESTED, Status.WITHDRAWN}
)
# States whose items an author may still edit: the public ones keep their approved text
# (published: the edit waits as a revision; closed: the edit sends it back to review).
EDITABLE = DIRECTLY_EDITABLE | {Status.PUBLISHED, Status.ARCHIVED}
log = logging.getLogger(__name__)
MAX_REASON_LENGTH = 2000
APPEAL_DAYS = 14  # how long after a reject or remove its author may appeal


class TransitionError(DomainError):
    """The item is not in a state that allows this."""

    status = 409


class NotAllowed(DomainError):
    """This person may not do this to this item."""

    status = 403


class StaleDecision(DomainError):
    """A moderator decided on a version of the text that is no longer the current one."""

    status = 409

    def __init__(
        self,
        message: str,
        item: Moderated,
        *,
        seen: dict[str, Any] | None = None,
        current: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.item_kind, self.item_id = item.kind, item.id
        self.seen = seen  # the text the moderator read, when it is known
        self.current = current  # the text there is now


def check_seen(item: Moderated, seen_version: int | None) -> None:
    """Refuse a decision unless the moderator read the item's current version."""
    if seen_version == item.version:
        return
    if seen_version is None:
        raise StaleDecision(
            "The decision did not say which version you read. Nothing was decided: "
            "read it below, then decide.",
            item,
        )
    raise StaleDecision(
        f"The author changed this {kind_of(item).label.lower()} after you opened it. "
        "Nothing was decided: read it again below, then decide.",
        item,
        seen=saved_text(item, seen_version),
        current=item.to_plain(item.snapshot()),
    )


def saved_text(item: Moderated, version: int | None) -> dict[str, Any] | None:
    """The text `item` had at `version`, when it was kept."""
    if version is None:
        return None
    return db.session.scalar(
        select(Revision.data)
        .where(
            Revision.item_kind == item.kind,
            Revision.item_id == item.id,
            Revision.item_version == version,
        )
        .order_by(Revision.id.desc())
        .limit(1)
    )


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
            check_transition(item, transition.action, actor)
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


def check_transition(item: Moderated, action: str, actor: User | None) -> Transition:
    """The transition `action`, if `actor` may take it on `item` as it stands; else refused.

    What a confirmation page checks before asking: it never asks about the impossible.
    """
    step = TRANSITIONS.get(action)
    if step is None:
        raise TransitionError(f"“{action}” is not something that can be done here.")
    check_actor(step, item, actor)
    if item.state not in step.sources:
        raise TransitionError(
            f"This {kind_of(item).label.lower()} is {item.state.label.lower()}, "
            f"so it cannot be sent through “{step.label}”."
        )
    gate = kind_of(item).check_author_step
    if step.actor == Actor.AUTHOR and gate is not None:
        gate(item, action)
    return step


def transition(
    item: Moderated,
    action: str,
    *,
    actor: User | None,
    reason: str | None = "",
    seen_version: int | None = None,
) -> ModerationEvent:
    """Move `item` by `action`; raise a domain error when the table does not allow it.

    A moderator's decision binds to what they read: `seen_version` must be the item's
    current version, or the decision is refused (`StaleDecision`).
    """
    step = check_transition(item, action, actor)
    kind = kind_of(item)
    if step.actor == Actor.MODERATOR:
        check_seen(item, seen_version)
    reason = clean_reason(reason)
    if step.needs_reason and not reason:
        raise DomainError("Give a reason: the author will read it.", field="reason")

    before = item.state
    now = utcnow()
    item.status = step.target.value
    # The item's page shows the reason as the board's (a moderator's or the system's);
    # an author's own note ("The role is filled.") stays in the log only.
    item.status_reason = reason if step.actor != Actor.AUTHOR else ""
    if step.target == Status.PENDING:
        item.submitted_at = now
    if action == "approve" or (step.target == Status.PUBLISHED and item.published_at is None):
        item.published_at = now
    if before == Status.PUBLISHED and step.target != Status.PUBLISHED:
        _discard_pending_revisions(item)
    if kind.after_transition:
        kind.after_transition(item, action)
    event = record_event(item, actor, action, before, step.target, reason)
    if step.target == Status.PUBLISHED:
        signals.published.send(item)
    elif before == Status.PUBLISHED:
        signals.left_public.send(item)
    if step.tells_author:
        signals.decided.send(item, action=action, reason=reason)
    log.info(
        "%s %s %s: %s → %s", action, item.kind, item.id, before.value, step.target.value,
        extra={"event": "moderation", "action": action, "item": f"{item.kind}:{item.id}",
               "actor_id": actor.id if actor else None},
    )  # fmt: skip
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


# Edits and revisions ---------------------------------------------------------------


def pending_revision(item: Moderated, status: str = REVISION_PENDING) -> Revision | None:
    """The edit of `item` waiting for review (or, with REVISION_TRUSTED, to be checked)."""
    return db.session.scalar(
        select(Revision)
        .where(
            Revision.item_kind == item.kind,
            Revision.item_id == item.id,
            Revision.status == status,
        )
        .order_by(Revision.id.desc())
        .limit(1)
    )


def proposed_edit(revision_id: int) -> Revision | None:
    """A revision that is an edit someone decides on (not a text kept for the history)."""
    revision = db.session.get(Revision, revision_id)
    return revision if revision is not None and revision.status != REVISION_SAVED else None


def check_editable(item: Moderated) -> None:
    """Raise when `item` can no longer be edited (rejected, removed, hidden)."""
    if item.state not in EDITABLE:
        raise TransitionError(
            f"This {kind_of(item).label.lower()} is {item.state.label.lower()} "
            "and can no longer be edited."
        )


def save_edit(item: Moderated, data: dict[str, Any], *, actor: User) -> Revision | None:
    """Save the author's edit without ever changing what the public sees unreviewed.

    Not public: the text changes in place. Published: the edit waits as a revision
    (a trusted member's goes live at once). Closed: the edit sends it back to review.
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
    if not item.rewrite(data):
        return None
    record_saved_text(item, actor, EDIT)
    if item.state == Status.ARCHIVED:
        transition(item, "edit_closed", actor=actor)
    return None


def edit_outcome(before: Status, revision: Revision | None) -> str:
    """What the author is told after an edit of an item that was in state `before`."""
    if revision is not None:
        return "Your changes wait for review; the live version stays until then."
    if before == Status.ARCHIVED:
        return "Your changes are saved and sent for review: it stays off the board until approved."
    return "Your changes are saved."


def record_saved_text(item: Moderated, actor: User, action: str) -> ModerationEvent:
    """Keep the item's text as saved now (its current version) and log the save."""
    revision = Revision(
        item_kind=item.kind, item_id=item.id, author_id=actor.id,
        data=item.to_plain(item.snapshot()), status=REVISION_SAVED, item_version=item.version,
    )  # fmt: skip
    db.session.add(revision)
    db.session.flush()
    return record_event(item, actor, action, item.state, item.state, revision=revision)


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


def apply_trusted_edit(item: Moderated, data: dict[str, Any], *, actor: User) -> Revision | None:
    """Make a trusted member's edit live now; it waits in the queue to be looked at after."""
    _discard_pending_revisions(item)
    if not item.rewrite(data):
        return None
    revision = Revision(
        item_kind=item.kind, item_id=item.id, author_id=actor.id, data=item.to_plain(data),
        status=REVISION_TRUSTED, item_version=item.version,
    )  # fmt: skip
    db.session.add(revision)
    db.session.flush()
    record_event(item, actor, TRUSTED_EDIT, item.state, item.state, revision=revision)
    signals.public_text_changed.send(item)
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
    """Store an edit of a published item for review, as a revision of its own.

    A waiting edit is never rewritten: the new one supersedes it, so a moderator's
    decision on the older one is refused.
    """
    waiting = pending_revision(item)
    if waiting is not None:
        waiting.status = REVISION_SUPERSEDED
        waiting.decided_at = utcnow()
    revision = Revision(
        item_kind=item.kind, item_id=item.id, author_id=actor.id, data=item.to_plain(data)
    )
    db.session.add(revision)
    db.session.flush()
    record_event(item, actor, PROPOSE_REVISION, item.state, item.state, revision=revision)
    return revision


def _decide_revision(revision: Revision, actor: User, seen_version: int | None) -> Moderated:
    if revision.status == REVISION_SUPERSEDED:
        item = load_item(revision.item_kind, revision.item_id)
        newer = pending_revision(item)
        raise StaleDecision(
            "The author changed this edit after you opened it. Nothing was decided: "
            "read the newer edit below, then decide.",
            item,
            seen=revision.data,
            current=newer.data if newer else item.to_plain(item.snapshot()),
        )
    if revision.status != REVISION_PENDING:
        raise TransitionError("This edit was already decided.")
    item = load_item(revision.item_kind, revision.item_id)
    if item is None or item.state != Status.PUBLISHED:
        raise TransitionError("The item is no longer published, so its edit cannot be decided.")
    check_actor(TRANSITIONS["approve"], item, actor)
    check_seen(item, seen_version)
    revision.decided_at = utcnow()
    revision.decided_by_id = actor.id
    return item


def approve_revision(
    revision: Revision, *, actor: User, seen_version: int | None = None
) -> Moderated:
    """Make a waiting edit live (the live version the moderator read must still be live)."""
    item = _decide_revision(revision, actor, seen_version)
    item.rewrite(item.from_plain(revision.data))
    revision.status = REVISION_APPROVED
    revision.item_version = item.version
    record_event(item, actor, APPROVE_REVISION, item.state, item.state, revision=revision)
    signals.public_text_changed.send(item)
    signals.decided.send(item, action=APPROVE_REVISION, reason="")
    return item


def reject_revision(
    revision: Revision, *, actor: User, reason: str, seen_version: int | None = None
) -> Moderated:
    """Decline a waiting edit, with a reason; the live version stays as it is."""
    reason = clean_reason(reason)
    if not reason:
        raise DomainError("Give a reason: the author will read it.", field="reason")
    item = _decide_revision(revision, actor, seen_version)
    revision.status = REVISION_REJECTED
    revision.reason = reason
    record_event(item, actor, REJECT_REVISION, item.state, item.state, reason, revision)
    signals.decided.send(item, action=REJECT_REVISION, reason=reason)
    return item


def _discard_pending_revisions(item: Moderated) -> None:
    revision = pending_revision(item)
    if revision is not None:
        revision.status = REVISION_DISCARDED
        revision.decided_at = utcnow()


def was_ever_public(item: Moderated) -> bool:
    """Whether `item` was published before (its log has an entry into "published")."""
    return (
        db.session.scalar(
            select(ModerationEvent.id)
            .where(
                ModerationEvent.item_kind == item.kind,
                ModerationEvent.item_id == item.id,
                ModerationEvent.to_status == Status.PUBLISHED.value,
            )
            .limit(1)
        )
        is not None
    )


def load_item(kind_name: str, item_id: int, *, lock: bool = False) -> Moderated | None:
    """The item of a kind by id, if it exists; with `lock`, its row locked until the commit."""
    kind = kind_named(kind_name)
    return db.session.get(kind.model, item_id, with_for_update=lock) if kind else None


def create_draft(model: type[Moderated], *, author: User, data: dict[str, Any], **fields):
    """A new item of `model`: its author's draft, its first text kept in the log."""
    check_verified(author)
    item = model(author_id=author.id, status=Status.DRAFT.value, **fields)
    item.apply(data)
    db.session.add(item)
    db.session.flush()
    record_creation(item, author)
    return item


def record_creation(item: Moderated, actor: User) -> ModerationEvent:
    """Log that an item was created (as a draft), keeping its first text."""
    return record_saved_text(item, actor, "create")
