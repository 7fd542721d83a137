"""`/api/v1/…`: every kind's published items, and search, as JSON.

Lists page by cursor (`next`), newest first; with `updated_since` they list changes oldest
first instead, for incremental sync; with a kind's `sort`, in that order, paged by position.
Every answer has an ETag and a Last-Modified, and a matching conditional request gets 304.
Anyone may read it from any origin.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from flask import Blueprint, abort, current_app, render_template, request, url_for
from sqlalchemy import Select, and_, or_
from sqlalchemy.orm import selectinload

from ..database import utcnow
from ..extensions import db, limiter
from ..kinds import KINDS, Kind, kind_by_plural
from ..moderation.states import Status
from ..problems import problem
from ..search import SearchUnavailable
from ..search.backends import backend
from ..search.views import item_url, searchable_kinds, still_public
from ..web import absolute_url
from . import openapi, params
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
    items, more = _fetch(query, limit)
    if not more:
        return items, None
    last = items[-1]
    key = (last.updated_at if since else last.published_at).isoformat()
    return items, _next_link(params.encode_cursor(mode, key, last.id))


def _sorted_page(query: Select, sort: str, limit: int) -> tuple[list, str | None]:
    """One page of `query`, already in a kind's own order, by position: the cursor holds the
    order and how many items came before (an order on salary or closing date has no unique
    key to page on, and such lists are short)."""
    if params.updated_since() is not None:
        raise BadParameter(
            "sort", "`sort` cannot be used with `updated_since`, which lists oldest change first."
        )
    position = params.cursor(params.SORTED)
    offset = 0
    if position is not None:
        key, offset = position
        if key != sort:
            raise BadParameter("cursor", "`cursor` was given out for another `sort`.")
    items, more = _fetch(query.offset(offset), limit)
    if not more:
        return items, None
    return items, _next_link(params.encode_cursor(params.SORTED, sort, offset + limit))


def _fetch(query: Select, limit: int) -> tuple[list, bool]:
    """Up to `limit` items of `query`, and whether there are more."""
    rows = list(db.session.scalars(query.limit(limit + 1)).unique())
    return rows[:limit], len(rows) > limit


def _next_link(cursor: str) -> str:
    """This request's address with `cursor` for the next page."""
    # The path's own parts win over query parameters of the same name.
    args = {**request.args.to_dict(), "cursor": cursor, **request.view_args}
    return absolute_url(url_for(request.endpoint, **args))


# Every kind's list and items --------------------------------------------------------


def _chosen_filters(kind: Kind) -> dict[str, Any]:
    """The kind's filters given in the query string, checked (a bad value is a 400)."""
    return params.chosen_filters(kind.api.filters)


def _chosen_sort(kind: Kind) -> str | None:
    """The order `sort` names, checked; None for the kind's default (newest first)."""
    sorts = kind.api.sorts
    sort = params.choice("sort", sorts) if sorts else None
    return None if sort is None or sort == sorts[0][0] else sort


def _listed_kind(plural: str) -> Kind:
    kind = kind_by_plural(plural)
    if kind is None or kind.api is None:
        abort(404)
    return kind


def _changed(kind: Kind, item=None) -> datetime | None:
    if kind.api.changed is not None:
        return kind.api.changed(item)
    return item.updated_at if item is not None else kind.newest_change()


@bp.get("/v1/<plural>")
def item_list(plural: str):
    """A kind's public items, newest first or as `sort` says (with its list page's filters)."""
    kind = _listed_kind(plural)
    query, sort = kind.api.browse(_chosen_filters(kind)), _chosen_sort(kind)
    if sort is None:
        items, next_link = _page(query, kind.model, params.limit())
    else:
        items, next_link = _sorted_page(kind.api.sort(query, sort), sort, params.limit())
    payload = {"items": kind.api.represent(items), "next": next_link}
    return _json(payload, _changed(kind))


@bp.get("/v1/<plural>/<int:item_id>")
def item_detail(plural: str, item_id: int):
    """One published item of a kind."""
    kind = _listed_kind(plural)
    model = kind.model
    item = db.session.get(model, item_id, options=[selectinload(model.author)])
    if item is None or item.state != Status.PUBLISHED:
        return problem(404, "Not found", f"No published {kind.label.lower()} has this id.")
    [representation] = kind.api.represent([item])
    return _json(representation, _changed(kind, item))


# Search ---------------------------------------------------------------------------


@bp.get("/v1/search")
def search():
    """Published items of every kind matching `q`, best first, with the count per kind."""
    text = params.query_text()
    kind = params.choice("kind", [(name, name) for name in searchable_kinds()])
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
               "capped": sorted(results.capped), "suggestion": results.suggestion,
               "next": next_link}  # fmt: skip
    changed = [_changed(kind) for kind in KINDS.values() if kind.api is not None]
    return _json(payload, max(filter(None, changed), default=None))


# The description ------------------------------------------------------------------


@bp.get("/v1/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of this API."""
    return _json(openapi.document(absolute_url("/")), STARTED)


@bp.get("/")
def guide():
    """The API explained in words."""
    return render_template("api/index.html")
