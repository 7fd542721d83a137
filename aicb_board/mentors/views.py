"""Mentor pages: the directory, a profile, and asking for mentorship (the author's: `authoring`)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authoring import public_or_abort
from ..domain import DomainError
from ..extensions import db
from ..pagination import paginate
from ..permissions import verified_required
from ..web import render_form
from . import choices, requests, services
from .forms import AvailabilityForm, RequestForm
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


@bp.post("/profile/availability")
@login_required
def availability():
    """The mentor sets capacity, pause and accepting: at once, with no review."""
    profile = services.profile_of(current_user, lock=True)
    if profile is None:
        abort(404)
    form = AvailabilityForm()
    if not form.validate():
        return render_form("mentors/availability.html", form, item=profile, availability=form)
    services.set_availability(profile, **form.availability())
    db.session.commit()
    flash("Your availability is saved. It shows on your profile now.", "success")
    return redirect(url_for("mentors.manage"))


@bp.app_template_global()
def availability_form(profile: MentorProfile) -> AvailabilityForm:
    """The availability form filled in with the profile's settings (the manage page's)."""
    return AvailabilityForm(formdata=None, obj=profile)


@bp.app_template_global()
def mentor_offer_of(author_id: int) -> services.DirectoryEntry | None:
    """A member's published mentor profile with its open spots, if any (a story links to it)."""
    profile = db.session.scalar(
        services.published_profiles()
        .where(MentorProfile.author_id == author_id)
        .options(selectinload(MentorProfile.author))
    )
    return services.entries([profile])[0] if profile else None
