"""Story rules: create with a lasting slug, browse with filters, related stories, the feed."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from ..auth.models import User
from ..content import normalise_tag, slugify
from ..extensions import db
from ..moderation import services as moderation
from ..moderation.states import Status
from ..vocabulary import FUNCTIONS
from .models import Story

RELATED = 3


def _free_slug(title: str, *, own_id: int | None = None) -> str:
    base = slugify(title, max_length=80)
    taken = set(
        db.session.scalars(
            select(Story.slug).where(Story.slug.like(f"{base}%"), Story.id != (own_id or 0))
        )
    )
    if base not in taken:
        return base
    for number in range(2, 50):
        if f"{base}-{number}" not in taken:
            return f"{base}-{number}"
    return f"{base}-{secrets.token_hex(3)}"


def create_story(*, author: User, data: dict[str, Any]) -> Story:
    """Save a new story as the author's draft, with an address made from its title."""
    slug = _free_slug(data["title"])
    return moderation.create_draft(Story, author=author, data=data, slug=slug)


def after_transition(story: Story, _action: str) -> None:
    """The address a story is published at comes from the title a moderator approved.

    A draft's slug is made from its first title, which may never be approved: the first
    publication (an approval or a granted appeal) makes it again; after that it stays, so
    links keep working.
    """
    if story.state == Status.PUBLISHED and not moderation.was_ever_public(story):
        story.slug = _free_slug(story.title, own_id=story.id)


FUNCTION_FILTERS = ("from_function", "to_function")


@dataclass
class StoryFilters:
    """The list filters, read from the URL; unknown values are dropped."""

    values: dict[str, str] = field(default_factory=dict)
    tag: str = ""

    @classmethod
    def from_args(cls, args) -> StoryFilters:
        chosen = {
            name: args[name] for name in FUNCTION_FILTERS if args.get(name, "") in dict(FUNCTIONS)
        }
        tag = normalise_tag(args.get("tag", "")[:40])
        return cls(chosen, tag if tag != "item" else "")

    @property
    def active(self) -> bool:
        return bool(self.values or self.tag)


def published_stories() -> Select:
    """Published stories, newest first, authors loaded."""
    return (
        select(Story)
        .where(Story.status == Status.PUBLISHED)
        .order_by(Story.published_at.desc(), Story.id.desc())
        .options(selectinload(Story.author))
    )


def browse(filters: StoryFilters) -> Select:
    """The published stories matching `filters`."""
    query = published_stories()
    for name, value in filters.values.items():
        query = query.where(getattr(Story, name) == value)
    if filters.tag:
        query = query.where(("," + Story.tags + ",").like(f"%,{filters.tag},%"))
    return query


def admits(story: Story, filters: StoryFilters) -> bool:
    """Whether a published story passes `filters`: `browse`'s conditions in Python (alerts
    check each new story against every saved search; a test keeps the two in step)."""
    if any(getattr(story, name) != value for name, value in filters.values.items()):
        return False
    return not filters.tag or filters.tag in (story.tags or "").split(",")


def find_by_slug(slug: str) -> Story | None:
    """A story by its address, author loaded, whatever its state."""
    return db.session.scalar(
        select(Story).where(Story.slug == slug[:100]).options(selectinload(Story.author))
    )


def related(story: Story) -> list[Story]:
    """Up to three other published stories sharing a tag or the same move."""
    same_move = (Story.from_function == story.from_function) & (
        Story.to_function == story.to_function
    )
    shared_tag = [("," + Story.tags + ",").like(f"%,{tag},%") for tag in story.tag_list]
    query = published_stories().where(Story.id != story.id, or_(same_move, *shared_tag))
    return list(db.session.scalars(query.limit(RELATED)))
