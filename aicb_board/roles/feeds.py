"""The Atom feed of open roles."""

from __future__ import annotations

from flask import url_for

from ..extensions import db
from ..feeds import FeedEntry, atom
from ..http_cache import Version, query_version, version_of
from . import services
from .models import RolePosting

FEED_SIZE = 50


def cache_name(filters: services.RoleFilters) -> str:
    """Where the built feed is kept: the whole feed has its own place, and every filtered feed
    shares one (filters have endless spellings, so one each would grow without bound)."""
    return "roles-feed-filtered" if filters.active else "roles-feed"


def roles_version(filters: services.RoleFilters) -> Version:
    """The feed's version: its filters, how many roles match and when the last one changed."""
    listed, modified = query_version(services.browse(filters), RolePosting)
    chosen = sorted(filters.as_args().items())
    return version_of("roles-feed", chosen, listed, modified=modified)


def roles_atom(filters: services.RoleFilters) -> bytes:
    """The newest open roles matching `filters` as an Atom document."""
    roles = db.session.scalars(services.browse(filters).limit(FEED_SIZE)).all()
    args = filters.as_args()
    return atom(
        title="AICB Board — AI leadership roles",
        subtitle="New AI leadership roles for senior product and business leaders.",
        home=url_for("roles.index", **args, _external=True),
        self_url=url_for("roles.feed", **args, _external=True),
        entries=(
            FeedEntry(
                url=url_for("roles.detail", role_id=role.id, slug=role.slug, _external=True),
                title=f"{role.title} — {role.company}",
                summary=f"{role.place}. {services.summary(role, 300)}",
                published=role.published_at,
                updated=role.updated_at,
                categories=role.tag_list,
            )
            for role in roles
        ),
    )
