"""The moderation forms: reasons, reports, appeals, notes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ..extensions import db
from ..validators import drop_nul, options, strip
from .appeals import MAX_MESSAGE_LENGTH
from .models import REPORT_REASONS, CannedReason
from .reports import MAX_DETAIL_LENGTH
from .services import MAX_REASON_LENGTH


class ReasonForm(FlaskForm):
    """A decision's reason: pick a canned one or write your own (your own wins)."""

    canned_reason = SelectField(
        "Reason",
        default="",
    )
    reason = TextAreaField(
        "Or write the reason",
        validators=[Length(max=MAX_REASON_LENGTH)],
        filters=[drop_nul, strip],
        description="The author reads this. Be specific and kind.",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        reasons = db.session.scalars(select(CannedReason.text).order_by(CannedReason.position))
        self.canned_reason.choices = options(
            ((text, text) for text in reasons), blank="— Pick a common reason —"
        )

    @property
    def chosen_reason(self) -> str:
        """The written reason, else the picked one."""
        return self.reason.data or self.canned_reason.data or ""


class ReportForm(FlaskForm):
    """A member's report of published content."""

    reason = RadioField(
        "What is wrong with it?",
        choices=options(REPORT_REASONS.items()),
        validators=[InputRequired("Pick a reason.")],
    )
    detail = TextAreaField(
        "Anything moderators should know (optional)",
        validators=[Length(max=MAX_DETAIL_LENGTH)],
        filters=[drop_nul, strip],
    )


class AppealForm(FlaskForm):
    """An author's appeal of a reject or remove."""

    message = TextAreaField(
        "Why should the decision change?",
        validators=[DataRequired("Say why the decision should change."),
                    Length(max=MAX_MESSAGE_LENGTH)],
        filters=[drop_nul, strip],
        description="A different moderator reads it. You can appeal each decision once.",
    )  # fmt: skip


class NoteForm(FlaskForm):
    """A private note for other moderators."""

    body = TextAreaField(
        "Note for moderators",
        validators=[DataRequired("Write the note."), Length(max=MAX_REASON_LENGTH)],
        filters=[drop_nul, strip],
    )


class CannedReasonForm(FlaskForm):
    """One of the reasons moderators can pick."""

    text = StringField(
        "Reason",
        validators=[DataRequired("Write the reason."), Length(max=300)],
        filters=[drop_nul, strip],
    )
