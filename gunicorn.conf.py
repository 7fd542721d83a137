"""gunicorn settings for production: `gunicorn wsgi:app` reads this file from the working folder."""

from __future__ import annotations

import multiprocessing
import os


def _workers() -> int:
    """WEB_CONCURRENCY, else 2 × cores + 1, at most 8 (each worker holds its own DB pool)."""
    configured = os.environ.get("WEB_CONCURRENCY", "").strip()
    if configured:
        return max(int(configured), 1)
    return min(2 * multiprocessing.cpu_count() + 1, 8)


def _bind() -> str:
    """PORT alone means every interface (a platform's router in front); default loopback."""
    port = os.environ.get("PORT", "").strip()
    return f"0.0.0.0:{port}" if port else "127.0.0.1:8000"  # nosec B104


bind = _bind()
workers = _workers()
# A request slower than this is stuck: the worker is restarted; the request gets a 502.
timeout = 30
# Time a worker has to finish its requests on restart or shutdown.
graceful_timeout = 30
keepalive = 5
# Only the proxy in front may set X-Forwarded-* (the app also needs TRUSTED_PROXIES).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# The request id the app sends back, so an access line matches the app's own log lines.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms rid=%({x-request-id}o)s'
)
