"""Admins only: people (`/admin/users`), the canned reasons, and the mail outbox."""

from __future__ import annotations

import logging

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..auth.models import Role, User
from ..domain import DomainError
from ..errors import render_error
from ..extensions import db
from ..mail import OutboxMessage
from ..moderation.forms import CannedReasonForm
from ..moderation.models import CannedReason, ModerationEvent, Report
from ..moderation.queries import submissions_of
from ..pagination import paginate
from ..permissions import admin_required
from ..web import require_valid
from .forms import ReasonOnlyForm, RoleForm
from .health import health_report
from .people import (
    USER_KIND,
    change_role,
    check_suspendable,
    find_people,
    reinstate,
    suspend,
    suspension_effects,
)

bp = Blueprint("admin", __name__, url_prefix="/admin")
log = logging.getLogger(__name__)


@bp.get("/health")
@admin_required
def health():
    """Queues, failed mail, the search index and the worker's last heartbeat."""
    return render_template("admin/health.html", health=health_report())


@bp.get("/outbox")
@admin_required
def outbox():
    """The newest mail first, with its delivery status."""
    if not current_app.config["OUTBOX_VIEW_ENABLED"]:
        abort(404)
    page = paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()), per_page=20)
    return render_template("admin/outbox.html", page=page)


# People ----------------------------------------------------------------------------


@bp.get("/users")
@admin_required
def people():
    """Members, newest first, searchable by name or email."""
    text = request.args.get("q", "")[:100]
    page = paginate(find_people(text), per_page=30)
    return render_template("admin/users.html", page=page, q=text)


@bp.get("/users/<int:user_id>")
@admin_required
def person(user_id: int):
    """One member: their submissions, their reports, what was done to their account."""
    return person_page(db.session.get(User, user_id) or abort(404))


def person_page(user: User) -> str:
    """A member's page. After a refused change, its form keeps what was sent, with errors."""
    events = db.session.scalars(
        select(ModerationEvent)
        .where(ModerationEvent.item_kind == USER_KIND, ModerationEvent.item_id == user.id)
        .order_by(ModerationEvent.id)
        .options(selectinload(ModerationEvent.actor))
    ).all()
    their_reports = db.session.scalars(
        select(Report).where(Report.reporter_id == user.id).order_by(Report.id.desc()).limit(50)
    ).all()
    return render_template(
        "admin/person.html",
        person=user,
        submissions=submissions_of(user),
        reports=their_reports,
        events=events,
        role_form=_role_form(user),
        reason_form=ReasonOnlyForm(),
    )


def _role_form(user: User) -> RoleForm:
    """The role form; after its change was refused, with what was sent and its errors."""
    form = RoleForm(role=user.role)
    refused = g.get("refused")
    if refused and refused[0] == "admin.set_role":
        form.validate()
        field = getattr(form, refused[1] or "", None)
        if field is not None and refused[2] not in field.errors:
            field.errors.append(refused[2])
    return form


def _valid(form) -> None:
    """Refuse the change when what was sent is not valid, naming the first field at fault."""
    if not form.validate():
        field, errors = next(iter(form.errors.items()))
        raise DomainError(" ".join(errors), field=field, status=422)


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    """A refused change to an account: the member's page again, the error by its field
    (422 for what was typed, else the refusal's own status); elsewhere the error page."""
    db.session.rollback()
    user_id = (request.view_args or {}).get("user_id")
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or request.endpoint not in {"admin.set_role", "admin.suspension"}:
        return render_error(error.status, error.message)
    status = 422 if error.field else error.status
    g.refused = (request.endpoint, error.field, error.message)
    flash(f"Nothing was changed: {error.message}", "error")
    return person_page(user), status


@bp.post("/users/<int:user_id>/role")
@admin_required
def set_role(user_id: int):
    """Make a member a moderator or an admin, or back; with a reason for the log."""
    user = db.session.get(User, user_id) or abort(404)
    form = RoleForm()
    _valid(form)
    change_role(user, Role(form.role.data), admin=current_user, reason=form.reason.data)
    db.session.commit()
    flash(f"{user.display_name} is now {form.role.data}.", "success")
    return redirect(url_for("admin.person", user_id=user.id))


@bp.post("/users/<int:user_id>/<change>")
@admin_required
def suspension(user_id: int, change: str):
    """Suspend a member (once confirmed: without `confirm=1` this only asks), or reinstate
    them; with a reason for the log (and, for a suspension, for the member's mail)."""
    user = db.session.get(User, user_id) or abort(404)
    if change not in {"suspend", "reinstate"}:
        abort(404)
    form = ReasonOnlyForm()
    _valid(form)
    if change == "suspend" and request.form.get("confirm") != "1":
        check_suspendable(user, admin=current_user, reason=form.reason.data)
        return confirm_suspension(user, form.reason.data)
    if change == "suspend":
        suspend(user, admin=current_user, reason=form.reason.data)
        message = (
            f"{user.display_name} is suspended: signed out, content hidden, and mailed why "
            "and how to appeal."
        )
    else:
        reinstate(user, admin=current_user, reason=form.reason.data)
        message = f"{user.display_name} is reinstated."
    db.session.commit()
    # The reason stays in the audit log: it may name people, logs travel further.
    log.info(
        "Member %s %s by admin %s",
        user.id,
        "suspended" if change == "suspend" else "reinstated",
        current_user.id,
        extra={"event": f"member_{change}", "user_id": user.id, "admin_id": current_user.id},
    )
    flash(message, "success")
    return redirect(url_for("admin.person", user_id=user.id))


def confirm_suspension(user: User, reason: str) -> str:
    """The page asking once more before a suspension, saying what it will do."""
    effects = suspension_effects(user)
    return render_template(
        "moderation/confirm.html",
        question=f"Suspend {user.display_name}?",
        consequences=[
            "They cannot sign in, and every session they have open ends now.",
            f"{effects['hidden']} published item(s) of theirs are hidden and "
            f"{effects['withdrawn']} waiting or closed item(s) are withdrawn.",
            f"They are mailed at {user.email} that they are suspended, with your reason "
            f"(“{reason}”) and where to appeal ({current_app.config['APPEALS_EMAIL']}).",
            "You can reinstate them later; what the suspension hid is then shown again.",
        ],
        action_url=url_for("admin.suspension", user_id=user.id, change="suspend"),
        hidden={"reason": reason},
        yes_label=f"Yes, suspend {user.display_name}",
        cancel_url=url_for("admin.person", user_id=user.id),
    )


# Canned reasons --------------------------------------------------------------------


@bp.get("/reasons")
@admin_required
def reasons():
    """The reasons moderators can pick, in order."""
    listed = db.session.scalars(select(CannedReason).order_by(CannedReason.position)).all()
    return render_template("admin/reasons.html", reasons=listed, form=CannedReasonForm())


def _reason_form(editing: int | None = None) -> CannedReasonForm:
    """The posted reason, valid and not already on the list (besides the one edited)."""
    form = CannedReasonForm()
    require_valid(form)
    same = select(CannedReason.id).where(CannedReason.text == form.text.data)
    if editing is not None:
        same = same.where(CannedReason.id != editing)
    if db.session.scalar(same):
        raise DomainError("That reason is on the list already.", field="text")
    return form


@bp.post("/reasons")
@admin_required
def add_reason():
    """Add a reason at the end of the list."""
    form = _reason_form()
    last = db.session.scalar(select(func.max(CannedReason.position))) or 0
    db.session.add(CannedReason(text=form.text.data, position=last + 1))
    db.session.commit()
    flash("Reason added.", "success")
    return redirect(url_for("admin.reasons"))


@bp.post("/reasons/<int:reason_id>")
@admin_required
def edit_reason(reason_id: int):
    """Reword a reason (decisions already taken keep the words they were given)."""
    reason = db.session.get(CannedReason, reason_id) or abort(404)
    form = _reason_form(reason.id)
    reason.text = form.text.data
    db.session.commit()
    flash("Reason saved.", "success")
    return redirect(url_for("admin.reasons"))


@bp.post("/reasons/<int:reason_id>/delete")
@admin_required
def delete_reason(reason_id: int):
    """Take a reason off the list."""
    reason = db.session.get(CannedReason, reason_id) or abort(404)
    db.session.delete(reason)
    db.session.commit()
    flash("Reason removed from the list.", "success")
    return redirect(url_for("admin.reasons"))
