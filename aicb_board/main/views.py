"""The home page and `/healthz`."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, url_for
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter
from ..http_cache import document
from ..mentors.services import MentorFilters, directory, entries
from ..page_cache import shared_page
from ..roles.services import open_roles
from ..stories.services import published_stories
from . import sitemaps

bp = Blueprint("main", __name__)


LATEST = 5
MENTORS_SHOWN = 3
STORIES_SHOWN = 3


@bp.get("/")
@shared_page
def home():
    """Introduce the board: the newest roles and stories, mentors taking mentees."""
    roles = db.session.scalars(open_roles().limit(LATEST)).all()
    mentors = db.session.scalars(
        directory(MentorFilters(accepting_now=True)).limit(MENTORS_SHOWN)
    ).all()
    stories = db.session.scalars(published_stories().limit(STORIES_SHOWN)).all()
    return render_template("main/home.html", roles=roles, mentors=entries(mentors), stories=stories)


@bp.get("/sitemap.xml")
def sitemap():
    """The sitemap index, for crawlers: one file per kind and chunk of public pages."""
    return document(
        "sitemap-index",
        sitemaps.index_version(),
        lambda: render_template("main/sitemap_index.xml", files=sitemaps.files()),
        mimetype="application/xml",
    )


@bp.get("/sitemaps/<name>-<int:number>.xml")
def sitemap_file(name: str, number: int):
    """One file of the sitemap: at most SITEMAP_CHUNK public pages of one kind."""
    version = sitemaps.file_version(name)
    if version is None:
        abort(404)

    def build() -> str:
        pages = sitemaps.chunk(sitemaps.urls_of(name), number, sitemaps.chunk_size())
        if pages is None:
            abort(404)
        return render_template("main/sitemap.xml", pages=pages)

    return document(f"sitemap:{name}-{number}", version, build, mimetype="application/xml")


@bp.get("/robots.txt")
def robots():
    """Crawlers: everything public, and where the sitemap is."""
    lines = ["User-agent: *", "Disallow: /moderation/", "Disallow: /admin/", "Disallow: /me/",
             f"Sitemap: {url_for('main.sitemap', _external=True)}"]  # fmt: skip
    return "\n".join(lines) + "\n", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/healthz")
@limiter.exempt
def healthz():
    """200 `ok` when the database answers; the bare reference for benchmarks."""
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        current_app.logger.error("Health check failed: %s", error)
        db.session.rollback()
        return "database unavailable\n", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ok\n", 200, {"Content-Type": "text/plain; charset=utf-8"}
