"""Stories as a kind of moderated content."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from flask import url_for
from sqlalchemy import select

from ..authoring import add_author_pages
from ..content import plain_text
from ..extensions import db
from ..kinds import Authoring, Kind
from ..moderation.states import Status
from ..search.documents import SearchDocument, author_of
from . import services
from .api import API
from .forms import StoryForm
from .models import Story
from .views import bp

FIELD_LABELS = {
    "title": "Title",
    "summary": "Summary",
    "from_role": "From",
    "to_role": "To",
    "from_function": "From function",
    "to_function": "To function",
    "industry": "Industry",
    "months_taken": "Months taken",
    "body": "Story",
    "tags": "Tags",
}


def sitemap() -> Iterator[tuple[str, datetime]]:
    """The published stories' pages."""
    rows = db.session.execute(
        select(Story.slug, Story.updated_at).where(Story.status == Status.PUBLISHED)
    )
    for slug, updated in rows:
        yield url_for("stories.detail", slug=slug, _external=True), updated


def search_document(story: Story) -> SearchDocument:
    """What search finds a story by."""
    author = author_of(story)
    return SearchDocument(
        kind="story",
        item_id=story.id,
        title=story.title,
        summary=story.summary,
        body=plain_text(story.body),
        tags=story.tag_list,
        people=f"{author.display_name} {story.from_role} {story.to_role} {story.industry}",
        filters={"from_function": story.from_function, "to_function": story.to_function},
    )


STORY_KIND = Kind(
    name=Story.kind,
    label="Story",
    plural="stories",
    plural_label="Stories",
    model=Story,
    blueprint=bp,
    public_url=lambda story: url_for("stories.detail", slug=story.slug),
    manage_url=lambda story: url_for("stories.manage", item_id=story.id),
    edit_url=lambda story: url_for("stories.edit", item_id=story.id),
    preview_template="stories/_story.html",
    field_labels=FIELD_LABELS,
    public_items=services.published_stories,
    authoring=Authoring(
        form=StoryForm,
        form_template="stories/form.html",
        manage_template="stories/manage.html",
        create=services.create_story,
        created_message="Your story is saved as a draft. Preview it, then submit it for review.",
    ),
    after_transition=services.after_transition,
    sitemap=sitemap,
    search_document=search_document,
    api=API,
)
add_author_pages(STORY_KIND)
