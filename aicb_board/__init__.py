"""AICB Board: the application factory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter
from werkzeug.utils import import_string

from . import logs
from .config import (
    PRODUCTION,
    Config,
    ConfigurationError,
    checked_base_url,
    instance_secret_key,
)
from .extensions import csrf, db, limiter, login_manager, migrate
from .paths import default_instance_path, resources_root
from .web import Board


def create_app(config: Any = None, instance_path: str | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, error pages, CLI.

    `config` is a `Config` instance (or any object or mapping of upper-case settings)
    that replaces the settings read from the environment. The instance folder (SQLite
    database, development secret key, search index) is `instance_path`, else
    `INSTANCE_PATH`, else `instance/` beside the code (checkout) or in the working
    directory (installed package).
    """
    resources = resources_root()
    app = Board(
        __name__,
        template_folder=str(resources / "templates"),
        static_folder=str(resources / "static"),
        instance_path=instance_path or str(default_instance_path()),
    )
    load_config(app, config)
    logs.init_app(app)
    warn_about_per_worker_rate_limits(app)
    # `<int:…>` in any route matches only ids a database column can hold: beyond, 404.
    app.url_map.converters["int"] = DatabaseId
    register_extensions(app)
    register_blueprints(app)
    register_content_kinds(app)
    register_web(app)
    register_cli(app)
    register_tasks(app)
    return app


class DatabaseId(IntegerConverter):
    """An integer URL part no larger than a 32-bit database integer."""

    def __init__(self, url_map, *args, **kwargs) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def load_config(app: Flask, config: Any) -> None:
    """Read the settings, then fill in the defaults that depend on the instance folder."""
    if config is None:
        config = Config()
    if isinstance(config, dict):
        app.config.from_mapping(config)
    else:
        app.config.from_object(config)

    if app.config["APP_ENV"] == PRODUCTION:
        refuse_missing_production_settings(app.config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

    load_site_address(app)

    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        database = Path(app.instance_path) / "aicb_board.sqlite3"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{database}"

    if app.config.get("TRUSTED_PROXIES"):
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


# Each setting production cannot start without, with what to set it to.
PRODUCTION_SETTINGS = {
    "SECRET_KEY": (
        "SECRET_KEY",
        "a long random string (python -c 'import secrets; print(secrets.token_hex(32))')",
    ),
    "BASE_URL": (
        "BASE_URL",
        "the address members reach the board at, e.g. https://board.example.org: every link "
        "in mail, feeds and the API is built on it, and production answers no other host",
    ),
    "SQLALCHEMY_DATABASE_URI": (
        "DATABASE_URL",
        "the database, e.g. postgresql+psycopg://user:pass@host/board or "
        "sqlite:////var/lib/aicb-board/board.sqlite3",
    ),
}


def refuse_missing_production_settings(config: Mapping[str, Any]) -> None:
    """Stop start-up naming every required production setting that is not set, at once."""
    missing = [
        f"{variable} is not set: set it to {advice}."
        for key, (variable, advice) in PRODUCTION_SETTINGS.items()
        if not config.get(key)
    ]
    if missing:
        raise ConfigurationError(
            "Production cannot start: "
            + " ".join(missing)
            + " (APP_ENV=development runs without them, with local defaults.)"
        )


def load_site_address(app: Flask) -> None:
    """BASE_URL checked; in production, the only host (with EXTRA_TRUSTED_HOSTS) answered."""
    base_url = checked_base_url(app.config.get("BASE_URL"))
    site = urlsplit(base_url)
    app.config["BASE_URL"] = base_url
    if app.config["APP_ENV"] == PRODUCTION:
        # A request naming another host is refused with 400 before any view runs.
        extra = app.config.get("EXTRA_TRUSTED_HOSTS") or []
        app.config["TRUSTED_HOSTS"] = [site.hostname, *extra]


def warn_about_per_worker_rate_limits(app: Flask) -> None:
    """Say so at start-up when production counts rate limits in each worker's memory.

    gunicorn's `-w N` leaves no trace the app can read, so any production use of memory://
    is warned about: with N workers, every limit is N times as loose.
    """
    storage = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if (
        app.config["APP_ENV"] == PRODUCTION
        and app.config.get("RATELIMIT_ENABLED", True)
        and storage.startswith("memory://")
    ):
        app.logger.warning(
            "RATELIMIT_STORAGE_URI is memory://: rate limits are counted per worker process, "
            "so with several workers each limit (sign-in attempts included) is multiplied by "
            "their number. Set RATELIMIT_STORAGE_URI=redis://host:6379/0 to share the counts."
        )


def register_extensions(app: Flask) -> None:
    """Bind the extensions and the pieces of each that the application customises."""
    from .auth.sessions import init_login
    from .database import configure_sqlite
    from .search import backends as search_backends

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(resources_root() / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    init_login(app, login_manager)
    search_backends.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Mount each feature's blueprint."""
    from .admin.views import bp as admin_bp
    from .alerts.views import bp as alerts_bp
    from .alerts.views import feeds_bp as alert_feeds_bp
    from .alerts.views import mail_bp as alert_mail_bp
    from .api.views import bp as api_bp
    from .auth.views import bp as auth_bp
    from .bookmarks.views import bp as bookmarks_bp
    from .main.views import bp as main_bp
    from .mentors.mentorship_views import bp as mentorship_bp
    from .moderation.views import bp as moderation_bp
    from .notifications.views import bp as notifications_bp
    from .search.views import bp as search_bp

    for blueprint in (
        main_bp,
        auth_bp,
        admin_bp,
        moderation_bp,
        mentorship_bp,
        search_bp,
        api_bp,
        bookmarks_bp,
        notifications_bp,
        alerts_bp,
        alert_feeds_bp,
        alert_mail_bp,
    ):
        app.register_blueprint(blueprint)


def register_content_kinds(app: Flask) -> None:
    """The kinds of member content the settings name (CONTENT_KINDS), with their pages.

    Moderation announces what it decides; search, mail and alerts listen (`moderation.signals`).
    """
    from . import notices
    from .alerts import matching as alert_matching
    from .kinds import register_kinds
    from .search import queue as search_queue

    kinds = [import_string(kind) if isinstance(kind, str) else kind
             for kind in app.config["CONTENT_KINDS"]]  # fmt: skip
    register_kinds(app, kinds)
    search_queue.connect()
    notices.connect()
    alert_matching.connect()


def register_web(app: Flask) -> None:
    """Error pages, security headers and what every template can use."""
    from . import errors, page_cache, web

    errors.init_app(app)
    web.init_app(app)
    page_cache.init_app(app)


def register_tasks(app: Flask) -> None:
    """Point the huey task queue at this app, and make every feature's jobs known (tasks.py)."""
    from .alerts import jobs as alert_jobs  # noqa: F401  (defines the periodic tasks)
    from .mentors import jobs as mentorship_jobs  # noqa: F401
    from .notifications import jobs as notification_jobs  # noqa: F401
    from .roles import jobs as role_jobs  # noqa: F401
    from .tasks import init_app

    init_app(app)


def register_cli(app: Flask) -> None:
    """Operator commands: `flask users|seed|mail|roles|mentorship|search|alerts …`."""
    from .alerts.cli import alerts_cli
    from .auth.cli import users_cli
    from .mail import mail_cli
    from .mentors.cli import mentorship_cli
    from .roles.cli import roles_cli
    from .search.cli import search_cli
    from .seed import seed_cli

    groups = (users_cli, seed_cli, mail_cli, roles_cli, mentorship_cli, search_cli, alerts_cli)
    for group in groups:
        app.cli.add_command(group)
