"""Hostile input in every field of every form, tricky `next=` values, extra form fields, and
the security headers on every page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from aicb_board.auth.models import User
from aicb_board.extensions import db
from aicb_board.mentors.models import MentorProfile, MentorshipRequest
from aicb_board.moderation.models import Report
from aicb_board.roles.models import RolePosting
from aicb_board.stories.models import Story
from tests.factories import profile_form, role_form, story_form
from tests.mentors.conftest import request_form
from tests.security.html import assert_page_is_safe
from tests.security.world import World
from tests.support import PASSWORD, csrf_token, post_form

HOSTILE = [
    '<script>alert("x")</script>',
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "'; DROP TABLE users; --",
    "' OR '1'='1",
    "\x00nul\x00",
    "\x1b[31mcontrol\x07",
    "‮right-to-left override",
    "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 ✓ 😀 \u200b",
    "x" * 20_000,
]


@pytest.fixture
def world(app, make_user) -> World:
    return World(app, make_user)


def counts(app) -> dict[str, int]:
    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (RolePosting, Story, MentorProfile, MentorshipRequest, Report, User)
        }


def forms(world: World) -> list[tuple[str, str, dict]]:
    """(who, form page, a valid submission) for every form that stores member text."""
    return [
        ("member", "/roles/new", role_form()),
        ("member", "/stories/new", story_form()),
        ("member", "/mentors/profile", profile_form()),
        ("member", f"/mentors/{world.profile}/request", request_form()),
        ("member", f"/report/story/{world.published_story}", {"reason": "spam", "detail": ""}),
        ("member", "/account", {"display_name": "Member", "headline": "", "bio": ""}),
        ("anonymous", "/auth/register", {"email": "new@example.com", "display_name": "New",
                                         "password": PASSWORD, "confirm": PASSWORD}),
    ]  # fmt: skip


@pytest.mark.parametrize("value", HOSTILE, ids=lambda value: repr(value[:12]))
def test_hostile_text_in_every_field_is_stored_whole_or_refused(app, world, value):
    for who, path, valid in forms(world):
        client = world.clients[who]
        for field in valid:
            if field in {"csrf_token", "preview", "password", "confirm"}:
                continue
            before = counts(app)
            response = post_form(client, path, {**valid, field: value})
            assert response.status_code < 500, (path, field, response.status_code)
            if response.status_code in {400, 409, 422}:  # refused: nothing half-way stored
                assert counts(app) == before, (path, field)
            assert_page_is_safe(response.get_data(as_text=True))
    for path in ("/me/submissions", "/mentorship/", "/moderation/", "/search?q=x",
                 f"/stories/{world.published_slug}", "/roles/", "/mentors/"):  # fmt: skip
        for who in ("member", "moderator"):
            page = world.clients[who].get(path, follow_redirects=True)
            assert page.status_code < 500
            assert_page_is_safe(page.get_data(as_text=True))


@pytest.mark.parametrize("value", HOSTILE[:6], ids=lambda value: repr(value[:12]))
def test_hostile_query_parameters_everywhere(world, value):
    client = world.clients["member"]
    for path in ("/roles/", "/mentors/", "/stories/", "/search", "/moderation/log",
                 "/api/v1/roles", "/api/v1/search", "/auth/login"):  # fmt: skip
        names = ("q", "tag", "seniority", "page", "cursor", "next", "kind", "updated_since")
        response = client.get(path, query_string=dict.fromkeys(names, value))
        assert response.status_code < 500, (path, response.status_code)
        if response.content_type.startswith("text/html"):
            assert_page_is_safe(response.get_data(as_text=True))


TRICKY_NEXT = [
    "//evil.example", "/\\evil.example", "\\/evil.example", "https:evil.example",
    "https://evil.example", "http:/evil.example", "%2F%2Fevil.example", "/%2F/evil.example",
    "/\t/evil.example", " //evil.example", "///evil.example", "https://localhost@evil.example",
    "javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "/\x00/evil.example",
    "//%65vil.example", "http://[::1]:80@evil.example",
]  # fmt: skip


@pytest.mark.parametrize("target", TRICKY_NEXT)
def test_next_never_leaves_the_site(app, make_user, target):
    make_user("walker@example.com")
    client = app.test_client()
    form = client.get("/auth/login", query_string={"next": target}).get_data(as_text=True)
    kept = re.search(r'name="next" type="hidden" value="([^"]*)"', form).group(1)
    assert kept == "" or (kept.startswith("/") and not kept.startswith(("//", "/\\"))), kept
    response = client.post(
        "/auth/login",
        data={"csrf_token": csrf_token(client, "/auth/login"), "email": "walker@example.com",
              "password": PASSWORD, "next": target},
    )  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.scheme and not parts.netloc, location
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_extra_form_fields_change_nothing_they_should_not(app, world):
    member = world.clients["member"]
    member_id = world.users["member"].id
    author_id = world.users["author"].id
    extra = {
        "status": "published", "author_id": str(author_id), "role": "admin",
        "published_at": "2020-01-01", "id": "1", "slug": "taken-over", "is_admin": "1",
    }  # fmt: skip
    response = post_form(member, "/stories/new", {**story_form(title="Mine, honestly"), **extra})
    assert response.status_code == 302
    post_form(member, "/account", {"display_name": "Member", "headline": "", "bio": "", **extra})
    with app.app_context():
        story = db.session.scalar(select(Story).where(Story.title == "Mine, honestly"))
        assert story.status == "draft" and story.author_id == member_id
        assert story.slug != "taken-over" and story.published_at is None
        assert db.session.get(User, member_id).role == "member"


def test_another_members_things_stay_out_of_reach(app, world):
    member = world.clients["member"]
    for path in (f"/stories/{world.draft_story}/edit", f"/stories/{world.draft_story}/manage",
                 f"/roles/{world.draft_role}/edit", f"/roles/{world.draft_role}/manage",
                 f"/moderation/story/{world.draft_story}",
                 f"/me/submissions/story/{world.draft_story}/appeal"):  # fmt: skip
        assert member.get(path).status_code in {403, 404}, path
    token = csrf_token(member, "/auth/login")
    for path in (f"/me/submissions/story/{world.draft_story}/submit",
                 f"/me/submissions/role/{world.draft_role}/withdraw",
                 f"/stories/{world.draft_story}/edit",
                 f"/mentorship/{world.request}/withdraw",
                 f"/mentorship/{world.request}/feedback",
                 f"/moderation/story/{world.draft_story}/approve"):  # fmt: skip
        assert member.post(path, data={"csrf_token": token, **story_form()}).status_code in {
            403, 404}, path  # fmt: skip
    with app.app_context():
        assert db.session.get(Story, world.draft_story).status == "draft"
        assert db.session.get(MentorshipRequest, world.request).status == "pending"


def test_every_html_page_carries_the_security_headers(app, world):
    from tests.security.test_access_matrix import routes_of

    for persona in ("anonymous", "member", "admin"):
        client = world.clients[persona]
        for method, _endpoint, path in routes_of(world, app):
            if method != "GET":
                continue
            response = client.get(path)
            if not response.content_type.startswith("text/html"):
                continue
            headers = response.headers
            assert "default-src 'self'" in headers["Content-Security-Policy"], path
            assert "script-src 'self'" in headers["Content-Security-Policy"], path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], path
            assert headers["Referrer-Policy"], path
