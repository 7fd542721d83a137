"""Conditional GET for public documents (sitemaps, feeds): ETag, Last-Modified, 304, a cache.

A document's version comes from a cheap query (how many items, when the last one changed),
so a crawler's repeated request is answered 304 before anything is built, and a changed
document is built once per version and kept in process until the content changes again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, func, select
from werkzeug.http import is_resource_modified

from .extensions import db

CACHE_KEY = "aicb_document_cache"


@dataclass(frozen=True)
class Version:
    """What a document's validators are derived from."""

    tag: str  # the ETag (strong, opaque)
    modified: datetime | None  # Last-Modified


def version_of(*parts: Any, modified: datetime | None) -> Version:
    """A version named by `parts` (and the address links are built on)."""
    # The host is part of it: absolute links differ when BASE_URL is not set.
    seed = repr((request.host_url, parts))
    return Version(hashlib.sha256(seed.encode()).hexdigest()[:32], modified)


def query_version(query: Select, model: Any) -> tuple[tuple[int, datetime | None], datetime]:
    """What a public list's version is built from, in one cheap statement.

    ((how many rows `query` has, their latest change), the latest change to any row of
    `model`): a row leaving the list (removed, withdrawn) changes no listed row, but its
    own `updated_at`, so Last-Modified moves on and a date-only client is not told 304.
    """
    rows = query.order_by(None).subquery()
    count, latest = db.session.execute(select(func.count(), func.max(rows.c.updated_at))).one()
    touched = db.session.scalar(select(func.max(model.updated_at)))
    return (count, latest), max(filter(None, (touched, latest)), default=None)


def remember(name: str, tag: str, build: Callable[[], Any]) -> Any:
    """`build()`'s result, built once per (name, tag): the latest version of each name is kept."""
    cache = current_app.extensions.setdefault(CACHE_KEY, {})
    held = cache.get(name)
    if held is None or held[0] != tag:
        held = (tag, build())
        cache[name] = held
    return held[1]


def document(name: str, version: Version, build: Callable[[], Any], mimetype: str):
    """304 when the client holds `version`; otherwise the document, built once per version."""
    if not is_resource_modified(request.environ, etag=version.tag, last_modified=version.modified):
        response = current_app.response_class(status=304)
    else:
        response = current_app.response_class(remember(name, version.tag, build), mimetype=mimetype)
    response.set_etag(version.tag)
    if version.modified is not None:
        response.last_modified = version.modified
    # Shared caches may keep it, but must ask again (a cheap 304) before serving it.
    response.headers["Cache-Control"] = "public, no-cache"
    return response
