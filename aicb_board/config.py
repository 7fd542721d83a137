"""Settings, read from environment variables (see the README for each one)."""

from __future__ import annotations

import os
import re
import secrets
import time
from collections.abc import Mapping
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

DEVELOPMENT = "development"
PRODUCTION = "production"
MIB = 1024 * 1024
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


CONTENT_KINDS = (
    "aicb_board.roles.kind:ROLE_KIND",
    "aicb_board.mentors.kind:MENTOR_KIND",
    "aicb_board.stories.kind:STORY_KIND",
    "aicb_board.mentors.thanks_kind:THANKS_KIND",
)


class ConfigurationError(RuntimeError):
    """Start-up cannot go on: a setting is missing or wrong."""


LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
HOST_NAME = re.compile(rf"{LABEL}(?:\.{LABEL})+")


def _host_names(value: str | None) -> tuple[str, ...]:
    """A comma-separated list of host names; anything else (a scheme, a wildcard, a `;` that
    would end a CSP directive) stops start-up."""
    hosts = tuple(part.strip().lower() for part in (value or "").split(",") if part.strip())
    for host in hosts:
        if not HOST_NAME.fullmatch(host):
            raise ConfigurationError(
                f"IMAGE_HOSTS takes host names such as images.example.org, not {host!r}."
            )
    return hosts


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _names(value: str | None) -> list[str]:
    return [name.strip() for name in (value or "").split(",") if name.strip()]


class Config:
    """Settings of a deployment, read from `environ` (the process environment by default)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self.APP_ENV = env.get("APP_ENV", PRODUCTION).strip().lower()
        if self.APP_ENV not in {DEVELOPMENT, PRODUCTION}:
            raise ConfigurationError(
                f"APP_ENV must be 'development' or 'production', not {self.APP_ENV!r}."
            )
        production = self.APP_ENV == PRODUCTION

        self.SECRET_KEY = env.get("SECRET_KEY") or None
        # None: the factory uses SQLite in the instance folder.
        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL") or None
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

        self.MAIL_SERVER = env.get("MAIL_SERVER") or None
        self.MAIL_PORT = int(env.get("MAIL_PORT", "587"))
        self.MAIL_USERNAME = env.get("MAIL_USERNAME") or None
        self.MAIL_PASSWORD = env.get("MAIL_PASSWORD") or None
        self.MAIL_USE_TLS = _flag(env.get("MAIL_USE_TLS"), True)
        self.MAIL_USE_SSL = _flag(env.get("MAIL_USE_SSL"), False)
        self.MAIL_TIMEOUT = float(env.get("MAIL_TIMEOUT", "10"))
        self.MAIL_DEFAULT_SENDER = env.get("MAIL_DEFAULT_SENDER", "AICB Board <board@localhost>")
        # Where a suspended member writes to appeal (their mail says so): by default the sender.
        self.APPEALS_EMAIL = env.get("APPEALS_EMAIL") or parseaddr(self.MAIL_DEFAULT_SENDER)[1]
        # Delivery attempts before a message is marked failed; waits double from the base.
        self.MAIL_MAX_ATTEMPTS = int(env.get("MAIL_MAX_ATTEMPTS", "6"))
        self.MAIL_RETRY_BASE_SECONDS = int(env.get("MAIL_RETRY_BASE_SECONDS", "60"))
        # Bounces after which an address gets only the account mail its owner asks for.
        self.MAIL_BOUNCE_LIMIT = int(env.get("MAIL_BOUNCE_LIMIT", "3"))

        # The task queue: Redis when a URL is given (several machines), else SQLite in the
        # instance folder. HUEY_IMMEDIATE runs tasks in the caller's process (tests, debugging).
        self.HUEY_REDIS_URL = env.get("HUEY_REDIS_URL") or env.get("REDIS_URL") or None
        self.HUEY_IMMEDIATE = _flag(env.get("HUEY_IMMEDIATE"), False)
        self.OUTBOX_VIEW_ENABLED = _flag(env.get("OUTBOX_VIEW_ENABLED"), not production)

        # The kinds of member content, each declared in its own package ("module:name").
        self.CONTENT_KINDS = list(CONTENT_KINDS)
        self.SEARCH_BACKEND = env.get("SEARCH_BACKEND", "whoosh")
        # Processes `flask search reindex` analyses documents in (Whoosh): one per core.
        self.SEARCH_REBUILD_PROCESSES = int(
            env.get("SEARCH_REBUILD_PROCESSES", str(os.cpu_count() or 1))
        )
        # Hosts members' Markdown images may load from; other images show as links.
        self.IMAGE_HOSTS = _host_names(env.get("IMAGE_HOSTS"))

        self.RATELIMIT_ENABLED = _flag(env.get("RATELIMIT_ENABLED"), True)
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        # When Redis is unreachable, count in memory rather than fail every request.
        self.RATELIMIT_SWALLOW_ERRORS = True
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        self.LOGIN_RATE_LIMIT = env.get("LOGIN_RATE_LIMIT", "5 per minute;30 per hour")
        self.MAIL_RATE_LIMIT = env.get("MAIL_RATE_LIMIT", "5 per 10 minutes;20 per day")
        self.REGISTER_RATE_LIMIT = env.get("REGISTER_RATE_LIMIT", "10 per hour")
        # Searches one address may make on the site (the API has its own limit).
        self.SEARCH_RATE_LIMIT = env.get("SEARCH_RATE_LIMIT", "60 per minute")

        self.ROLE_DAILY_CAP = int(env.get("ROLE_DAILY_CAP", "5"))
        # Requests one address may make to the JSON API.
        self.API_RATE_LIMIT = env.get("API_RATE_LIMIT", "120 per minute")
        # Distinct members whose reports hide an item until a moderator decides.
        self.REPORT_HIDE_THRESHOLD = int(env.get("REPORT_HIDE_THRESHOLD", "3"))
        # Only reporters whose account is at least this old count toward hiding an item.
        self.REPORT_MIN_ACCOUNT_AGE_HOURS = float(env.get("REPORT_MIN_ACCOUNT_AGE_HOURS", "24"))
        # Approved submissions (and nothing removed) after which a member's edits go live at once.
        self.TRUSTED_AFTER = int(env.get("TRUSTED_AFTER", "3"))
        # URLs per sitemap file (the protocol allows at most 50,000; more is capped).
        self.SITEMAP_CHUNK = int(env.get("SITEMAP_CHUNK", "50000"))

        # Signed-out visitors' copies of public pages (page_cache.py): kept until the public
        # content changes, and at most this long (what time alone changes: closing dates);
        # 0 keeps none. Pages kept per worker process.
        self.PAGE_CACHE_SECONDS = float(env.get("PAGE_CACHE_SECONDS", "60"))
        self.PAGE_CACHE_ENTRIES = int(env.get("PAGE_CACHE_ENTRIES", "500"))

        self.MAX_CONTENT_LENGTH = int(env.get("MAX_CONTENT_LENGTH", str(MIB)))
        self.TRUSTED_PROXIES = int(env.get("TRUSTED_PROXIES", "0"))
        self.LOG_LEVEL = env.get("LOG_LEVEL", "INFO").strip().upper()
        if self.LOG_LEVEL not in LOG_LEVELS:
            raise ConfigurationError(
                f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, not {self.LOG_LEVEL!r}."
            )
        # None: JSON lines in production, readable text in development.
        self.LOG_FORMAT = env.get("LOG_FORMAT", "").strip().lower() or None
        if self.LOG_FORMAT not in {None, "text", "json"}:
            raise ConfigurationError(
                f"LOG_FORMAT must be 'text' or 'json', not {self.LOG_FORMAT!r}."
            )
        # Where members reach the board: every absolute link (mail, feeds, sitemap, API) is
        # built on it, never on a request's Host header, which a visitor can forge. Production
        # must name it (the factory refuses to start without it); it also answers no other host.
        self.BASE_URL = env.get("BASE_URL") or (None if production else DEVELOPMENT_BASE_URL)
        # Host names production answers besides BASE_URL's (e.g. a load balancer's health check).
        self.EXTRA_TRUSTED_HOSTS = _names(env.get("EXTRA_TRUSTED_HOSTS"))

        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _flag(env.get("SESSION_COOKIE_SECURE"), production)
        self.REMEMBER_COOKIE_HTTPONLY = True
        self.REMEMBER_COOKIE_SAMESITE = "Lax"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.REMEMBER_COOKIE_DURATION = int(env.get("REMEMBER_COOKIE_DAYS", "30")) * 86_400

        self.PASSWORD_HASH_METHOD = env.get("PASSWORD_HASH_METHOD", "scrypt")
        self.PASSWORD_RESET_MAX_AGE = int(env.get("PASSWORD_RESET_MAX_AGE", "3600"))
        self.EMAIL_VERIFICATION_MAX_AGE = int(env.get("EMAIL_VERIFICATION_MAX_AGE", "259200"))
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session


class TestConfig(Config):
    """Settings for the test suite: fast hashing, no production checks, mail to the outbox."""

    __test__ = False  # not a pytest test class

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        super().__init__({"APP_ENV": DEVELOPMENT, **(environ or {})})
        self.TESTING = True
        # A fixed key for tests only.
        self.SECRET_KEY = "test-secret-key"  # noqa: S105  # nosec B105
        # Cheap scrypt keeps the suite fast; production uses Werkzeug's default cost.
        self.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # noqa: S105  # nosec B105
        self.RATELIMIT_STORAGE_URI = "memory://"
        self.BASE_URL = "http://localhost"
        self.ROLE_DAILY_CAP = 1000  # tests post many roles; the cap has its own test
        # A test process forks none (other threads run in it); the parallel rebuild has its test.
        self.SEARCH_REBUILD_PROCESSES = 1
        # Tests search a lot; the limit has its own test.
        self.SEARCH_RATE_LIMIT = "10000 per minute"
        # Test accounts are seconds old; the account-age rule for reports has its own tests.
        self.REPORT_MIN_ACCOUNT_AGE_HOURS = 0


def checked_base_url(value: str | None) -> str:
    """BASE_URL without a trailing slash; refused, naming it, when missing or not a site root."""
    if not value:
        raise ConfigurationError(
            "BASE_URL is not set. Set it to the address members reach the board at, e.g. "
            "BASE_URL=https://board.example.org: every link in mail, feeds and the API is built "
            "on it, and production answers no other host. (APP_ENV=development uses "
            f"{DEVELOPMENT_BASE_URL}.)"
        )
    parts = urlsplit(value.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path not in {"", "/"}:
        raise ConfigurationError(
            f"BASE_URL must be the site's root address, like https://board.example.org "
            f"(scheme and host, no path), not {value!r}."
        )
    if parts.query or parts.fragment or parts.username or parts.password:
        raise ConfigurationError(f"BASE_URL must be scheme://host[:port] only, not {value!r}.")
    return f"{parts.scheme}://{parts.netloc}"


def instance_secret_key(instance_path: str) -> str:
    """The development secret key kept in the instance folder, created once.

    Several workers may start at once: the key is written to a private temporary file and
    hard-linked into place, which fails for all but the first, so all share one key.
    """
    folder = Path(instance_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    if not path.exists():
        tmp = folder / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    for _ in range(50):
        key = path.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise ConfigurationError(f"{path} is empty: delete it and start again.")
