"""Host-header poisoning: every absolute link names BASE_URL, whatever Host a request claims;
production refuses other hosts, and refuses to start without BASE_URL."""

from __future__ import annotations

import json
import re

import pytest

from aicb_board import create_app
from aicb_board.config import Config, ConfigurationError
from aicb_board.extensions import db
from aicb_board.roles.services import open_roles
from tests.mentors.conftest import Cast, request_form
from tests.support import csrf_from

BASE = "https://board.example.org"
FORGED = {"Host": "attacker.example"}


@pytest.fixture
def app(make_app):
    """The test app, reached (as far as its links say) at BASE."""
    return make_app(BASE_URL=BASE, API_RATE_LIMIT="100000 per minute")


def post_with_forged_host(client, form_path: str, data: dict, action: str | None = None):
    """Fill a form as a visitor whose requests all claim to be for attacker.example."""
    page = client.get(form_path, headers=FORGED)
    assert page.status_code == 200, page.status_code
    token = csrf_from(page.get_data(as_text=True))
    return client.post(action or form_path, data={"csrf_token": token, **data}, headers=FORGED)


def carry_session_to_forged_host(client) -> None:
    """Send the member's session cookie with requests for attacker.example too."""
    cookie = client.get_cookie("session")
    client.set_cookie("session", cookie.value, domain="attacker.example")


def test_reset_mail_links_to_base_url_whatever_the_host(client, make_user, outbox):
    make_user("ada@example.com")
    response = post_with_forged_host(client, "/auth/reset", {"email": "ada@example.com"})
    assert response.status_code == 302
    [mail] = outbox()
    assert f"{BASE}/auth/reset/" in mail.body
    assert "attacker.example" not in mail.body


def test_mentorship_mail_links_to_base_url_whatever_the_host(app, make_user, outbox):
    cast = Cast(app, make_user)
    profile_id = cast.publish_profile()
    carry_session_to_forged_host(cast.leader)
    asked = post_with_forged_host(cast.leader, f"/mentors/{profile_id}/request", request_form())
    assert asked.status_code == 302, asked.get_data(as_text=True)[-2000:]
    [mail] = [m for m in outbox() if m.recipient == "alumna@example.com" and "asks" in m.body]
    assert f"{BASE}/mentorship/" in mail.body
    assert "attacker.example" not in mail.body


def test_api_url_and_next_use_base_url_whatever_the_host(app, client):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    listing = client.get("/api/v1/roles?limit=1", headers=FORGED)
    assert listing.status_code == 200
    body = listing.get_json()
    assert body["next"].startswith(f"{BASE}/api/v1/roles?")
    assert body["items"][0]["url"].startswith(f"{BASE}/roles/")
    assert listing.headers["Link"].startswith(f"<{BASE}/api/v1/roles?")
    found = client.get("/api/v1/search?q=product&limit=1", headers=FORGED).get_json()
    assert found["items"][0]["url"].startswith(f"{BASE}/")
    assert found["next"].startswith(f"{BASE}/api/v1/search?")
    document = client.get("/api/v1/openapi.json", headers=FORGED).get_json()
    assert document["servers"][0]["url"].startswith(BASE)


@pytest.mark.parametrize(
    "path",
    [
        "/sitemap.xml",
        "/sitemaps/role-1.xml",
        "/robots.txt",
        "/roles/feed.atom",
        "/stories/feed.atom",
    ],
)
def test_feeds_and_sitemap_link_to_base_url_whatever_the_host(app, client, path):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    response = client.get(path, headers=FORGED)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"{BASE}/" in text
    assert "attacker.example" not in text and "localhost" not in text


def test_role_page_canonical_link_and_json_ld_use_base_url(app, client):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    with app.app_context():
        role = db.session.scalars(open_roles().limit(1)).one()
        path = f"/roles/{role.id}-{role.slug}"
    page = client.get(path, headers=FORGED)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    [canonical] = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    assert canonical.startswith(f"{BASE}/roles/")
    [structured] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    assert json.loads(structured)["url"] == canonical
    assert "attacker.example" not in html


def production_config(**settings) -> Config:
    environ = {"APP_ENV": "production", "SECRET_KEY": "k" * 40, **settings}
    return Config(environ)


def test_production_without_base_url_refuses_to_start_naming_it(tmp_path):
    with pytest.raises(ConfigurationError, match="BASE_URL is not set"):
        create_app(production_config(), instance_path=str(tmp_path))


@pytest.mark.parametrize("value", ["board.example.org", "ftp://board.example.org", "https://"])
def test_a_base_url_that_is_not_a_site_address_is_refused(tmp_path, value):
    with pytest.raises(ConfigurationError, match="BASE_URL"):
        create_app(production_config(BASE_URL=value), instance_path=str(tmp_path))


@pytest.fixture
def production(make_app):
    """A production app at BASE (its database is the test database)."""
    app = make_app(APP_ENV="production", BASE_URL=BASE, SESSION_COOKIE_SECURE=False)
    return app.test_client()


def test_production_answers_400_to_an_untrusted_host(production):
    for path in ("/", "/healthz", "/api/v1/roles", "/no-such-page"):
        response = production.get(path, headers=FORGED)
        assert response.status_code == 400, (path, response.status_code)
        assert "Traceback" not in response.get_data(as_text=True)


def test_production_refuses_a_forged_host_before_sending_any_mail(make_app, make_user, outbox):
    # Without CSRF, so that only the Host header can be what refuses the form.
    app = make_app(APP_ENV="production", BASE_URL=BASE, WTF_CSRF_ENABLED=False)
    make_user("ada@example.com")
    data = {"email": "ada@example.com"}
    response = app.test_client().post("/auth/reset", data=data, headers=FORGED)
    assert response.status_code == 400
    assert outbox() == []


def test_production_answers_its_own_host(production):
    for host in ("board.example.org", "board.example.org:443"):
        response = production.get("/", headers={"Host": host})
        assert response.status_code == 200, (host, response.status_code)


def test_production_also_answers_the_extra_trusted_hosts(make_app):
    app = make_app(APP_ENV="production", BASE_URL=BASE, EXTRA_TRUSTED_HOSTS=["10.0.0.7"])
    assert app.test_client().get("/healthz", headers={"Host": "10.0.0.7:8000"}).status_code == 200
    assert app.test_client().get("/healthz", headers=FORGED).status_code == 400
