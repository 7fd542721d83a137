"""The story form; field names are the model attribute names."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from ..content import normalise_tags
from ..validators import drop_nul, no_control_characters, options, strip
from ..vocabulary import FUNCTIONS

MAX_TAGS = 4


def _line(label: str, maximum: int, message: str, **settings) -> StringField:
    return StringField(
        label,
        validators=[DataRequired(message), Length(max=maximum), no_control_characters],
        filters=[strip],
        **settings,
    )


class StoryForm(FlaskForm):
    """Write or edit a story."""

    title = _line(
        "Title", 120, "Give your story a title.",
        description="For example: “From marketing director to Head of AI Product”.",
    )  # fmt: skip
    summary = TextAreaField(
        "Summary",
        validators=[DataRequired("Sum the story up in a sentence or two."), Length(max=280)],
        filters=[drop_nul, strip],
        description="Up to 280 characters, shown in lists and feeds.",
    )
    from_role = _line("From (your earlier role)", 100, "Name the role you left.")
    to_role = _line("To (your AI role)", 100, "Name the role you moved into.")
    from_function = SelectField("From function", choices=options(FUNCTIONS))
    to_function = SelectField("To function", choices=options(FUNCTIONS))
    industry = StringField(
        "Industry", validators=[Optional(), Length(max=60), no_control_characters], filters=[strip]
    )
    months_taken = IntegerField(
        "Months the move took",
        validators=[Optional(), NumberRange(min=0, max=240, message="Between 0 and 240 months.")],
    )
    body = TextAreaField(
        "Your story",
        validators=[
            DataRequired("Tell your story."),
            Length(min=200, max=50_000, message="Write between 200 and 50,000 characters."),
        ],
        filters=[drop_nul, strip],
        description="Markdown: ## headings, lists, > quotes, `code`, [links](https://…), "
        "![images](https://…) from https addresses. No HTML.",
    )
    tags = StringField(
        "Tags",
        validators=[Optional(), Length(max=140), no_control_characters],
        filters=[strip],
        description=f"Up to {MAX_TAGS}, separated by commas.",
    )
    save = SubmitField("Save draft")
    preview = SubmitField("Save and preview")

    def validate_tags(self, field) -> None:
        if len(normalise_tags(field.data or "")) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")

    def item_data(self) -> dict[str, Any]:
        """The form as model field values."""
        return {
            "title": self.title.data,
            "summary": " ".join(self.summary.data.split()),
            "from_role": self.from_role.data,
            "to_role": self.to_role.data,
            "from_function": self.from_function.data,
            "to_function": self.to_function.data,
            "industry": self.industry.data or "",
            "months_taken": self.months_taken.data,
            "body": self.body.data,
            "tags": ",".join(normalise_tags(self.tags.data or "")),
        }

    def fill_from(self, story) -> None:
        """Show a story (or a waiting edit of it) in the form."""
        for name in story.editable_fields:
            getattr(self, name).data = getattr(story, name)
        self.tags.data = ", ".join(story.tag_list)
