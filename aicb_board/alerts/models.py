"""A member's saved searches, the items each matched, and the items waiting to be matched."""

from __future__ import annotations

import json
import secrets
from datetime import datetime
from typing import Any

from flask import url_for
from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..database import UTCDateTime, utcnow
from ..extensions import db
from ..kinds import KINDS, Filter
from ..search.whoosh_backend import FILTER_FIELDS

INSTANT, DAILY, WEEKLY, NONE = "instant", "daily", "weekly", "none"
# (value, label), in the order the forms offer them.
FREQUENCIES = [
    (INSTANT, "As soon as they are published"),
    (DAILY, "Daily digest"),
    (WEEKLY, "Weekly digest"),
    (NONE, "No mail (private feed and this page only)"),
]
# The roles' list order is kept to rebuild the page's address; it matches nothing.
PAGE_ONLY = ("sort",)


def new_feed_token() -> str:
    """A fresh secret for a saved search's private feed address."""
    return secrets.token_urlsafe(32)


class SavedSearch(db.Model):
    """A filtered list (kind + its filters) or a search (words, optional kind, search
    filters) a member saved, and how they want to hear of new matches."""

    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship(lazy="raise_on_sql")
    name: Mapped[str] = mapped_column(String(80))
    # A kind's name ("role"); None: a search across every kind.
    kind: Mapped[str | None] = mapped_column(String(20))
    # The search's words, bounded (`search.bounds`); "" for a filtered list.
    query: Mapped[str] = mapped_column(String(200), default="")
    # JSON {filter name: value}: only filters the kind (or search) knows, sorted by name.
    filters: Mapped[str] = mapped_column(Text, default="{}")
    frequency: Mapped[str] = mapped_column(String(10), default=DAILY)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    feed_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_feed_token)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    @property
    def chosen(self) -> dict[str, Any]:
        """The filters, decoded."""
        try:
            decoded = json.loads(self.filters or "{}")
        except ValueError:
            return {}
        return decoded if isinstance(decoded, dict) else {}

    @property
    def is_search(self) -> bool:
        """A search (words) rather than a filtered list."""
        return bool(self.query)

    @property
    def mails(self) -> bool:
        """Whether the member wants mail about it now."""
        return self.frequency != NONE and not self.paused

    @property
    def frequency_label(self) -> str:
        """How often the member hears of it, in words."""
        return dict(FREQUENCIES).get(self.frequency, self.frequency)

    def page_url(self, _external: bool = False) -> str:
        """The list or search page it stands for, with its arguments: the search page for
        words, unless the words narrow a list by filters search cannot (a salary minimum):
        then the list's page, which shows the filters."""
        args = {name: url_value(value) for name, value in self.chosen.items()}
        kind = KINDS.get(self.kind or "")
        searchable = all(name in FILTER_FIELDS for name in self.chosen)
        if kind is None or (self.is_search and searchable):
            return url_for(
                "search.index", q=self.query, kind=self.kind or None, _external=_external, **args
            )
        return url_for(f"{kind.blueprint.name}.index", _external=_external, **args)

    def describe(self) -> str:
        """In words: "Roles · VP · Remote · ≥ 200,000 USD a year · “AI platform”"."""
        kind = KINDS.get(self.kind or "")
        parts = [kind.plural_label if kind else "Everything"]
        chosen = {name: value for name, value in self.chosen.items() if name not in PAGE_ONLY}
        specs = filter_specs(self.kind)
        shown_with = {spec.requires for spec in specs.values() if spec.name in chosen}
        # In the order the kind lists its filters ("Roles · VP · Remote"), not by name.
        ordered = [name for name in specs if name in chosen]
        ordered += [name for name in chosen if name not in specs]
        for name in ordered:
            spec, value = specs.get(name), chosen[name]
            if name in shown_with and spec is not None and spec.type == "choice":
                continue  # said with the amount that requires it ("≥ 200,000 USD a year")
            parts.append(filter_label(spec, name, value, chosen))
        if self.query:
            parts.append(f"“{self.query}”")
        return " · ".join(parts)


def url_value(value: Any) -> str:
    """A stored filter value as its page's URL writes it (a flag as "1")."""
    if value is True:
        return "1"
    return str(value)


def filter_specs(kind_name: str | None) -> dict[str, Filter]:
    """The filters a saved search of `kind_name` may hold, by name (every kind's for None)."""
    kinds = [KINDS[kind_name]] if kind_name in KINDS else list(KINDS.values())
    specs: dict[str, Filter] = {}
    for kind in kinds:
        for spec in kind.api.filters if kind.api else ():
            specs.setdefault(spec.name, spec)
    return specs


FLAG_LABELS = {"salary": "Salary shown", "accepting": "Accepting mentees now"}


def filter_label(spec: Filter | None, name: str, value: Any, chosen: dict[str, Any]) -> str:
    """One filter in words, with its vocabulary's label ("VP", "Germany")."""
    if spec is None:
        return str(value)
    if spec.type == "choice":
        return dict(spec.vocabulary).get(value, str(value))
    if spec.type == "flag":
        return FLAG_LABELS.get(name, name.replace("_", " ").capitalize())
    if spec.type == "amount":
        currency = chosen.get(spec.requires, "")
        return f"≥ {value:,} {currency} a year".replace("  ", " ")
    return f"{name.replace('_', ' ')}: {value}"


class AlertMatch(db.Model):
    """An item a saved search matched: recorded once, mailed once (`sent_at`)."""

    __tablename__ = "alert_matches"
    __table_args__ = (
        UniqueConstraint("saved_search_id", "kind", "item_id", name="uq_alert_matches_item"),
        Index("ix_alert_matches_unsent", "saved_search_id", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Indexed by the unique constraint, which it leads (a second index would only slow the
    # inserts of matching down).
    saved_search_id: Mapped[int] = mapped_column(
        ForeignKey("saved_searches.id", ondelete="CASCADE")
    )
    saved_search: Mapped[SavedSearch] = relationship(lazy="raise_on_sql")
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    matched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set by the digest that told the member (never by matching).
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AlertQueue(db.Model):
    """An item published and not yet matched, written in the publishing transaction."""

    __tablename__ = "alert_queue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[int] = mapped_column(Integer)
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
