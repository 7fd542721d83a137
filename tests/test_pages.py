"""The layout and the home page, as a visitor and a member see them."""

import re

from aicb_board.auth.models import Role
from tests.conftest import AuthActions


def test_home_page_introduces_the_board(client):
    page = client.get("/").get_data(as_text=True)
    assert "Move sideways into AI leadership" in page
    assert 'href="/auth/register"' in page and 'href="/auth/login"' in page
    assert "/static/css/site.css" in page


def test_layout_links_only_to_pages_that_exist(client):
    page = client.get("/").get_data(as_text=True)
    for link in ("/roles/", "/mentors/", "/stories/"):
        assert f'href="{link}"' in page
    for link in ("/moderation/", "/search"):
        assert f'href="{link}"' not in page


def test_signed_in_member_sees_account_menu_with_post_sign_out(client, make_user):
    make_user("ada@example.com", display_name="Ada Lovelace")
    AuthActions(client).login()
    page = client.get("/").get_data(as_text=True)
    assert "<summary>Ada Lovelace</summary>" in page
    assert '<form action="/auth/logout" method="post">' in page
    assert 'href="/admin/outbox"' not in page


def test_admin_sees_the_outbox_link(client, make_user):
    make_user("boss@example.com", role=Role.ADMIN)
    AuthActions(client).login("boss@example.com")
    assert 'href="/admin/outbox"' in client.get("/").get_data(as_text=True)


def test_every_input_has_a_label(client):

    for path in ("/auth/login", "/auth/register", "/auth/reset"):
        page = client.get(path).get_data(as_text=True)
        ids = re.findall(r'<input(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page)
        assert ids, path
        for input_id in ids:
            assert f'for="{input_id}"' in page, (path, input_id)


def test_field_errors_are_shown_next_to_the_field(client):
    from tests.support import csrf_token

    token = csrf_token(client, "/auth/register")
    page = client.post(
        "/auth/register", data={"csrf_token": token, "email": "", "display_name": "A"}
    ).get_data(as_text=True)
    assert 'id="email-error"' in page and 'aria-describedby="email-error"' in page
    assert 'aria-invalid="true"' in page
