"""Every route, every kind of visitor, hostile input: answers are never a server error."""

import pytest

from aicb_board.auth.models import Role
from tests.conftest import AuthActions
from tests.mentors.conftest import Cast
from tests.support import csrf_token

HOSTILE_VALUES = [
    "",
    "\x00",
    "' OR '1'='1",
    "<script>alert(1)</script>",
    "%00%ff",
    "😀" * 50,
    "9" * 40,
    "-1",
    "x" * 5000,
    "javascript:alert(1)",
]


def paths_of(app, ids: dict[str, str]) -> list[tuple[str, str]]:
    """Every rule with its arguments filled from `ids` (methods other than HEAD/OPTIONS)."""
    result = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        path = rule.rule
        for argument in rule.arguments:
            path = path.replace(f"<int:{argument}>", ids.get(argument, "1"))
            path = path.replace(f"<{argument}>", ids.get(argument, "approve"))
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            result.append((method, path))
    return result


@pytest.mark.parametrize("persona", ["anonymous", "member", "moderator", "admin"])
def test_no_route_answers_500_to_hostile_input(app, make_user, persona):
    cast = Cast(app, make_user)
    profile_id = cast.publish_profile()
    cast.ask("leader", profile_id)
    ids = {
        "profile_id": str(profile_id),
        "request_id": str(cast.request_id("leader", profile_id)),
        "item_id": str(profile_id),
        "kind_name": "mentor",
        "slug": "no-such-story",
        "token": "bad.token.value",
    }
    client = app.test_client()
    if persona != "anonymous":
        email = f"{persona}-x@example.com"
        role = {"member": Role.MEMBER, "moderator": Role.MODERATOR, "admin": Role.ADMIN}[persona]
        make_user(email, role=role)
        AuthActions(client).login(email)
    failures = []
    for method, path in paths_of(app, ids):
        if path == "/auth/logout":
            continue
        for value in HOSTILE_VALUES:
            query = {name: value for name in ("q", "page", "tag", "seniority", "next", "kind")}
            if method == "GET":
                response = client.get(path, query_string=query)
            else:
                fields = ("email", "password", "title", "reason", "goals", "note", "rating",
                          "decline_reason", "display_name", "canned_reason", "format")  # fmt: skip
                data = {name: value for name in fields}
                data["csrf_token"] = csrf_token(client, "/auth/login")
                response = client.post(path, data=data)
            if response.status_code >= 500:
                failures.append((method, path, value[:20], response.status_code))
    assert failures == []
