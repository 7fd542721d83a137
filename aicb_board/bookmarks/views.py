"""`/me/saved`: the member's saved items, and the Save button every public page carries."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..extensions import db
from ..kinds import kind_named
from ..web import safe_next
from . import services

bp = Blueprint("bookmarks", __name__, url_prefix="/me/saved")
ACTIONS = ("save", "remove")


@bp.app_template_global()
def is_saved(item) -> bool:
    """Whether the signed-in member saved `item` (its Save button says so)."""
    if not current_user.is_authenticated:
        return False
    return services.find(current_user.id, item.kind, item.id) is not None


@bp.get("")
@login_required
def index():
    """The member's saved items, newest first."""
    return render_template("bookmarks/index.html", entries=services.saved_list(current_user.id))


@bp.post("/<kind_name>/<int:item_id>")
@login_required
def toggle(kind_name: str, item_id: int):
    """Save a public item, or remove a bookmark (even of an item that left the board)."""
    kind = kind_named(kind_name)
    if kind is None:
        abort(404)
    item = db.session.get(kind.model, item_id)
    saved = services.find(current_user.id, kind_name, item_id) is not None
    public = item is not None and services.is_public(kind, item)
    if not public and not saved:
        abort(404)
    action = request.form.get("action", "")
    if action not in ACTIONS:
        abort(400)
    if action == "save":
        if not public:
            abort(404)
        services.save(current_user.id, kind_name, item_id)
        flash("Saved. Find it under Saved in your menu.", "success")
    else:
        services.unsave(current_user.id, kind_name, item_id)
        flash("Removed from your saved items.", "success")
    db.session.commit()
    default = kind.public_url(item) if public else url_for("bookmarks.index")
    return redirect(safe_next(request, default))
