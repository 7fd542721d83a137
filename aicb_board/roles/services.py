"""Role posting rules: create and edit with spam controls, browse, expiry, structured data."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from flask import current_app, render_template
from markupsafe import Markup
from sqlalchemy import BigInteger, ColumnElement, Select, case, cast, func, or_, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..auth.rules import check_verified
from ..content import normalise_tag, plain_text, render_markdown
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.states import Status
from ..notifications.services import notify
from ..numbers import MAX_AMOUNT, ascii_int
from ..web import absolute_url
from . import choices, regions
from .models import DEFAULT_DAYS_OPEN, RolePosting

DUPLICATE_WINDOW = timedelta(days=30)
REMINDER_BEFORE = timedelta(days=5)


def _check_spam_rules(author: User, data: dict[str, Any], *, exclude_id: int | None = None) -> None:
    since = utcnow() - timedelta(days=1)
    if not author.is_moderator:
        cap = current_app.config["ROLE_DAILY_CAP"]
        posted_today = db.session.scalar(
            select(func.count())
            .select_from(RolePosting)
            .where(RolePosting.author_id == author.id, RolePosting.created_at >= since)
        )
        if exclude_id is None and posted_today >= cap:
            raise DomainError(
                f"You can post at most {cap} new roles a day. Please come back tomorrow."
            )
    duplicate = select(RolePosting.id).where(
        RolePosting.author_id == author.id,
        func.lower(RolePosting.title) == data["title"].lower(),
        func.lower(RolePosting.company) == data["company"].lower(),
        RolePosting.created_at >= utcnow() - DUPLICATE_WINDOW,
    )
    if exclude_id is not None:
        duplicate = duplicate.where(RolePosting.id != exclude_id)
    if db.session.scalar(duplicate.limit(1)) is not None:
        raise DomainError(
            "You posted this role (same title and company) in the last 30 days. "
            "Edit or renew that posting instead.",
            field="title",
        )


def create_role(*, author: User, data: dict[str, Any]) -> RolePosting:
    """Save a new role as the author's draft."""
    check_verified(author)
    _check_spam_rules(author, data)
    return moderation.create_draft(RolePosting, author=author, data=data)


def check_edit(role: RolePosting, author: User, data: dict[str, Any]) -> None:
    """Refuse an edit that would make the role a duplicate of another of the author's."""
    _check_spam_rules(author, data, exclude_id=role.id)


def after_transition(role: RolePosting, action: str) -> None:
    """Keep the closing date sensible when a role is approved or renewed."""
    if action == "renew" or (action == "approve" and role.is_expired):
        role.expires_at = utcnow() + timedelta(days=DEFAULT_DAYS_OPEN)
        role.expiry_reminded_at = None


# Browsing ----------------------------------------------------------------------------

FILTERS = {
    "seniority": choices.SENIORITIES,
    "function": choices.FUNCTIONS,
    "workplace": choices.WORKPLACES,
    "employment_type": choices.EMPLOYMENT_TYPES,
    "country": choices.COUNTRIES,
}


CURRENCIES = [(code, code) for code in choices.CURRENCIES]
# A salary per month, day or hour times this is its yearly figure (220 working days, 1,760
# working hours a year); a salary without a period is taken as yearly.
PER_YEAR = {"year": 1, "month": 12, "day": 220, "hour": 1760}
NEWEST, CLOSING, SALARY = "newest", "closing", "salary"
SORTS = [(NEWEST, "Newest"), (CLOSING, "Closing soon"), (SALARY, "Highest salary")]


@dataclass
class RoleFilters:
    """The browse filters, read from the URL; unknown values are dropped, not errors."""

    values: dict[str, str] = field(default_factory=dict)
    tag: str = ""
    salary_shown: bool = False
    # A yearly minimum, counted only in `currency` (there is no conversion between currencies).
    salary_min: int | None = None
    currency: str = ""

    @classmethod
    def from_args(cls, args) -> RoleFilters:
        chosen = {}
        for name, vocabulary in FILTERS.items():
            value = args.get(name, "")
            if value in dict(vocabulary):
                chosen[name] = value
        tag = normalise_tag(args.get("tag", "")[:40])
        currency = args.get("currency", "")
        currency = currency if currency in choices.CURRENCIES else ""
        # A minimum means nothing without its currency: the page drops it then.
        minimum = ascii_int(args.get("salary_min", ""), maximum=MAX_AMOUNT) if currency else None
        return cls(
            chosen,
            tag if tag != "item" else "",
            args.get("salary") == "1",
            minimum,
            currency,
        )

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list."""
        return bool(
            self.values
            or self.tag
            or self.salary_shown
            or self.currency
            or self.salary_min is not None
        )

    def as_args(self) -> dict[str, str]:
        """The filters as URL parameters."""
        args = dict(self.values)
        if self.tag:
            args["tag"] = self.tag
        if self.salary_shown:
            args["salary"] = "1"
        if self.currency:
            args["currency"] = self.currency
        if self.salary_min is not None:
            args["salary_min"] = str(self.salary_min)
        return args


def chosen_sort(args) -> str:
    """The list's order named in the URL (`sort`); newest first when absent or unknown."""
    value = args.get("sort", "")
    return value if value in dict(SORTS) else NEWEST


def open_roles() -> Select:
    """Published roles that have not passed their closing date, newest first."""
    return (
        select(RolePosting)
        .where(RolePosting.status == Status.PUBLISHED, RolePosting.expires_at > utcnow())
        .order_by(RolePosting.published_at.desc(), RolePosting.id.desc())
    )


def workable_from(country: str) -> ColumnElement[bool]:
    """Roles based in `country`, or remote and open to people there (its region, Worldwide)."""
    padded = "," + RolePosting.remote_from + ","
    return or_(
        RolePosting.country == country,
        (RolePosting.workplace == "remote")
        & or_(*(padded.like(f"%,{code},%") for code in regions.covering(country))),
    )


def countries_of(role: RolePosting) -> set[str]:
    """The countries a role is for: where it is based and, if remote, where it can be done from
    (the same rule as `workable_from`, for the search index)."""
    remote = regions.countries(role.remote_codes) if role.workplace == "remote" else set()
    return remote | ({role.country} if role.country else set())


def yearly_salary() -> ColumnElement[int]:
    """A role's salary per year: its maximum (or its minimum when it has no maximum) times
    `PER_YEAR` of its period; NULL without a salary. Wide enough never to overflow."""
    amount = cast(func.coalesce(RolePosting.salary_max, RolePosting.salary_min), BigInteger)
    return amount * case(PER_YEAR, value=RolePosting.salary_period, else_=1)


def browse(filters: RoleFilters, sort: str = NEWEST) -> Select:
    """The open roles matching `filters`, in the order `sort` names."""
    query = open_roles()
    for name, value in filters.values.items():
        if name == "country":
            query = query.where(workable_from(value))
        else:
            query = query.where(getattr(RolePosting, name) == value)
    if filters.tag:
        padded = "," + RolePosting.tags + ","
        query = query.where(padded.like(f"%,{filters.tag},%"))
    if filters.salary_shown:
        query = query.where(
            (RolePosting.salary_min.is_not(None)) | (RolePosting.salary_max.is_not(None))
        )
    if filters.currency:
        query = query.where(RolePosting.salary_currency == filters.currency)
        query = query.where(yearly_salary().is_not(None))
    if filters.salary_min is not None:
        query = query.where(yearly_salary() >= filters.salary_min)
    return sorted_by(query, sort)


def yearly_salary_of(role: RolePosting) -> int | None:
    """`yearly_salary` of one role, in Python."""
    amount = role.salary_max if role.salary_max is not None else role.salary_min
    return None if amount is None else amount * PER_YEAR.get(role.salary_period, 1)


def admits(role: RolePosting, filters: RoleFilters) -> bool:
    """Whether an open role passes `filters`: `browse`'s conditions, one by one, in Python
    (alerts check each new role against every saved search; a test keeps the two in step)."""
    for name, value in filters.values.items():
        if name == "country":
            remote = role.workplace == "remote" and not set(
                ("," + role.remote_from + ",").split(",")
            ).isdisjoint(regions.covering(value))
            if role.country != value and not remote:
                return False
        elif getattr(role, name) != value:
            return False
    if filters.tag and filters.tag not in (role.tags or "").split(","):
        return False
    if filters.salary_shown and not role.has_salary:
        return False
    yearly = yearly_salary_of(role)
    if filters.currency and (role.salary_currency != filters.currency or yearly is None):
        return False
    return filters.salary_min is None or (yearly is not None and yearly >= filters.salary_min)


def sorted_by(query: Select, sort: str) -> Select:
    """`query` in the order `sort` names, newest first among equals.

    "salary" orders by the yearly figure as stated, whatever the currency (a currency filter
    makes it one currency); roles without a salary come last.
    """
    newest = (RolePosting.published_at.desc(), RolePosting.id.desc())
    if sort == CLOSING:
        return query.order_by(None).order_by(RolePosting.expires_at, *newest)
    if sort == SALARY:
        salary = yearly_salary()
        return query.order_by(None).order_by(salary.is_(None), salary.desc(), *newest)
    return query


def find_role(role_id: int) -> RolePosting | None:
    """A role by id with its author loaded, whatever its state."""
    return db.session.scalar(
        select(RolePosting)
        .where(RolePosting.id == role_id)
        .options(selectinload(RolePosting.author))
    )


# Structured data -----------------------------------------------------------------------


def job_posting(role: RolePosting, url: str) -> dict[str, Any]:
    """schema.org JobPosting for an open role (Google's required and recommended fields)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": role.title,
        "description": str(render_markdown(role.description)),
        "identifier": {"@type": "PropertyValue", "name": role.company, "value": str(role.id)},
        "datePosted": (role.published_at or role.created_at).date().isoformat(),
        "validThrough": role.expires_at.isoformat(),
        "employmentType": choices.SCHEMA_EMPLOYMENT_TYPES[role.employment_type],
        "hiringOrganization": {"@type": "Organization", "name": role.company},
        "directApply": False,
        "url": url,
    }
    if role.company_url:
        data["hiringOrganization"]["sameAs"] = role.company_url
    if role.workplace == "remote":
        data["jobLocationType"] = "TELECOMMUTE"
        data["applicantLocationRequirements"] = _applicant_locations(role)
    else:
        address = {"@type": "PostalAddress", "addressCountry": role.country}
        if role.location:
            address["addressLocality"] = role.location
        data["jobLocation"] = {"@type": "Place", "address": address}
    if role.has_salary:
        value: dict[str, Any] = {
            "@type": "QuantitativeValue",
            "unitText": choices.SCHEMA_SALARY_UNITS.get(role.salary_period, "YEAR"),
        }
        if role.salary_min is not None:
            value["minValue"] = role.salary_min
        if role.salary_max is not None:
            value["maxValue"] = role.salary_max
        data["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": role.salary_currency,
            "value": value,
        }
    return data


def _applicant_locations(role: RolePosting) -> dict[str, str] | list[dict[str, str]]:
    """Where applicants to a remote role may live: its countries and regions."""
    if role.country and not role.remote_codes:
        return {"@type": "Country", "name": role.country}
    places = [
        {"@type": "Country", "name": code}
        if code in regions.EVERY_COUNTRY
        else {"@type": "AdministrativeArea", "name": regions.PLACE_LABELS[code]}
        for code in role.remote_codes
    ]
    return places or {"@type": "AdministrativeArea", "name": role.remote_region}


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON for a <script type="application/ld+json"> block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    return Markup(text)  # noqa: S704 (markup characters escaped)  # nosec B704


def summary(role: RolePosting, length: int = 200) -> str:
    """The description as plain text, cut at a word boundary."""
    text = " ".join(plain_text(role.description).split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


# Expiry --------------------------------------------------------------------------------


def expire_roles(*, now: datetime | None = None, manage_path) -> tuple[int, int]:
    """Archive roles past their closing date; remind authors of roles closing within 5 days.

    Returns (archived, reminded). `manage_path(role)` gives the path of the role's manage page
    (where the author renews, edits the date or marks it filled).
    """
    now = now or utcnow()
    # Locked and skipped if locked (PostgreSQL): two workers never expire or remind one role.
    expired = db.session.scalars(
        select(RolePosting)
        .where(RolePosting.status == Status.PUBLISHED, RolePosting.expires_at <= now)
        .with_for_update(skip_locked=True)
    ).all()
    for role in expired:
        moderation.transition(role, "expire", actor=None, reason="The closing date passed.")
    closing = db.session.scalars(
        select(RolePosting)
        .where(
            RolePosting.status == Status.PUBLISHED,
            RolePosting.expires_at > now,
            RolePosting.expires_at <= now + REMINDER_BEFORE,
            RolePosting.expiry_reminded_at.is_(None),
        )
        .options(selectinload(RolePosting.author))
        .with_for_update(skip_locked=True)
    ).all()
    for role in closing:
        path = manage_path(role)
        notify(
            role.author,
            topic="reminder",
            subject=f"Your role “{role.title[:80]}” closes on {role.expires_at:%d %B}",
            body=render_template(
                "mail/role_expiry_reminder.txt", role=role, link=absolute_url(path)
            ),
            link=path,
        )
        role.expiry_reminded_at = now
    return len(expired), len(closing)
