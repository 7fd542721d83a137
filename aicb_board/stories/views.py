"""Story pages for the public: the list, a story, the feed (the author's pages: `authoring`)."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for

from ..authoring import public_or_abort
from ..extensions import db
from ..http_cache import document
from ..page_cache import shared_page
from ..pagination import paginate
from ..vocabulary import FUNCTIONS
from . import feeds, services
from .models import Story

bp = Blueprint("stories", __name__, url_prefix="/stories")
PER_PAGE = 20
MAX_BY_AUTHOR = 10


@bp.get("/")
@shared_page
def index():
    """Published stories, newest first, with filters kept in the URL."""
    filters = services.StoryFilters.from_args(request.args)
    page = paginate(services.browse(filters), per_page=PER_PAGE, public=True)
    return render_template("stories/index.html", page=page, filters=filters, functions=FUNCTIONS)


@bp.get("/feed.atom")
def feed():
    """The newest 50 stories as an Atom feed (304 when the reader has the latest)."""
    return document(
        "stories-feed", feeds.stories_version(), feeds.stories_atom, "application/atom+xml"
    )


@bp.get("/<slug>")
@shared_page
def detail(slug: str):
    """A published story, its author (and their mentor profile), related stories."""
    story = public_or_abort(services.find_by_slug(slug))
    return render_template(
        "stories/detail.html",
        story=story,
        related=services.related(story),
        url=url_for("stories.detail", slug=story.slug, _external=True),
    )


@bp.app_template_global()
def stories_by(author_id: int) -> list[Story]:
    """A member's published stories, newest first (a mentor's page lists them)."""
    query = services.published_stories().where(Story.author_id == author_id)
    return list(db.session.scalars(query.limit(MAX_BY_AUTHOR)))
