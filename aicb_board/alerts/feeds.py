"""A saved search's private Atom feed: the newest public items it matches."""

from __future__ import annotations

import logging
from typing import Any

from flask import url_for

from ..extensions import db
from ..feeds import FeedEntry, atom
from ..kinds import KINDS, Kind, kind_named
from ..search import SearchUnavailable
from ..search.backends import backend
from ..search.views import still_public
from ..web import absolute_url
from .models import PAGE_ONLY, SavedSearch
from .percolator import ItemView, stored

log = logging.getLogger(__name__)
FEED_SIZE = 50
# A search's feed reads this many best hits, keeps those an alert would match, newest first.
SEARCH_DEPTH = 200


def matching_items(saved: SavedSearch) -> list[tuple[Kind, Any]]:
    """The newest public items the saved search matches, up to FEED_SIZE, with their kind."""
    if not saved.is_search:
        kind = kind_named(saved.kind or "")
        if kind is None or kind.api is None:
            return []
        chosen = {name: value for name, value in saved.chosen.items() if name not in PAGE_ONLY}
        model = kind.model
        query = (
            kind.api.browse(chosen)
            .order_by(None)
            .order_by(model.published_at.desc(), model.id.desc())
            .limit(FEED_SIZE)
        )
        return [(kind, item) for item in db.session.scalars(query).unique()]
    search = stored(saved)
    try:
        results = backend().search(
            saved.query, kind=saved.kind, filters=search.search_filters, per_page=SEARCH_DEPTH
        )
    except SearchUnavailable:
        log.warning("A private feed is empty for now: the search index cannot be read.")
        return []
    found = []
    for hit, item in still_public(results.hits):
        kind = KINDS[hit.kind]
        # The search ranks by any word when no item has them all: keep what an alert matches.
        if ItemView(kind, item).verify(search):
            found.append((kind, item))
    found.sort(key=lambda pair: (pair[1].published_at, pair[1].id), reverse=True)
    return found[:FEED_SIZE]


def entry(kind: Kind, item: Any) -> FeedEntry:
    """One item as a feed entry, in the words its search document gives."""
    document = kind.search_document(item) if kind.search_document else None
    title = document.title if document else getattr(item, "display_title", kind.label)
    return FeedEntry(
        url=absolute_url(kind.public_url(item)),
        title=f"{kind.label}: {title}",
        summary=document.summary if document else "",
        published=item.published_at,
        updated=item.updated_at,
        categories=list(document.tags) if document else [],
    )


def saved_search_atom(saved: SavedSearch) -> bytes:
    """The saved search's feed as an Atom document."""
    return atom(
        title=f"AICB Board — {saved.name}",
        subtitle=saved.describe(),
        home=saved.page_url(_external=True),
        self_url=url_for("alert_feeds.feed", feed_token=saved.feed_token, _external=True),
        entries=(entry(kind, item) for kind, item in matching_items(saved)),
    )
