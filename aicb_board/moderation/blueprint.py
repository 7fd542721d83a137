"""The moderation blueprint and what its pages share: loading an item, reading a decision.

Both route modules (member_views, moderator_views) import this one; it imports neither.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, make_response, request, url_for
from flask_login import current_user
from werkzeug.exceptions import HTTPException

from ..domain import DomainError
from ..errors import render_error
from ..extensions import db
from ..kinds import Kind, kind_named
from ..numbers import ascii_int
from ..permissions import writes
from . import appeals, queries, services
from .forms import ReasonForm
from .models import Appeal, Moderated, Revision
from .queue import pending_count
from .states import ACTION_LABELS, Status

bp = Blueprint("moderation", __name__)


@bp.app_context_processor
def pending_badge() -> dict:
    """The number of items waiting, for the Moderation link in the header."""
    # current_user is None when a template renders outside a request (mail from the CLI).
    if current_user and current_user.is_authenticated and current_user.is_moderator:
        return {"moderation_pending": pending_count()}
    return {}


@bp.app_template_global()
def action_label(action: str) -> str:
    """How an audit-log action reads ("request_changes" → "Request changes")."""
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


@bp.app_template_global()
def status_label(status: str) -> str:
    """How a stored status reads."""
    return Status(status).label if status in Status._value2member_map_ else status


# What a suspension did to an item reads as such, not as a moderator's review.
BECAUSE_SUSPENDED = {
    "suspend_hide": "Hidden: its author is suspended",
    "suspend_withdraw": "Withdrawn: its author was suspended",
}


@bp.app_template_global()
def status_text(item: Moderated) -> str:
    """How an item's status reads on its badge, saying why when a suspension caused it."""
    if item.state in {Status.HIDDEN, Status.WITHDRAWN}:
        last = queries.last_change(item)
        if last is not None and last.action in BECAUSE_SUSPENDED:
            return BECAUSE_SUSPENDED[last.action]
    return item.state.label


@bp.app_template_global()
def can_appeal(item: Moderated) -> bool:
    """Whether the signed-in member may appeal `item`'s last decision now."""
    return current_user.is_authenticated and appeals.can_appeal(item, current_user)


def posted_reason() -> str:
    """The reason sent with a decision (written, else picked); a bad one is refused."""
    form = ReasonForm()
    if not form.validate():
        problems = [error for errors in form.errors.values() for error in errors]
        raise DomainError(" ".join(problems), field="reason", status=422)
    return form.chosen_reason


def seen_version() -> int | None:
    """The version of the item the moderator read, sent with their decision."""
    return ascii_int(request.form.get("version", ""))


def item_or_404(kind_name: str, item_id: int) -> tuple[Kind, Moderated]:
    """The item of that kind and id (locked when the request writes), or 404."""
    kind = kind_named(kind_name)
    item = services.load_item(kind_name, item_id, lock=writes()) if kind else None
    if item is None:
        abort(404)
    return kind, item


# A refused action ------------------------------------------------------------------------
# Every button and decision form of these pages posts to an action that, when a rule of the
# board refuses it, shows the page it was taken from again (never a bare error page): the
# refusal's message at the top, a missing or bad reason also next to its field. The status
# says what happened: 409 (the item's state), 403 (who), 422 (what was typed).


@bp.errorhandler(DomainError)
def refused(error: DomainError):
    """Nothing was done: the page the action came from, with why (else the error page)."""
    db.session.rollback()
    status = 422 if error.field else error.status
    back = _page_acted_from()
    if back is None:
        return render_error(status, error.message)
    if error.field == "reason":
        g.refused_reason = (_reason_form_of_action(), error.message)
    flash(_nothing_done(error.message), "error")
    try:
        response = make_response(_render_page(back))
    except HTTPException:  # the page itself is gone meanwhile
        return render_error(status, error.message)
    response.status_code = status
    return response


def _nothing_done(message: str) -> str:
    return message if message.startswith("Nothing was") else f"Nothing was done: {message}"


def _page_acted_from() -> str | None:
    """The path of the page whose button or form made this request, when it is known."""
    args = request.view_args or {}
    endpoint = (request.endpoint or "").removeprefix("moderation.")
    if endpoint == "author_action":
        kind = kind_named(args["kind_name"])
        item = services.load_item(args["kind_name"], args["item_id"]) if kind else None
        return kind.manage_url(item) if item is not None else None
    if endpoint in {"decide", "decide_reports", "claim", "release", "add_note"}:
        return url_for("moderation.review", kind_name=args["kind_name"], item_id=args["item_id"])
    if endpoint in {"decide_revision", "check_trusted_edit"}:
        about = db.session.get(Revision, args["revision_id"])
    elif endpoint == "decide_appeal":
        about = db.session.get(Appeal, args["appeal_id"])
    else:
        return None
    if about is None:
        return None
    return url_for("moderation.review", kind_name=about.item_kind, item_id=about.item_id)


def _reason_form_of_action() -> str:
    """Which of the review page's reason forms was sent (its fields' prefix)."""
    args = request.view_args or {}
    if request.endpoint == "moderation.decide_revision":
        return "revision"
    return args.get("action") or args.get("decision") or ""


def _render_page(path: str):
    """The page at `path` on this site, made by its own view inside this request."""
    endpoint, args = current_app.create_url_adapter(request).match(path, method="GET")
    return current_app.view_functions[endpoint](**args)
