"""What every response and template shares: security headers, secure cookies, navigation."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, g, render_template, request
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user
from werkzeug.routing import MapAdapter

from .content import render_markdown
from .domain import DomainError


def content_security_policy(image_hosts: tuple[str, ...] = ()) -> str:
    """The CSP: everything from this site; images also from data: URLs and `image_hosts`."""
    images = " ".join(["img-src 'self' data:", *(f"https://{host}" for host in image_hosts)])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            images,
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, marked Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or request.is_secure)


def is_safe_redirect(target: str | None) -> bool:
    """True when `target` is a path on this site (no scheme, no host, no backslash tricks)."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if any(ord(char) < 32 or char == "\\" for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(req: Request, default: str) -> str:
    """The `next` parameter of the request when it is local, else `default`."""
    target = req.values.get("next")
    return target if is_safe_redirect(target) else default


class Board(Flask):
    """Flask, building every external URL on BASE_URL instead of the request's Host header.

    `url_for(..., _external=True)` (feeds, sitemap, JSON-LD, mailed links) and redirects
    Werkzeug makes itself then name the configured site, whatever Host a visitor sent.
    """

    def create_url_adapter(self, request: Request | None) -> MapAdapter | None:
        """The URL adapter of a request (or of a CLI command), bound to BASE_URL for building."""
        adapter = super().create_url_adapter(request)
        site = urlsplit(self.config["BASE_URL"])
        if adapter is None:  # no request: a CLI command or a task builds links too
            return self.url_map.bind(site.netloc, url_scheme=site.scheme)
        # Only building reads these; matching a request goes by its path alone.
        adapter.server_name, adapter.url_scheme = site.netloc, site.scheme
        return adapter


def absolute_url(path: str) -> str:
    """`path` on this site as a full URL, on BASE_URL (never the request's Host)."""
    return current_app.config["BASE_URL"].rstrip("/") + path


def site_request_context():
    """A request context for CLI commands, so they can build links to the site.

    It says POST because commands write: on SQLite that takes the write lock up front.
    """
    return current_app.test_request_context(base_url=current_app.config["BASE_URL"], method="POST")


def add_security_headers(response):
    """Every response carries the security headers; HTTPS responses also HSTS."""
    response.headers.setdefault(
        "Content-Security-Policy", current_app.extensions["content_security_policy"]
    )
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    return response


def forbid_storing_private_responses(response):
    """`Cache-Control: no-store` on what was made for one visitor: everything a signed-in member
    gets, and every form (it carries the visitor's CSRF token), so no cache keeps it.

    Static files are the same for everyone and keep their caching.
    """
    if request.endpoint != "static" and (current_user.is_authenticated or carries_csrf_token()):
        response.headers["Cache-Control"] = "no-store"
    return response


def carries_csrf_token() -> bool:
    # Flask-WTF keeps the token it rendered into this response's forms in `g`.
    return current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") in g


def time_ago(moment: datetime | None) -> str:
    """How long ago, in words: "just now", "5 minutes ago", "3 days ago", "2 months ago"."""
    if moment is None:
        return "never"
    seconds = max((datetime.now(UTC) - moment).total_seconds(), 0)
    for unit, size in (("month", 30 * 86400), ("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = int(seconds // size)
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def has_endpoint(name: str) -> bool:
    """Whether a feature's endpoint exists, so the layout links only to pages that do."""
    return name in current_app.view_functions


def init_app(app: Flask) -> None:
    """Install the session interface, the header hook and the template helpers."""
    app.session_interface = SessionInterface()
    app.extensions["content_security_policy"] = content_security_policy(
        tuple(app.config.get("IMAGE_HOSTS", ()))
    )
    app.after_request(add_security_headers)
    app.after_request(forbid_storing_private_responses)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals["has_endpoint"] = has_endpoint
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["ago"] = time_ago


def require_valid(form) -> None:
    """Validate a small action form (a reason, a note); refuse the action with its errors
    (422: what was sent cannot be used, whatever the item's state)."""
    if not form.validate():
        problems = [error for errors in form.errors.values() for error in errors]
        raise DomainError(" ".join(problems), status=422)


def render_form(template: str, form, **context):
    """A page with a form: 422 when a submitted form has errors, so clients can tell."""
    status = 422 if form.errors else 200
    return render_template(template, form=form, **context), status
