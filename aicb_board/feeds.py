"""Atom feeds (feedgen): one builder for every kind of content."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from feedgen.feed import FeedGenerator

from .database import utcnow


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed."""

    url: str
    title: str
    summary: str
    published: datetime
    updated: datetime
    categories: list[str] = field(default_factory=list)
    author: str = ""


def atom(
    *, title: str, subtitle: str, home: str, self_url: str, entries: Iterable[FeedEntry]
) -> bytes:
    """An Atom document; `entries` newest first."""
    generator = FeedGenerator()
    generator.id(home)
    generator.title(title)
    generator.subtitle(subtitle)
    generator.link(href=home, rel="alternate")
    generator.link(href=self_url, rel="self")
    generator.language("en")
    items = list(entries)
    generator.updated(max((item.updated for item in items), default=None) or utcnow())
    for item in reversed(items):  # feedgen puts each new entry first
        entry = generator.add_entry()
        entry.id(item.url)
        entry.title(item.title)
        entry.link(href=item.url)
        entry.published(item.published)
        entry.updated(item.updated)
        entry.summary(item.summary)
        if item.author:
            entry.author(name=item.author)
        for term in item.categories:
            entry.category(term=term)
    return generator.atom_str(pretty=True)
