"""Errors as RFC 9457 problem details (`application/problem+json`), for the API's paths.

Low-level on purpose: the site's error handlers and the API both answer with these.
"""

from __future__ import annotations

import json

from flask import Response, has_request_context, request

from .logs import current_request_id

PROBLEM_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def wants_problem() -> bool:
    """Whether the request is for the API, whose errors are problem details, not pages."""
    return has_request_context() and request.path.startswith(API_PREFIX)


def problem_body(status: int, title: str, detail: str, **extra) -> str:
    """The JSON of a problem (type about:blank: the status says what kind it is)."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if has_request_context():
        body["instance"] = request.path
        body["request_id"] = current_request_id()
    body.update(extra)
    return json.dumps(body)


def problem(status: int, title: str, detail: str, **extra) -> Response:
    """A problem-details response."""
    return Response(problem_body(status, title, detail, **extra), status, mimetype=PROBLEM_TYPE)
