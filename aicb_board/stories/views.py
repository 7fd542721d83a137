"""Story pages: the list, a story, the feed, and the author's write / edit / manage pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from ..domain import DomainError
from ..extensions import db
from ..http_cache import document
from ..mentors.models import MentorProfile
from ..moderation import queries as moderation_queries
from ..moderation import services as moderation
from ..moderation.states import Actor, Status
from ..pagination import paginate
from ..permissions import own_or_404, verified_required
from ..roles.choices import FUNCTIONS
from ..web import render_form
from . import feeds, services
from .forms import StoryForm
from .kind import STORY_KIND  # noqa: F401  (importing it registers the kind)
from .models import Story

bp = Blueprint("stories", __name__, url_prefix="/stories")
PER_PAGE = 20


@bp.get("/")
def index():
    """Published stories, newest first, with filters kept in the URL."""
    filters = services.StoryFilters.from_args(request.args)
    page = paginate(services.browse(filters), per_page=PER_PAGE)
    return render_template("stories/index.html", page=page, filters=filters, functions=FUNCTIONS)


@bp.get("/feed.atom")
def feed():
    """The newest 50 stories as an Atom feed (304 when the reader has the latest)."""
    return document(
        "stories-feed", feeds.stories_version(), feeds.stories_atom, "application/atom+xml"
    )


@bp.get("/<slug>")
def detail(slug: str):
    """A published story, its author (and their mentor profile), related stories."""
    story = services.find_by_slug(slug)
    if story is None or story.state not in {Status.PUBLISHED, Status.REMOVED}:
        abort(404)
    if story.state == Status.REMOVED:
        abort(410)
    mentor_profile_id = db.session.scalar(
        select(MentorProfile.id).where(
            MentorProfile.author_id == story.author_id, MentorProfile.status == Status.PUBLISHED
        )
    )
    return render_template(
        "stories/detail.html",
        story=story,
        mentor_profile_id=mentor_profile_id,
        related=services.related(story),
        url=url_for("stories.detail", slug=story.slug, _external=True),
    )


def _after_saving(form: StoryForm, story: Story) -> str:
    """Where to go after saving: "Save draft" keeps editing, the other buttons show the story."""
    if form.save.data and story.state != Status.PUBLISHED:
        return url_for("stories.edit", story_id=story.id)
    return url_for("stories.manage", story_id=story.id)


@bp.route("/new", methods=["GET", "POST"])
@verified_required
def new():
    """Write a story; it is saved as a draft to preview and submit."""
    form = StoryForm()
    if form.validate_on_submit():
        story = services.create_story(author=current_user, data=form.story_data())
        db.session.commit()
        flash("Your story is saved as a draft. Preview it, then submit it for review.", "success")
        return redirect(_after_saving(form, story))
    return render_form("stories/form.html", form, story=None)


@bp.route("/<int:story_id>/edit", methods=["GET", "POST"])
@login_required
def edit(story_id: int):
    """Edit a story: in place while unpublished; as a revision for review once published."""
    story = own_or_404(Story, story_id)
    moderation.check_editable(story)
    form = StoryForm()
    waiting = moderation.pending_revision(story)
    if request.method == "GET":
        form.fill_from(story.with_revision(waiting.data) if waiting else story)
    if form.validate_on_submit():
        before = story.state
        try:
            revision = moderation.save_edit(story, form.story_data(), actor=current_user)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(moderation.edit_outcome(before, revision), "success")
            return redirect(_after_saving(form, story))
    return render_form("stories/form.html", form, story=story, waiting=waiting)


@bp.get("/<int:story_id>/manage")
@login_required
def manage(story_id: int):
    """The author's page for a story: preview, status, reasons, history, actions."""
    story = own_or_404(Story, story_id)
    waiting = moderation.pending_revision(story)
    return render_template(
        "stories/manage.html",
        story=story,
        waiting=waiting,
        waiting_preview=story.with_revision(waiting.data) if waiting else None,
        history=moderation_queries.author_history(story),
        actions=moderation.available_actions(story, current_user, Actor.AUTHOR),
    )
