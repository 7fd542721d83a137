"""The Atom feed of open roles."""

from __future__ import annotations

from flask import url_for

from ..extensions import db
from ..feeds import FeedEntry, atom
from ..http_cache import Version, query_version, version_of
from . import services
from .models import RolePosting

FEED_SIZE = 50


def roles_version() -> Version:
    """The feed's version: how many roles are open and when the last one changed."""
    listed, modified = query_version(services.open_roles(), RolePosting)
    return version_of("roles-feed", listed, modified=modified)


def roles_atom() -> bytes:
    """The newest open roles as an Atom document."""
    roles = db.session.scalars(services.open_roles().limit(FEED_SIZE)).all()
    return atom(
        title="AICB Board — AI leadership roles",
        subtitle="New AI leadership roles for senior product and business leaders.",
        home=url_for("roles.index", _external=True),
        self_url=url_for("roles.feed", _external=True),
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
