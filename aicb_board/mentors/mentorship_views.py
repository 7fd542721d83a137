"""`/mentorship/`: a member's requests as mentee and as mentor, and what they can do."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..permissions import admin_required
from ..web import require_valid
from . import choices, requests
from .forms import DeclineForm, FeedbackForm, NoteForm
from .models import MentorProfile, MentorshipFeedback, MentorshipRequest
from .request_states import TRANSITIONS, Party

bp = Blueprint("mentorship", __name__, url_prefix="/mentorship")
# A member's moves that take only an optional note; a decline has its own form.
SIMPLE_ACTIONS = frozenset(
    action
    for action, step in TRANSITIONS.items()
    if step.actor != Party.SYSTEM and not step.needs_reason
)
DONE = {
    "accept": "Accepted. You now see each other's contact details.",
    "decline": "Declined. The member has been told, kindly.",
    "cancel": "Your request is cancelled.",
    "complete": "Marked as completed. Thank you for mentoring!",
    "end": "The mentorship is ended.",
}


def _requests(*conditions):
    return list(
        db.session.scalars(
            select(MentorshipRequest)
            .where(*conditions)
            .order_by(MentorshipRequest.created_at.desc())
            .options(
                selectinload(MentorshipRequest.mentor).selectinload(MentorProfile.author),
                selectinload(MentorshipRequest.mentee),
            )
        )
    )


@bp.get("/")
@login_required
def index():
    """Requests I sent (as mentee) and requests I received (as mentor)."""
    mine = db.session.scalar(
        select(MentorProfile.id).where(MentorProfile.author_id == current_user.id)
    )
    feedback_given = set(
        db.session.scalars(
            select(MentorshipFeedback.request_id).where(
                MentorshipFeedback.author_id == current_user.id
            )
        )
    )
    return render_template(
        "mentorship/index.html",
        sent=_requests(MentorshipRequest.mentee_id == current_user.id),
        received=_requests(MentorshipRequest.mentor_id == mine) if mine else [],
        feedback_given=feedback_given,
        decline_reasons=dict(choices.DECLINE_REASONS),
        decline_form=DeclineForm(),
        note_form=NoteForm(),
        feedback_form=FeedbackForm(),
    )


def _request_of_member(request_id: int) -> MentorshipRequest:
    found = db.session.get(MentorshipRequest, request_id)
    if found is None:
        abort(404)
    if current_user.id not in {found.mentee_id, requests.mentor_user_id(found)}:
        abort(403)
    return found


@bp.post("/<int:request_id>/<action>")
@login_required
def act(request_id: int, action: str):
    """Accept, cancel, complete or end a request."""
    if action not in SIMPLE_ACTIONS:
        abort(404)
    found = _request_of_member(request_id)
    form = NoteForm()
    require_valid(form)
    requests.act(found, action, actor=current_user, note=form.note.data or "")
    db.session.commit()
    flash(DONE[action], "success")
    return redirect(url_for("mentorship.index"))


@bp.post("/<int:request_id>/decline")
@login_required
def decline(request_id: int):
    """Decline with a reason and an optional message."""
    found = _request_of_member(request_id)
    form = DeclineForm()
    require_valid(form)
    requests.act(
        found,
        "decline",
        actor=current_user,
        note=form.message.data or "",
        reason=form.decline_reason.data,
    )
    db.session.commit()
    flash(DONE["decline"], "success")
    return redirect(url_for("mentorship.index"))


@bp.post("/<int:request_id>/feedback")
@login_required
def feedback(request_id: int):
    """Private feedback once a mentorship is over."""
    found = _request_of_member(request_id)
    form = FeedbackForm()
    require_valid(form)
    requests.leave_feedback(
        found, actor=current_user, rating=int(form.rating.data), note=form.note.data or ""
    )
    db.session.commit()
    flash("Thank you: your feedback reaches the board's admins only.", "success")
    return redirect(url_for("mentorship.index"))


@bp.get("/feedback")
@admin_required
def all_feedback():
    """Every piece of feedback (admins only)."""
    rows = db.session.scalars(
        select(MentorshipFeedback)
        .order_by(MentorshipFeedback.created_at.desc())
        .options(
            selectinload(MentorshipFeedback.author),
            selectinload(MentorshipFeedback.request).selectinload(MentorshipRequest.mentee),
            selectinload(MentorshipFeedback.request)
            .selectinload(MentorshipRequest.mentor)
            .selectinload(MentorProfile.author),
        )
        .limit(500)
    ).all()
    return render_template("mentorship/feedback.html", rows=rows)
