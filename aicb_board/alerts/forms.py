"""The saved-search forms: save (name, how often), edit, pause or resume."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..validators import drop_format_characters, no_control_characters, options, strip
from .models import FREQUENCIES

NAME_HELP = "Left empty, it is named after what it looks for."


class SavedSearchForm(FlaskForm):
    """A saved search's name and how often to hear of new matches (saving or editing it).

    What it looks for travels beside it, as the page's own arguments (`criteria.py`).
    """

    name = StringField(
        "Name",
        validators=[Length(max=80, message="Keep the name to 80 characters."),
                    no_control_characters],
        filters=[drop_format_characters, strip],
        description=NAME_HELP,
    )  # fmt: skip
    frequency = SelectField(
        "Alert me", choices=options(FREQUENCIES), default="daily",
        validators=[InputRequired("Choose how often to hear of new matches.")],
    )  # fmt: skip


class PauseForm(FlaskForm):
    """Pause a saved search, or resume it."""

    action = SelectField(choices=options([("pause", "Pause"), ("resume", "Resume")]))
