"""One way to paginate a query, with the page number read safely from the URL."""

from __future__ import annotations

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db

MAX_PAGE = 10_000


def current_page() -> int:
    """The `page` query parameter as a sensible positive number (1 when missing or bad)."""
    value = request.args.get("page", "1")
    if not (value.isascii() and value.isdigit() and len(value) <= 6):
        return 1
    return min(max(int(value), 1), MAX_PAGE)


def paginate(query: Select, *, per_page: int = 20) -> Pagination:
    """A page of `query`'s results; a page past the end is empty rather than an error."""
    return db.paginate(query, page=current_page(), per_page=per_page, error_out=False)
