"""A role posting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..content import slugify, split_list
from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..moderation.models import Moderated
from ..moderation.states import Status
from . import choices, regions

DEFAULT_DAYS_OPEN = 45  # a new or renewed role stays open this long
BROWSE_ORDER = ("status", "published_at", "id", "expires_at")


def role_slug(title: str, company: str) -> str:
    """The readable part of a role's URL."""
    return slugify(f"{title} {company}")


class RolePosting(Moderated, db.Model):
    """An AI leadership role a member posted."""

    __tablename__ = "role_postings"
    # Browsing reads the newest open roles straight off an index, already in order, with
    # the closing date at hand: one index for the whole list, and one led by each filter
    # column. Pages, deep pages and counts then never sort or scan the table.
    __table_args__ = (
        Moderated.status_constraint(),
        Index("ix_role_postings_changes", "updated_at", "id"),  # the API's incremental sync
        Index("ix_role_postings_browse", *BROWSE_ORDER),
        *(
            Index(f"ix_role_postings_{column}_open", column, *BROWSE_ORDER)
            for column in ("country", "workplace", "seniority", "function", "employment_type")
        ),
        Index("ix_role_postings_author_title", "author_id", "title"),
    )
    kind = "role"
    editable_fields = (
        "title", "company", "company_url", "location", "country", "workplace", "remote_from",
        "remote_region", "seniority", "function", "employment_type", "salary_min", "salary_max",
        "salary_currency", "salary_period", "description", "apply_url", "apply_email", "tags",
        "expires_at",
    )  # fmt: skip

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(120))
    company: Mapped[str] = mapped_column(String(120))
    company_url: Mapped[str] = mapped_column(String(500), default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    country: Mapped[str] = mapped_column(String(2), default="")
    workplace: Mapped[str] = mapped_column(String(10))
    # Where a remote role can be done from: region and country codes joined by commas
    # ("emea,US"; see `regions`). `remote_region` is the free text roles had before; it is
    # shown only while a role has no codes (its text matched none when they were introduced).
    remote_from: Mapped[str] = mapped_column(String(1000), default="")
    remote_region: Mapped[str] = mapped_column(String(120), default="")
    seniority: Mapped[str] = mapped_column(String(20))
    function: Mapped[str] = mapped_column(String(20))
    employment_type: Mapped[str] = mapped_column(String(20))
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    salary_currency: Mapped[str] = mapped_column(String(3), default="")
    salary_period: Mapped[str] = mapped_column(String(10), default="")
    description: Mapped[str] = mapped_column(Text)
    apply_url: Mapped[str] = mapped_column(String(500), default="")
    apply_email: Mapped[str] = mapped_column(String(254), default="")
    # Normalised tags joined by commas ("gen-ai,llm-products"): see `tag_list`.
    tags: Mapped[str] = mapped_column(String(250), default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expiry_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def slug(self) -> str:
        """The readable part of the role's URL."""
        return role_slug(self.title, self.company)

    @property
    def tag_list(self) -> list[str]:
        """The tags as a list."""
        return split_list(self.tags)

    @property
    def has_salary(self) -> bool:
        """Whether the posting shows pay."""
        return self.salary_min is not None or self.salary_max is not None

    @property
    def is_expired(self) -> bool:
        """Past its closing date (whether or not `roles expire` has archived it yet)."""
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def is_open(self) -> bool:
        """Published and not past its closing date: shown in lists and feeds."""
        return self.state == Status.PUBLISHED and not self.is_expired

    @property
    def is_closed(self) -> bool:
        """Still has a public page, but no longer takes applications."""
        return self.state == Status.ARCHIVED or (self.state == Status.PUBLISHED and self.is_expired)

    def label(self, field: str) -> str:
        """The label of a vocabulary field's value ("VP", "Full-time", …)."""
        vocabulary = {
            "workplace": choices.WORKPLACES,
            "seniority": choices.SENIORITIES,
            "function": choices.FUNCTIONS,
            "employment_type": choices.EMPLOYMENT_TYPES,
            "salary_period": choices.SALARY_PERIODS,
        }[field]
        return choices.label(vocabulary, getattr(self, field))

    @property
    def country_name(self) -> str:
        """The country's English name."""
        return choices.country_name(self.country)

    @property
    def remote_codes(self) -> list[str]:
        """The regions and countries a remote role can be done from, as codes."""
        return regions.codes(self.remote_from)

    @property
    def remote_text(self) -> str:
        """Where a remote role can be done from, in words ("EMEA, United States"), or ""."""
        return regions.describe(self.remote_codes) or self.remote_region

    @property
    def place(self) -> str:
        """Where the work happens, in words: "Remote (Europe)", "Berlin, Germany · Hybrid"."""
        if self.workplace == "remote":
            region = self.remote_text or self.country_name or "anywhere"
            return f"Remote ({region})"
        where = ", ".join(part for part in (self.location, self.country_name) if part)
        return f"{where} · {self.label('workplace')}" if where else self.label("workplace")

    @property
    def salary_text(self) -> str:
        """The pay range in words ("USD 250,000–320,000 per year"), or ""."""
        if not self.has_salary:
            return ""
        low, high = self.salary_min, self.salary_max
        if low is not None and high is not None:
            amount = f"{low:,}" if low == high else f"{low:,}–{high:,}"
        elif low is not None:
            amount = f"from {low:,}"
        else:
            amount = f"up to {high:,}"
        return f"{self.salary_currency} {amount} {self.label('salary_period')}".strip()
