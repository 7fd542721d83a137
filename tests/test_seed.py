"""`flask seed demo`: demo accounts, printed sign-in, and re-running changes nothing."""

from sqlalchemy import func, select

from aicb_board.auth.models import User
from aicb_board.extensions import db
from aicb_board.seed import DEMO_ADMIN, DEMO_PASSWORD
from tests.conftest import AuthActions


def count_users(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(User))


def test_seed_demo_creates_an_admin_and_prints_the_sign_in(app, runner):
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    assert DEMO_ADMIN in result.output and DEMO_PASSWORD in result.output
    client = app.test_client()
    assert AuthActions(client).login(DEMO_ADMIN, DEMO_PASSWORD).status_code == 302
    assert client.get("/admin/outbox").status_code == 200


def test_seed_demo_twice_changes_nothing(app, runner):
    runner.invoke(args=["seed", "demo"])
    with app.app_context():
        before = [(u.email, u.password_hash, u.role) for u in db.session.scalars(select(User))]
    again = runner.invoke(args=["seed", "demo"])
    assert again.exit_code == 0
    with app.app_context():
        after = [(u.email, u.password_hash, u.role) for u in db.session.scalars(select(User))]
    assert after == before


def test_seed_demo_if_empty_leaves_a_used_board_alone(app, runner, make_user):
    make_user("someone@example.com")
    result = runner.invoke(args=["seed", "demo", "--if-empty"])
    assert "left as it is" in result.output
    assert count_users(app) == 1


def test_seed_demo_fills_roles_mentors_and_every_request_state(app, runner):
    from aicb_board.mentors.models import MentorProfile, MentorshipRequest
    from aicb_board.roles.models import RolePosting

    runner.invoke(args=["seed", "demo"])
    with app.app_context():
        statuses = set(db.session.scalars(select(MentorshipRequest.status)))
        profiles = db.session.scalar(select(func.count()).select_from(MentorProfile))
        roles = {r.status for r in db.session.scalars(select(RolePosting))}
    assert statuses == {
        "pending", "accepted", "declined", "cancelled", "expired", "completed", "ended"
    }  # fmt: skip
    assert profiles == 15
    assert {"published", "pending", "changes_requested"} <= roles
    client = app.test_client()
    assert "15 mentors." in client.get("/mentors/").get_data(as_text=True)
    again = runner.invoke(args=["seed", "demo"])
    assert "0 new roles, 0 new mentors, 0 new stories" in again.output


def test_seed_bench_loads_roles_and_mentors(app, runner):
    result = runner.invoke(args=["seed", "bench", "--roles", "30", "--mentors", "25"])
    assert "Added 30 published roles, 25 mentor profiles and 0 stories" in result.output
    client = app.test_client()
    assert "30 open roles." in client.get("/roles/").get_data(as_text=True)
    assert "25 mentors." in client.get("/mentors/").get_data(as_text=True)


def test_demo_members_can_still_post_a_role_today(app, runner):
    from aicb_board.roles import services as roles

    runner.invoke(args=["seed", "demo"])
    with app.app_context():
        for member in db.session.scalars(select(User).where(User.role == "member")):
            roles._check_spam_rules(member, {"title": "A new role", "company": "New Co"})
