"""Alert digests: mailed on their schedule through a real SMTP server, each item once, never
twice for two runs or two workers, without what left the board; one-click unsubscribe."""

from __future__ import annotations

import re
from email import message_from_string
from email.message import EmailMessage
from email.policy import default

from sqlalchemy import func, select

from aicb_board.alerts import digests
from aicb_board.alerts.models import NONE, AlertMatch, SavedSearch
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import OutboxMessage, deliver_pending
from aicb_board.notifications.models import Notification
from tests.alerts.test_matching import act, run, save
from tests.factories import published_role
from tests.support import csrf_token

VP_REMOTE_AI_PLATFORM = dict(
    title="VP, AI Platform", company="Contoso", seniority="vp", workplace="remote",
    location="", country="", remote_from=["worldwide"], salary_min="210000", salary_max="260000",
    salary_currency="USD", salary_period="year",
    description="Own the AI platform our product teams build on: models, evaluation, tooling.",
)  # fmt: skip


def mail_app(make_app, smtp_server):
    controller, _inbox = smtp_server
    return make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)


def mails_to(inbox, address: str) -> list[EmailMessage]:
    """The messages the SMTP server received for `address`, parsed."""
    return [
        message_from_string(content, policy=default)
        for _sender, recipients, content in inbox.messages
        if recipients == [address]
    ]


def text_of(mail: EmailMessage) -> str:
    return mail.get_body(preferencelist=("plain",)).get_content()


def send(app, frequency: str) -> str:
    """`flask alerts send --frequency …`, then what the worker does: deliver the mail."""
    result = app.test_cli_runner().invoke(args=["alerts", "send", "--frequency", frequency])
    assert result.exit_code == 0, result.output
    with app.app_context():
        deliver_pending()
    return result.output


def test_a_daily_alert_mails_a_matching_role_once_and_unsubscribes_signed_out(
    make_app, members, smtp_server
):
    app = mail_app(make_app, smtp_server)
    _controller, inbox = smtp_server
    reader = members.add("reader")
    author, moderator = members.add("author"), members.moderator
    client = members.sign_in("reader")

    # The reader narrows /roles/ to VP, remote, at least 200k USD, and saves it with words.
    page = "/roles/?seniority=vp&workplace=remote&salary_min=200000&currency=USD"
    token = csrf_token(client, page)
    saved = client.post("/me/alerts", data={
        "csrf_token": token, "scope": "role", "seniority": "vp", "workplace": "remote",
        "salary_min": "200000", "currency": "USD", "q": "AI platform",
        "name": "VP AI platform", "frequency": "daily",
    })  # fmt: skip
    assert saved.status_code == 302
    alerts_page = client.get("/me/alerts").get_data(as_text=True)
    assert "VP AI platform" in alerts_page
    assert "≥ 200,000 USD a year" in alerts_page and "“AI platform”" in alerts_page

    role = published_role(app, author, moderator, **VP_REMOTE_AI_PLATFORM)
    euros = {**VP_REMOTE_AI_PLATFORM, "title": "VP, AI Platform (EMEA)", "salary_currency": "EUR"}
    data = {**VP_REMOTE_AI_PLATFORM, "title": "VP, Data Platform", "tags": "data",
            "description": "Warehouses, pipelines and the people who run them."}  # fmt: skip
    published_role(app, author, moderator, **euros)
    published_role(app, author, moderator, **data)
    assert inbox.messages == []  # a daily alert waits for the daily run

    assert "wrote 1 daily digest(s)" in send(app, "daily")
    assert "wrote 0 daily digest(s)" in send(app, "daily")  # a second run sends nothing
    [mail] = mails_to(inbox, "reader@example.com")
    content = text_of(mail)
    assert mail["Subject"] == "1 new match for your alert “VP AI platform”"
    assert "VP, AI Platform — Contoso" in content
    assert f"/roles/{role}-" in content
    assert "EMEA" not in content and "Data Platform" not in content
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = str(mail["List-Unsubscribe"]).strip(" <>")
    assert (
        f"Stop mail for every alert in this message (one click, no sign-in): {unsubscribe}"
        in content
    )
    assert "Manage your alerts: http://localhost/me/alerts" in content

    # The member's notifications say the same.
    with app.app_context():
        [note] = db.session.scalars(
            select(Notification).where(Notification.user_id == reader.id)
        ).all()
        assert note.topic == "alert" and "VP AI platform" in note.subject

    # The saved search's private feed lists the role.
    with app.app_context():
        feed_token = db.session.scalar(select(SavedSearch.feed_token))
    feed = app.test_client().get(f"/alerts/{feed_token}/feed.atom").get_data(as_text=True)
    assert "VP, AI Platform" in feed and "EMEA" not in feed

    # One click, signed out: the mail provider's POST, no session, no CSRF token.
    path = unsubscribe.removeprefix("http://localhost")
    stranger = app.test_client()
    asked = stranger.get(path)
    assert asked.status_code == 200 and "Stop mail for this alert" in asked.text
    with app.app_context():
        assert db.session.scalar(select(SavedSearch.frequency)) == "daily"  # GET changed nothing
    done = stranger.post(path, data={"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert "No more mail" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(SavedSearch.frequency)) == NONE
    # Twice is fine; a forged token is not.
    assert stranger.post(path).status_code == 200
    assert stranger.post(path[:-3] + "xyz").status_code == 404
    assert stranger.get("/alerts/unsubscribe/not-a-token").status_code == 404


def test_at_most_twenty_per_mail_with_a_link_for_the_rest(make_app, members, smtp_server):
    app = mail_app(make_app, smtp_server)
    _controller, inbox = smtp_server
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")
    with app.app_context():
        db.session.execute(db.update(SavedSearch).values(frequency="weekly"))
        db.session.commit()
    for number in range(23):
        published_role(app, author, moderator, title=f"Head of AI Product {number}",
                       company=f"Company {number}")  # fmt: skip
    send(app, "weekly")
    [mail] = mails_to(inbox, "reader@example.com")
    content = text_of(mail)
    assert mail["Subject"].startswith("23 new matches")
    assert content.count("http://localhost/roles/") == 20 + 1  # twenty roles, and the list
    assert "And 3 more: http://localhost/roles/?function=product" in content
    assert "Head of AI Product 22 —" in content  # newest first, as the list shows them
    assert "Head of AI Product 0 —" not in content


def test_an_item_that_left_the_board_before_sending_is_left_out(make_app, members, smtp_server):
    app = mail_app(make_app, smtp_server)
    _controller, inbox = smtp_server
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")
    with app.app_context():
        db.session.execute(db.update(SavedSearch).values(frequency="daily"))
        db.session.commit()
    kept = published_role(app, author, moderator, title="Head of AI Product")
    gone = published_role(app, author, moderator, title="Head of AI Growth", company="Gone Inc")
    run(app)
    act(app, gone, "close", author)
    send(app, "daily")
    [mail] = mails_to(inbox, "reader@example.com")
    content = text_of(mail)
    assert f"/roles/{kept}-" in content and "Gone Inc" not in content
    with app.app_context():  # both matches are done with: the closed role never comes later
        unsent = select(func.count()).select_from(AlertMatch).where(AlertMatch.sent_at.is_(None))
        assert db.session.scalar(unsent) == 0


def test_a_second_worker_finds_the_digest_taken(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")
    published_role(app, author, moderator)
    run(app)
    with app.app_context():
        # Worker one marked the matches (and wrote the mail) but has not committed yet: here,
        # it already has — the second worker's claim must find nothing left to take.
        db.session.execute(db.update(AlertMatch).values(sent_at=utcnow()))
        db.session.commit()
        assert digests.send_digest(reader.id, "instant") is False
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.subject.like("%alert%"))) == 0  # fmt: skip


def test_instant_alerts_go_out_when_matched_and_mail_preferences_are_kept(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    save(app, reader, "role", function="product")  # instant
    published_role(app, author, moderator)
    with app.app_context():
        from aicb_board.alerts.jobs import match_and_send_instant

        assert match_and_send_instant() == 1
        subjects = db.session.scalars(
            select(OutboxMessage.subject).where(OutboxMessage.recipient == "reader@example.com")
        ).all()
    assert subjects == ["1 new match for your alert “Roles · Product”"]


def test_turning_mail_on_again_sends_no_backlog(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    search_id = save(app, reader, "role", function="product")
    client = members.sign_in("reader")
    token = csrf_token(client, "/me/alerts")
    client.post(
        f"/me/alerts/{search_id}", data={"csrf_token": token, "name": "P", "frequency": "none"}
    )
    published_role(app, author, moderator)
    run(app)
    client.post(
        f"/me/alerts/{search_id}", data={"csrf_token": token, "name": "P", "frequency": "daily"}
    )
    with app.app_context():
        assert digests.send_digests("daily") == 0
    published_role(app, author, moderator, title="Head of AI Product 2", company="Later")
    run(app)
    with app.app_context():
        assert digests.send_digests("daily") == 1


def test_a_member_gets_one_mail_per_run_for_all_their_alerts(app, members):
    reader, author, moderator = members.add("reader"), members.add("author"), members.moderator
    for args in ({"function": "product"}, {"workplace": "hybrid"}, {"seniority": "head-of"}):
        save(app, reader, "role", **args)  # instant, all three match the one role
    published_role(app, author, moderator)
    with app.app_context():
        from aicb_board.alerts.jobs import match_and_send_instant

        match_and_send_instant()
        [mail] = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == "reader@example.com")
        ).all()
    assert mail.subject == "3 new matches for 3 of your alerts"
    assert mail.body.count("== Roles · ") == 3 and mail.body.count("Stop mail for “") == 3
    stop_all = re.search(r"no sign-in\): http://localhost(\S+)", mail.body).group(1)
    assert "3 alerts" in app.test_client().get(stop_all).text
    app.test_client().post(stop_all)
    with app.app_context():
        assert set(db.session.scalars(select(SavedSearch.frequency))) == {NONE}


def test_unconfirmed_and_suspended_members_get_no_alert_mail(app, members):
    unconfirmed = members.add("unconfirmed", verified=False)
    suspended = members.add("suspended")
    author, moderator = members.add("author"), members.moderator
    save(app, unconfirmed, "role", function="product")
    save(app, suspended, "role", function="product")
    with app.app_context():
        db.session.get(type(suspended), suspended.id).suspended_at = utcnow()
        db.session.commit()
    published_role(app, author, moderator)
    with app.app_context():
        from aicb_board.alerts.jobs import match_and_send_instant

        match_and_send_instant()
        recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert "unconfirmed@example.com" not in recipients
    assert "suspended@example.com" not in recipients
    page = members.sign_in("unconfirmed").get("/me/alerts").text
    assert "Confirm your email address to get alerts by mail" in page
