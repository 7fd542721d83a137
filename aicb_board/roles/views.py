"""Role pages for the public: browse, a role's page, the feed (the author's pages: `authoring`)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from ..authoring import public_or_abort
from ..http_cache import document
from ..page_cache import shared_page
from ..pagination import paginate
from . import choices, feeds, services

bp = Blueprint("roles", __name__, url_prefix="/roles")
PER_PAGE = 20


@bp.get("/")
@shared_page
def index():
    """Open roles, newest first or as `sort` says, with filters and order kept in the URL."""
    filters = services.RoleFilters.from_args(request.args)
    sort = services.chosen_sort(request.args)
    page = paginate(services.browse(filters, sort), per_page=PER_PAGE, public=True)
    return render_template(
        "roles/index.html",
        page=page,
        filters=filters,
        sort=sort,
        sorts=services.SORTS,
        currencies=choices.CURRENCIES,
        choices=choices,
        filter_names=services.FILTERS,
    )


@bp.get("/<int:role_id>")
@bp.get("/<int:role_id>-<slug>")
@shared_page
def detail(role_id: int, slug: str | None = None):
    """A role's public page: open, or closed with a banner; 404 unpublished, 410 removed."""
    role = public_or_abort(services.find_role(role_id))
    if slug != role.slug:
        return redirect(url_for("roles.detail", role_id=role.id, slug=role.slug), code=301)
    url = url_for("roles.detail", role_id=role.id, slug=role.slug, _external=True)
    structured = None if role.is_closed else services.json_ld(services.job_posting(role, url))
    return render_template(
        "roles/detail.html", role=role, url=url, json_ld=structured, summary=services.summary(role)
    )


@bp.get("/feed.atom")
def feed():
    """The newest 50 open roles matching the list's filters as an Atom feed (304 when the
    reader has the latest)."""
    filters = services.RoleFilters.from_args(request.args)
    return document(
        feeds.cache_name(filters),
        feeds.roles_version(filters),
        lambda: feeds.roles_atom(filters),
        "application/atom+xml",
    )
