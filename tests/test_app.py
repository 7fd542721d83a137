"""The factory, configuration, security headers, error pages and /healthz."""

import logging
import os
import stat

import pytest
from flask import abort
from sqlalchemy import create_engine, inspect

from aicb_board import create_app
from aicb_board.config import Config, ConfigurationError, TestConfig
from aicb_board.extensions import csrf, db
from tests.support import csrf_token

ERROR_STATUSES = [400, 403, 404, 405, 409, 410, 413, 422, 429, 500]


def test_create_app_does_not_touch_the_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    create_app(TestConfig({"DATABASE_URL": url}), instance_path=str(tmp_path))
    engine = create_engine(url)
    assert inspect(engine).get_table_names() == []
    engine.dispose()


def test_production_without_secret_key_stops_with_a_clear_message(tmp_path):
    with pytest.raises(ConfigurationError, match="SECRET_KEY is not set"):
        create_app(Config({"APP_ENV": "production"}), instance_path=str(tmp_path))


def test_unknown_app_env_is_refused():
    with pytest.raises(ConfigurationError, match="APP_ENV"):
        Config({"APP_ENV": "staging"})


def test_development_secret_key_is_made_once_and_shared(tmp_path):
    config = Config({"APP_ENV": "development"})
    first = create_app(config, instance_path=str(tmp_path))
    second = create_app(Config({"APP_ENV": "development"}), instance_path=str(tmp_path))
    key_file = tmp_path / "secret_key"
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) == 64
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert first.config["SQLALCHEMY_DATABASE_URI"].endswith("aicb_board.sqlite3")


def test_configuration_is_read_from_the_environment():
    config = Config(
        {
            "APP_ENV": "production",
            "SECRET_KEY": "k" * 40,
            "DATABASE_URL": "postgresql+psycopg://db.internal/board",
            "MAIL_SERVER": "smtp.internal",
            "MAIL_PORT": "2525",
            "SEARCH_BACKEND": "postgres",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/2",
            "MAX_CONTENT_LENGTH": "2048",
        }
    )
    assert config.SQLALCHEMY_DATABASE_URI == "postgresql+psycopg://db.internal/board"
    assert (config.MAIL_SERVER, config.MAIL_PORT) == ("smtp.internal", 2525)
    assert config.SEARCH_BACKEND == "postgres"
    assert config.RATELIMIT_STORAGE_URI == "redis://127.0.0.1:6379/2"
    assert config.MAX_CONTENT_LENGTH == 2048
    assert config.SESSION_COOKIE_SECURE is True
    assert config.OUTBOX_VIEW_ENABLED is False


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True).strip() == "ok"


def test_healthz_is_503_when_the_database_is_gone(tmp_path):
    url = f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}"
    app = create_app(TestConfig({"DATABASE_URL": url}), instance_path=str(tmp_path))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize("path", ["/", "/healthz", "/no-such-page", "/static/css/site.css"])
def test_security_headers_on_every_response(client, path):
    with client.get(path) as response:
        headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_images_load_only_from_this_site_by_default(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    [img_src] = [part.strip() for part in policy.split(";") if part.strip().startswith("img-src")]
    assert img_src == "img-src 'self' data:"
    assert "https:" not in img_src.split()


def test_allowed_image_hosts_are_named_in_the_policy(make_app):
    app = make_app(IMAGE_HOSTS=("images.example", "cdn.example"))
    policy = app.test_client().get("/").headers["Content-Security-Policy"]
    assert "img-src 'self' data: https://images.example https://cdn.example;" in policy


def test_members_images_from_other_hosts_show_as_links_on_pages(make_app):
    app = make_app(IMAGE_HOSTS=("images.example",))
    with app.test_request_context():
        html = str(
            app.jinja_env.from_string("{{ text | markdown }}").render(
                text="![a](https://images.example/a.png) ![b](https://tracker.example/b.gif)"
            )
        )
    assert '<img src="https://images.example/a.png" alt="a">' in html
    assert '<a href="https://tracker.example/b.gif" rel="nofollow ugc noopener">b</a>' in html


@pytest.mark.parametrize(
    "hosts", ["https://images.example", "*.example", "a.example; script-src *"]
)
def test_image_hosts_setting_takes_host_names_only(hosts):
    with pytest.raises(ConfigurationError):
        Config({"IMAGE_HOSTS": hosts})


def test_image_hosts_setting_is_read_from_the_environment():
    assert Config({"IMAGE_HOSTS": " Images.Example , cdn.example ,"}).IMAGE_HOSTS == (
        "images.example",
        "cdn.example",
    )


def test_pages_have_no_inline_script(client):
    for path in ["/", "/auth/login", "/auth/register", "/auth/reset"]:
        page = client.get(path).get_data(as_text=True)
        assert "<script>" not in page and " on" + "click=" not in page


@pytest.fixture
def failing_app(make_app):
    app = make_app(MAX_CONTENT_LENGTH=1024)

    @app.get("/test/abort/<int:status>")
    def abort_with(status):
        abort(status)

    @app.get("/test/crash")
    def crash():
        raise RuntimeError("secret internals")

    @app.post("/test/twice")
    @csrf.exempt
    def twice():  # what the loser of a race meets: a unique constraint
        from aicb_board.moderation.models import CannedReason

        db.session.add(CannedReason(text="Twice", position=1))
        db.session.add(CannedReason(text="Twice", position=2))
        db.session.commit()
        return "stored"

    return app


@pytest.mark.parametrize("status", [400, 403, 404, 410, 429])
def test_error_pages_render_in_the_layout(failing_app, status):
    response = failing_app.test_client().get(f"/test/abort/{status}")
    page = response.get_data(as_text=True)
    assert response.status_code == status
    assert "AICB Board" in page and 'class="site-header"' in page
    assert f'<p class="error-code">{status}</p>' in page


def test_405_page_keeps_the_allow_header(client):
    response = client.get("/auth/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "Method not allowed" in response.get_data(as_text=True)


def test_500_page_shows_no_traceback(failing_app):
    failing_app.config["PROPAGATE_EXCEPTIONS"] = False
    response = failing_app.test_client().get("/test/crash")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in page
    assert "secret internals" not in page and "Traceback" not in page


def test_oversized_body_is_413_and_changes_nothing(failing_app):
    client = failing_app.test_client()
    token = csrf_token(client, "/auth/register")
    response = client.post(
        "/auth/register",
        data={"csrf_token": token, "email": "a@example.com", "display_name": "x" * 5000},
    )
    assert response.status_code == 413
    assert "larger than the 1 KiB we accept" in response.get_data(as_text=True)


def test_every_error_status_has_a_message():
    from aicb_board.errors import MESSAGES

    assert sorted(MESSAGES) == ERROR_STATUSES


def test_a_lost_race_on_a_unique_constraint_is_409_and_leaves_nothing(failing_app):
    from sqlalchemy import func, select

    from aicb_board.moderation.models import CannedReason

    response = failing_app.test_client().post("/test/twice")
    assert response.status_code == 409
    assert "did the same" in response.get_data(as_text=True)
    with failing_app.app_context():
        stored = select(func.count()).where(CannedReason.text == "Twice")
        assert db.session.scalar(stored) == 0


def rate_limit_warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno == logging.WARNING and "RATELIMIT_STORAGE_URI" in record.getMessage()
    ]


def test_production_with_memory_rate_limits_warns_they_count_per_worker(make_app, caplog):
    with caplog.at_level(logging.WARNING):
        make_app(APP_ENV="production", BASE_URL="https://board.example.org")
    [warning] = rate_limit_warnings(caplog)
    assert "memory://" in warning and "per worker" in warning and "redis://" in warning


@pytest.mark.parametrize(
    "settings",
    [
        {"APP_ENV": "development"},
        {"APP_ENV": "production", "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"},
        {"APP_ENV": "production", "RATELIMIT_ENABLED": False},
    ],
)
def test_no_rate_limit_warning_when_counts_are_shared_or_unused(make_app, caplog, settings):
    with caplog.at_level(logging.WARNING):
        make_app(BASE_URL="https://board.example.org", **settings)
    assert rate_limit_warnings(caplog) == []


def test_production_names_every_missing_setting_at_once(tmp_path):
    with pytest.raises(ConfigurationError) as refused:
        create_app(Config({"APP_ENV": "production"}), instance_path=str(tmp_path))
    message = str(refused.value)
    for name in ("SECRET_KEY", "BASE_URL", "DATABASE_URL"):
        assert f"{name} is not set" in message


def test_production_without_a_database_url_refuses_to_start(tmp_path):
    environ = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, "BASE_URL": "https://b.example"}
    with pytest.raises(ConfigurationError, match="DATABASE_URL is not set") as refused:
        create_app(Config(environ), instance_path=str(tmp_path))
    assert "SECRET_KEY" not in str(refused.value)
    assert not (tmp_path / "aicb_board.sqlite3").exists()
