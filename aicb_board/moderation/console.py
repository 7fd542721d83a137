"""Reports, appeals, claims, notes, approving several items, the log and the queue's health."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..kinds import KINDS
from ..numbers import ascii_int
from ..pagination import paginate
from ..permissions import moderator_required, verified_required
from ..web import render_form, require_valid
from . import appeals, queries, reports, services
from .forms import AppealForm, NoteForm, ReportForm
from .models import Appeal, Claim, ModerationEvent, ModeratorNote
from .states import ACTION_LABELS, Status
from .views import (
    bp,
    check_claim,
    item_or_404,
    posted_reason,
    seen_version,
)

MAX_BULK = 50  # items approved in one go


# Members ---------------------------------------------------------------------------


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


# Moderators ------------------------------------------------------------------------


@bp.post("/moderation/<kind_name>/<int:item_id>/reports/<decision>")
@moderator_required
def decide_reports(kind_name: str, item_id: int, decision: str):
    """Uphold (remove the item) or dismiss the open reports of an item."""
    _kind, item = item_or_404(kind_name, item_id)
    if decision not in {"uphold", "dismiss"}:
        abort(404)
    check_claim(item)
    reason = posted_reason()
    decide = reports.uphold if decision == "uphold" else reports.dismiss
    decide(item, moderator=current_user, reason=reason, seen_version=seen_version())
    if decision == "uphold":
        message = "Reports upheld: the item is removed; its author and the reporters are told."
    else:
        message = "Reports dismissed: the item stays published; the reporters are told."
    release_claim(item)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/appeals/<int:appeal_id>/<decision>")
@moderator_required
def decide_appeal(appeal_id: int, decision: str):
    """Grant (publish) or deny (the decision stands) an appeal."""
    entry = db.session.get(Appeal, appeal_id)
    if entry is None or decision not in {"grant", "deny"}:
        abort(404)
    _kind, item = item_or_404(entry.item_kind, entry.item_id)
    check_claim(item)
    appeals.decide(entry, item, moderator=current_user, grant=decision == "grant",
                   reason=posted_reason(), seen_version=seen_version())  # fmt: skip
    release_claim(item)
    db.session.commit()
    flash("Appeal granted: it is published." if decision == "grant" else "Appeal denied.",
          "success")  # fmt: skip
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/trusted-edits/<int:revision_id>/checked")
@moderator_required
def check_trusted_edit(revision_id: int):
    """Mark a trusted member's live edit as looked at."""
    revision = services.proposed_edit(revision_id)
    if revision is None:
        abort(404)
    services.check_trusted_edit(revision, actor=current_user)
    db.session.commit()
    flash("Marked as checked.", "success")
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/<kind_name>/<int:item_id>/claim")
@moderator_required
def claim(kind_name: str, item_id: int):
    """Take an item to review, so that another moderator does not review it too."""
    _kind, item = item_or_404(kind_name, item_id)
    check_claim(item)
    existing = db.session.get(Claim, (item.kind, item.id))
    if existing is None:
        db.session.add(Claim(item_kind=item.kind, item_id=item.id, moderator_id=current_user.id))
    else:  # lapsed, or one's own: take it (again) from now
        existing.moderator_id = current_user.id
        existing.claimed_at = utcnow()
    db.session.commit()
    flash(f"It is yours for the next {queries.CLAIM_MINUTES} minutes.", "success")
    return redirect(url_for("moderation.review", kind_name=item.kind, item_id=item.id))


@bp.post("/moderation/<kind_name>/<int:item_id>/release")
@moderator_required
def release(kind_name: str, item_id: int):
    """Give up one's claim on an item."""
    _kind, item = item_or_404(kind_name, item_id)
    release_claim(item)
    db.session.commit()
    flash("Released: another moderator can take it.", "success")
    return redirect(url_for("moderation.queue"))


def release_claim(item) -> None:
    """Drop the claim on an item (once it is decided, or given up)."""
    existing = db.session.get(Claim, (item.kind, item.id))
    if existing is not None:
        db.session.delete(existing)


@bp.post("/moderation/<kind_name>/<int:item_id>/notes")
@moderator_required
def add_note(kind_name: str, item_id: int):
    """Leave a private note on an item for the other moderators."""
    _kind, item = item_or_404(kind_name, item_id)
    form = NoteForm()
    require_valid(form)
    db.session.add(ModeratorNote(item_kind=item.kind, item_id=item.id,
                                 author_id=current_user.id, body=form.body.data))  # fmt: skip
    db.session.commit()
    flash("Note added.", "success")
    return redirect(url_for("moderation.review", kind_name=item.kind, item_id=item.id))


@bp.post("/moderation/approve-many")
@moderator_required
def approve_many():
    """Approve every selected new submission that can be approved; say which could not.

    Each choice names the version the queue showed ("role:12:3"): a submission edited since
    is skipped, never approved unread.
    """
    chosen = list(dict.fromkeys(request.form.getlist("items")))[:MAX_BULK]
    approved, skipped = 0, []
    for value in chosen:
        kind_name, raw_id, raw_version = (value.split(":") + ["", ""])[:3]
        item_id = ascii_int(raw_id)
        item = services.load_item(kind_name, item_id, lock=True) if item_id else None
        if item is None:
            continue
        version = ascii_int(raw_version)
        try:
            check_claim(item)
            with db.session.begin_nested():
                services.transition(item, "approve", actor=current_user, seen_version=version)
        except services.StaleDecision:
            skipped.append(f"“{item.display_title}” changed since the queue was shown: review it.")
            continue
        except DomainError as error:
            skipped.append(f"“{item.display_title}”: {error.message}")
            continue
        release_claim(item)
        approved += 1
    db.session.commit()
    if approved:
        flash(f"Approved {approved}. Their authors have been told.", "success")
    for problem in skipped:
        flash(f"Not approved: {problem}", "error")
    if not approved and not skipped:
        flash("Select the submissions to approve.", "error")
    return redirect(url_for("moderation.queue", category="new"))


def _date(value: str, *, end: bool = False) -> datetime | None:
    if not value.isascii():  # strptime takes any script's digits: one spelling per date
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=utcnow().tzinfo)
        return day + timedelta(days=1) if end else day
    except (ValueError, OverflowError):  # "until 9999-12-31" has no next day
        return None


@bp.get("/moderation/log")
@moderator_required
def log():
    """Every moderation event, newest first, by moderator, kind, action and date."""
    args = request.args
    query = select(ModerationEvent).options(selectinload(ModerationEvent.actor))
    moderator = ascii_int(args.get("moderator", ""))
    if moderator is not None:  # like the other filters, a value that names no one is ignored
        query = query.where(ModerationEvent.actor_id == moderator)
    kind_name = args.get("kind", "")
    if kind_name in (*KINDS, "user"):
        query = query.where(ModerationEvent.item_kind == kind_name)
    action = args.get("action", "")
    if action in ACTION_LABELS:
        query = query.where(ModerationEvent.action == action)
    since, until = _date(args.get("since", "")), _date(args.get("until", ""), end=True)
    if since:
        query = query.where(ModerationEvent.created_at >= since)
    if until:
        query = query.where(ModerationEvent.created_at < until)
    page = paginate(query.order_by(ModerationEvent.id.desc()), per_page=50)
    moderators = db.session.scalars(
        select(User).where(User.role.in_(["moderator", "admin"])).order_by(User.display_name)
    ).all()
    return render_template("moderation/log.html", page=page, moderators=moderators,
                           kinds=KINDS, actions=ACTION_LABELS, args=args)  # fmt: skip


@bp.app_template_global()
def item_link(event: ModerationEvent) -> str | None:
    """Where the log links an event: the item's review page, or the person's admin page."""
    if event.item_kind == "user":
        return url_for("admin.person", user_id=event.item_id)
    if event.item_kind in KINDS:
        return url_for("moderation.review", kind_name=event.item_kind, item_id=event.item_id)
    return None


@bp.app_template_global()
def can_appeal(item) -> bool:
    """Whether the signed-in member may appeal `item`'s last decision now."""
    return current_user.is_authenticated and appeals.can_appeal(item, current_user)


def notes_of(item) -> list[ModeratorNote]:
    """An item's private notes, oldest first, authors loaded."""
    return list(
        db.session.scalars(
            select(ModeratorNote)
            .where(ModeratorNote.item_kind == item.kind, ModeratorNote.item_id == item.id)
            .order_by(ModeratorNote.id)
            .options(selectinload(ModeratorNote.author))
        )
    )
