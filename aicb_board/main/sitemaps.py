"""The sitemap index and its files: the home page, then each kind's public pages in chunks."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime

from flask import current_app, url_for

from ..http_cache import Version, query_version, remember, version_of
from ..kinds import KINDS, Kind

PAGES = "pages"  # the file of pages that belong to no kind (the home page)
MAX_URLS = 50_000  # the sitemaps.org limit per file


@dataclass(frozen=True)
class SitemapFile:
    """One file of the index: `/sitemaps/<name>-<number>.xml`."""

    name: str
    number: int
    modified: datetime | None


def chunk_size() -> int:
    """URLs per file: SITEMAP_CHUNK, never more than the protocol allows."""
    return max(1, min(int(current_app.config.get("SITEMAP_CHUNK", MAX_URLS)), MAX_URLS))


def _kinds() -> list[Kind]:
    return list(KINDS.values())


def _kind_version(kind: Kind) -> tuple[tuple[int, datetime | None], datetime | None]:
    # The kind's public set, as its sitemap lists it: a publication, an edit, a removal or
    # an expiry changes the count or the latest change.
    return query_version(kind.public_items(), kind.model)


def file_version(name: str) -> Version | None:
    """The version of one kind's files (None: no such kind)."""
    if name == PAGES:
        return version_of(PAGES, chunk_size(), modified=None)
    kind = KINDS.get(name)
    if kind is None:
        return None
    listed, modified = _kind_version(kind)
    return version_of(name, listed, chunk_size(), modified=modified)


def index_version() -> Version:
    """The version of the index: that of every kind's files together."""
    versions = [file_version(kind.name) for kind in _kinds()]
    modified = max((v.modified for v in versions if v and v.modified), default=None)
    return version_of("index", [v.tag for v in versions if v], modified=modified)


def urls_of(name: str) -> list[tuple[str, datetime | None]]:
    """Every (absolute URL, last modified) of a file set, built once per version."""
    if name == PAGES:
        return [(url_for("main.home", _external=True), None)]
    version = file_version(name)
    entries = KINDS[name].sitemap_entries
    return remember(f"sitemap-urls:{name}", version.tag, lambda: list(entries()))


def chunk(urls: list, number: int, size: int) -> list | None:
    """The `number`th (from 1) chunk of at most `size` URLs; None past the last one."""
    count = max(1, math.ceil(len(urls) / size))
    if not 1 <= number <= count:
        return None
    return urls[(number - 1) * size : number * size]


def files() -> list[SitemapFile]:
    """The files the index lists: the pages file, then each kind's chunks."""
    listed = [SitemapFile(PAGES, 1, None)]
    size = chunk_size()
    for kind in _kinds():
        urls = urls_of(kind.name)
        for number in range(1, math.ceil(len(urls) / size) + 1):
            part = chunk(urls, number, size) or []
            modified = max((when for _url, when in part if when), default=None)
            listed.append(SitemapFile(kind.name, number, modified))
    return listed
