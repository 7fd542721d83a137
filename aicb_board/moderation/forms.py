"""The moderator's reason form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import Length

from ..validators import drop_nul, options, strip
from .services import MAX_REASON_LENGTH
from .states import CANNED_REASONS


class ReasonForm(FlaskForm):
    """A decision's reason: pick a canned one or write your own (your own wins)."""

    canned_reason = SelectField(
        "Reason",
        choices=options(
            ((text, text) for text in CANNED_REASONS), blank="— Pick a common reason —"
        ),
        default="",
    )
    reason = TextAreaField(
        "Or write the reason",
        validators=[Length(max=MAX_REASON_LENGTH)],
        filters=[drop_nul, strip],
        description="The author reads this. Be specific and kind.",
    )

    @property
    def chosen_reason(self) -> str:
        """The written reason, else the picked one."""
        return self.reason.data or self.canned_reason.data or ""
