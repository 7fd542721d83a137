"""Display names: stored in one normal form, and no member passes for staff or the board."""

import pytest
from sqlalchemy import select

from aicb_board.auth.models import Role, User
from aicb_board.auth.names import impersonation_problem, normalise, skeleton
from aicb_board.extensions import db
from tests.support import csrf_token

STAFF = ["Avery Admin", "Sam Rivera"]
IMPERSONATING = [
    "Avery Admin",  # the demo admin's own name
    "avery  ADMIN",
    "Av3ry Adm1n",
    "AveryAdmin",
    "Avery\u200b Admin",  # zero-width space
    "Sam R1vera",  # a moderator's name with a look-alike digit
    "S\u0430m Rivera",  # Cyrillic "а"
    "AICB Board moderators ✔",
    "AICB Board",
    "aicb",
    "The Mod Team",
    "Board Staff",
    "Official Careers",
    "Support Desk",
    "Ada Lovelace ✓",
    "Ada Lovelace ✅",
    "Ada Lovelace ☑",
    "Moderator",
    "Ada \u202eLovelace ✔",  # right-to-left override and a check mark
]


@pytest.fixture
def staff(make_user):
    make_user("avery@example.com", display_name="Avery Admin", role=Role.ADMIN)
    make_user("sam@example.com", display_name="Sam Rivera", role=Role.MODERATOR)


def stored_names(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(User.display_name).order_by(User.id)))


@pytest.mark.parametrize("name", IMPERSONATING)
def test_registration_refuses_names_that_pass_for_staff(app, auth, staff, name):
    response = auth.register(display_name=name)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "board or its moderators" in page or "moderator" in page or "check marks" in page
    assert stored_names(app) == STAFF


@pytest.mark.parametrize("name", IMPERSONATING)
def test_account_settings_refuse_names_that_pass_for_staff(app, auth, make_user, staff, name):
    make_user("ada@example.com", display_name="Ada Lovelace")
    auth.login()
    token = csrf_token(auth.client, "/account")
    response = auth.client.post(
        "/account",
        data={"csrf_token": token, "display_name": name, "headline": "", "linkedin_url": ""},
    )
    assert response.status_code == 422
    assert stored_names(app) == [*STAFF, "Ada Lovelace"]


def test_invisible_and_bidi_characters_are_removed_and_spaces_collapsed(app, auth):
    response = auth.register(display_name="Ada\u200d  \u202eLove\u2066lace\ufeff")
    assert response.status_code == 302
    assert stored_names(app) == ["Ada Lovelace"]


def test_a_name_of_only_invisible_characters_is_refused(app, auth):
    response = auth.register(display_name="\u200b\u200b\u200b")
    assert response.status_code == 422
    assert "visible characters" in response.get_data(as_text=True)
    assert stored_names(app) == []


def test_ordinary_names_near_the_words_are_accepted(app, auth):
    assert auth.register(display_name="Badminton Coach Li").status_code == 302


def test_staff_keep_their_own_names(app, auth, make_user):
    make_user("avery@example.com", display_name="Avery Admin", role=Role.ADMIN)
    auth.login("avery@example.com")
    token = csrf_token(auth.client, "/account")
    response = auth.client.post(
        "/account",
        data={"csrf_token": token, "display_name": "Avery Admin", "headline": "Lead"},
    )
    assert response.status_code == 302


def test_create_admin_command_normalises_the_name(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "root@example.com", "--password",
              "plum-orchard-lantern-42", "--name", "Root\u200b Admin"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert stored_names(app) == ["Root Admin"]


def test_skeleton_folds_case_accents_and_look_alikes():
    assert skeleton("Av3ry  ADM1N") == skeleton("avery admin") == skeleton("Ávery Admіn")
    assert normalise(" Ada\u200b\u00a0 Lovelace ") == "Ada Lovelace"
    assert impersonation_problem("Ada Lovelace", STAFF) is None
    assert impersonation_problem("Ada Lovelace", ["Ada Lovelace"]) is not None
