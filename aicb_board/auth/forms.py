"""Account forms; field names are the model attribute names."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    PasswordField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from ..validators import (
    complete_web_address,
    drop_nul,
    no_control_characters,
    parse_web_url,
    strip,
)
from .passwords import MAX_LENGTH, password_problem


def strong_password(form, field) -> None:
    """Apply the password rules, with the form's email and name as things not to reuse."""
    hints = tuple(
        getattr(form, name).data or "" for name in ("email", "display_name") if hasattr(form, name)
    )
    problem = password_problem(field.data or "", user_inputs=hints)
    if problem:
        raise ValidationError(problem)


def linkedin_profile(form, field) -> None:
    """Accept only https links to linkedin.com, judged on the host a browser would visit."""
    if not field.data:
        return
    parts = parse_web_url(field.data, schemes=frozenset({"https"}))
    host = parts["hostname"] if parts else ""
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        raise ValidationError(
            "Enter your LinkedIn profile link, starting https://www.linkedin.com/"
        )


EMAIL = [
    DataRequired("Enter your email address."),
    Length(max=254),
    no_control_characters,
    Email("Enter a valid email."),
]
DISPLAY_NAME = [
    DataRequired("Enter the name other members will see."),
    Length(min=2, max=80),
    no_control_characters,
]
NEW_PASSWORD = [InputRequired("Choose a password."), strong_password]
CHOOSING_ADVICE = (
    "At least 10 characters. A few unrelated words make a strong, memorable passphrase."
)


class RegisterForm(FlaskForm):
    """Create an account."""

    email = EmailField("Email", validators=EMAIL, filters=[strip])
    display_name = StringField("Display name", validators=DISPLAY_NAME, filters=[strip])
    password = PasswordField("Password", validators=NEW_PASSWORD, description=CHOOSING_ADVICE)


class LoginForm(FlaskForm):
    """Sign in."""

    email = EmailField(
        "Email",
        validators=[DataRequired("Enter your email."), Length(max=254), no_control_characters],
        filters=[strip],
    )
    password = PasswordField(
        "Password", validators=[InputRequired("Enter your password."), Length(max=MAX_LENGTH)]
    )
    remember = BooleanField("Keep me signed in on this device")
    next = HiddenField()


class ResetRequestForm(FlaskForm):
    """Ask for a password reset link."""

    email = EmailField("Email", validators=EMAIL, filters=[strip])


class ResetPasswordForm(FlaskForm):
    """Choose a new password from a reset link."""

    password = PasswordField("New password", validators=NEW_PASSWORD, description=CHOOSING_ADVICE)
    password_confirm = PasswordField(
        "Repeat the new password",
        validators=[InputRequired("Repeat the password."), EqualTo("password", "Both must match.")],
    )


class ChangePasswordForm(ResetPasswordForm):
    """Change the password while signed in."""

    current_password = PasswordField(
        "Current password",
        validators=[InputRequired("Enter your current password."), Length(max=MAX_LENGTH)],
    )


class AccountForm(FlaskForm):
    """The member's public profile."""

    display_name = StringField("Display name", validators=DISPLAY_NAME, filters=[strip])
    headline = StringField(
        "Headline",
        validators=[Optional(), Length(max=120), no_control_characters],
        filters=[strip],
        description="For example: VP Product, moving into AI product leadership.",
    )
    linkedin_url = StringField(
        "LinkedIn URL",
        validators=[Optional(), Length(max=255), no_control_characters, linkedin_profile],
        filters=[strip, complete_web_address],
    )
    bio = TextAreaField(
        "Short bio",
        validators=[Optional(), Length(max=1000)],
        filters=[drop_nul, strip],
        description="Up to 1,000 characters of plain text.",
    )


class VerificationForm(FlaskForm):
    """Nothing but the CSRF token: the button that mails the confirmation link again."""
