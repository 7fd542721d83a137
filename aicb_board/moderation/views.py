"""The moderation queue, the review page, decisions, and the author's submissions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..auth.models import User
from ..domain import DomainError
from ..extensions import db
from ..kinds import KINDS, Kind, kind_named
from ..numbers import ascii_int
from ..permissions import moderator_required, writes
from ..web import require_valid
from . import appeals, diff, health, queries, reports, services
from .forms import ReasonForm
from .models import Moderated
from .states import (
    ACTION_LABELS,
    AUTHOR_ACTIONS,
    MODERATOR_ACTIONS,
    REVISION_TRUSTED,
    Actor,
    Status,
)

bp = Blueprint("moderation", __name__)


@bp.app_context_processor
def pending_badge() -> dict:
    """The number of items waiting, for the Moderation link in the header."""
    # current_user is None when a template renders outside a request (mail from the CLI).
    if current_user and current_user.is_authenticated and current_user.is_moderator:
        return {"moderation_pending": queries.pending_count()}
    return {}


@bp.app_template_global()
def action_label(action: str) -> str:
    """How an audit-log action reads ("request_changes" → "Request changes")."""
    return ACTION_LABELS.get(action, action.replace("_", " ").capitalize())


@bp.app_template_global()
def status_label(status: str) -> str:
    """How a stored status reads."""
    return Status(status).label if status in Status._value2member_map_ else status


def posted_reason() -> str:
    """The reason sent with a decision (written, else picked); a bad one is refused."""
    form = ReasonForm()
    require_valid(form)
    return form.chosen_reason


def seen_version() -> int | None:
    """The version of the item the moderator read, sent with their decision."""
    return ascii_int(request.form.get("version", ""))


def item_or_404(kind_name: str, item_id: int) -> tuple[Kind, Moderated]:
    kind = kind_named(kind_name)
    item = services.load_item(kind_name, item_id, lock=writes()) if kind else None
    if item is None:
        abort(404)
    return kind, item


@bp.get("/moderation/")
@moderator_required
def queue():
    """Everything waiting for a moderator, oldest first; by kind and by category."""
    kind = request.args.get("kind", "")
    kind = kind if kind_named(kind) else ""
    category = request.args.get("category", "")
    category = category if category in queries.CATEGORIES else ""
    entries = queries.queue(kind or None, category or None)
    everything = queries.queue() if kind or category else entries
    return render_template(
        "moderation/queue.html",
        entries=entries,
        health=health.measure(everything),
        kind=kind,
        category=category,
        categories=queries.CATEGORIES,
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
        notes=console.notes_of(item),
        claim=queries.claim_on(item),
    )


def check_claim(item: Moderated) -> None:
    """Refuse a decision on an item another moderator has claimed."""
    held = queries.claim_on(item)
    if held is not None and held.moderator_id != current_user.id:
        raise DomainError(f"{held.moderator.display_name} is reviewing this.", status=409)


@bp.post("/moderation/<kind_name>/<int:item_id>/<action>")
@moderator_required
def decide(kind_name: str, item_id: int, action: str):
    """Approve, request changes, reject, remove or restore an item."""
    if action not in MODERATOR_ACTIONS:
        abort(404)
    _kind, item = item_or_404(kind_name, item_id)
    check_claim(item)
    reason = posted_reason()
    services.transition(item, action, actor=current_user, reason=reason,
                        seen_version=seen_version())  # fmt: skip
    console.release_claim(item)
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
    check_claim(item)
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


@bp.errorhandler(services.StaleDecision)
def refused_as_stale(stale: services.StaleDecision):
    """Nothing was decided: the review page again (409), showing what changed since."""
    db.session.rollback()
    kind, item = item_or_404(stale.item_kind, stale.item_id)
    return review_page(kind, item, stale), 409


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


DECIDED = {
    "approve": "Approved",
    "request_changes": "Changes requested",
    "reject": "Rejected",
    "remove": "Removed",
    "restore": "Restored",
}
AUTHOR_MESSAGES = {
    "submit": "Submitted. A moderator will review it, usually within a day.",
    "resubmit": "Resubmitted. A moderator will look at your changes.",
    "withdraw": "Withdrawn. Edit it and resubmit it whenever you like.",
    "close": "Withdrawn. It is no longer listed.",
    "renew": "Renewed and sent for review. It goes live again once approved.",
}


from . import console  # noqa: E402  (its routes join this blueprint)
