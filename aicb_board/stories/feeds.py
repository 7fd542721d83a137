"""The Atom feed of published stories."""

from __future__ import annotations

from flask import url_for

from ..extensions import db
from ..feeds import FeedEntry, atom
from ..http_cache import Version, query_version, version_of
from . import services
from .models import Story

FEED_SIZE = 50


def stories_version() -> Version:
    """The feed's version: how many stories are published and when the last one changed."""
    listed, modified = query_version(services.published_stories(), Story)
    return version_of("stories-feed", listed, modified=modified)


def stories_atom() -> bytes:
    """The newest published stories as an Atom document."""
    stories = db.session.scalars(services.published_stories().limit(FEED_SIZE)).all()
    return atom(
        title="AICB Board — sideways-move stories",
        subtitle="How leaders moved from where they were into AI leadership.",
        home=url_for("stories.index", _external=True),
        self_url=url_for("stories.feed", _external=True),
        entries=(
            FeedEntry(
                url=url_for("stories.detail", slug=story.slug, _external=True),
                title=story.title,
                summary=story.summary,
                published=story.published_at,
                updated=story.updated_at,
                categories=story.tag_list,
                author=story.author.display_name,
            )
            for story in stories
        ),
    )
