"""The Atom feed of open roles (feedgen)."""

from __future__ import annotations

from feedgen.feed import FeedGenerator
from flask import url_for

from ..database import utcnow
from ..extensions import db
from . import services

FEED_SIZE = 50


def atom() -> bytes:
    """The newest open roles as an Atom document."""
    generator = FeedGenerator()
    home = url_for("roles.index", _external=True)
    generator.id(home)
    generator.title("AICB Board — AI leadership roles")
    generator.subtitle("New AI leadership roles for senior product and business leaders.")
    generator.link(href=home, rel="alternate")
    generator.link(href=url_for("roles.feed", _external=True), rel="self")
    generator.language("en")
    roles = db.session.scalars(services.open_roles().limit(FEED_SIZE)).all()
    generator.updated(max((r.published_at for r in roles), default=None) or utcnow())
    for role in reversed(roles):  # feedgen prepends: add oldest first
        url = url_for("roles.detail", role_id=role.id, slug=role.slug, _external=True)
        entry = generator.add_entry()
        entry.id(url)
        entry.title(f"{role.title} — {role.company}")
        entry.link(href=url)
        entry.published(role.published_at)
        entry.updated(role.updated_at)
        entry.summary(f"{role.place}. {services.summary(role, 300)}")
        for tag in role.tag_list:
            entry.category(term=tag)
    return generator.atom_str(pretty=True)
