"""Logs an operator can use: request ids, one line per request, JSON lines, logged events."""

from __future__ import annotations

import io
import json
import logging
import re
from pathlib import Path

import pytest

from aicb_board.auth.models import Role
from aicb_board.extensions import db
from aicb_board.logs import RequestIdFilter, make_formatter
from aicb_board.mail import FAILED, QUEUED, OutboxMessage
from tests.support import csrf_token, post_action

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def lines():
    """Every log line the app writes during the test, formatted as in production (JSON)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(make_formatter("json"))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line]

    yield read
    root.removeHandler(handler)


def test_a_request_id_is_generated_and_sent_back(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second) and first != second


def test_the_proxy_id_is_ignored_without_a_trusted_proxy(client):
    response = client.get("/healthz", headers={"X-Request-ID": "from-the-visitor"})
    assert HEX_ID.fullmatch(response.headers["X-Request-ID"])


def test_a_trusted_proxy_names_the_request_when_the_id_is_sane(make_app):
    client = make_app(TRUSTED_PROXIES=1).test_client()
    response = client.get("/healthz", headers={"X-Request-ID": "edge-1.abc_DEF"})
    assert response.headers["X-Request-ID"] == "edge-1.abc_DEF"
    for insane in ("a" * 65, "two words", "semi;colon", "caf\u00e9", ""):
        response = client.get("/healthz", headers={"X-Request-ID": insane})
        assert HEX_ID.fullmatch(response.headers["X-Request-ID"])


def test_the_error_page_and_the_api_problem_carry_the_id(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404
    assert f"Reference: <code>{page.headers['X-Request-ID']}</code>" in page.text
    problem = client.get("/api/v1/roles/999999")
    assert problem.status_code == 404
    assert problem.json["request_id"] == problem.headers["X-Request-ID"]


def test_each_request_is_one_json_line_with_its_id(client, lines):
    response = client.get("/no-such-page")
    logged = [line for line in lines() if line["logger"] == "aicb_board.request"]
    assert len(logged) == 1
    line = logged[0]
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert (line["method"], line["path"], line["status"]) == ("GET", "/no-such-page", 404)
    assert line["duration_ms"] >= 0 and line["level"] == "INFO" and line["time"]


def test_a_reset_token_in_the_path_is_not_logged(client, lines):
    client.get("/auth/reset/secret-token-value")
    assert "secret-token-value" not in json.dumps(lines())


def test_production_logs_json_and_development_text(make_app):
    make_app(APP_ENV="production", BASE_URL="https://board.example.org")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "aicb_board"]
    assert len(ours) == 1 and type(ours[0].formatter).__name__ == "JsonFormatter"
    make_app(LOG_FORMAT="text", LOG_LEVEL="WARNING")
    ours = [h for h in logging.getLogger().handlers if h.get_name() == "aicb_board"]
    assert len(ours) == 1 and type(ours[0].formatter).__name__ == "Formatter"
    assert logging.getLogger().level == logging.WARNING


def test_a_failed_sign_in_is_logged_without_the_password(client, make_user, lines):
    make_user("ada@example.com")
    token = csrf_token(client, "/auth/login")
    client.post(
        "/auth/login",
        data={"csrf_token": token, "email": "ada@example.com", "password": "Wrong-pass-42"},
    )
    failures = [line for line in lines() if line.get("event") == "sign_in_failed"]
    assert len(failures) == 1
    text = json.dumps(lines())
    assert "Wrong-pass-42" not in text and "ada@example.com" not in text
    assert re.fullmatch(r"[0-9a-f]{12}", failures[0]["account"])
    assert failures[0]["request_id"]


def test_a_suspension_is_logged_with_who_did_it(client, make_user, auth, lines):
    admin = make_user("root@example.com", role=Role.ADMIN)
    member = make_user("bob@example.com")
    auth.login("root@example.com")
    response = post_action(
        client, f"/admin/users/{member.id}/suspend", {"reason": "Spam links", "confirm": "1"}
    )
    assert response.status_code == 302
    logged = [line for line in lines() if line.get("event") == "member_suspend"]
    assert len(logged) == 1
    assert (logged[0]["user_id"], logged[0]["admin_id"]) == (member.id, admin.id)
    assert "Spam links" not in json.dumps(lines())


def test_the_health_page_is_for_admins(client, make_user, auth):
    make_user("root@example.com", role=Role.ADMIN)
    make_user("bob@example.com")
    auth.login("bob@example.com")
    assert client.get("/admin/health").status_code == 403
    auth.logout()
    auth.login("root@example.com")
    page = client.get("/admin/health")
    assert page.status_code == 200
    assert "Search queue: 0 change(s) waiting" in page.text
    assert "Failed mail: 0" in page.text
    assert "No worker heartbeat recorded." in page.text


def test_the_health_page_counts_mail_and_reads_the_heartbeat(app, client, make_user, auth):
    make_user("root@example.com", role=Role.ADMIN)
    with app.app_context():
        db.session.add_all(
            [
                OutboxMessage(recipient="a@example.com", subject="s", body="b", status=FAILED),
                OutboxMessage(recipient="b@example.com", subject="s", body="b", status=QUEUED),
            ]
        )
        db.session.commit()
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    Path(app.instance_path, "worker_heartbeat").write_text("2026-01-02T03:04:05+00:00")
    auth.login("root@example.com")
    page = client.get("/admin/health").text
    assert "Failed mail: 1" in page and "Outbox queued: 1" in page
    assert "Last heartbeat: 2026-01-02 03:04:05 UTC" in page
    Path(app.instance_path, "worker_heartbeat").write_text("not a time")
    assert "No worker heartbeat recorded." in client.get("/admin/health").text
