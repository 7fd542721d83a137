"""Who may open or do what on every story route."""

import pytest

from tests.factories import story_form
from tests.support import csrf_token, decide

PERSONAS = ["anonymous", "author", "reader", "moderator", "admin"]
SIGN_IN = "sign-in"
OWNER_ONLY = {"anonymous": SIGN_IN, "author": 200, "reader": 403, "moderator": 403, "admin": 403}
MATRIX = [
    ("GET", "/stories/", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/stories/feed.atom", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/stories/{slug}", "published", dict.fromkeys(PERSONAS, 200)),
    ("GET", "/stories/{slug}", "draft", dict.fromkeys(PERSONAS, 404)),
    ("GET", "/stories/{slug}", "removed", dict.fromkeys(PERSONAS, 410)),
    ("GET", "/stories/no-such-story", None, dict.fromkeys(PERSONAS, 404)),
    ("GET", "/stories/new", None, {"anonymous": SIGN_IN} | dict.fromkeys(PERSONAS[1:], 200)),
    ("GET", "/stories/{id}/edit", "draft", OWNER_ONLY),
    ("GET", "/stories/{id}/manage", "draft", OWNER_ONLY),
    ("POST", "/stories/{id}/edit", "draft", OWNER_ONLY | {"author": 302}),
    ("POST", "/me/submissions/story/{id}/submit", "draft", OWNER_ONLY | {"author": 302}),
    ("POST", "/moderation/story/{id}/approve", "pending",
     {"anonymous": SIGN_IN, "author": 403, "reader": 403, "moderator": 302, "admin": 302}),
    ("POST", "/moderation/story/{id}/remove", "published",
     {"anonymous": SIGN_IN, "author": 403, "reader": 403, "moderator": 302, "admin": 302}),
]  # fmt: skip


def make_story(writers, state: str, number: int) -> int:
    from tests.support import post_action

    story_id = writers.write(title=f"A story in state {state} {number}")
    if state in {"pending", "published", "removed"}:
        post_action(writers.author, f"/me/submissions/story/{story_id}/submit")
    if state in {"published", "removed"}:
        decide(writers.moderator, f"/moderation/story/{story_id}/approve")
    if state == "removed":
        decide(writers.admin, f"/moderation/story/{story_id}/remove", {"reason": "Spam."})
    return story_id


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(writers, persona):
    client = writers.anonymous if persona == "anonymous" else writers.clients[persona]
    for number, (method, template, state, expected) in enumerate(MATRIX):
        story_id = make_story(writers, state, number) if state else None
        path = template.format(id=story_id, slug=writers.slug(story_id) if story_id else "")
        if method == "GET":
            response = client.get(path)
        else:
            data = story_form(title=f"Changed {number}") if path.endswith("/edit") else {}
            data.update(csrf_token=csrf_token(client, "/auth/login"), reason="For the record.")
            data["version"] = "1"  # each story is fresh: its first version is what was read
            response = client.post(path, data=data)
        status = response.status_code
        if status == 302 and "/auth/login" in response.headers["Location"]:
            status = SIGN_IN
        assert status == expected[persona], (persona, method, template, state, status)
