"""Mentor pages: the directory, a profile, and asking for mentorship (the author's: `authoring`)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authoring import public_or_abort
from ..domain import DomainError
from ..extensions import db
from ..moderation.states import Status
from ..pagination import paginate
from ..permissions import verified_required
from ..web import render_form
from . import choices, requests, services
from .forms import RequestForm
from .models import MentorProfile

bp = Blueprint("mentors", __name__, url_prefix="/mentors")
PER_PAGE = 20


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
    return public_or_abort(
        db.session.scalar(
            select(MentorProfile)
            .where(MentorProfile.id == profile_id)
            .options(selectinload(MentorProfile.author))
        )
    )


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
    return render_template("mentors/detail.html", profile=profile, entry=entry, problem=problem)


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


@bp.app_template_global()
def mentor_profile_of(author_id: int) -> int | None:
    """The id of a member's published mentor profile, if any (a story links to it)."""
    return db.session.scalar(
        select(MentorProfile.id).where(
            MentorProfile.author_id == author_id, MentorProfile.status == Status.PUBLISHED
        )
    )
