"""Password reset: the mailed link works once, in time, and reveals nothing about accounts."""

import re

import pytest

from tests.conftest import AuthActions
from tests.support import PASSWORD, csrf_token

NEW_PASSWORD = "velvet-compass-morning-77"
LINK = re.compile(r"http://localhost(/auth/reset/[\w.-]+)")


@pytest.fixture
def member(make_user):
    return make_user("ada@example.com", display_name="Ada Lovelace")


def request_reset(client, email: str):
    token = csrf_token(client, "/auth/reset")
    return client.post("/auth/reset", data={"csrf_token": token, "email": email})


def reset_link(outbox) -> str:
    match = LINK.search(outbox()[-1].body)
    assert match, "no reset link in the mail"
    return match.group(1)


def set_new_password(client, link: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    token = csrf_token(client, link)
    data = {"csrf_token": token, "password": password, "password_confirm": confirm or password}
    return client.post(link, data=data)


def test_full_journey_register_reset_and_old_session_ends(app, client, auth, outbox):
    """register → sign out → sign in → reset by mail → sign in with the new password."""
    assert auth.register().status_code == 302
    assert auth.logout().status_code == 302
    assert auth.login().status_code == 302

    elsewhere = app.test_client()  # the same member signed in on another device
    assert AuthActions(elsewhere).login().status_code == 302
    assert elsewhere.get("/account").status_code == 200

    visitor = app.test_client()
    response = request_reset(visitor, "ada@example.com")
    assert response.status_code == 302
    welcome, mail = outbox()  # the address confirmation mailed at sign-up, then the reset
    assert welcome.subject == "Confirm your AICB Board email address"
    assert mail.recipient == "ada@example.com"
    assert mail.subject == "Reset your AICB Board password"

    link = reset_link(outbox)
    assert visitor.get(link).status_code == 200
    assert set_new_password(visitor, link).status_code == 302

    assert AuthActions(visitor).login(password=PASSWORD).status_code == 422
    assert AuthActions(visitor).login(password=NEW_PASSWORD).status_code == 302
    assert elsewhere.get("/account").status_code == 302  # the old session no longer works
    assert client.get("/account").status_code == 302


def test_reset_request_answers_the_same_for_unknown_addresses(client, member, outbox):
    answers = []
    for email in ("ada@example.com", "nobody@example.com"):
        response = request_reset(client, email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.headers["Location"], page))
    assert answers[0][:2] == answers[1][:2] == (302, "/auth/login")
    assert all("If that address has an account" in page for _, _, page in answers)
    mails = outbox()
    assert [m.recipient for m in mails] == ["ada@example.com", "nobody@example.com"]
    assert "no account is registered" in mails[1].body
    assert "/auth/reset/" not in mails[1].body


def test_reset_link_works_only_once(client, member, outbox):
    request_reset(client, "ada@example.com")
    link = reset_link(outbox)
    assert set_new_password(client, link).status_code == 302
    again = client.get(link)
    assert again.status_code == 400
    assert "does not work" in again.get_data(as_text=True)


def test_reset_link_expires(app, client, member, outbox):
    app.config["PASSWORD_RESET_MAX_AGE"] = -1
    request_reset(client, "ada@example.com")
    assert client.get(reset_link(outbox)).status_code == 400


@pytest.mark.parametrize("token", ["garbage", "a" * 400, "eyJ1aWQiOjF9.abc.def"])
def test_tampered_reset_link_is_refused(client, member, token):
    response = client.get(f"/auth/reset/{token}")
    assert response.status_code == 400


def test_reset_refuses_weak_or_mismatched_password(client, member, outbox):
    request_reset(client, "ada@example.com")
    link = reset_link(outbox)
    weak = set_new_password(client, link, password="qwertyuiop")
    assert weak.status_code == 422
    mismatch = set_new_password(client, link, confirm="something-else-entirely")
    assert mismatch.status_code == 422
    assert "Both must match" in mismatch.get_data(as_text=True)
    assert set_new_password(client, link).status_code == 302  # the link still works


def test_reset_requests_are_rate_limited(client, member):
    statuses = [request_reset(client, "ada@example.com").status_code for _ in range(6)]
    assert statuses[-1] == 429
