"""No cache keeps a private page: everything a signed-in member gets, and every form (it
carries a CSRF token), says `Cache-Control: no-store`; what anonymous visitors get (pages,
feeds, the API) and static files keep their caching."""

from __future__ import annotations

import re

import pytest

from tests.security.test_access_matrix import routes_of
from tests.security.world import PERSONAS, World
from tests.support import csrf_token

SIGNED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


def test_everything_a_signed_in_member_gets_is_no_store(app, make_user):
    world = World(app, make_user)
    answers = [
        (endpoint, path) for method, endpoint, path in routes_of(world, app) if method == "GET"
    ]
    assert len(answers) > 40
    stored = []
    for persona in SIGNED_IN:
        for endpoint, path in answers:
            response = world.clients[persona].get(path)
            if response.headers.get("Cache-Control") != "no-store":
                stored.append((persona, endpoint, response.status_code))
    assert not stored, f"cacheable for a signed-in member: {stored}"


def test_static_files_stay_cacheable_for_a_signed_in_member(client, auth):
    auth.register()
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    response.close()


@pytest.mark.parametrize("path", ["/auth/login", "/auth/register", "/auth/reset"])
def test_forms_for_anonymous_visitors_are_no_store(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_the_password_reset_page_is_no_store(client, make_user, outbox):
    make_user("ada@example.com")
    token = csrf_token(client, "/auth/reset")
    client.post("/auth/reset", data={"csrf_token": token, "email": "ada@example.com"})
    [link] = re.findall(r"http://localhost(/auth/reset/\S+)", outbox()[-1].body)
    response = client.get(link)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_for_anonymous_visitors_keep_their_caching(app, client):
    assert app.test_cli_runner().invoke(args=["seed", "demo"]).exit_code == 0
    pages = ["/", "/roles/", "/mentors/", "/stories/", "/search?q=product"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Cache-Control" not in response.headers, path
    for path in ["/robots.txt", "/healthz"]:
        response = client.get(path)
        assert "Cache-Control" not in response.headers, path
    # Sitemaps and feeds carry validators: any cache may keep them but asks again (a 304).
    for path in ["/sitemap.xml", "/sitemaps/role-1.xml", "/roles/feed.atom", "/stories/feed.atom"]:
        response = client.get(path)
        assert response.headers["Cache-Control"] == "public, no-cache", path
    api = client.get("/api/v1/roles")
    assert api.headers["Cache-Control"] == "public, max-age=60"
    assert (
        client.get("/api/v1/roles", headers={"If-None-Match": api.headers["ETag"]}).status_code
        == 304
    )
