"""`/admin/outbox`: read the mail the board would have sent (development)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from sqlalchemy import select

from ..mail import OutboxMessage
from ..pagination import paginate
from ..permissions import admin_required

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/outbox")
@admin_required
def outbox():
    """The newest mail first, with its delivery status."""
    if not current_app.config["OUTBOX_VIEW_ENABLED"]:
        abort(404)
    page = paginate(select(OutboxMessage).order_by(OutboxMessage.id.desc()), per_page=20)
    return render_template("admin/outbox.html", page=page)
