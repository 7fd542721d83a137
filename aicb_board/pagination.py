"""One way to paginate a query, with the page number read safely from the URL."""

from __future__ import annotations

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from .extensions import db
from .numbers import ascii_int

MAX_PAGE = 10_000


def current_page() -> int:
    """The `page` query parameter as a sensible positive number (1 when missing or bad)."""
    page = ascii_int(request.args.get("page", "1"), maximum=999_999)
    return 1 if page is None else min(max(page, 1), MAX_PAGE)


def paginate(query: Select, *, per_page: int = 20) -> Pagination:
    """A page of `query`'s results; a page past the end is empty rather than an error."""
    return db.paginate(query, page=current_page(), per_page=per_page, error_out=False)
