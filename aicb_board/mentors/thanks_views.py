"""`/mentorship/thanks/…`: writing, approving, declining and withdrawing thank-you notes.

Every step is a POST from the member's mentorship page; the mentor's page shows the
published notes through the template globals below.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from ..extensions import db
from ..permissions import verified_required, writes
from ..validators import drop_nul, strip
from ..web import require_valid
from . import requests, thanks
from .models import MentorshipRequest
from .thanks import MAX_LENGTH, MIN_LENGTH, ThankYouNote

bp = Blueprint("thanks", __name__, url_prefix="/mentorship/thanks")


class ThankYouForm(FlaskForm):
    """What the mentee writes: a short plain-text note (shown escaped, never as HTML)."""

    body = TextAreaField(
        "Your thank-you note (public once your mentor and a moderator approve it)",
        validators=[DataRequired(), Length(min=MIN_LENGTH, max=MAX_LENGTH)],
        filters=[drop_nul, strip],
    )

    def item_data(self) -> dict[str, str]:
        """The note as the kind's contract takes it."""
        return {"body": self.body.data}

    def fill_from(self, note: ThankYouNote) -> None:
        """Show a note's text in the form."""
        self.body.data = note.body


@bp.app_context_processor
def note_lengths() -> dict[str, int]:
    """The note's bounds, for the form's hints."""
    return {"thanks_min": MIN_LENGTH, "thanks_max": MAX_LENGTH}


@bp.app_template_global()
def thank_you_notes(profile_id: int) -> list[ThankYouNote]:
    """A mentor's published notes, for their page."""
    return thanks.published_notes(profile_id)


@bp.app_template_global()
def mentorships_completed(profile_ids: list[int]) -> dict[int, int]:
    """Completed mentorships per mentor, for a page of profiles (one query)."""
    return thanks.completed_counts(profile_ids)


@bp.app_template_global()
def thanks_by_request(shown: list[MentorshipRequest]) -> dict[int, ThankYouNote]:
    """The notes of the mentorships on the member's page, by request id."""
    return thanks.notes_by_request([item.id for item in shown])


def _back() -> str:
    return url_for("mentorship.index")


def _note_of(note_id: int, *, as_mentor: bool) -> ThankYouNote:
    """The note if the signed-in member is its mentor (or its mentee): else 404."""
    note = db.session.get(ThankYouNote, note_id, with_for_update=writes())
    if note is None:
        abort(404)
    if as_mentor:
        mentor_user_id = requests.mentor_user_id(db.session.get(MentorshipRequest, note.request_id))
        if mentor_user_id != current_user.id:
            abort(404)
    elif note.author_id != current_user.id:
        abort(404)
    return note


@bp.get("/")
@login_required
def index():
    """The notes live on the member's mentorship page."""
    return redirect(_back())


@bp.post("/write/<int:request_id>")
@verified_required
def write(request_id: int):
    """The mentee thanks their mentor for a completed mentorship (once)."""
    found = db.session.get(MentorshipRequest, request_id, with_for_update=writes())
    if found is None or found.mentee_id != current_user.id:
        abort(404)
    form = ThankYouForm()
    require_valid(form)
    thanks.write_note(found, mentee=current_user, body=form.body.data)
    db.session.commit()
    flash(
        "Thank you! Your mentor is asked whether to show it; a moderator reads it before "
        "it appears on their page.",
        "success",
    )
    return redirect(_back())


@bp.post("/<int:note_id>/approve")
@login_required
def approve(note_id: int):
    """The mentor agrees to show the note: it goes to the moderators."""
    note = _note_of(note_id, as_mentor=True)
    thanks.approve_showing(note, mentor=current_user)
    db.session.commit()
    flash("Thank you: a moderator reads it, then it shows on your page.", "success")
    return redirect(_back())


@bp.post("/<int:note_id>/decline")
@login_required
def decline(note_id: int):
    """The mentor prefers not to show the note: it is never shown."""
    note = _note_of(note_id, as_mentor=True)
    thanks.decline_showing(note, mentor=current_user)
    db.session.commit()
    flash("It will not be shown. The mentee has been told, kindly.", "success")
    return redirect(_back())


@bp.post("/<int:note_id>/withdraw")
@login_required
def withdraw(note_id: int):
    """The mentee takes their note back: it is not shown anywhere any more."""
    note = _note_of(note_id, as_mentor=False)
    thanks.withdraw_note(note, mentee=current_user)
    db.session.commit()
    flash("Your thank-you note is withdrawn.", "success")
    return redirect(_back())
