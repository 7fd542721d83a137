"""Account settings and password change."""

import pytest
from sqlalchemy import select

from aicb_board.auth.models import User
from aicb_board.extensions import db
from tests.conftest import AuthActions
from tests.support import PASSWORD, csrf_token

NEW_PASSWORD = "velvet-compass-morning-77"


@pytest.fixture
def signed_in(make_user, auth):
    user = make_user("ada@example.com", display_name="Ada Lovelace")
    auth.login()
    return user


def stored(app, email="ada@example.com") -> User:
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == email))
        db.session.expunge(user)
        return user


def save_settings(client, **fields):
    data = {"display_name": "Ada Lovelace", "headline": "", "linkedin_url": "", "bio": ""}
    data.update(fields, csrf_token=csrf_token(client, "/account"))
    return client.post("/account", data=data)


def test_settings_are_saved(app, client, signed_in):
    response = save_settings(
        client,
        display_name="Ada King",
        headline="VP Product → Head of AI Product",
        linkedin_url="https://www.linkedin.com/in/ada-king",
        bio="Twenty years of product, now in applied AI.",
    )
    assert response.status_code == 302
    user = stored(app)
    assert user.display_name == "Ada King"
    assert user.headline == "VP Product → Head of AI Product"
    assert user.linkedin_url == "https://www.linkedin.com/in/ada-king"
    assert "Your settings are saved" in client.get("/account").get_data(as_text=True)


def test_settings_take_a_linkedin_link_typed_without_https(app, client, signed_in):
    response = save_settings(client, linkedin_url="www.linkedin.com/in/ada-king")
    assert response.status_code == 302
    assert stored(app).linkedin_url == "https://www.linkedin.com/in/ada-king"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://evil.example/in/ada", "http://www.linkedin.com/in/a"]
)
def test_settings_refuse_links_that_are_not_linkedin(app, client, signed_in, url):
    response = save_settings(client, linkedin_url=url)
    assert response.status_code == 422
    assert "Enter your LinkedIn profile link" in response.get_data(as_text=True)
    assert stored(app).linkedin_url == ""


def test_settings_refuse_overlong_bio_and_keep_the_text(app, client, signed_in):
    response = save_settings(client, bio="x" * 1001)
    assert response.status_code == 422
    assert "x" * 1001 in response.get_data(as_text=True)
    assert stored(app).bio == ""


def test_settings_refuse_empty_display_name(client, signed_in):
    assert save_settings(client, display_name="   ").status_code == 422


def change_password(client, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    data = {
        "csrf_token": csrf_token(client, "/account/password"),
        "current_password": current,
        "password": new,
        "password_confirm": confirm or new,
    }
    return client.post("/account/password", data=data)


def test_change_password_keeps_this_session_and_ends_the_others(app, client, signed_in, outbox):
    other = app.test_client()
    AuthActions(other).login()
    assert change_password(client).status_code == 302
    assert client.get("/account").status_code == 200
    assert other.get("/account").status_code == 302
    assert AuthActions(app.test_client()).login(password=NEW_PASSWORD).status_code == 302
    assert outbox()[-1].subject == "Your AICB Board password was changed"


def test_change_password_needs_the_current_one(app, client, signed_in):
    response = change_password(client, current="not-my-password-123")
    assert response.status_code == 422
    assert "current password is not correct" in response.get_data(as_text=True)
    assert AuthActions(app.test_client()).login().status_code == 302


def test_change_password_refuses_a_weak_one(client, signed_in):
    response = change_password(client, new="1234567890")
    assert response.status_code == 422
    assert "too common" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example\\@www.linkedin.com/in/x",
        "https://ada:pw@www.linkedin.com/in/x",
        "https://www.linkedin.com.evil.example/in/x",
        "https://www.linked\tin.com/in/x",
        "https://www.l\u0456nkedin.com/in/x",
    ],
)
def test_settings_refuse_links_a_browser_would_not_take_to_linkedin(app, client, signed_in, url):
    response = save_settings(client, linkedin_url=url)
    assert response.status_code == 422
    assert "Enter your LinkedIn profile link" in response.get_data(as_text=True)
    assert stored(app).linkedin_url == ""
