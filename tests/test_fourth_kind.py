"""A kind of content added without touching the board: it goes through the whole life.

`tests/fourth_kind` declares field notes (model, form, templates, search document, API
representation) and nothing else changes: an app whose CONTENT_KINDS lists them moderates,
publishes, finds, lists and removes them like any kind of its own.
"""

from __future__ import annotations

import re

import pytest

from aicb_board.auth.models import Role
from aicb_board.config import CONTENT_KINDS
from aicb_board.extensions import db
from tests.fourth_kind.kind import Note
from tests.support import decide, post_action, post_form

WORD = "quorumfield"  # in the note's text and nowhere else
NOTE = {"title": "What I kept from running sales teams", "body": f"A {WORD} of lessons."}


@pytest.fixture
def app(make_app):
    """The board with field notes as a fourth kind, and their table (for this test only)."""
    app = make_app(CONTENT_KINDS=[*CONTENT_KINDS, "tests.fourth_kind.kind:NOTE_KIND"])
    with app.app_context():
        Note.__table__.create(db.engine, checkfirst=True)
    yield app
    with app.app_context():
        db.session.remove()
        Note.__table__.drop(db.engine)


def found_in_search(client) -> bool:
    return "What I kept from running sales teams" in client.get(f"/search?q={WORD}").text


def api_ids(client) -> list[int]:
    return [item["id"] for item in client.get("/api/v1/notes").get_json()["items"]]


def sitemap_lists(client, url: str) -> bool:
    index = client.get("/sitemap.xml").text
    files = re.findall(r"<loc>http://localhost(/sitemaps/note-\d+\.xml)</loc>", index)
    return any(url in client.get(path).text for path in files)


def test_a_fourth_kind_goes_from_submission_to_removal(app, members):
    author = members.add("writer") and members.sign_in("writer")
    members.add("mod", Role.MODERATOR)
    moderator = members.sign_in("mod")
    public = app.test_client()

    written = post_form(author, "/notes/new", NOTE)
    assert written.status_code == 302
    note_id = int(re.search(r"/notes/(\d+)/manage", written.headers["Location"]).group(1))
    assert "What I kept" in author.get(f"/notes/{note_id}/manage").text
    assert public.get(f"/notes/{note_id}").status_code == 404  # a draft is the author's
    submitted = post_action(author, f"/me/submissions/note/{note_id}/submit")
    assert submitted.status_code == 302

    queue = moderator.get("/moderation/").text
    assert "What I kept from running sales teams" in queue and "Field note" in queue
    assert public.get(f"/notes/{note_id}").status_code == 404  # waiting for review
    assert not found_in_search(public) and note_id not in api_ids(public)
    approved = decide(moderator, f"/moderation/note/{note_id}/approve")
    assert approved.status_code == 302

    url = f"http://localhost/notes/{note_id}"
    page = public.get(f"/notes/{note_id}")
    assert page.status_code == 200 and f"A {WORD} of lessons." in page.text
    assert found_in_search(public)
    hits = public.get(f"/api/v1/search?q={WORD}").get_json()["items"]
    assert [(hit["kind"], hit["id"], hit["url"]) for hit in hits] == [("note", note_id, url)]
    assert api_ids(public) == [note_id]
    one = public.get(f"/api/v1/notes/{note_id}").get_json()
    assert one["title"] == NOTE["title"] and one["url"] == url
    document = public.get("/api/v1/openapi.json").get_json()
    assert {"/api/v1/notes", "/api/v1/notes/{note_id}"} <= set(document["paths"])
    assert set(document["components"]["schemas"]["Note"]["properties"]) >= {"title", "body"}
    assert sitemap_lists(public, url)

    removed = decide(moderator, f"/moderation/note/{note_id}/remove", {"reason": "Spam."})
    assert removed.status_code == 302
    assert public.get(f"/notes/{note_id}").status_code == 410
    assert not found_in_search(public)
    assert api_ids(public) == [] and public.get(f"/api/v1/notes/{note_id}").status_code == 404
    assert not sitemap_lists(public, url)


def test_an_app_without_the_kind_knows_nothing_of_it(make_app):
    client = make_app().test_client()
    assert client.get("/notes/new").status_code == 404
    assert client.get("/api/v1/notes").status_code == 404
    assert "/api/v1/notes" not in client.get("/api/v1/openapi.json").get_json()["paths"]
