"""Email verification: the link mailed at sign-up, what unverified members may not do, resend."""

from __future__ import annotations

import re
import time

import pytest
from sqlalchemy import func, select

from aicb_board.auth import services as accounts
from aicb_board.auth.models import User
from aicb_board.extensions import db
from aicb_board.mentors.models import MentorProfile, MentorshipRequest
from aicb_board.moderation.models import Report
from aicb_board.roles.models import RolePosting
from aicb_board.stories.models import Story
from tests.conftest import AuthActions
from tests.factories import profile_form, role_form, story_form
from tests.mentors.conftest import Cast, request_form
from tests.support import PASSWORD, decide, post_action, post_form

LINK = re.compile(r"(http://localhost/auth/verify/\S+)")
ASK_AGAIN = "Send the link again"


def verification_link(outbox, address: str = "ada@example.com") -> str:
    """The path of the last confirmation link mailed to `address`."""
    mails = [m for m in outbox() if m.recipient == address and "Confirm" in m.subject]
    assert mails, f"no confirmation mail to {address}"
    return LINK.search(mails[-1].body).group(1).removeprefix("http://localhost")


def confirm(client, link: str):
    """Open the mailed link and press its button."""
    page = client.get(link)
    assert page.status_code == 200, page.status_code
    assert "Confirm my email address" in page.get_data(as_text=True)
    return post_form(client, link, {})


def verified_at(app, address: str = "ada@example.com"):
    with app.app_context():
        return db.session.scalar(select(User.email_verified_at).where(User.email == address))


def counts(app) -> dict[str, int]:
    """How many rows of each thing a member can write."""
    with app.app_context():
        return {
            model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in (RolePosting, Story, MentorProfile, MentorshipRequest, Report)
        }


def test_sign_up_mails_a_link_that_confirms_the_address_once(app, client, auth, outbox):
    assert auth.register().status_code == 302
    [mail] = outbox()
    assert mail.recipient == "ada@example.com"
    assert mail.subject == "Confirm your AICB Board email address"
    assert verified_at(app) is None
    home = client.get("/").get_data(as_text=True)
    assert "Confirm your email address to post" in home and ASK_AGAIN in home

    link = verification_link(outbox)
    assert client.get(link).status_code == 200
    assert verified_at(app) is None  # opening the link (as mail scanners do) is not enough
    response = confirm(client, link)
    assert response.status_code == 302
    first = verified_at(app)
    assert first is not None
    home = client.get("/").get_data(as_text=True)
    assert "Your email address is confirmed" in home
    assert ASK_AGAIN not in home

    again = confirm(app.test_client(), link)  # twice, even signed out: nothing changes
    assert again.status_code == 302 and again.headers["Location"] == "/auth/login"
    assert verified_at(app) == first


@pytest.fixture
def board(app, make_user, client, auth) -> Cast:
    """A published mentor profile and story, and `client` signed in as a new, unverified Ada."""
    cast = Cast(app, make_user)
    profile_id = cast.publish_profile()
    written = post_form(cast.alumna, "/stories/new", story_form())
    story_id = int(written.headers["Location"].split("/")[2])
    post_action(cast.alumna, f"/me/submissions/story/{story_id}/submit")
    decide(cast.moderator, f"/moderation/story/{story_id}/approve")
    cast.ids = {"profile": profile_id, "story": story_id}
    assert auth.register().status_code == 302
    return cast


def attempts(board: Cast) -> dict[str, tuple[str, dict]]:
    """Each thing an unverified member may not do: the page, and what its form sends."""
    profile, story = board.ids["profile"], board.ids["story"]
    return {
        "post a role": ("/roles/new", role_form()),
        "write a story": ("/stories/new", story_form(title="My own move into AI")),
        "offer mentorship": ("/mentors/profile", profile_form()),
        "ask for mentorship": (f"/mentors/{profile}/request", request_form()),
        "report": (f"/report/story/{story}", {"reason": "spam", "detail": "An advert"}),
    }


def test_unverified_members_read_but_cannot_post_report_or_ask(app, board, client, outbox):
    before = counts(app)
    for what, (path, data) in attempts(board).items():
        page = client.get(path)
        assert page.status_code == 403, what
        text = page.get_data(as_text=True)
        assert "Confirm your email address" in text and ASK_AGAIN in text, what
        sent = post_action(client, path, data)
        assert sent.status_code == 403, what
        assert "Confirm your email address" in sent.get_data(as_text=True), what
    assert counts(app) == before  # nothing written
    assert client.get(f"/mentors/{board.ids['profile']}").status_code == 200  # reading is fine

    assert confirm(client, verification_link(outbox)).status_code == 302
    for what, (path, data) in attempts(board).items():
        assert client.get(path).status_code == 200, what
        assert post_action(client, path, data).status_code == 302, what
    after = counts(app)
    assert {name: after[name] - before[name] for name in after} == dict.fromkeys(after, 1)


def test_the_services_refuse_unverified_authors_too(app, make_user):
    user = make_user(verified=False)
    with app.app_context():
        from aicb_board.stories import services as stories

        with pytest.raises(accounts.EmailNotVerified) as refused:
            stories.create_story(author=db.session.get(User, user.id), data={"title": "x"})
        assert refused.value.status == 403
        db.session.rollback()
    assert counts(app)["Story"] == 0


def test_resend_mails_a_new_link_and_is_rate_limited(make_app):
    app = make_app(MAIL_RATE_LIMIT="2 per minute")
    client = app.test_client()
    assert AuthActions(client).register().status_code == 302
    page = client.get("/auth/verify")
    assert page.status_code == 200 and ASK_AGAIN in page.get_data(as_text=True)
    for _ in range(2):
        response = post_action(client, "/auth/verify")
        assert response.status_code == 302
        assert "A new link is on its way" in client.get("/auth/verify").get_data(as_text=True)
    refused = post_action(client, "/auth/verify")
    assert refused.status_code == 429

    with app.app_context():
        from aicb_board.mail import OutboxMessage

        mails = db.session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id)).all()
    assert len(mails) == 3  # the sign-up mail and two more, not a fourth
    newest = LINK.search(mails[-1]).group(1).removeprefix("http://localhost")
    assert confirm(client, newest).status_code == 302
    assert verified_at(app) is not None


def test_a_verified_member_asking_again_gets_no_mail(client, make_user, outbox):
    make_user("grace@example.com")
    assert AuthActions(client).login("grace@example.com").status_code == 302
    assert "Your email address is confirmed" in client.get("/auth/verify").get_data(as_text=True)
    assert post_action(client, "/auth/verify").status_code == 302
    assert outbox() == []


def test_the_resend_page_asks_anonymous_visitors_to_sign_in(client):
    response = client.get("/auth/verify")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "token", ["not-a-token", "eyJ1aWQiOjF9.forged.signature", "x" * 300, "%00"]
)
def test_a_forged_link_is_a_400_that_explains(app, client, auth, outbox, token):
    assert auth.register().status_code == 302
    response = client.get(f"/auth/verify/{token}")
    assert response.status_code == 400
    assert "This confirmation link does not work" in response.get_data(as_text=True)
    assert post_action(client, f"/auth/verify/{token}").status_code == 400
    assert verified_at(app) is None


def test_a_link_signed_with_another_key_or_salt_is_refused(app, client, auth):
    from itsdangerous import URLSafeTimedSerializer

    assert auth.register().status_code == 302
    with app.app_context():
        user_id = db.session.scalar(select(User.id))
    payload = {"uid": user_id, "email": "ada@example.com"}
    for key, salt in (("another-key", accounts.VERIFY_SALT), ("test-secret-key", "other")):
        token = URLSafeTimedSerializer(key, salt=salt).dumps(payload)
        assert client.get(f"/auth/verify/{token}").status_code == 400
        assert post_action(client, f"/auth/verify/{token}").status_code == 400
    assert verified_at(app) is None


def test_an_expired_link_is_a_400_and_a_new_one_works(app, client, auth, outbox, monkeypatch):
    assert auth.register().status_code == 302
    now = time.time()
    with app.app_context(), monkeypatch.context() as past:
        past.setattr(time, "time", lambda: now - app.config["EMAIL_VERIFICATION_MAX_AGE"] - 60)
        user = db.session.scalar(select(User))
        token = accounts.make_verification_token(user)
    response = post_action(client, f"/auth/verify/{token}")
    assert response.status_code == 400
    assert "It has expired" in response.get_data(as_text=True)
    assert verified_at(app) is None
    assert post_action(client, "/auth/verify").status_code == 302
    assert confirm(client, verification_link(outbox)).status_code == 302
    assert verified_at(app) is not None


def test_accounts_the_operator_creates_are_verified(app, runner):
    result = runner.invoke(
        args=["users", "create-admin", "root@example.com", "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    assert verified_at(app, "root@example.com") is not None
    result = runner.invoke(args=["seed", "demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        unverified = db.session.scalar(
            select(func.count()).select_from(User).where(User.email_verified_at.is_(None))
        )
    assert unverified == 0
