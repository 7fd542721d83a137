"""The pages of authors and members: one's submissions and what one does with them,
reporting published content, and appealing a decision on one's own item."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..domain import DomainError
from ..extensions import db
from ..permissions import verified_required
from ..web import render_form
from . import appeals, queries, reports, services
from .blueprint import bp, item_or_404, posted_reason
from .forms import AppealForm, ReportForm
from .states import AUTHOR_ACTIONS, Status

AUTHOR_MESSAGES = {
    "submit": "Submitted. A moderator will review it, usually within a day.",
    "resubmit": "Resubmitted. A moderator will look at your changes.",
    "withdraw": "Withdrawn. Edit it and resubmit it whenever you like.",
    "close": "Withdrawn. It is no longer listed.",
    "renew": "Renewed and sent for review. It goes live again once approved.",
}


@bp.get("/me/submissions")
@login_required
def submissions():
    """The member's items of every kind, with status, reasons and history."""
    return render_template(
        "moderation/submissions.html", submissions=queries.submissions_of(current_user)
    )


@bp.post("/me/submissions/<kind_name>/<int:item_id>/<action>")
@login_required
def author_action(kind_name: str, item_id: int, action: str):
    """Submit, resubmit, withdraw or renew one's own item."""
    if action not in AUTHOR_ACTIONS:
        abort(404)
    kind, item = item_or_404(kind_name, item_id)
    if item.author_id != current_user.id:
        abort(403)
    services.transition(item, action, actor=current_user, reason=posted_reason())
    db.session.commit()
    flash(AUTHOR_MESSAGES.get(action, "Done."), "success")
    return redirect(kind.manage_url(item))


@bp.route("/report/<kind_name>/<int:item_id>", methods=["GET", "POST"])
@verified_required
def report(kind_name: str, item_id: int):
    """Report published content to the moderators, once."""
    kind, item = item_or_404(kind_name, item_id)
    if item.state != Status.PUBLISHED:
        abort(404)
    if item.author_id == current_user.id:
        raise DomainError("This is yours: edit or withdraw it instead of reporting it.", status=403)
    form = ReportForm()
    if form.validate_on_submit():
        reports.report(item, reporter=current_user, reason=form.reason.data,
                       detail=form.detail.data)  # fmt: skip
        db.session.commit()
        flash("Thank you: the moderators will look at it.", "success")
        return redirect(kind.public_url(item) if item.state == Status.PUBLISHED else "/")
    return render_form("moderation/report.html", form, kind=kind, item=item)


@bp.route("/me/submissions/<kind_name>/<int:item_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(kind_name: str, item_id: int):
    """Appeal the reject or remove of one's own item, once, within the appeal window."""
    kind, item = item_or_404(kind_name, item_id)
    if item.author_id != current_user.id:
        abort(404)
    decision = appeals.last_decision(item)
    form = AppealForm()
    if form.validate_on_submit():
        appeals.appeal(item, author=current_user, message=form.message.data)
        db.session.commit()
        flash("Appeal sent. A different moderator will look at it.", "success")
        return redirect(url_for("moderation.submissions"))
    appeals.check_appealable(item, current_user)  # a refusal says why
    return render_form("moderation/appeal.html", form, kind=kind, item=item, decision=decision)
