"""Sign-in and sign-out: one answer for every failure, local redirects, sessions that end."""

import pytest

from tests.conftest import AuthActions
from tests.support import PASSWORD, csrf_from, csrf_token

SAME_ANSWER = "That email and password do not match an account."


@pytest.fixture
def member(make_user):
    return make_user("ada@example.com", display_name="Ada Lovelace")


def test_login_signs_in_and_shows_account_menu(client, auth, member):
    response = auth.login()
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Ada Lovelace" in page
    assert "Sign out" in page


def test_login_is_case_insensitive_on_email(auth, member):
    assert auth.login(email="ADA@Example.COM").status_code == 302


def test_wrong_password_and_unknown_email_get_the_same_answer(auth, member):
    wrong_password = auth.login(password="not-the-password-at-all")
    no_account = auth.login(email="nobody@example.com")
    assert wrong_password.status_code == no_account.status_code == 422
    assert SAME_ANSWER in wrong_password.get_data(as_text=True)
    assert SAME_ANSWER in no_account.get_data(as_text=True)


def test_login_redirects_to_local_next(auth, member):
    response = auth.login(next="/account?tab=profile")
    assert response.headers["Location"] == "/account?tab=profile"


@pytest.mark.parametrize(
    "foreign",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
        "/\t/evil.example",
    ],
)
def test_login_ignores_foreign_next(auth, member, foreign):
    response = auth.login(next=foreign)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_login_page_keeps_local_next_from_query(client, member):
    page = client.get("/auth/login?next=/account").get_data(as_text=True)
    assert 'name="next" type="hidden" value="/account"' in page
    page = client.get("/auth/login?next=https://evil.example").get_data(as_text=True)
    assert "evil.example" not in page


def test_protected_page_sends_anonymous_visitor_to_sign_in(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/auth/login?next=")


def test_repeated_failed_sign_ins_are_rate_limited(auth, member):
    statuses = [auth.login(password=f"wrong-guess-{n}").status_code for n in range(6)]
    assert statuses[:5] == [422] * 5
    assert statuses[5] == 429
    blocked = auth.login()  # even the right password waits now
    assert blocked.status_code == 429
    assert "Too many attempts" in blocked.get_data(as_text=True)
    assert "Retry-After" in blocked.headers


def _sign_in_from(app, address: str, password: str, email: str = "ada@example.com"):
    client = app.test_client()
    token = csrf_token(client, "/auth/login")
    return client.post(
        "/auth/login",
        data={"csrf_token": token, "email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_strangers_failing_cannot_lock_the_owner_out(app, member):
    # 30 wrong guesses at ada's account, spread over six addresses, each within its own limit.
    for n in range(30):
        response = _sign_in_from(app, f"10.0.0.{n % 6}", f"wrong-guess-{n}")
        assert response.status_code == 422
    # Ada, from her own address, with her password: signed in.
    assert _sign_in_from(app, "192.0.2.7", PASSWORD).status_code == 302


def test_an_address_guessing_one_account_is_throttled_after_its_limit(app, member):
    statuses = [_sign_in_from(app, "10.0.0.1", f"wrong-{n}").status_code for n in range(6)]
    assert statuses == [422] * 5 + [429]
    # The same address stays throttled even with the right password (it may be the attacker) …
    assert _sign_in_from(app, "10.0.0.1", PASSWORD).status_code == 429
    # … while the owner's own address is not.
    assert _sign_in_from(app, "192.0.2.7", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count_against_the_limit(auth, member):
    for _ in range(7):
        assert auth.login().status_code == 302


def test_logout_requires_post(client, auth, member):
    auth.login()
    assert client.get("/auth/logout").status_code == 405
    assert "Ada Lovelace" in client.get("/").get_data(as_text=True)


def test_logout_without_csrf_token_is_refused(client, auth, member):
    auth.login()
    assert client.post("/auth/logout").status_code == 400
    assert client.get("/account").status_code == 200


def test_logout_ends_this_and_every_other_session(app, client, auth, member):
    other = app.test_client()
    AuthActions(other).login(remember=True)
    auth.login()
    assert auth.logout().status_code == 302
    assert client.get("/account").status_code == 302
    assert other.get("/account").status_code == 302


def test_session_rotates_at_sign_in(client, auth, member):
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "before sign-in"
    auth.login()
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"].startswith(f"{member.id}:")


def test_remember_me_cookie_survives_the_browser_session(app, client, auth, member):
    auth.login(remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None and remember.http_only
    fresh = app.test_client()  # a new browser session with only the remember-me cookie
    fresh.set_cookie("remember_token", remember.value)
    assert fresh.get("/account").status_code == 200


def test_session_cookie_is_httponly_and_lax(client, auth, member):
    response = auth.login()
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development


def test_session_cookie_is_secure_over_https(app, member):
    client = app.test_client()
    page = client.get("/auth/login", base_url="https://localhost").get_data(as_text=True)
    response = client.post(
        "/auth/login",
        data={"csrf_token": csrf_from(page), "email": "ada@example.com", "password": PASSWORD},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/auth/login"},  # Flask-WTF checks it on HTTPS
    )
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "Secure" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
