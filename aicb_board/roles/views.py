"""Role pages: browse, detail, feed, and the author's post / edit / manage pages."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from ..http_cache import document
from ..moderation import queries as moderation_queries
from ..moderation import services as moderation
from ..moderation.states import Actor, Status
from ..pagination import paginate
from ..permissions import own_or_404, verified_required
from ..web import render_form
from . import choices, feeds, services
from .forms import RoleForm
from .kind import ROLE_KIND  # noqa: F401  (importing it registers the kind)
from .models import RolePosting

bp = Blueprint("roles", __name__, url_prefix="/roles")
PER_PAGE = 20


@bp.get("/")
def index():
    """Open roles, newest first, with filters kept in the URL."""
    filters = services.RoleFilters.from_args(request.args)
    page = paginate(services.browse(filters), per_page=PER_PAGE)
    return render_template(
        "roles/index.html",
        page=page,
        filters=filters,
        choices=choices,
        filter_names=services.FILTERS,
    )


@bp.get("/<int:role_id>")
@bp.get("/<int:role_id>-<slug>")
def detail(role_id: int, slug: str | None = None):
    """A role's public page: open, or closed with a banner; 404 unpublished, 410 removed."""
    role = services.find_role(role_id)
    if role is None or role.state not in {Status.PUBLISHED, Status.ARCHIVED, Status.REMOVED}:
        abort(404)
    if role.state == Status.REMOVED:
        abort(410)
    if slug != role.slug:
        return redirect(url_for("roles.detail", role_id=role.id, slug=role.slug), code=301)
    url = url_for("roles.detail", role_id=role.id, slug=role.slug, _external=True)
    structured = None if role.is_closed else services.json_ld(services.job_posting(role, url))
    return render_template(
        "roles/detail.html", role=role, url=url, json_ld=structured, summary=services.summary(role)
    )


@bp.get("/feed.atom")
def feed():
    """The newest 50 open roles as an Atom feed (304 when the reader has the latest)."""
    return document("roles-feed", feeds.roles_version(), feeds.roles_atom, "application/atom+xml")


@bp.route("/new", methods=["GET", "POST"])
@verified_required
def new():
    """Write a new role; it is saved as a draft to preview and submit."""
    form = RoleForm()
    if form.validate_on_submit():
        try:
            role = services.create_role(author=current_user, data=form.role_data())
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash("Your role is saved as a draft. Check it, then submit it for review.", "success")
            return redirect(_after_saving(form, role))
    return render_form("roles/form.html", form, role=None)


@bp.route("/<int:role_id>/edit", methods=["GET", "POST"])
@login_required
def edit(role_id: int):
    """Edit a role: directly while unpublished; as a revision for review once published."""
    role = own_or_404(RolePosting, role_id)
    moderation.check_editable(role)
    form = RoleForm()
    waiting = moderation.pending_revision(role)
    if request.method == "GET":
        form.fill_from(role.with_revision(waiting.data) if waiting else role)
    if form.validate_on_submit():
        before = role.state
        try:
            revision = services.edit_role(role, author=current_user, data=form.role_data())
        except DomainError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            flash(moderation.edit_outcome(before, revision), "success")
            return redirect(_after_saving(form, role))
    return render_form("roles/form.html", form, role=role, waiting=waiting)


def _after_saving(form: RoleForm, role: RolePosting) -> str:
    """Where to go after saving: "Save draft" keeps editing, the other buttons show the role."""
    if form.save.data and role.state != Status.PUBLISHED:
        return url_for("roles.edit", role_id=role.id)
    return url_for("roles.manage", role_id=role.id)


@bp.get("/<int:role_id>/manage")
@login_required
def manage(role_id: int):
    """The author's page for a role: how it looks, its status, reasons, history, actions."""
    role = own_or_404(RolePosting, role_id)
    waiting = moderation.pending_revision(role)
    history = moderation_queries.author_history(role)
    return render_template(
        "roles/manage.html",
        role=role,
        waiting=waiting,
        waiting_preview=role.with_revision(waiting.data) if waiting else None,
        history=history,
        actions=moderation.available_actions(role, current_user, Actor.AUTHOR),
        now=utcnow(),
    )
