"""Logging for operators: one configured handler, a request id on every line, one line a request."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, current_app, g, has_request_context, request

from .config import PRODUCTION

REQUEST_ID_HEADER = "X-Request-ID"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
# Endpoints whose path carries a secret (a reset or confirmation token): logged by their rule.
SECRET_PATH_ENDPOINTS = {"auth.reset_password", "auth.verify_email"}
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
# Attributes every LogRecord has; anything else was passed with `extra=` and goes into JSON.
STANDARD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}

request_log = logging.getLogger("aicb_board.request")


def current_request_id() -> str | None:
    """The id of the request being answered (made on first use), or None outside a request."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = _incoming_request_id() or uuid.uuid4().hex
    return g.request_id


def _incoming_request_id() -> str | None:
    # Only a proxy we trust may name the request; a visitor could otherwise forge log lines.
    if not current_app.config.get("TRUSTED_PROXIES"):
        return None
    value = request.headers.get(REQUEST_ID_HEADER, "")
    return value if SANE_REQUEST_ID.fullmatch(value) else None


def email_fingerprint(email: str) -> str:
    """A short keyed hash of an address: failures on one account can be matched, not read."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    digest = hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()
    return digest[:12]


class RequestIdFilter(logging.Filter):
    """Stamps each record with the current request id ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request_id and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for name, value in vars(record).items():
            if name not in STANDARD_ATTRIBUTES and not name.startswith("_"):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever `sys.stderr` is at the time, so a swapped stream is never stale."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def make_formatter(log_format: str) -> logging.Formatter:
    """The formatter for LOG_FORMAT: `json` or `text`."""
    return JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT)


def configure_logging(app: Flask) -> None:
    """Install the one root handler (replacing the last one set here) at LOG_LEVEL."""
    default_format = "json" if app.config["APP_ENV"] == PRODUCTION else "text"
    log_format = (app.config.get("LOG_FORMAT") or default_format).lower()
    handler = StderrHandler()
    handler.setFormatter(make_formatter(log_format))
    handler.addFilter(RequestIdFilter())
    handler.set_name("aicb_board")
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == "aicb_board"]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(str(app.config.get("LOG_LEVEL") or "INFO").upper())


def _start_timer() -> None:
    g.request_started = time.perf_counter()
    current_request_id()


def _log_request(response):
    """Echo the request id and write the request's one log line."""
    request_id = current_request_id()
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started", time.perf_counter())
    duration_ms = round((time.perf_counter() - started) * 1000, 1)
    path = request.path
    if request.endpoint in SECRET_PATH_ENDPOINTS and request.url_rule is not None:
        path = request.url_rule.rule
    request_log.info(
        "%s %s %s %.1fms",
        request.method,
        path,
        response.status_code,
        duration_ms,
        extra={
            "method": request.method,
            "path": path,
            "status": response.status_code,
            "duration_ms": duration_ms,
        },
    )
    return response


def init_app(app: Flask) -> None:
    """Configure logging and the per-request id, header and log line."""
    configure_logging(app)
    app.before_request(_start_timer)
    app.after_request(_log_request)
    app.jinja_env.globals["request_id"] = current_request_id
