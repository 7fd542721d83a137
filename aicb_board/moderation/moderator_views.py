"""The moderators' pages: the queue, the review page and every decision taken from it
(items, edits, reports, appeals), claims, notes, approving several items, and the log."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..kinds import KINDS, Kind, kind_named
from ..numbers import ascii_int
from ..pagination import paginate
from ..permissions import moderator_required
from ..web import require_valid
from . import appeals, claims, diff, health, notes, queries, reports, services
from .blueprint import bp, item_or_404, posted_reason, seen_version
from .forms import NoteForm, ReasonForm
from .models import Appeal, Moderated, ModerationEvent
from .queue import CATEGORIES, ENTRY_LABELS, waiting
from .states import ACTION_LABELS, MODERATOR_ACTIONS, REVISION_TRUSTED, Actor

MAX_BULK = 50  # items approved in one go
DECIDED = {
    "approve": "Approved",
    "request_changes": "Changes requested",
    "reject": "Rejected",
    "remove": "Removed",
    "restore": "Restored",
}


@bp.get("/moderation/")
@moderator_required
def queue():
    """Everything waiting for a moderator, oldest first; by kind and by category."""
    kind = request.args.get("kind", "")
    kind = kind if kind_named(kind) else ""
    category = request.args.get("category", "")
    category = category if category in CATEGORIES else ""
    entries = waiting(kind or None, category or None)
    everything = waiting() if kind or category else entries
    return render_template(
        "moderation/queue.html",
        entries=entries,
        health=health.measure(everything),
        kind=kind,
        category=category,
        categories=CATEGORIES,
        entry_labels=ENTRY_LABELS,
        kinds=KINDS,
    )


@bp.get("/moderation/<kind_name>/<int:item_id>")
@moderator_required
def review(kind_name: str, item_id: int):
    """An item as it will look when published, its history, a waiting edit, the decisions."""
    kind, item = item_or_404(kind_name, item_id)
    return review_page(kind, item)


def review_page(kind: Kind, item: Moderated, stale: services.StaleDecision | None = None) -> str:
    """The review page; after a refused stale decision, with what changed since it was read."""
    revision = services.pending_revision(item) or services.pending_revision(item, REVISION_TRUSTED)
    appeal = appeals.open_appeal(item)
    changes = []
    if revision is not None:  # a trusted edit is live already: show it against the text before
        before = revision.status == REVISION_TRUSTED and services.saved_text(
            item, (revision.item_version or 1) - 1
        )
        live = kind.model.to_plain(item.snapshot())
        changes = diff.changes(before or live, revision.data, kind.field_labels)
    changed_since_read = (
        diff.changes(stale.seen, stale.current, kind.field_labels)
        if stale is not None and stale.seen is not None
        else []
    )
    return render_template(
        "moderation/review.html",
        kind=kind,
        item=item,
        author=db.session.get(User, item.author_id),
        stale=stale,
        changed_since_read=changed_since_read,
        revision=revision,
        changes=changes,
        history=queries.history(kind.name, [item.id]).get(item.id, []),
        actions=services.available_actions(item, current_user, Actor.MODERATOR),
        form=ReasonForm(),
        reports=reports.open_reports(item),
        appeal=appeal,
        appeal_decided_by_me=appeal is not None and appeals.decider_id(appeal) == current_user.id,
        notes=notes.notes_of(item),
        claim=claims.claim_on(item),
    )


@bp.errorhandler(services.StaleDecision)
def refused_as_stale(stale: services.StaleDecision):
    """Nothing was decided: the review page again (409), showing what changed since."""
    db.session.rollback()
    kind, item = item_or_404(stale.item_kind, stale.item_id)
    return review_page(kind, item, stale), 409


@bp.post("/moderation/<kind_name>/<int:item_id>/<action>")
@moderator_required
def decide(kind_name: str, item_id: int, action: str):
    """Approve, request changes, reject, remove or restore an item."""
    if action not in MODERATOR_ACTIONS:
        abort(404)
    _kind, item = item_or_404(kind_name, item_id)
    claims.check_claim(item, current_user)
    reason = posted_reason()
    services.transition(item, action, actor=current_user, reason=reason,
                        seen_version=seen_version())  # fmt: skip
    claims.release(item)
    db.session.commit()
    flash(f"{DECIDED[action]}: “{item.display_title}”. The author has been told.", "success")
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/revisions/<int:revision_id>/<decision>")
@moderator_required
def decide_revision(revision_id: int, decision: str):
    """Approve or decline a waiting edit of a published item."""
    revision = services.proposed_edit(revision_id)
    if revision is None or decision not in {"approve", "reject"}:
        abort(404)
    reason = posted_reason()
    _kind, item = item_or_404(revision.item_kind, revision.item_id)
    db.session.refresh(revision)  # as it stands now that its item is locked
    claims.check_claim(item, current_user)
    if decision == "approve":
        services.approve_revision(revision, actor=current_user, seen_version=seen_version())
        message = "The edit is live. The author has been told."
    else:
        services.reject_revision(
            revision, actor=current_user, reason=reason, seen_version=seen_version()
        )
        message = "The edit was declined. The author has been told."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/<kind_name>/<int:item_id>/reports/<decision>")
@moderator_required
def decide_reports(kind_name: str, item_id: int, decision: str):
    """Uphold (remove the item) or dismiss the open reports of an item."""
    _kind, item = item_or_404(kind_name, item_id)
    if decision not in {"uphold", "dismiss"}:
        abort(404)
    claims.check_claim(item, current_user)
    reason = posted_reason()
    resolve = reports.uphold if decision == "uphold" else reports.dismiss
    resolve(item, moderator=current_user, reason=reason, seen_version=seen_version())
    if decision == "uphold":
        message = "Reports upheld: the item is removed; its author and the reporters are told."
    else:
        message = "Reports dismissed: the item stays published; the reporters are told."
    claims.release(item)
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
    claims.check_claim(item, current_user)
    appeals.decide(entry, item, moderator=current_user, grant=decision == "grant",
                   reason=posted_reason(), seen_version=seen_version())  # fmt: skip
    claims.release(item)
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
    claims.claim(item, current_user)
    db.session.commit()
    flash(f"It is yours for the next {claims.CLAIM_MINUTES} minutes.", "success")
    return redirect(url_for("moderation.review", kind_name=item.kind, item_id=item.id))


@bp.post("/moderation/<kind_name>/<int:item_id>/release")
@moderator_required
def release(kind_name: str, item_id: int):
    """Give up one's claim on an item."""
    _kind, item = item_or_404(kind_name, item_id)
    claims.release(item)
    db.session.commit()
    flash("Released: another moderator can take it.", "success")
    return redirect(url_for("moderation.queue"))


@bp.post("/moderation/<kind_name>/<int:item_id>/notes")
@moderator_required
def add_note(kind_name: str, item_id: int):
    """Leave a private note on an item for the other moderators."""
    _kind, item = item_or_404(kind_name, item_id)
    form = NoteForm()
    require_valid(form)
    notes.add_note(item, author=current_user, body=form.body.data)
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
            claims.check_claim(item, current_user)
            with db.session.begin_nested():
                services.transition(item, "approve", actor=current_user, seen_version=version)
        except services.StaleDecision:
            skipped.append(f"“{item.display_title}” changed since the queue was shown: review it.")
            continue
        except DomainError as error:
            skipped.append(f"“{item.display_title}”: {error.message}")
            continue
        claims.release(item)
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
                           kinds=KINDS, actions=ACTION_LABELS, args=args,
                           names=names_of(page.items))  # fmt: skip


def names_of(events: list[ModerationEvent]) -> dict[tuple[str, int], str]:
    """How the log names each event's item: "Role posting “Head of AI”", a member by name.

    One query per kind on the page; an item deleted since is left out (the log then
    names it by kind and id).
    """
    wanted: dict[str, set[int]] = {}
    for event in events:
        wanted.setdefault(event.item_kind, set()).add(event.item_id)
    names = {}
    for kind_name, ids in wanted.items():
        if kind_name == "user":
            people = db.session.scalars(select(User).where(User.id.in_(ids)))
            names |= {("user", person.id): f"Member “{person.display_name}”" for person in people}
        elif kind := kind_named(kind_name):
            items = db.session.scalars(select(kind.model).where(kind.model.id.in_(ids)))
            names |= {(kind_name, item.id): f"{kind.label} “{item.display_title}”"
                      for item in items}  # fmt: skip
    return names


@bp.app_template_global()
def item_link(event: ModerationEvent) -> str | None:
    """Where the log links an event: the item's review page, or the person's admin page."""
    if event.item_kind == "user":
        return url_for("admin.person", user_id=event.item_id)
    if event.item_kind in KINDS:
        return url_for("moderation.review", kind_name=event.item_kind, item_id=event.item_id)
    return None
