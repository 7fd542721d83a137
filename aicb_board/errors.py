"""Error pages in the site's layout, for every status a user can meet; never a traceback."""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from .domain import DomainError
from .extensions import db
from .problems import PROBLEM_TYPE, problem, wants_problem

MESSAGES = {
    400: ("Bad request", "We could not understand what was sent. Please check it and try again."),
    403: ("Not allowed", "You do not have permission to see or do this."),
    404: ("Page not found", "There is nothing here. It may have moved, or never existed."),
    405: ("Method not allowed", "This address does not accept that kind of request."),
    409: ("That cannot be done now", "The item is not in a state that allows this."),
    410: ("Gone", "This was here once but has been removed."),
    413: ("Too large", "What you sent is larger than we accept. Please send something smaller."),
    422: ("Please check what you sent", "Some of what you sent cannot be used as it is."),
    429: ("Too many attempts", "You have tried this too often. Please wait a little and retry."),
    500: ("Something went wrong", "An unexpected error happened on our side. It has been logged."),
}


def render_error(status: int, message: str | None = None, title: str | None = None):
    """The error page for `status`, with the standard or a more specific message.

    Under `/api/` the same error is a problem-details document instead of a page.
    """
    default_title, default_message = MESSAGES.get(status, ("Error", "Something went wrong."))
    if wants_problem():
        return problem(status, title or default_title, message or default_message)
    html = render_template(
        "errors/error.html",
        status=status,
        title=title or default_title,
        message=message or default_message,
    )
    return html, status


def handle_http_error(error: HTTPException):
    """Render any HTTP error in the layout, keeping headers such as Allow or Retry-After."""
    status = error.code or 500
    message = None
    if status == 413:
        limit_kib = (current_app.config.get("MAX_CONTENT_LENGTH") or 0) // 1024
        message = f"What you sent is larger than the {limit_kib} KiB we accept."
    rendered = render_error(status, message)
    response = error.get_response()
    if wants_problem():
        response.set_data(rendered.get_data())
        response.content_type = PROBLEM_TYPE
    else:
        response.set_data(rendered[0])
        response.content_type = "text/html; charset=utf-8"
    response.status_code = status
    return response


def handle_untrusted_host(error: SecurityError):
    """A request for a host this site is not (TRUSTED_HOSTS): 400, in plain text.

    No page in the layout: the request was refused before routing, so nothing is built for it.
    """
    message = "This site does not answer to that host name."
    if wants_problem():
        return problem(400, "Untrusted host", message)
    return message + "\n", 400, {"Content-Type": "text/plain; charset=utf-8"}


def handle_csrf_error(error: CSRFError):
    """A form without a valid CSRF token: explain, and offer the way back."""
    return render_error(
        400,
        "This form was missing its security token or it expired. Go back, reload the page "
        "and submit the form again.",
        title="Form expired",
    )


def handle_domain_error(error: DomainError):
    """A rule of the board refused the action: say which, with its status (409, 403)."""
    db.session.rollback()
    return render_error(error.status, error.message)


def handle_integrity_error(error: IntegrityError):
    """Two requests raced for the same unique thing (a double submit, two moderators claiming
    one item): the database kept one; the other is told, and nothing half-done remains."""
    db.session.rollback()
    current_app.logger.warning("Refused by a database constraint: %s", error.orig)
    return render_error(
        409,
        "That could not be saved: someone (perhaps you, in another tab) just did the same. "
        "Reload the page to see where things stand.",
    )


def handle_server_error(error: InternalServerError):
    """Log the real cause; show the visitor a calm page."""
    cause = getattr(error, "original_exception", None) or error
    current_app.logger.error("Unhandled error: %r", cause, exc_info=cause)
    return render_error(500)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(SecurityError, handle_untrusted_host)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(DomainError, handle_domain_error)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(InternalServerError, handle_server_error)
    app.register_error_handler(HTTPException, handle_http_error)
