"""The pages of authors and members: one's submissions and what one does with them,
reporting published content, and appealing a decision on one's own item."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..domain import DomainError
from ..extensions import db
from ..kinds import Kind
from ..permissions import verified_required, writes
from ..web import render_form
from . import appeals, queries, reports, services
from .blueprint import bp, item_or_404, posted_reason
from .forms import AppealForm, ReportForm
from .models import Moderated
from .states import AUTHOR_ACTIONS, TRANSITIONS, Status

# Taking something away from the public, or from the queue, is asked once more first.
CONFIRMED_ACTIONS = frozenset({"withdraw", "close"})


def author_message(kind: Kind, item: Moderated, action: str) -> str:
    """What the author is told once `action` is done: what happened, and where it stands."""
    still_public = item.state in kind.public_states
    return {
        "submit": "Submitted. A moderator will review it, usually within a day.",
        "resubmit": "Resubmitted. A moderator will look at your changes.",
        "withdraw": "Withdrawn: only you can see it now. Edit it and resubmit it whenever "
        "you like.",
        "close": "Closed: its page stays up with a banner saying it is closed, and it is "
        "off the lists. Renew it to reopen it (after review)."
        if still_public
        else "Withdrawn: it is no longer public. Renew it to publish it again (after review).",
        "renew": "Renewed and sent for review. It is public again once a moderator approves it.",
    }.get(action, "Done.")


def confirmation(kind: Kind, item: Moderated, action: str, note: str) -> str:
    """The page asking the author once more before `action` takes `item` away."""
    noun = kind.label.lower()
    verb = "withdraw"
    if action == "withdraw":
        question = f"Withdraw your {noun} “{item.display_title}”?"
        consequences = [
            "It leaves the moderators' queue and only you can see it.",
            "You can edit it and resubmit it for review later.",
        ]
    elif TRANSITIONS["close"].target in kind.public_states:
        verb = "close"
        question = f"Close your {noun} “{item.display_title}”?"
        consequences = [
            "Its page stays up with a banner saying it is closed; it leaves the lists and search.",
            "You can renew it later; a moderator approves it again before it reopens.",
        ]
    else:
        question = f"Withdraw your {noun} “{item.display_title}”?"
        consequences = [
            "It is no longer public: its page, and its place in lists and search, go.",
            "You can renew it later; a moderator approves it again before it is public.",
        ]
    if note:
        consequences.append(f"Your note is kept in its history: “{note}”")
    return render_template(
        "moderation/confirm.html",
        question=question,
        consequences=consequences,
        action_url=request.path,
        hidden={"reason": note} if note else {},
        yes_label=f"Yes, {verb} it",
        cancel_url=kind.manage_url(item),
    )


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
    """Submit, resubmit, withdraw, close or renew one's own item (withdraw and close once
    confirmed: without `confirm=1` the POST only asks, and changes nothing)."""
    if action not in AUTHOR_ACTIONS:
        abort(404)
    kind, item = item_or_404(kind_name, item_id)
    if item.author_id != current_user.id:
        abort(403)
    note = posted_reason()
    if action in CONFIRMED_ACTIONS and request.form.get("confirm") != "1":
        services.check_transition(item, action, current_user)  # never ask about the impossible
        return confirmation(kind, item, action, note)
    services.transition(item, action, actor=current_user, reason=note)
    db.session.commit()
    flash(author_message(kind, item, action), "success")
    return redirect(kind.manage_url(item))


@bp.route("/report/<kind_name>/<int:item_id>", methods=["GET", "POST"])
@verified_required
def report(kind_name: str, item_id: int):
    """Report published content to the moderators, once (a second time, the page says so)."""
    kind, item = item_or_404(kind_name, item_id)
    if item.state != Status.PUBLISHED:
        abort(404)
    if item.author_id == current_user.id:
        refusal = "This is yours: edit or withdraw it instead of reporting it."
        return _report_page(kind, item, None, refusal, 403)
    if reports.has_reported(item, current_user):
        return _report_page(kind, item, None, ALREADY_REPORTED, 409 if writes() else 200)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.report(item, reporter=current_user, reason=form.reason.data,
                           detail=form.detail.data)  # fmt: skip
        except reports.AlreadyReported:  # a double submit, racing this one
            db.session.rollback()
            return _report_page(kind, item, None, ALREADY_REPORTED, 409)
        db.session.commit()
        flash("Thank you: the moderators will look at it.", "success")
        return redirect(kind.public_url(item) if item.state == Status.PUBLISHED else "/")
    return render_form("moderation/report.html", form, kind=kind, item=item, refusal=None)


ALREADY_REPORTED = "You already reported this. The moderators will look at it."


def _report_page(kind: Kind, item: Moderated, form, refusal: str, status: int):
    """The report page without its form: why there is nothing to send."""
    page = render_template("moderation/report.html", form=form, kind=kind, item=item,
                           refusal=refusal)  # fmt: skip
    return page, status


@bp.route("/me/submissions/<kind_name>/<int:item_id>/appeal", methods=["GET", "POST"])
@login_required
def appeal(kind_name: str, item_id: int):
    """Appeal the reject or remove of one's own item, once, within the appeal window."""
    kind, item = item_or_404(kind_name, item_id)
    if item.author_id != current_user.id:
        abort(404)
    decision = appeals.last_decision(item)
    try:
        appeals.check_appealable(item, current_user)
    except DomainError as refusal:  # appealed already, too late, or nothing to appeal
        page = render_template("moderation/appeal.html", form=None, kind=kind, item=item,
                               decision=decision, refusal=refusal.message)  # fmt: skip
        return page, refusal.status
    form = AppealForm()
    if form.validate_on_submit():
        appeals.appeal(item, author=current_user, message=form.message.data)
        db.session.commit()
        flash("Appeal sent. A different moderator will look at it.", "success")
        return redirect(url_for("moderation.submissions"))
    return render_form("moderation/appeal.html", form, kind=kind, item=item, decision=decision,
                       refusal=None)  # fmt: skip
