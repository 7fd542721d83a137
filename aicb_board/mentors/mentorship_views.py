"""`/mentorship/`: a member's requests as mentee and as mentor, and what they can do."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..extensions import db
from ..permissions import admin_required
from ..web import require_valid
from . import choices, requests
from .forms import DeclineForm, FeedbackForm, NoteForm
from .models import MentorProfile, MentorshipEvent, MentorshipFeedback, MentorshipRequest
from .request_states import TRANSITIONS, Party, RequestStatus

bp = Blueprint("mentorship", __name__, url_prefix="/mentorship")
# A member's moves that take only an optional note; a decline has its own form.
SIMPLE_ACTIONS = frozenset(
    action
    for action, step in TRANSITIONS.items()
    if step.actor != Party.SYSTEM and not step.needs_reason
)
# Closing a mentorship cannot be undone: these ask first, on a page of their own.
CONFIRMED_ACTIONS = frozenset({"complete", "end"})
DONE = {
    "accept": "Accepted. You now see each other's contact details.",
    "decline": "Declined. The member has been told, kindly.",
    "cancel": "Your request is cancelled.",
    "complete": "Marked as completed.",
    "end": "The mentorship is ended.",
}
# What each side is thanked for, once a mentorship is completed.
THANKS = {
    Party.MENTOR: " Thank you for mentoring!",
    Party.MENTEE: " We hope it helped you on your way.",
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
    sent = _requests(MentorshipRequest.mentee_id == current_user.id)
    received = _requests(MentorshipRequest.mentor_id == mine) if mine else []
    return render_template(
        "mentorship/index.html",
        sent=sent,
        received=received,
        withdrawn=_withdraw_notes(sent + received),
        feedback_given=feedback_given,
        decline_reasons=dict(choices.DECLINE_REASONS),
        decline_form=DeclineForm(),
        note_form=NoteForm(),
        feedback_form=FeedbackForm(),
    )


def _withdraw_notes(shown: list[MentorshipRequest]) -> dict[int, str]:
    """Why the board withdrew each of these requests (the withdraw event's note), by id."""
    ids = [item.id for item in shown if item.status == RequestStatus.CANCELLED]
    if not ids:
        return {}
    rows = db.session.execute(
        select(MentorshipEvent.request_id, MentorshipEvent.note).where(
            MentorshipEvent.request_id.in_(ids), MentorshipEvent.action == "withdraw"
        )
    )
    return {request_id: note for request_id, note in rows}


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
    """Accept, cancel, complete or end a request (completing and ending once confirmed)."""
    if action not in SIMPLE_ACTIONS:
        abort(404)
    found = _request_of_member(request_id)
    form = NoteForm()
    if action in CONFIRMED_ACTIONS and not form.confirm.data:
        # Not confirmed (an old page, a stray click): nothing changes; the question is asked.
        return redirect(url_for("mentorship.confirm", request_id=request_id, action=action))
    require_valid(form)
    requests.act(found, action, actor=current_user, note=form.note.data or "")
    db.session.commit()
    flash(_done_message(found, action), "success")
    return redirect(url_for("mentorship.index"))


def _done_message(found: MentorshipRequest, action: str) -> str:
    """What the member is told once their step is taken; a completion thanks each side."""
    if action != "complete":
        return DONE[action]
    side = Party.MENTEE if current_user.id == found.mentee_id else Party.MENTOR
    return DONE[action] + THANKS[side]


@bp.get("/<int:request_id>/<action>/confirm")
@login_required
def confirm(request_id: int, action: str):
    """Ask before completing or ending a mentorship: the page holds the real form."""
    if action not in CONFIRMED_ACTIONS:
        abort(404)
    found = _request_of_member(request_id)
    if found.status != RequestStatus.ACCEPTED:
        flash(f"This mentorship is {found.state.label.lower()}: there is nothing to close.", "info")
        return redirect(url_for("mentorship.index"))
    mentor_id = requests.mentor_user_id(found)
    other_id = found.mentee_id if current_user.id == mentor_id else mentor_id
    return render_template(
        "mentorship/confirm.html",
        item=found,
        action=action,
        step=TRANSITIONS[action],
        other=db.session.get(User, other_id),
        form=NoteForm(),
    )


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
