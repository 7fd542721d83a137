"""Access checks shared by every feature: one place for the 401/403 decisions."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort, render_template, request
from flask_login import current_user

from .extensions import db, login_manager


def writes() -> bool:
    """Whether this request may change what it loads, so loads its rows locked.

    An author's edit and a moderator's decision on one item then take turns (SELECT … FOR
    UPDATE on PostgreSQL; SQLite's writers already take the database's write lock first), so
    a decision's version check never reads a row an edit is changing.
    """
    return request.method not in {"GET", "HEAD", "OPTIONS"}


def own_or_404(model, item_id: int):
    """The signed-in member's own item: 404 when it does not exist, 403 when it is not theirs."""
    item = db.session.get(model, item_id, with_for_update=writes())
    if item is None:
        abort(404)
    if item.author_id != current_user.id:
        abort(403)
    return item


def role_required(check: str) -> Callable:
    """Allow a view to members for whom `current_user.<check>` is true (e.g. `is_admin`).

    Anonymous visitors are sent to sign in; signed-in members without the role get 403.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not getattr(current_user, check, False):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


admin_required = role_required("is_admin")
moderator_required = role_required("is_moderator")


def verified_required(view: Callable) -> Callable:
    """Allow a view that writes to members who confirmed their email address.

    Anonymous visitors are sent to sign in; unverified members get a 403 page that says why,
    with the button that mails the link again. The form itself is refused too, so nobody
    types into a page they cannot send.
    """

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        if not current_user.is_verified:
            blocked = "Confirm your email address first: then you can do this."
            return render_template("auth/verify.html", blocked=blocked), 403
        return view(*args, **kwargs)

    return wrapped
