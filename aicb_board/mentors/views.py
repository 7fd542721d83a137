"""Mentor pages: the directory, a profile, asking for mentorship, a member's own move and the
mentors suggested for it (the author's pages: `authoring`)."""

from __future__ import annotations

import time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authoring import popular_values, public_or_abort
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..http_cache import remember
from ..page_cache import shared_page
from ..pagination import paginate
from ..permissions import verified_required
from ..web import render_form
from . import choices, matching, moves, requests, services, waitlist
from .forms import AvailabilityForm, MoveForm, RequestForm
from .models import MentorProfile

bp = Blueprint("mentors", __name__, url_prefix="/mentors")
PER_PAGE = 20
TYPING_SUGGESTIONS_SECONDS = 600


@bp.get("/")
@shared_page
def index():
    """Published mentors: those taking mentees first, with filters kept in the URL."""
    filters = services.MentorFilters.from_args(request.args)
    page = paginate(services.directory(filters), per_page=PER_PAGE, public=True)
    return render_template(
        "mentors/index.html",
        page=page,
        entries=services.entries(page.items),
        filters=filters,
        choices=choices,
        suggested=_suggested_first(page.page, filters),
    )


def _suggested_first(page_number: int, filters: services.MentorFilters):
    """Suggestions for the signed-in member's move, atop the directory's unfiltered first
    page; None for everyone else (an anonymous page stays the same for all, and cacheable).

    A filtered list is the member's own question, so it is answered as asked.
    """
    if not current_user.is_authenticated or page_number != 1 or filters.active:
        return None
    move = moves.move_of(current_user)
    return None if move is None else matching.suggestions(move)


@bp.route("/match", methods=["GET", "POST"])
@login_required
def match():
    """The member's own move (private): tell it, change it, and see mentors who made it."""
    move = moves.move_of(current_user)
    form = MoveForm()
    if request.method == "GET" and move is not None:
        form.fill_from(move)
    if form.validate_on_submit():
        moves.save_move(current_user, form.move_data())
        db.session.commit()
        flash("Your move is saved. Mentors who made a move like it are suggested here.", "success")
        return redirect(url_for("mentors.match"))
    suggested = matching.suggestions(move) if move is not None and not form.errors else None
    return render_form(
        "mentors/match.html",
        form,
        move=move,
        suggested=suggested,
        suggest=_typing_suggestions,
    )


def _typing_suggestions(field: str) -> list[str]:
    """The popular industries or expertise tags offered as the member types their move.

    Worked out at most once every ten minutes per worker: at 10,000 mentors, counting them
    costs more than the rest of the page, and a hint need not be up to the minute.
    """
    window = str(int(time.time() // TYPING_SUGGESTIONS_SECONDS))
    return remember(
        f"mentor-{field}-suggestions", window, lambda: popular_values(MentorProfile, field)
    )


@bp.post("/match/remove")
@login_required
def remove_move():
    """Forget the member's move; the directory is plain again."""
    removed = moves.remove_move(current_user)
    db.session.commit()
    flash("Your move is removed." if removed else "You had no move saved.", "success")
    return redirect(url_for("mentors.match"))


def _public_profile(profile_id: int) -> MentorProfile:
    return public_or_abort(
        db.session.scalar(
            select(MentorProfile)
            .where(MentorProfile.id == profile_id)
            .options(selectinload(MentorProfile.author))
        )
    )


@bp.get("/<int:profile_id>")
@shared_page
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
    return render_template(
        "mentors/detail.html",
        profile=profile,
        entry=entry,
        problem=problem,
        waiting=_waiting_box(profile),
    )


def _waiting_box(profile: MentorProfile) -> dict | None:
    """What the profile page says of its waiting list to the signed-in member: their place
    (or their held turn), or whether they may join; None when there is nothing to say."""
    if not current_user.is_authenticated or current_user.id == profile.author_id:
        return None
    wait = waitlist.open_wait(current_user.id, profile.id)
    if wait is not None:
        told = wait.state == waitlist.WaitState.TOLD
        return {
            "wait": wait,
            "position": None if told else waitlist.position(wait),
            # A turn past its 48 hours that the hourly job has not lapsed yet.
            "passed": told and wait.answer_by <= utcnow(),
        }
    try:
        waitlist.check_can_wait(current_user, profile)
    except DomainError:
        return None
    return {"wait": None, "position": None}


@bp.post("/<int:profile_id>/wait")
@verified_required
def join_wait(profile_id: int):
    """Join this mentor's waiting list: "Tell me when a spot opens"."""
    profile = _public_profile(profile_id)
    try:
        joined = waitlist.join(current_user, profile)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(
            f"You are on the waiting list, number {waitlist.position(joined)}. "
            "We will tell you when a spot opens.",
            "success",
        )
    return redirect(url_for("mentors.detail", profile_id=profile_id))


@bp.post("/waits/<int:wait_id>/leave")
@login_required
def leave_wait(wait_id: int):
    """Leave a waiting list, in one click; another member's wait is a 404."""
    wait = waitlist.own_open_wait(current_user, wait_id)
    if wait is None:
        abort(404)
    waitlist.leave(wait)
    db.session.commit()
    flash("You left the waiting list.", "success")
    return redirect(url_for("mentors.detail", profile_id=wait.profile_id))


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
    waitlist.offer_spots(profile)  # more seats, or accepting again: the list hears first
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
