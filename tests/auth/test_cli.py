"""Operator commands: `flask users create-admin`, `flask users set-role`, `flask users verify`."""

from sqlalchemy import select

from aicb_board.auth.models import User
from aicb_board.extensions import db
from tests.conftest import AuthActions
from tests.support import PASSWORD


def role_of(app, email: str) -> str:
    with app.app_context():
        return db.session.scalar(select(User.role).where(User.email == email))


def test_create_admin_with_password_option(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "boss@example.com", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert "Created admin boss@example.com" in result.output
    assert role_of(app, "boss@example.com") == "admin"
    assert AuthActions(app.test_client()).login("boss@example.com").status_code == 302


def test_create_admin_prompts_for_the_password(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "boss@example.com"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert role_of(app, "boss@example.com") == "admin"


def test_create_admin_refuses_weak_password_and_duplicates(app, runner, make_user):
    weak = runner.invoke(args=["users", "create-admin", "boss@example.com", "--password", "admin"])
    assert weak.exit_code != 0
    assert "at least 10 characters" in weak.output
    make_user("taken@example.com")
    taken = runner.invoke(
        args=["users", "create-admin", "taken@example.com", "--password", PASSWORD]
    )
    assert taken.exit_code != 0
    assert "already exists" in taken.output
    assert role_of(app, "taken@example.com") == "member"


def test_set_role(app, runner, make_user):
    make_user("mo@example.com")
    result = runner.invoke(args=["users", "set-role", "mo@example.com", "moderator"])
    assert result.exit_code == 0, result.output
    assert role_of(app, "mo@example.com") == "moderator"


def test_set_role_refuses_unknown_role_and_unknown_user(runner, make_user):
    make_user("mo@example.com")
    assert runner.invoke(args=["users", "set-role", "mo@example.com", "emperor"]).exit_code != 0
    missing = runner.invoke(args=["users", "set-role", "ghost@example.com", "admin"])
    assert missing.exit_code != 0
    assert "No account" in missing.output


def test_last_admin_cannot_be_demoted(app, runner, make_user):
    from aicb_board.auth.models import Role

    make_user("boss@example.com", role=Role.ADMIN)
    result = runner.invoke(args=["users", "set-role", "boss@example.com", "member"])
    assert result.exit_code != 0
    assert "last admin" in result.output
    assert role_of(app, "boss@example.com") == "admin"


def test_verify_confirms_an_address_once(app, runner, make_user):
    make_user("bounced@example.com", verified=False)
    result = runner.invoke(args=["users", "verify", "Bounced@example.com"])
    assert result.exit_code == 0, result.output
    assert "bounced@example.com is now confirmed" in result.output
    with app.app_context():
        when = db.session.scalar(
            select(User.email_verified_at).where(User.email == "bounced@example.com")
        )
    assert when is not None
    again = runner.invoke(args=["users", "verify", "bounced@example.com"])
    assert "already confirmed" in again.output
    missing = runner.invoke(args=["users", "verify", "nobody@example.com"])
    assert missing.exit_code != 0 and "No account is registered" in missing.output
