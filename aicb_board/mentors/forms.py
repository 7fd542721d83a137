"""Mentor profile and mentorship forms; field names are the model attribute names."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask import has_request_context
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from ..auth.forms import linkedin_profile
from ..content import normalise_tags
from ..database import utcnow
from ..validators import (
    complete_web_address,
    drop_nul,
    no_control_characters,
    options,
    parse_web_url,
    strip,
)
from . import choices, services
from .models import AVAILABILITY_FIELDS


class MultiCheckboxField(SelectMultipleField):
    """Several choices, shown as a list of checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _line(label: str, maximum: int, *, required: str | None = None, **settings) -> StringField:
    validators = [DataRequired(required)] if required else [Optional()]
    validators += [Length(max=maximum), no_control_characters]
    return StringField(label, validators=validators, filters=[strip], **settings)


def _tag_limit(limit: int):
    def check(form, field) -> None:
        if len(normalise_tags(field.data or "")) > limit:
            raise ValidationError(f"Use at most {limit}, separated by commas.")

    return check


CONTACT_ADVICE = "Enter an email address or a booking link (https://…)."


def email_or_booking_link(form, field) -> None:
    """The contact is an email address or an https link (a booking page).

    A bare booking address ("cal.example/ada") is completed with https://, as any web
    address is (`complete_web_address`).
    """
    field.data = complete_web_address(field.data or "")
    value = field.data
    if ":" in value:  # a link (an address has no colon): judged as a browser would read it
        if parse_web_url(value) is None:
            raise ValidationError(CONTACT_ADVICE)
        return
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValidationError(CONTACT_ADVICE) from error


class AvailabilityForm(FlaskForm):
    """How many mentees, and whether now: the mentor's own settings, never reviewed."""

    capacity = IntegerField(
        "Mentees at once", default=2,
        validators=[InputRequired("How many mentees at once?"), NumberRange(min=1, max=20)],
    )  # fmt: skip
    accepting = BooleanField("I am accepting new mentees", default=True)
    paused_until = DateField(
        "Paused until", validators=[Optional()],
        description="Optional: a date until which you take no new requests.",
    )  # fmt: skip

    def validate_paused_until(self, field) -> None:
        if field.data and field.data < utcnow().date():
            raise ValidationError("Pick today or a later date, or leave it empty.")

    def availability(self) -> dict[str, Any]:
        """The form as the profile's availability fields."""
        return {
            "capacity": self.capacity.data,
            "accepting": bool(self.accepting.data),
            "paused_until": self.paused_until.data,
        }


def _has_profile() -> bool:
    """Whether the member filling in the form already has a mentor profile."""
    return (
        has_request_context()
        and current_user.is_authenticated
        and services.profile_of(current_user) is not None
    )


class ProfileForm(AvailabilityForm):
    """Offer mentorship: the text a moderator reviews, and (first time only) availability.

    Once the profile exists, availability is set on its own form on the manage page, so
    an edit of the text carries none of it.
    """

    headline = _line(
        "Headline", 140, required="Write a one-line headline.",
        description="For example: “I moved from marketing to AI product in 18 months.”",
    )  # fmt: skip
    from_role = _line("From (your earlier role)", 100, required="Name the role you left.",
                      description="For example: Director of Marketing")  # fmt: skip
    to_role = _line("To (your AI role)", 100, required="Name the role you moved into.",
                    description="For example: Head of AI Product")  # fmt: skip
    from_function = SelectField("From function", choices=options(choices.FUNCTIONS))
    to_function = SelectField("To function", choices=options(choices.FUNCTIONS))
    industries = _line("Industries", 250, description="Up to 5, separated by commas.")
    expertise = _line("Expertise", 300, description="Up to 8 tags: ai-strategy, llm-products…")
    bio = TextAreaField(
        "About you",
        validators=[DataRequired("Tell mentees about yourself."), Length(min=50, max=10_000,
                    message="Write between 50 and 10,000 characters.")],
        filters=[drop_nul, strip],
        description="Markdown: **bold**, lists, links. No HTML.",
    )  # fmt: skip
    topics = TextAreaField(
        "What mentees can ask you about",
        validators=[Optional(), Length(max=2000)],
        filters=[drop_nul, strip],
    )
    formats = MultiCheckboxField(
        "Formats", choices=options(choices.FORMATS),
        validators=[DataRequired("Pick at least one format.")],
    )  # fmt: skip
    timezone = SelectField(
        "Time zone", choices=choices.timezone_choices(blank="— Choose —"),
        validators=[DataRequired("Choose your time zone.")],
    )  # fmt: skip
    languages = MultiCheckboxField(
        "Languages", choices=options(choices.LANGUAGES),
        validators=[DataRequired("Pick at least one language.")],
    )  # fmt: skip
    contact = _line(
        "Contact: an email address or a booking link", 300,
        required="Give an email address or a booking link (https://…).",
        description="An email address (ada@example.com) or a booking link "
        "(https://cal.example/ada). Shown to a mentee only after you accept their request.",
    )  # fmt: skip
    linkedin_url = StringField(
        "LinkedIn URL",
        validators=[Optional(), Length(max=255), no_control_characters],
        filters=[strip, complete_web_address],
    )

    def validate_industries(self, field) -> None:
        _tag_limit(choices.MAX_INDUSTRIES)(self, field)

    def validate_expertise(self, field) -> None:
        _tag_limit(choices.MAX_EXPERTISE)(self, field)

    def validate_contact(self, field) -> None:
        email_or_booking_link(self, field)

    def validate_linkedin_url(self, field) -> None:
        linkedin_profile(self, field)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.first_draft = not _has_profile()
        if not self.first_draft:
            for name in AVAILABILITY_FIELDS:
                delattr(self, name)

    def item_data(self) -> dict[str, Any]:
        """The form as model field values (with the availability of a first draft)."""
        return {
            **(self.availability() if self.first_draft else {}),
            "headline": self.headline.data,
            "from_role": self.from_role.data,
            "to_role": self.to_role.data,
            "from_function": self.from_function.data,
            "to_function": self.to_function.data,
            "industries": ",".join(normalise_tags(self.industries.data or "")),
            "expertise": ",".join(normalise_tags(self.expertise.data or "")),
            "bio": self.bio.data,
            "topics": self.topics.data or "",
            "formats": ",".join(self.formats.data or []),
            "timezone": self.timezone.data,
            "languages": ",".join(self.languages.data or []),
            "contact": self.contact.data,
            "linkedin_url": self.linkedin_url.data or "",
        }

    def fill_from(self, profile) -> None:
        """Show a profile (or a waiting edit of it) in the form."""
        for name in profile.editable_fields:
            getattr(self, name).data = getattr(profile, name)
        # A zone saved under an old name ("US/Eastern") is shown by its current one.
        self.timezone.data = choices.current_zone(profile.timezone)
        for name in ("formats", "languages"):
            getattr(self, name).data = profile.listed(name)
        for name in ("industries", "expertise"):
            getattr(self, name).data = ", ".join(profile.listed(name))


MAX_MOVE_TOPICS = 8


class MoveForm(FlaskForm):
    """A member's own move, to be matched with mentors who made it (kept private).

    The field names, choices and checks are the mentor profile's where they mean the same.
    """

    from_function = SelectField(
        "From function", choices=options(choices.FUNCTIONS, blank="— Choose —"),
        validators=[DataRequired("Choose the function you are moving from.")],
    )  # fmt: skip
    from_role = _line("Your current role", 100,
                      description="Optional. For example: Director of Marketing")  # fmt: skip
    to_function = SelectField(
        "To function", choices=options(choices.FUNCTIONS, blank="— Choose —"),
        validators=[DataRequired("Choose the function you want to move into.")],
    )  # fmt: skip
    industries = _line(
        "Industries", 250, description="Optional. Up to 5, separated by commas: fintech, retail…"
    )
    languages = MultiCheckboxField(
        "Languages you speak", choices=options(choices.LANGUAGES),
        description="Optional. Mentors who speak none of them are not suggested.",
    )  # fmt: skip
    timezone = SelectField(
        "Time zone", choices=choices.timezone_choices(blank="— Not given —"),
        description="Optional. Mentors whose working hours overlap yours rank higher.",
    )  # fmt: skip
    topics = _line(
        "What you want help with", 300,
        description=f"Optional. Up to {MAX_MOVE_TOPICS}, separated by commas: "
        "ai-strategy, hiring, positioning…",
    )  # fmt: skip

    weekly_mail = BooleanField(
        "Mail me the mentors suggested for my move once a week",
        description="Only when someone new is suggested; stop any time here.",
    )

    def validate_industries(self, field) -> None:
        _tag_limit(choices.MAX_INDUSTRIES)(self, field)

    def validate_topics(self, field) -> None:
        _tag_limit(MAX_MOVE_TOPICS)(self, field)

    def move_data(self) -> dict[str, Any]:
        """The form as the move's stored values (tags normalised, lists comma-joined)."""
        return {
            "from_function": self.from_function.data,
            "from_role": self.from_role.data or "",
            "to_function": self.to_function.data,
            "industries": ",".join(normalise_tags(self.industries.data or "")),
            "languages": ",".join(self.languages.data or []),
            "timezone": self.timezone.data or "",
            "topics": ",".join(normalise_tags(self.topics.data or "")),
            "weekly_mail": bool(self.weekly_mail.data),
        }

    def fill_from(self, move) -> None:
        """Show a saved move in the form."""
        self.from_function.data = move.from_function
        self.from_role.data = move.from_role
        self.to_function.data = move.to_function
        self.industries.data = ", ".join(move.listed("industries"))
        self.languages.data = move.listed("languages")
        self.timezone.data = choices.current_zone(move.timezone)
        self.topics.data = ", ".join(move.listed("topics"))
        self.weekly_mail.data = move.weekly_mail


class RequestForm(FlaskForm):
    """Ask a mentor for help."""

    goals = TextAreaField(
        "What you want to achieve",
        validators=[DataRequired("Say what you hope to achieve."), Length(min=20, max=2000)],
        filters=[drop_nul, strip],
    )
    context = TextAreaField(
        "Where you are now",
        validators=[Optional(), Length(max=2000)],
        filters=[drop_nul, strip],
        description="Your current role, and what you have tried so far.",
    )
    format = SelectField("Preferred format", choices=options(choices.FORMATS))


class DeclineForm(FlaskForm):
    """Decline a request: a reason from the list and, if you like, a message."""

    decline_reason = SelectField(
        "Reason", choices=options(choices.DECLINE_REASONS),
        validators=[DataRequired("Pick a reason.")],
    )  # fmt: skip
    message = TextAreaField(
        "Message (optional)", validators=[Optional(), Length(max=2000)], filters=[drop_nul, strip]
    )


class NoteForm(FlaskForm):
    """A note with a step: accepting, completing or ending a mentorship."""

    note = TextAreaField(
        "Note (optional)", validators=[Optional(), Length(max=2000)], filters=[drop_nul, strip]
    )
    # Sent by a confirmation page: completing or ending a mentorship needs it.
    confirm = HiddenField(default="")


class FeedbackForm(FlaskForm):
    """Private feedback after a mentorship."""

    rating = SelectField(
        "How useful was it?",
        choices=options([("5", "5 — excellent"), ("4", "4"), ("3", "3"), ("2", "2"),
                         ("1", "1 — not useful")]),
    )  # fmt: skip
    note = TextAreaField(
        "Note for the board's admins (optional)",
        validators=[Optional(), Length(max=2000)],
        filters=[drop_nul, strip],
    )
