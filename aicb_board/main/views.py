"""The home page and `/healthz`."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter

bp = Blueprint("main", __name__)


@bp.get("/")
def home():
    """Introduce the board."""
    return render_template("main/home.html")


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
