"""The account page's "Mail me about" checkboxes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from ..validators import options
from .services import TOPICS


class MultiCheckboxField(SelectMultipleField):
    """Several choices, shown as a list of checkboxes (the forms macro knows this name)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MailPreferencesForm(FlaskForm):
    """Which topics the member wants mail about; an unticked box turns that mail off."""

    topics = MultiCheckboxField(
        "Mail me about",
        choices=options(TOPICS.items()),
        description="Whatever you choose, each of these still shows under Notifications.",
    )
