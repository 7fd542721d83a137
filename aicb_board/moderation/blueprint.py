"""The moderation blueprint and what its pages share: loading an item, reading a decision.

Both route modules (member_views, moderator_views) import this one; it imports neither.
"""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user

from ..kinds import Kind, kind_named
from ..numbers import ascii_int
from ..permissions import writes
from ..web import require_valid
from . import appeals, services
from .forms import ReasonForm
from .models import Moderated
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


@bp.app_template_global()
def can_appeal(item: Moderated) -> bool:
    """Whether the signed-in member may appeal `item`'s last decision now."""
    return current_user.is_authenticated and appeals.can_appeal(item, current_user)


def posted_reason() -> str:
    """The reason sent with a decision (written, else picked); a bad one is refused."""
    form = ReasonForm()
    require_valid(form)
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
