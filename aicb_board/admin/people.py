"""Admins manage people: find them, change their role, suspend and reinstate them.

Each change is an event in the moderation log (kind "user"), with the admin and a reason.
"""

from __future__ import annotations

from flask import current_app, render_template
from sqlalchemy import or_, select

from ..auth import services as accounts
from ..auth.models import Role, User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..kinds import KINDS
from ..mail import send_mail
from ..moderation import queries
from ..moderation import services as moderation
from ..moderation.models import ModerationEvent
from ..moderation.states import Status
from ..validators import one_line

USER_KIND = "user"
ACTIVE, SUSPENDED = "active", "suspended"


def find_people(text: str):
    """A query for members whose name or email contains `text`, newest first."""
    query = select(User).order_by(User.id.desc())
    text = one_line(text, 100)
    if text:
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            or_(
                User.display_name.ilike(pattern, escape="\\"),
                User.email.ilike(pattern, escape="\\"),
            )
        )
    return query


def _log(user: User, admin: User, action: str, before: str, after: str, reason: str) -> None:
    db.session.add(
        ModerationEvent(
            item_kind=USER_KIND, item_id=user.id, actor_id=admin.id, action=action,
            from_status=before, to_status=after, reason=reason,
        )
    )  # fmt: skip


def _check_other(user: User, admin: User, doing: str) -> None:
    if not admin.is_admin:
        raise moderation.NotAllowed("Only admins manage people.")
    if user.id == admin.id:
        raise DomainError(f"You cannot {doing} yourself: ask another admin.", status=403)


def _required_reason(reason: str) -> str:
    reason = moderation.clean_reason(reason)
    if not reason:
        raise DomainError("Give a reason: it goes into the log.", field="reason")
    return reason


def change_role(user: User, role: Role, *, admin: User, reason: str) -> None:
    """Make `user` a member, moderator or admin; never oneself, never the last admin."""
    _check_other(user, admin, "change the role of")
    reason = _required_reason(reason)
    before = user.role
    if before == role.value:
        raise DomainError(f"{user.display_name} is already {role.value}.", field="role")
    accounts.set_role(user, role)
    _log(user, admin, "set_role", before, role.value, reason)


def check_suspendable(user: User, *, admin: User, reason: str) -> str:
    """The reason, once `admin` may suspend `user` for it (what the confirmation checks)."""
    _check_other(user, admin, "suspend")
    reason = _required_reason(reason)
    if user.is_suspended:
        raise DomainError(f"{user.display_name} is already suspended.")
    if user.is_admin and accounts.count_admins() <= 1:
        raise DomainError("This is the last admin.")
    return reason


def suspension_effects(user: User) -> dict[str, int]:
    """What suspending `user` would take down: how many items are public, how many wait."""
    waiting = {Status.PENDING, Status.CHANGES_REQUESTED}
    items = _content_of(user, {Status.PUBLISHED, Status.ARCHIVED} | waiting)
    return {
        "hidden": sum(item.state == Status.PUBLISHED for item in items),
        "withdrawn": sum(item.state != Status.PUBLISHED for item in items),
    }


def suspend(user: User, *, admin: User, reason: str) -> None:
    """Refuse `user`'s sign-in, end their sessions, withdraw what waits, hide what is public;
    mail them why, and where to appeal."""
    reason = check_suspendable(user, admin=admin, reason=reason)
    user.suspended_at = utcnow()
    user.suspension_reason = reason
    accounts.end_other_sessions(user)
    public_or_waiting = {
        Status.PUBLISHED,
        Status.PENDING,
        Status.CHANGES_REQUESTED,
        Status.ARCHIVED,
    }
    for item in _content_of(user, public_or_waiting):
        action = "suspend_hide" if item.state == Status.PUBLISHED else "suspend_withdraw"
        moderation.transition(item, action, actor=None, reason=reason)
    _log(user, admin, "suspend", ACTIVE, SUSPENDED, reason)
    tell_suspended(user, reason)


def tell_suspended(user: User, reason: str) -> None:
    """Mail `user` that their account is suspended, why, and the address to appeal to."""
    send_mail(
        to=user.email,
        subject="Your AICB Board account is suspended",
        body=render_template(
            "mail/account_suspended.txt",
            person=user,
            reason=reason,
            appeals_email=current_app.config["APPEALS_EMAIL"],
        ),
    )


def reinstate(user: User, *, admin: User, reason: str) -> None:
    """Let `user` sign in again and show what their suspension hid (nothing else)."""
    _check_other(user, admin, "reinstate")
    reason = _required_reason(reason)
    if not user.is_suspended:
        raise DomainError(f"{user.display_name} is not suspended.")
    user.suspended_at = None
    user.suspension_reason = ""
    for item in _content_of(user, {Status.HIDDEN}):
        if queries.last_change(item).action == "suspend_hide":  # not what reports hid meanwhile
            moderation.transition(item, "reinstate_show", actor=None, reason=reason)
    _log(user, admin, "reinstate", SUSPENDED, ACTIVE, reason)


def _content_of(user: User, states: set[Status]) -> list:
    items = []
    for kind in KINDS.values():
        model = kind.model
        items += db.session.scalars(
            select(model).where(
                model.author_id == user.id, model.status.in_([s.value for s in states])
            )
        )
    return items
