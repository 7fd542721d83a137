"""The layout and the home page, as a visitor and a member see them."""

import re

from aicb_board.auth.models import Role, User
from aicb_board.extensions import db
from aicb_board.moderation import services as moderation
from aicb_board.roles.models import RolePosting
from tests.conftest import AuthActions
from tests.factories import draft_role, writing


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


def test_the_lists_put_their_filters_in_a_closed_disclosure(client):
    for path in ("/roles/", "/mentors/", "/stories/"):
        page = client.get(path).get_data(as_text=True)
        assert '<details class="filters card">' in page, path  # closed: results come first
        assert "<summary>Filters</summary>" in page, path
        details = page[page.index('<details class="filters') : page.index("</details>")]
        assert 'method="get"' in details, f"the filter form is inside the disclosure on {path}"


def test_the_disclosure_says_when_filters_are_on(client):
    page = client.get("/roles/?workplace=remote").get_data(as_text=True)
    assert '<summary>Filters <span class="filters-on">(on)</span></summary>' in page


def test_the_console_tables_label_each_cell_for_the_stacked_cards(app, members):
    author = members.add("author")
    role_id = draft_role(app, author, title="VP of Applied AI")
    with writing(app):
        role = db.session.get(RolePosting, role_id)
        moderation.transition(role, "submit", actor=db.session.get(User, author.id))
    admin = members.sign_in("admin")
    queue = admin.get("/moderation/").get_data(as_text=True)
    assert re.search(
        r'<td data-label="Title"><a href="/moderation/[^"]+">VP of Applied AI</a>', queue
    )
    people = admin.get("/admin/users").get_data(as_text=True)
    assert '<td data-label="Email" class="email">author@example.com</td>' in people
    assert 'class="queue stack"' in queue and 'class="queue stack"' in people
