"""Who may open or do what: every role and moderation route, for every kind of visitor."""

import pytest
from sqlalchemy import select

from aicb_board.extensions import db
from aicb_board.moderation.models import Revision
from tests.factories import role_form
from tests.support import csrf_token, decide, post_action, post_form

PERSONAS = ["anonymous", "author", "other", "moderator", "admin"]
SIGN_IN = "sign-in"  # a redirect to the sign-in page


def make_role(people, state: str) -> int:
    """A role by the author in `state` (draft, pending, published, or published with an edit)."""
    role_id = people.post_role(title=f"Head of AI Product {state} {len(people.made)}")
    people.made.append(role_id)
    if state != "draft":
        post_action(people.author, f"/me/submissions/role/{role_id}/submit")
    if state in {"published", "revised"}:
        decide(people.moderator, f"/moderation/role/{role_id}/approve")
    if state == "revised":
        post_form(people.author, f"/roles/{role_id}/edit", role_form(title=f"Edited {role_id}"))
    return role_id


def revision_of(app, role_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(Revision.id).where(Revision.item_id == role_id, Revision.status != "saved")
        )


# (method, path template, item state or None, expected status per persona)
MATRIX = [
    ("GET", "/", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/roles/", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/roles/feed.atom", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/sitemap.xml", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/roles/new", None, {"anonymous": SIGN_IN} | dict.fromkeys(PERSONAS[1:], 200)),
    ("GET", "/roles/{id}", "published", dict.fromkeys(PERSONAS, 301)),
    ("GET", "/roles/{id}", "pending", dict.fromkeys(PERSONAS, 404)),
    ("GET", "/roles/{id}", "draft", dict.fromkeys(PERSONAS, 404)),
    ("GET", "/roles/999999", None, dict.fromkeys(PERSONAS, 404)),
    ("GET", "/roles/{id}/edit", "draft", {"anonymous": SIGN_IN, "author": 200, "other": 403,
                                          "moderator": 403, "admin": 403}),
    ("GET", "/roles/{id}/manage", "pending", {"anonymous": SIGN_IN, "author": 200, "other": 403,
                                              "moderator": 403, "admin": 403}),
    ("POST", "/roles/{id}/edit", "draft", {"anonymous": SIGN_IN, "author": 302, "other": 403,
                                           "moderator": 403, "admin": 403}),
    ("GET", "/me/submissions", None, {"anonymous": SIGN_IN} | dict.fromkeys(PERSONAS[1:], 200)),
    ("POST", "/me/submissions/role/{id}/submit", "draft",
     {"anonymous": SIGN_IN, "author": 302, "other": 403, "moderator": 403, "admin": 403}),
    ("POST", "/me/submissions/role/{id}/close", "published",
     {"anonymous": SIGN_IN, "author": 302, "other": 403, "moderator": 403, "admin": 403}),
    ("POST", "/me/submissions/role/{id}/approve", "pending",
     {"anonymous": SIGN_IN, "author": 404, "other": 404, "moderator": 404, "admin": 404}),
    ("GET", "/moderation/", None, {"anonymous": SIGN_IN, "author": 403, "other": 403,
                                   "moderator": 200, "admin": 200}),
    ("GET", "/moderation/role/{id}", "pending", {"anonymous": SIGN_IN, "author": 403,
                                                 "other": 403, "moderator": 200, "admin": 200}),
    ("POST", "/moderation/role/{id}/approve", "pending",
     {"anonymous": SIGN_IN, "author": 403, "other": 403, "moderator": 302, "admin": 302}),
    ("POST", "/moderation/role/{id}/reject", "pending",
     {"anonymous": SIGN_IN, "author": 403, "other": 403, "moderator": 302, "admin": 302}),
    ("POST", "/moderation/role/{id}/remove", "published",
     {"anonymous": SIGN_IN, "author": 403, "other": 403, "moderator": 302, "admin": 302}),
    ("POST", "/moderation/role/{id}/submit", "draft",
     {"anonymous": SIGN_IN, "author": 403, "other": 403, "moderator": 404, "admin": 404}),
    ("POST", "/moderation/revisions/{revision}/approve", "revised",
     {"anonymous": SIGN_IN, "author": 403, "other": 403, "moderator": 302, "admin": 302}),
    ("GET", "/admin/outbox", None, {"anonymous": SIGN_IN, "author": 403, "other": 403,
                                    "moderator": 403, "admin": 200}),
]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(app, people, persona):
    people.made = []
    client = people.anonymous if persona == "anonymous" else getattr(people, persona)
    seen = []
    for method, template, state, expected in MATRIX:
        role_id = make_role(people, state) if state else None
        path = template.format(
            id=role_id, revision=revision_of(app, role_id) if state == "revised" else None
        )
        if method == "GET":
            response = client.get(path)
        else:
            data = role_form(title=f"Changed {role_id}") if path.endswith("/edit") else {}
            data["reason"] = "A reason for the record."
            data["version"] = "1"  # each role is fresh: its first version is what was read
            data["confirm"] = "1"  # closing asks first; this is the confirmed click
            token = csrf_token(client, "/auth/login")
            response = client.post(path, data={"csrf_token": token, **data})
        status = response.status_code
        if status == 302 and "/auth/login" in response.headers["Location"]:
            status = SIGN_IN
        seen.append((method, template, state, status))
        assert status == expected[persona], (persona, method, template, state, status)
