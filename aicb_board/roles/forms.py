"""The role posting form; field names are the model attribute names."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ..content import normalise_tags
from ..database import utcnow
from ..validators import drop_nul, no_control_characters, options, strip, web_url
from . import choices, regions
from .models import DEFAULT_DAYS_OPEN

MAX_TAGS = 6
MAX_DAYS_OPEN = 90
MAX_SALARY = 100_000_000


def _select(label: str, vocabulary, *, blank: str | None = None, **settings) -> SelectField:
    return SelectField(label, choices=options(vocabulary, blank=blank), **settings)


def default_expiry() -> date:
    """The closing date a new role gets unless its author picks another."""
    return utcnow().date() + timedelta(days=DEFAULT_DAYS_OPEN)


def closing_moment(day: date) -> datetime:
    """The last second of a closing date, in UTC."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=UTC)


class RoleForm(FlaskForm):
    """Post or edit a role."""

    title = StringField(
        "Role title",
        validators=[
            DataRequired("Give the role a title."),
            Length(min=5, max=120),
            no_control_characters,
        ],
        filters=[strip],
        description="For example: Head of AI Product, VP Applied AI, Director of AI Strategy.",
    )
    company = StringField(
        "Company",
        validators=[
            DataRequired("Name the company."),
            Length(min=2, max=120),
            no_control_characters,
        ],
        filters=[strip],
    )
    company_url = StringField(
        "Company website",
        validators=[Optional(), Length(max=500), no_control_characters, web_url],
        filters=[strip],
    )
    workplace = _select("Workplace", choices.WORKPLACES, validators=[DataRequired()])
    location = StringField(
        "City or region",
        validators=[Optional(), Length(max=120), no_control_characters],
        filters=[strip],
        description="Needed for on-site and hybrid roles.",
    )
    country = _select("Country", choices.COUNTRIES, blank="— Choose a country —")
    remote_from = SelectMultipleField(
        "Remote from",
        choices=options(regions.PLACES),
        render_kw={"size": 10},
        description="For remote roles: the regions or countries candidates may work from. "
        "Hold Ctrl (⌘ on a Mac) to choose several.",
    )
    seniority = _select("Seniority", choices.SENIORITIES, validators=[DataRequired()])
    function = _select("Function", choices.FUNCTIONS, validators=[DataRequired()])
    employment_type = _select(
        "Employment type", choices.EMPLOYMENT_TYPES, validators=[DataRequired()]
    )
    salary_min = IntegerField(
        "Salary from", validators=[Optional(), NumberRange(min=0, max=MAX_SALARY)]
    )
    salary_max = IntegerField(
        "Salary to", validators=[Optional(), NumberRange(min=0, max=MAX_SALARY)]
    )
    salary_currency = _select("Currency", [(code, code) for code in choices.CURRENCIES], blank="—")
    salary_period = _select("Per", choices.SALARY_PERIODS, blank="—")
    description = TextAreaField(
        "Description",
        validators=[
            DataRequired("Describe the role."),
            Length(min=50, max=20_000, message="Write between 50 and 20,000 characters."),
        ],
        filters=[drop_nul, strip],
        description="Markdown: **bold**, *italic*, lists, [links](https://…). No HTML.",
    )
    apply_url = StringField(
        "Apply link",
        validators=[Optional(), Length(max=500), no_control_characters, web_url],
        filters=[strip],
    )
    apply_email = EmailField(
        "Apply by email",
        validators=[
            Optional(),
            Length(max=254),
            no_control_characters,
            Email("Enter a valid email."),
        ],
        filters=[strip],
        description="Give an apply link, an email, or both.",
    )
    tags = StringField(
        "Tags",
        validators=[Optional(), Length(max=250), no_control_characters],
        filters=[strip],
        description=f"Up to {MAX_TAGS}, separated by commas: gen-ai, llm-products, ai-strategy.",
    )
    expires_at = DateField(
        "Closes on",
        default=default_expiry,
        validators=[InputRequired("Pick a closing date.")],
        description=f"At most {MAX_DAYS_OPEN} days from today.",
    )
    save = SubmitField("Save draft")
    preview = SubmitField("Save and preview")

    def validate_salary_max(self, field) -> None:
        low, high = self.salary_min.data, field.data
        if low is not None and high is not None and low > high:
            raise ValidationError("The upper end must be at least the lower end.")

    def validate_salary_currency(self, field) -> None:
        if (
            self.salary_min.data is not None or self.salary_max.data is not None
        ) and not field.data:
            raise ValidationError("Choose the currency of the salary.")

    def validate_salary_period(self, field) -> None:
        if (
            self.salary_min.data is not None or self.salary_max.data is not None
        ) and not field.data:
            raise ValidationError("Say whether the salary is per year, month, day or hour.")

    def validate_tags(self, field) -> None:
        if len(normalise_tags(field.data or "")) > MAX_TAGS:
            raise ValidationError(f"Use at most {MAX_TAGS} tags.")

    def validate_expires_at(self, field) -> None:
        if field.data is None:
            return
        today = utcnow().date()
        if field.data <= today:
            raise ValidationError("Pick a closing date after today.")
        if field.data > today + timedelta(days=MAX_DAYS_OPEN):
            raise ValidationError(f"A role can stay open at most {MAX_DAYS_OPEN} days.")

    def validate(self, extra_validators=None) -> bool:
        """The field checks, then the rules that tie fields together."""
        valid = super().validate(extra_validators)
        onsite = self.workplace.data in {"onsite", "hybrid"}
        rules = [
            (self.location, onsite and not self.location.data, "Say where the role is based."),
            (self.country, onsite and not self.country.data,
             "Choose the country the role is based in."),
            (self.remote_from,
             self.workplace.data == "remote" and not (self.remote_from.data or self.country.data),
             "Say where candidates may work from (or choose a country)."),
            (self.apply_email, not (self.apply_email.data or self.apply_url.data),
             "Give an apply link or an email address."),
        ]  # fmt: skip
        for field, broken, message in rules:
            if broken:
                field.errors = [*field.errors, message]
                valid = False
        return valid

    def item_data(self) -> dict[str, Any]:
        """The form as model field values."""
        return {
            "title": self.title.data,
            "company": self.company.data,
            "company_url": self.company_url.data or "",
            "workplace": self.workplace.data,
            "location": self.location.data or "",
            "country": self.country.data or "",
            "remote_from": regions.joined(self.remote_from.data or [])
            if self.workplace.data == "remote"
            else "",
            "remote_region": "",  # the old free text gives way to the chosen codes
            "seniority": self.seniority.data,
            "function": self.function.data,
            "employment_type": self.employment_type.data,
            "salary_min": self.salary_min.data,
            "salary_max": self.salary_max.data,
            "salary_currency": self.salary_currency.data or "",
            "salary_period": self.salary_period.data or "",
            "description": self.description.data,
            "apply_url": self.apply_url.data or "",
            "apply_email": (self.apply_email.data or "").lower(),
            "tags": ",".join(normalise_tags(self.tags.data or "")),
            "expires_at": closing_moment(self.expires_at.data),
        }

    def fill_from(self, role) -> None:
        """Show a role (or a waiting edit of it) in the form."""
        for name in role.editable_fields:
            if name in self._fields:
                getattr(self, name).data = getattr(role, name)
        self.remote_from.data = role.remote_codes
        self.tags.data = ", ".join(role.tag_list)
        self.expires_at.data = role.expires_at.date() if role.expires_at else default_expiry()
