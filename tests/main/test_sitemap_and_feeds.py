"""The sitemap index, its chunked files and the feeds: validators, 304s, fresh after a change."""

from __future__ import annotations

import re

import pytest

from aicb_board.http_cache import CACHE_KEY
from aicb_board.main.sitemaps import MAX_URLS, chunk_size

LOC = re.compile(r"<loc>([^<]+)</loc>")
CONDITIONAL = ["/sitemap.xml", "/sitemaps/role-1.xml", "/roles/feed.atom", "/stories/feed.atom"]


def locations(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return LOC.findall(response.get_data(as_text=True))


def test_the_index_lists_each_kinds_files_of_at_most_the_chunk_size(app, client, add_roles):
    app.config["SITEMAP_CHUNK"] = 2
    role_ids = add_roles(5)
    files = locations(client, "/sitemap.xml")
    paths = [url.split("://", 1)[1].split("/", 1)[1] for url in files]
    assert paths == ["sitemaps/pages-1.xml"] + [f"sitemaps/role-{n}.xml" for n in (1, 2, 3)]
    assert locations(client, "/sitemaps/pages-1.xml") == ["http://localhost/"]
    listed = [url for n in (1, 2, 3) for url in locations(client, f"/sitemaps/role-{n}.xml")]
    assert [len(locations(client, f"/sitemaps/role-{n}.xml")) for n in (1, 2, 3)] == [2, 2, 1]
    assert sorted(int(url.rsplit("/", 1)[1].split("-")[0]) for url in listed) == sorted(role_ids)
    assert client.get("/sitemaps/role-4.xml").status_code == 404
    assert client.get("/sitemaps/role-0.xml").status_code == 404
    assert client.get("/sitemaps/nothing-1.xml").status_code == 404


def test_a_kind_with_nothing_public_has_no_file_in_the_index_but_an_empty_first_file(client):
    assert "story-1" not in client.get("/sitemap.xml").get_data(as_text=True)
    assert locations(client, "/sitemaps/story-1.xml") == []


def test_no_file_ever_holds_more_urls_than_the_protocol_allows(app):
    app.config["SITEMAP_CHUNK"] = 200_000
    with app.app_context():
        assert chunk_size() == MAX_URLS == 50_000


def test_drafts_and_closed_roles_stay_out_of_the_sitemap(client, add_roles):
    from datetime import timedelta

    from aicb_board.database import utcnow

    (open_role,) = add_roles(1)
    add_roles(1, status="draft")
    add_roles(1, expires_at=utcnow() - timedelta(days=1))
    listed = locations(client, "/sitemaps/role-1.xml")
    assert [int(url.rsplit("/", 1)[1].split("-")[0]) for url in listed] == [open_role]


@pytest.mark.parametrize("path", CONDITIONAL)
def test_a_repeated_request_is_answered_304_by_etag_or_date(client, add_roles, path):
    add_roles(2)
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["ETag"] and first.headers["Cache-Control"] == "public, no-cache"
    again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    if path != "/stories/feed.atom":  # no story, so no date to compare with
        since = client.get(path, headers={"If-Modified-Since": first.headers["Last-Modified"]})
        assert since.status_code == 304
    assert client.get(path, headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.parametrize("path", CONDITIONAL)
def test_a_304_builds_nothing(app, client, add_roles, path):
    add_roles(1)
    etag = client.get(path).headers["ETag"]
    app.extensions[CACHE_KEY].clear()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert app.extensions[CACHE_KEY] == {}


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemaps/role-1.xml", "/roles/feed.atom"])
def test_a_newly_published_role_changes_the_etag_and_the_document(client, add_roles, path):
    add_roles(1)
    first = client.get(path)
    (new_role,) = add_roles(1, title="Chief AI Officer")
    response = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
    assert response.status_code == 200
    assert response.headers["ETag"] != first.headers["ETag"]
    if path != "/sitemap.xml":
        assert f"/roles/{new_role}-chief-ai-officer" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemaps/role-1.xml", "/roles/feed.atom"])
def test_a_removed_role_is_news_to_a_client_that_only_sends_a_date(app, client, add_roles, path):
    from datetime import timedelta

    from aicb_board.database import utcnow
    from aicb_board.extensions import db
    from aicb_board.roles.models import RolePosting

    (kept,) = add_roles(1, updated_at=utcnow() - timedelta(days=2))
    (removed,) = add_roles(1, updated_at=utcnow() - timedelta(days=1))
    since = client.get(path).headers["Last-Modified"]
    with app.app_context():
        db.session.get(RolePosting, removed).status = "removed"
        db.session.commit()
    response = client.get(path, headers={"If-Modified-Since": since})
    assert response.status_code == 200
    assert f"/roles/{removed}-" not in response.get_data(as_text=True)


def test_an_ampersand_is_escaped_once_in_feeds_search_and_descriptions(app, members):
    from tests.factories import published_role

    role = published_role(
        app, members.add("author"), members.moderator, title="Head of AI Finance",
        description="You will own the P&L and R&D budget of our AI products; 5 < 10 reports.",
    )  # fmt: skip
    client = app.test_client()
    feed = client.get("/roles/feed.atom").get_data(as_text=True)
    assert "P&amp;L and R&amp;D" in feed and "&amp;amp;" not in feed
    page = client.get(f"/roles/{role}", follow_redirects=True).get_data(as_text=True)
    assert 'content="You will own the P&amp;L and R&amp;D' in page and "&amp;amp;" not in page
    found = client.get("/search?q=budget").get_data(as_text=True)
    assert "P&amp;L" in found and "&amp;amp;" not in found
