"""The admin's forms: a member's role, and a reason for a change to an account."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..auth.models import Role
from ..moderation.services import MAX_REASON_LENGTH
from ..validators import drop_nul, options, strip


class ReasonOnlyForm(FlaskForm):
    """Why an account changes: it goes into the log."""

    reason = TextAreaField(
        "Reason (kept in the log)",
        validators=[DataRequired("Give a reason: it goes into the log."),
                    Length(max=MAX_REASON_LENGTH)],
        filters=[drop_nul, strip],
    )  # fmt: skip


class RoleForm(ReasonOnlyForm):
    """A member's role, with the reason for the change."""

    role = SelectField(
        "Role", choices=options((role.value, role.value.capitalize()) for role in Role)
    )
