"""`/api/v1/…`: published roles, mentors and stories, and search, as JSON.

Lists page by cursor (`next`), newest first; with `updated_since` they list changes oldest
first instead, for incremental sync. Every answer has an ETag and a Last-Modified, and a
matching conditional request gets 304. Anyone may read it from any origin.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, current_app, render_template, request, url_for
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..database import utcnow
from ..extensions import db, limiter
from ..mentors import services as mentors
from ..mentors.models import MentorProfile, MentorshipRequest
from ..moderation.states import Status
from ..problems import problem
from ..roles import choices as role_choices
from ..roles import services as roles
from ..roles.models import RolePosting
from ..search import SearchUnavailable
from ..search.backends import backend
from ..search.views import KIND_LABELS, item_url, still_public
from ..stories import services as stories
from ..stories.models import Story
from ..web import absolute_url
from . import openapi, params, representations
from .params import BadParameter

bp = Blueprint("api", __name__, url_prefix="/api")
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)
CACHE_SECONDS = 60
STARTED = utcnow().replace(microsecond=0)  # the document changes only with the code


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    """A parameter the API cannot use: 400, naming it."""
    return problem(400, "Bad parameter", error.detail, parameter=error.name)


@bp.after_request
def open_to_every_origin(response):
    """CORS for reading: any site may fetch the API from a browser."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response.headers["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
    response.headers["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Link"
    return response


def _json(payload: Any, last_modified: datetime | None = None):
    """`payload` as JSON with an ETag (and Last-Modified); 304 when the client has it."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    response = current_app.response_class(body, mimetype="application/json")
    response.set_etag(hashlib.sha256(body.encode()).hexdigest()[:32])
    if last_modified is not None:
        response.last_modified = last_modified
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    next_link = payload.get("next") if isinstance(payload, dict) else None
    if next_link:
        response.headers["Link"] = f'<{next_link}>; rel="next"'
    return response.make_conditional(request)


def _newest_change(*columns) -> datetime | None:
    """The latest moment among `columns` (whole tables: a removal changes it too)."""
    moments = [db.session.scalar(select(func.max(column))) for column in columns]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def _page(query: Select, model, limit: int) -> tuple[list, str | None]:
    """One page of `query` after the cursor, and the link to the next page."""
    since = params.updated_since()
    mode = params.SYNC if since else params.BROWSE
    position = params.cursor(mode)
    column = model.updated_at if since else model.published_at
    query = query.order_by(None)
    if since:
        query = query.where(model.updated_at >= since).order_by(column, model.id)
    else:
        query = query.order_by(column.desc(), model.id.desc())
    if position is not None:
        key, item_id = position
        moment = params.utc_moment(str(key), naive_is_utc=False)
        if moment is None:
            raise BadParameter("cursor", "`cursor` is not one this API gave out.")
        later = or_(column > moment, and_(column == moment, model.id > item_id))
        earlier = or_(column < moment, and_(column == moment, model.id < item_id))
        query = query.where(later if since else earlier)
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    items, more = rows[:limit], len(rows) > limit
    next_link = None
    if more:
        last = items[-1]
        key = (last.updated_at if since else last.published_at).isoformat()
        args = {**request.args.to_dict(), "cursor": params.encode_cursor(mode, key, last.id)}
        next_link = absolute_url(url_for(request.endpoint, **args))
    return items, next_link


# Roles ----------------------------------------------------------------------------


def _role_filters() -> roles.RoleFilters:
    chosen = {
        name: value
        for name, vocabulary in roles.FILTERS.items()
        if (value := params.choice(name, vocabulary)) is not None
    }
    return roles.RoleFilters(chosen, params.tag("tag") or "", params.flag("salary"))


@bp.get("/v1/roles")
def role_list():
    """Open published roles, newest first (filters as on /roles/)."""
    query = roles.browse(_role_filters())
    items, next_link = _page(query, RolePosting, params.limit())
    payload = {"items": [representations.role(item) for item in items], "next": next_link}
    return _json(payload, _newest_change(RolePosting.updated_at))


def _published(model, item_id: int, *loaded):
    """The published item of `model` with this id, or None."""
    item = db.session.get(model, item_id, options=[selectinload(part) for part in loaded])
    return item if item is not None and item.state == Status.PUBLISHED else None


def _not_found(what: str):
    return problem(404, "Not found", f"No published {what} has this id.")


@bp.get("/v1/roles/<int:role_id>")
def role_detail(role_id: int):
    """One published role."""
    role = _published(RolePosting, role_id)
    if role is None:
        return _not_found("role")
    return _json(representations.role(role), role.updated_at)


# Mentors --------------------------------------------------------------------------


def _mentor_filters() -> mentors.MentorFilters:
    chosen = {
        name: value
        for name, vocabulary in mentors.CHOICE_FILTERS.items()
        if (value := params.choice(name, vocabulary)) is not None
    }
    chosen.update(
        {name: value for name in mentors.LIST_FILTERS if (value := params.tag(name)) is not None}
    )
    return mentors.MentorFilters(chosen, params.flag("accepting"))


def _mentor_change(profile_id: int | None = None) -> datetime | None:
    """Profiles change by edits and by requests accepted or closed (open spots)."""
    requests_changed = select(
        func.max(func.coalesce(MentorshipRequest.closed_at, MentorshipRequest.decided_at))
    )
    if profile_id is not None:
        requests_changed = requests_changed.where(MentorshipRequest.mentor_id == profile_id)
        profile = db.session.get(MentorProfile, profile_id)
        moments = [profile.updated_at, db.session.scalar(requests_changed)]
    else:
        moments = [_newest_change(MentorProfile.updated_at), db.session.scalar(requests_changed)]
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


@bp.get("/v1/mentors")
def mentor_list():
    """Published mentor profiles, newest first (filters as on /mentors/)."""
    query = mentors.directory(_mentor_filters())
    items, next_link = _page(query, MentorProfile, params.limit())
    payload = {
        "items": [representations.mentor(entry) for entry in mentors.entries(items)],
        "next": next_link,
    }
    return _json(payload, _mentor_change())


@bp.get("/v1/mentors/<int:profile_id>")
def mentor_detail(profile_id: int):
    """One published mentor profile."""
    profile = db.session.get(
        MentorProfile, profile_id, options=[selectinload(MentorProfile.author)]
    )
    if profile is None or profile.state != Status.PUBLISHED:
        return problem(404, "Not found", "No published mentor profile has this id.")
    (entry,) = mentors.entries([profile])
    return _json(representations.mentor(entry), _mentor_change(profile.id))


# Stories --------------------------------------------------------------------------


def _story_filters() -> stories.StoryFilters:
    chosen = {
        name: value
        for name in ("from_function", "to_function")
        if (value := params.choice(name, role_choices.FUNCTIONS)) is not None
    }
    return stories.StoryFilters(chosen, params.tag("tag") or "")


@bp.get("/v1/stories")
def story_list():
    """Published stories, newest first (filters as on /stories/)."""
    query = stories.browse(_story_filters())
    items, next_link = _page(query, Story, params.limit())
    payload = {"items": [representations.story(item) for item in items], "next": next_link}
    return _json(payload, _newest_change(Story.updated_at))


@bp.get("/v1/stories/<int:story_id>")
def story_detail(story_id: int):
    """One published story."""
    story = _published(Story, story_id, Story.author)
    if story is None:
        return _not_found("story")
    return _json(representations.story(story), story.updated_at)


# Search ---------------------------------------------------------------------------


@bp.get("/v1/search")
def search():
    """Roles, mentors and stories matching `q`, best first, with the count per kind."""
    text = params.query_text()
    kind = params.choice("kind", [(name, name) for name in KIND_LABELS])
    per_page = params.limit()
    position = params.cursor("search")
    page = position[1] if position else 1
    if page < 1:
        raise BadParameter("cursor", "`cursor` is not one this API gave out.")
    try:
        results = backend().search(text, kind=kind, page=page, per_page=per_page)
    except SearchUnavailable:
        return problem(503, "Search unavailable", "The search index is being repaired.")
    items = [
        {
            "kind": hit.kind,
            "id": item.id,
            "url": absolute_url(item_url(hit.kind, item)),
            "title": str(item.display_title),
            "title_html": str(hit.title),
            "snippet_html": str(hit.snippet),
        }
        for hit, item in still_public(results.hits)
    ]
    next_link = None
    if page * per_page < results.total:
        args = {**request.args.to_dict(), "cursor": params.encode_cursor("search", 0, page + 1)}
        next_link = absolute_url(url_for("api.search", **args))
    payload = {"items": items, "total": results.total, "counts": results.counts,
               "suggestion": results.suggestion, "next": next_link}  # fmt: skip
    changed = _newest_change(RolePosting.updated_at, Story.updated_at)
    changed = max(filter(None, [changed, _mentor_change()]), default=None)
    return _json(payload, changed)


# The description ------------------------------------------------------------------


@bp.get("/v1/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return _json(openapi.document(absolute_url("/")), STARTED)


@bp.get("/")
def guide():
    """The API explained in words."""
    return render_template("api/index.html")
