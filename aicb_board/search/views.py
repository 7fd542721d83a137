"""`/search`: every kind of published content together, best match first."""

from __future__ import annotations

import logging
import re
from collections import Counter

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..content import split_list
from ..extensions import db, limiter
from ..kinds import KINDS, Filter, Kind, kind_of
from ..moderation.states import Status
from ..page_cache import kept, shared_page
from ..pagination import current_page
from . import SearchUnavailable
from .backends import backend
from .bounds import bound_query
from .whoosh_backend import FILTER_FIELDS, Hit

bp = Blueprint("search", __name__)
log = logging.getLogger(__name__)
PER_PAGE = 20
POPULAR_TAGS = 16
SIMILAR = 4  # similar items on an item's page


def still_public(hits: list[Hit]) -> list[tuple[Hit, object]]:
    """Keep only hits whose item is published (and searchable) now: the index may be stale."""
    found = []
    by_kind: dict[str, list[int]] = {}
    for hit in hits:
        by_kind.setdefault(hit.kind, []).append(hit.item_id)
    items = {}
    for name, ids in by_kind.items():
        kind = KINDS.get(name)
        if kind is None:
            continue
        model = kind.model
        rows = db.session.scalars(
            select(model)
            .where(model.id.in_(ids), model.status == Status.PUBLISHED)
            .options(selectinload(model.author))
        )
        items.update({(name, row.id): row for row in rows if kind.searchable(row)})
    for hit in hits:
        item = items.get((hit.kind, hit.item_id))
        if item is not None:
            found.append((hit, item))
    return found


def popular_tags() -> list[tuple[str, int]]:
    """The most used tags of recently published content."""
    counter: Counter[str] = Counter()
    for kind in KINDS.values():
        if kind.tags_field is None:
            continue
        column = getattr(kind.model, kind.tags_field)
        recent = select(column).where(kind.model.status == Status.PUBLISHED).limit(500)
        for stored in db.session.scalars(recent):
            counter.update(split_list(stored))
    return counter.most_common(POPULAR_TAGS)


@bp.app_template_global()
def search_filters(kind_name: str | None) -> list[Filter]:
    """The filters of a kind's list that search narrows by too: its choices the index holds.

    A list's search form carries them, and the search page offers them for that kind.
    """
    kind = KINDS.get(kind_name or "")
    if kind is None or kind.api is None:
        return []
    return [
        each for each in kind.api.filters if each.type == "choice" and each.name in FILTER_FIELDS
    ]


@bp.app_template_global()
def similar_items(item, limit: int = SIMILAR) -> list[tuple[Kind, object]]:
    """Up to `limit` public items of the item's kind like it, with their kind: the same
    `similar_by` filters, sharing words of its title or tags, best match first; none when
    search cannot be read."""
    kind = kind_of(item)
    if not kind.similar_by or kind.search_document is None:
        return []
    try:  # the same for everyone: kept until the public content changes
        hits = kept(("similar", kind.name, item.id, limit), lambda: _similar_hits(item, limit))
    except SearchUnavailable:
        log.warning("Similar items left out: the search index cannot be read.", exc_info=True)
        return []
    return [(kind, found) for _hit, found in still_public(hits)][:limit]


def _similar_hits(item, limit: int) -> list[Hit]:
    """The search hits of items like `item` (a few more than shown: the item itself is
    dropped here, and any hit no longer public by the caller)."""
    kind = kind_of(item)
    document = kind.search_document(item)
    words = re.findall(r"\w+", f"{document.title} {' '.join(document.tags)}".lower())
    # "or" is an operator to PostgreSQL's websearch syntax: here it would only be a word.
    text = " ".join(word for word in dict.fromkeys(words) if word != "or")
    filters = {name: document.filters.get(name) or "" for name in kind.similar_by}
    results = backend().search(
        text, kind=kind.name, filters=filters, per_page=limit + 4, any_word=True
    )
    return [hit for hit in results.hits if hit.item_id != item.id]


@bp.app_template_global()
def item_url(kind_name: str, item) -> str:
    """The public page of a search result."""
    return KINDS[kind_name].public_url(item)


def searchable_kinds() -> dict[str, Kind]:
    """The kinds search finds (those with a search document), by name: its tabs."""
    return {name: kind for name, kind in KINDS.items() if kind.search_document is not None}


@bp.get("/search")
@limiter.limit(lambda: current_app.config["SEARCH_RATE_LIMIT"])
@shared_page
def index():
    """Search everything published; any string is a valid query, simplified if costly."""
    bounded = bound_query(request.args.get("q", ""))
    text, notices = bounded.text, bounded.notices
    kinds = searchable_kinds()
    labels = {name: kind.plural_label for name, kind in kinds.items()}
    kind = request.args.get("kind", "")
    kind = kind if kind in labels else ""
    filters = {name: request.args.get(name, "")[:40] for name in FILTER_FIELDS}
    filters = {name: value for name, value in filters.items() if value}
    if not text:
        return render_template("search/index.html", q="", tags=popular_tags(), kind=kind,
                               filters=filters, labels=labels, kinds=kinds,
                               notices=notices)  # fmt: skip
    try:
        results = backend().search(
            text, kind=kind or None, filters=filters, page=current_page(), per_page=PER_PAGE
        )
    except SearchUnavailable as error:
        # The message only: the exception's frames would keep the damaged index's files open.
        log.error("Search is unavailable: %s", str(error))
        page = render_template("search/index.html", q=text, kind=kind, unavailable=True,
                               filters=filters, labels=labels, kinds=kinds)  # fmt: skip
        return page, 503
    return render_template(
        "search/index.html",
        q=text,
        kind=kind,
        filters=filters,
        results=results,
        notices=notices,
        found=still_public(results.hits),
        labels=labels,
        kinds=kinds,
        page=current_page(),
        pages=max(1, -(-results.total // PER_PAGE)),
    )
