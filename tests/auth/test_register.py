"""Registration: an account is created, signed in, and bad input is refused clearly."""

from sqlalchemy import select

from aicb_board.auth.models import User
from aicb_board.extensions import db
from tests.conftest import AuthActions
from tests.support import PASSWORD, csrf_token


def users(app) -> list[User]:
    with app.app_context():
        return list(db.session.scalars(select(User)))


def test_register_creates_member_and_signs_in(app, client, auth):
    response = auth.register(email="Ada@Example.com ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Ada Lovelace" in page
    [user] = users(app)
    assert user.email == "ada@example.com"
    assert user.role == "member"
    assert user.password_hash.startswith("scrypt:")
    assert PASSWORD not in user.password_hash


def test_register_refuses_duplicate_email_case_insensitively(app, auth, make_user):
    make_user("ada@example.com")
    response = auth.register(email="ADA@example.com")
    assert response.status_code == 422
    assert "An account with this email already exists" in response.get_data(as_text=True)
    assert len(users(app)) == 1


def test_register_refuses_short_password_with_message(app, auth):
    response = auth.register(password="short")
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)
    assert users(app) == []


def test_register_refuses_common_password(app, auth):
    response = auth.register(password="password123")
    assert response.status_code == 422
    assert "too common or easy to guess" in response.get_data(as_text=True)
    assert users(app) == []


def test_register_refuses_password_made_of_the_email(app, auth):
    response = auth.register(
        email="marguerite.fontaine@example.com", password="marguerite.fontaine"
    )
    assert response.status_code == 422
    assert users(app) == []


def test_register_accepts_long_passphrase(app, auth):
    passphrase = "a quiet harbour at dawn, " * 16  # 400 characters
    assert auth.register(password=passphrase).status_code == 302
    assert len(users(app)) == 1


def test_register_refuses_invalid_email_and_keeps_input(auth):
    response = auth.register(email="not-an-email", display_name="Grace Hopper")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter a valid email" in page
    assert 'value="Grace Hopper"' in page


def test_register_escapes_hostile_display_name(client, auth):
    hostile = '<script>alert("x")</script>'
    assert auth.register(display_name=hostile).status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert hostile not in page
    assert "&lt;script&gt;" in page


def test_register_refuses_control_characters_in_name(app, auth):
    response = auth.register(display_name="Ada\x00Lovelace")
    assert response.status_code == 422
    assert users(app) == []


def test_register_without_csrf_token_is_400_and_creates_nothing(app, client):
    response = client.post(
        "/auth/register",
        data={"email": "ada@example.com", "display_name": "Ada", "password": PASSWORD},
    )
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    assert users(app) == []


def test_double_submit_creates_one_account(app, client, auth):
    # The same form sent twice before the first answer arrives: the second sees the first.
    other = AuthActions(app.test_client())
    assert auth.register().status_code == 302
    second = other.register()
    assert second.status_code == 422
    assert "already exists" in second.get_data(as_text=True)
    assert len(users(app)) == 1


def test_register_honours_only_local_next(client):
    data = {"email": "ada@example.com", "display_name": "Ada", "password": PASSWORD}
    data["csrf_token"] = csrf_token(client, "/auth/register")
    response = client.post("/auth/register?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/"
