"""Mentor pages: the directory, a profile, one's own profile, and asking for mentorship."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..domain import DomainError
from ..extensions import db
from ..moderation import queries as moderation_queries
from ..moderation import services as moderation
from ..moderation.states import Actor, Status
from ..pagination import paginate
from ..permissions import verified_required, writes
from ..stories.models import Story
from ..stories.services import published_stories
from ..web import render_form
from . import choices, requests, services
from .forms import ProfileForm, RequestForm
from .kind import MENTOR_KIND  # noqa: F401  (importing it registers the kind)
from .models import MentorProfile

bp = Blueprint("mentors", __name__, url_prefix="/mentors")
PER_PAGE = 20
MAX_STORIES = 10


@bp.get("/")
def index():
    """Published mentors: those taking mentees first, with filters kept in the URL."""
    filters = services.MentorFilters.from_args(request.args)
    page = paginate(services.directory(filters), per_page=PER_PAGE)
    return render_template(
        "mentors/index.html",
        page=page,
        entries=services.entries(page.items),
        filters=filters,
        choices=choices,
    )


def _public_profile(profile_id: int) -> MentorProfile:
    profile = db.session.scalar(
        select(MentorProfile)
        .where(MentorProfile.id == profile_id)
        .options(selectinload(MentorProfile.author))
    )
    if profile is None or profile.state not in {Status.PUBLISHED, Status.REMOVED}:
        abort(404)
    if profile.state == Status.REMOVED:
        abort(410)
    return profile


@bp.get("/<int:profile_id>")
def detail(profile_id: int):
    """A mentor's public profile, with the way to ask for mentorship."""
    profile = _public_profile(profile_id)
    [entry] = services.entries([profile])
    problem = None
    if current_user.is_authenticated:
        try:
            requests.check_can_request(current_user, profile)
        except DomainError as error:
            problem = error.message
    stories = db.session.scalars(
        published_stories().where(Story.author_id == profile.author_id).limit(MAX_STORIES)
    ).all()
    return render_template(
        "mentors/detail.html", profile=profile, entry=entry, problem=problem, stories=stories
    )


@bp.route("/<int:profile_id>/request", methods=["GET", "POST"])
@verified_required
def ask(profile_id: int):
    """Ask this mentor for mentorship."""
    profile = _public_profile(profile_id)
    form = RequestForm()
    form.format.choices = [c for c in form.format.choices if c.value in profile.listed("formats")]
    if form.validate_on_submit():
        try:
            requests.send_request(
                mentee=current_user,
                profile=profile,
                goals=form.goals.data,
                context=form.context.data or "",
                format=form.format.data,
            )
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash("Your request is sent. The mentor has 14 days to answer.", "success")
            return redirect(url_for("mentorship.index"))
    return render_form("mentors/request.html", form, profile=profile)


@bp.route("/profile", methods=["GET", "POST"])
@verified_required
def edit():
    """Create or edit one's own mentor profile."""
    profile = services.profile_of(current_user, lock=writes())
    if profile is not None:
        moderation.check_editable(profile)
    form = ProfileForm()
    waiting = moderation.pending_revision(profile) if profile else None
    if request.method == "GET" and profile is not None:
        form.fill_from(profile.with_revision(waiting.data) if waiting else profile)
    if form.validate_on_submit():
        try:
            if profile is None:
                services.create_profile(author=current_user, data=form.profile_data())
                message = "Your profile is saved as a draft. Check it, then submit it for review."
            else:
                before = profile.state
                revision = moderation.save_edit(profile, form.profile_data(), actor=current_user)
                message = moderation.edit_outcome(before, revision)
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(message, "success")
            return redirect(url_for("mentors.manage"))
    return render_form("mentors/form.html", form, profile=profile, waiting=waiting)


@bp.get("/profile/manage")
@login_required
def manage():
    """One's own profile: how it looks, its status, reasons, history and actions."""
    profile = services.profile_of(current_user)
    if profile is None:
        return redirect(url_for("mentors.edit"))
    waiting = moderation.pending_revision(profile)
    return render_template(
        "mentors/manage.html",
        profile=profile,
        waiting=waiting,
        waiting_preview=profile.with_revision(waiting.data) if waiting else None,
        history=moderation_queries.author_history(profile),
        actions=moderation.available_actions(profile, current_user, Actor.AUTHOR),
    )
