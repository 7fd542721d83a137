"""Hostile strings in every account form: a clear answer, never a 500, nothing stored wrong."""

import pytest

from tests.support import csrf_token

HOSTILE = [
    "\x00",
    "ada\x00@example.com",
    "' OR 1=1 --",
    '"><img src=x onerror=alert(1)>',
    "\u202e\u0000\ufeff",
    "ü" * 3000,
    "%00%0d%0a",
]


def post_form(client, path: str, **fields):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **fields})


@pytest.mark.parametrize("value", HOSTILE)
def test_login_with_hostile_email_is_answered(make_app, value):
    client = make_app(RATELIMIT_ENABLED=False).test_client()
    response = post_form(client, "/auth/login", email=value, password=value)
    assert response.status_code == 422


@pytest.mark.parametrize("value", HOSTILE)
def test_register_with_hostile_values_is_answered(make_app, value):
    client = make_app(RATELIMIT_ENABLED=False).test_client()
    response = post_form(client, "/auth/register", email=value, display_name=value, password=value)
    assert response.status_code == 422


@pytest.mark.parametrize("value", HOSTILE)
def test_reset_request_with_hostile_email_is_answered(make_app, value):
    client = make_app(RATELIMIT_ENABLED=False).test_client()
    assert post_form(client, "/auth/reset", email=value).status_code == 422


@pytest.mark.parametrize("value", HOSTILE)
def test_account_settings_with_hostile_values_never_fail(client, auth, make_user, value):
    make_user("ada@example.com")
    auth.login()
    response = post_form(
        client, "/account", display_name=value, headline=value, linkedin_url=value, bio=value
    )
    assert response.status_code in (302, 422)
    page = client.get("/account").get_data(as_text=True)
    assert "<img src=x" not in page


def test_bio_keeps_text_but_drops_nul(app, client, auth, make_user):
    make_user("ada@example.com")
    auth.login()
    response = post_form(
        client, "/account", display_name="Ada", headline="", linkedin_url="", bio="line\x00 one"
    )
    assert response.status_code == 302
    assert "line one" in client.get("/account").get_data(as_text=True)
