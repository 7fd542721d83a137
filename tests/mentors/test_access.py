"""Who may open or do what on every mentor and mentorship route."""

import itertools

import pytest

from aicb_board.extensions import db
from aicb_board.mentors.models import MentorshipRequest
from tests.factories import profile_form
from tests.support import csrf_token, post_action, post_form

PERSONAS = ["anonymous", "alumna", "leader", "other", "moderator", "admin"]
SIGN_IN = "sign-in"
ONLY_MENTOR = {"anonymous": SIGN_IN, "alumna": 302, "leader": 403, "other": 403,
               "moderator": 403, "admin": 403}  # fmt: skip
ONLY_MENTEE = ONLY_MENTOR | {"alumna": 403, "leader": 302}
SIGNED_IN = {"anonymous": SIGN_IN} | dict.fromkeys(PERSONAS[1:], 200)
NOT_FOUND = SIGNED_IN | dict.fromkeys(PERSONAS[1:], 404)
MODERATORS = {"anonymous": SIGN_IN, "alumna": 403, "leader": 403, "other": 403,
              "moderator": 302, "admin": 302}  # fmt: skip

# (method, path, what it needs, expected per persona)
MATRIX = [
    ("GET", "/mentors/", None, dict.fromkeys(PERSONAS, 200)),
    ("GET", "/mentors/{profile}", "published", dict.fromkeys(PERSONAS, 200)),
    ("GET", "/mentors/{profile}", "pending", dict.fromkeys(PERSONAS, 404)),
    ("GET", "/mentors/999999", None, dict.fromkeys(PERSONAS, 404)),
    ("GET", "/mentors/{profile}/request", "published", SIGNED_IN),
    ("GET", "/mentors/profile", None, SIGNED_IN),
    ("GET", "/mentors/profile/manage", None, SIGNED_IN | {"leader": 302, "other": 302,
                                                         "moderator": 302, "admin": 302}),
    ("GET", "/mentorship/", None, SIGNED_IN),
    ("POST", "/mentorship/{request}/accept", "request", ONLY_MENTOR),
    ("POST", "/mentorship/{request}/decline", "request", ONLY_MENTOR),
    ("POST", "/mentorship/{request}/cancel", "request", ONLY_MENTEE),
    ("POST", "/mentorship/{request}/complete", "accepted", ONLY_MENTOR | {"leader": 302}),
    ("GET", "/mentorship/{request}/complete/confirm", "accepted",
     ONLY_MENTOR | {"alumna": 200, "leader": 200}),
    ("GET", "/mentorship/{request}/end/confirm", "accepted",
     ONLY_MENTOR | {"alumna": 200, "leader": 200}),
    ("GET", "/mentorship/{request}/accept/confirm", "request", NOT_FOUND),
    ("POST", "/mentors/profile/availability", None, NOT_FOUND | {"alumna": 422}),
    ("POST", "/mentorship/{request}/launch", "request", NOT_FOUND),
    ("POST", "/mentorship/999999/accept", None, NOT_FOUND),
    ("GET", "/mentorship/feedback", None, {"anonymous": SIGN_IN, "alumna": 403, "leader": 403,
                                          "other": 403, "moderator": 403, "admin": 200}),
    ("POST", "/moderation/mentor/{profile}/approve", "pending", MODERATORS),
]  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_matrix(app, cast, persona):
    cast.add("other")
    counter = itertools.count()
    alumna_profile = cast.publish_profile("alumna")
    client = cast.anonymous if persona == "anonymous" else cast.clients[persona]
    for method, template, needs, expected in MATRIX:
        values = {}
        if needs == "published":
            values["profile"] = alumna_profile
        elif needs == "pending":
            name = f"pending{next(counter)}"
            cast.add(name)
            post_form(cast.clients[name], "/mentors/profile", profile_form())
            values["profile"] = cast.profile_id(name)
            post_action(cast.clients[name], f"/me/submissions/mentor/{values['profile']}/submit")
        elif needs in {"request", "accepted"}:
            cast.ask("leader", alumna_profile)
            values["request"] = cast.request_id("leader", alumna_profile)
            if needs == "accepted":
                post_action(cast.alumna, f"/mentorship/{values['request']}/accept")
        path = template.format(**values)
        if method == "GET":
            response = client.get(path)
        else:
            data = {"csrf_token": csrf_token(client, "/auth/login"), "decline_reason": "other"}
            data["version"] = "1"  # each profile is fresh: its first version is what was read
            response = client.post(path, data=data)
        status = response.status_code
        if status == 302 and "/auth/login" in response.headers["Location"]:
            status = SIGN_IN
        assert status == expected[persona], (persona, method, template, needs, status)
        if needs in {"request", "accepted"}:
            _close(cast, values["request"])


def _close(cast, request_id: int) -> None:
    """Free the pair again, whatever happened, so the next row can ask afresh."""
    with cast.app.app_context():
        request = db.session.get(MentorshipRequest, request_id)
        if request.status in {"pending", "accepted"}:
            request.status, request.seat = "cancelled", None
            db.session.commit()
