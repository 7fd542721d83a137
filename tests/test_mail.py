"""Mail: the outbox without a server; the worker delivers over SMTP; nothing lost on failure."""

import socket
import threading
from datetime import timedelta
from email.utils import format_datetime

import pytest

from aicb_board import tasks
from aicb_board.auth.models import Role
from aicb_board.auth.services import verify_email
from aicb_board.database import utcnow
from aicb_board.extensions import db
from aicb_board.mail import (
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    STORED,
    SUPPRESSED,
    MailBounce,
    OutboxMessage,
    deliver_pending,
    send_mail,
)
from tests.conftest import AuthActions
from tests.mail_server import free_port
from tests.support import csrf_token


class SilentServer:
    """A TCP server that accepts connections and never says a word (a hung mail server)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:  # closed: the test is over
                return
            self.connections.append(connection)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.close()


def deliver(app, **kwargs) -> int:
    """What the worker does: deliver the due mail, in the app's context."""
    with app.app_context():
        return deliver_pending(**kwargs)


def request_reset(client, email="ada@example.com"):
    token = csrf_token(client, "/auth/reset")
    return client.post("/auth/reset", data={"csrf_token": token, "email": email})


def test_without_mail_server_mail_is_stored_in_the_outbox(app, client, make_user, outbox, caplog):
    make_user("ada@example.com")
    with caplog.at_level("INFO", logger="aicb_board.mail"):
        request_reset(client)
    [message] = outbox()
    assert message.status == STORED
    assert "/auth/reset/" in message.body
    assert "Mail to ada@example.com stored in the outbox" in caplog.text
    assert "/auth/reset/" not in caplog.text  # the link stays out of the logs


def test_mail_is_sent_through_a_real_smtp_server(make_app, make_user, outbox, smtp_server):
    controller, inbox = smtp_server
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    make_user("ada@example.com")
    assert request_reset(app.test_client()).status_code == 302
    assert inbox.messages == []  # the request only queued it
    assert outbox()[0].status == QUEUED
    assert deliver(app) == 1
    [(sender, recipients, content)] = inbox.messages
    assert recipients == ["ada@example.com"]
    assert "board@localhost" in sender
    assert "Subject: Reset your AICB Board password" in content
    assert "http://localhost/auth/reset/" in content
    [message] = outbox()
    assert message.status == SENT and message.sent_at is not None
    assert f"Message-ID: {message.message_id}" in content
    assert "Auto-Submitted: auto-generated" in content
    assert "Content-Type: text/plain" in content and "Content-Type: text/html" in content
    assert f"Date: {format_datetime(message.created_at)}" in content
    assert deliver(app) == 0  # a second run sends nothing twice
    assert len(inbox.messages) == 1


def test_unreachable_mail_server_keeps_the_mail_and_the_page_works(make_app, make_user, outbox):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    make_user("ada@example.com")
    response = request_reset(app.test_client())
    assert response.status_code == 302
    assert deliver(app) == 0
    [message] = outbox()
    assert message.status == QUEUED  # it will be retried
    assert message.error
    assert message.attempts == 1
    assert message.next_attempt_at > utcnow()
    deliver(app)  # before its retry time: not attempted again
    assert outbox()[0].attempts == 1


def test_send_pending_retries_failed_mail(make_app, make_user, outbox, smtp_server):
    controller, inbox = smtp_server
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    make_user("ada@example.com")
    request_reset(app.test_client())
    deliver(app)
    first_id = outbox()[0].message_id
    assert outbox()[0].status == QUEUED and first_id
    app.config["MAIL_PORT"] = controller.port
    result = app.test_cli_runner().invoke(args=["mail", "send-pending"])
    assert "Sent 1 of 1" in result.output
    assert len(inbox.messages) == 1
    assert outbox()[0].status == SENT
    assert f"Message-ID: {first_id}" in inbox.messages[0][2]  # the retry is recognisable


def test_mail_is_failed_after_the_last_attempt_and_admins_see_it(make_app, make_user, outbox):
    app = make_app(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False, MAIL_MAX_ATTEMPTS=3
    )
    make_user("admin@example.com", role=Role.ADMIN)
    make_user("ada@example.com")
    request_reset(app.test_client())
    later = utcnow()
    for _ in range(3):
        deliver(app, now=later)
        later += timedelta(days=1)  # past any backoff
    deliver(app, now=later)  # given up: no fourth attempt
    [message] = [m for m in outbox() if m.recipient == "ada@example.com"]
    assert message.status == FAILED and message.attempts == 3
    admin = app.test_client()
    AuthActions(admin).login("admin@example.com")
    page = admin.get("/admin/outbox").get_data(as_text=True)
    assert "status-failed" in page


def test_a_request_never_talks_to_smtp(make_app, make_user, outbox, silent_server):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=silent_server.port, MAIL_USE_TLS=False)
    make_user("ada@example.com")
    assert request_reset(app.test_client()).status_code == 302
    assert silent_server.connections == []
    assert [m.status for m in outbox()] == [QUEUED]


def test_the_request_enqueues_a_delivery_task(make_app, make_user):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    make_user("ada@example.com")
    before = tasks.huey.pending_count()
    request_reset(app.test_client())
    assert tasks.huey.pending_count() == before + 1


def test_a_down_queue_does_not_fail_the_request(make_app, make_user, outbox, monkeypatch, caplog):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=free_port(), MAIL_USE_TLS=False)
    make_user("ada@example.com")

    def broken(task):
        raise ConnectionError("queue unreachable")

    monkeypatch.setattr(tasks.huey, "enqueue", broken)
    assert request_reset(app.test_client()).status_code == 302
    assert [m.status for m in outbox()] == [QUEUED]
    assert "Could not enqueue mail delivery" in caplog.text


def test_in_immediate_mode_the_task_delivers(make_app, make_user, outbox, smtp_server):
    controller, inbox = smtp_server
    app = make_app(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, HUEY_IMMEDIATE=True
    )
    make_user("ada@example.com")
    try:
        assert request_reset(app.test_client()).status_code == 302
    finally:
        tasks.huey.immediate = False
    assert len(inbox.messages) == 1
    assert outbox()[0].status == SENT


def test_a_claimed_message_is_not_sent_twice(make_app, make_user, outbox, smtp_server):
    controller, inbox = smtp_server
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    make_user("ada@example.com")
    request_reset(app.test_client())
    with app.app_context():  # another worker claimed it a minute ago and is sending it
        db.session.execute(
            db.update(OutboxMessage).values(
                status=SENDING, claimed_at=utcnow() - timedelta(minutes=1), message_id="<x@y>"
            )
        )
        db.session.commit()
    assert deliver(app) == 0
    assert inbox.messages == []
    # That worker died: after the claim timeout, the message is sent, with the same id.
    assert deliver(app, now=utcnow() + timedelta(minutes=15)) == 1
    assert "Message-ID: <x@y>" in inbox.messages[0][2]
    assert outbox()[0].status == SENT


def test_failed_transaction_sends_no_mail(make_app, make_user, outbox, smtp_server):
    controller, inbox = smtp_server
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    make_user("ada@example.com")
    client = app.test_client()
    AuthActions(client).login()
    token = csrf_token(client, "/account/password")
    response = client.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": "not-the-right-one-at-all",
            "password": "velvet-compass-morning-77",
            "password_confirm": "velvet-compass-morning-77",
        },
    )
    assert response.status_code == 422
    assert deliver(app) == 0
    assert inbox.messages == []
    assert outbox() == []


def test_outbox_page_is_for_admins_only(app, client, make_user):
    make_user("admin@example.com", role=Role.ADMIN)
    make_user("member@example.com")
    assert client.get("/admin/outbox").status_code == 302  # anonymous: sign in first
    AuthActions(client).login("member@example.com")
    assert client.get("/admin/outbox").status_code == 403
    admin = app.test_client()
    AuthActions(admin).login("admin@example.com")
    request_reset(app.test_client(), "member@example.com")
    page = admin.get("/admin/outbox").get_data(as_text=True)
    assert "Reset your AICB Board password" in page
    assert "member@example.com" in page


def test_outbox_page_paginates(app, make_user):
    make_user("admin@example.com", role=Role.ADMIN)
    with app.app_context():
        from aicb_board.extensions import db
        from aicb_board.mail import send_mail

        for n in range(25):
            send_mail(to=f"m{n}@example.com", subject=f"Message {n}", body="Hello")
        db.session.commit()
    admin = app.test_client()
    AuthActions(admin).login("admin@example.com")
    first = admin.get("/admin/outbox").get_data(as_text=True)
    assert "Message 24" in first and "Message 4<" not in first
    assert "Page 1 of 2" in first
    second = admin.get("/admin/outbox?page=2").get_data(as_text=True)
    assert "Message 4<" in second and "Message 24" not in second
    assert admin.get("/admin/outbox?page=banana").status_code == 200
    assert admin.get("/admin/outbox?page=99999999999999999999").status_code == 200


def test_outbox_page_is_hidden_in_production(make_app, make_user):
    app = make_app(OUTBOX_VIEW_ENABLED=False)
    make_user("admin@example.com", role=Role.ADMIN)
    admin = app.test_client()
    AuthActions(admin).login("admin@example.com")
    assert admin.get("/admin/outbox").status_code == 404


def test_mail_waits_for_the_real_commit_not_a_savepoint(make_app, make_user, outbox, smtp_server):
    from aicb_board.extensions import db
    from aicb_board.mail import send_mail

    controller, inbox = smtp_server
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    with app.test_request_context(method="POST"):
        send_mail(to="ada@example.com", subject="Hello", body="Queued before a savepoint.")
        with db.session.begin_nested():
            pass  # releasing a SAVEPOINT fires after_commit too
        assert inbox.messages == []
        db.session.rollback()  # the real transaction fails: nothing was ever sent
    assert deliver(app) == 0
    assert inbox.messages == []
    assert outbox() == []


def test_the_html_alternative_is_the_same_text_escaped_with_links_clickable():
    from aicb_board.mail import html_body

    html = html_body(
        "Hello <b>Ada</b>,\n\nReset it: https://board.example/auth/reset/t?a=1&b=2\nThanks"
    )
    assert "&lt;b&gt;Ada&lt;/b&gt;" in html and "<b>" not in html
    assert '<a href="https://board.example/auth/reset/t?a=1&amp;b=2">' in html
    assert html.count("<p>") == 2


# Further headers and bounces ---------------------------------------------------------------


def queue_mail(app, to="ada@example.com", **kwargs) -> None:
    with app.app_context():
        send_mail(to=to, subject="News", body="Hello.", **kwargs)
        db.session.commit()


def test_further_headers_reach_the_server(make_app, outbox, smtp_server):
    controller, inbox = smtp_server
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    queue_mail(app, headers={"List-Unsubscribe": "<http://localhost/u/abc>"})
    assert deliver(app) == 1
    [(_sender, _recipients, content)] = inbox.messages
    assert "List-Unsubscribe: <http://localhost/u/abc>" in content


def test_a_refused_recipient_fails_at_once_and_counts_as_a_bounce(make_app, outbox, smtp_server):
    controller, inbox = smtp_server
    inbox.refuse.add("gone@example.com")
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    queue_mail(app, to="gone@example.com")
    queue_mail(app, to="ada@example.com")
    assert deliver(app) == 1
    gone, ada = outbox()
    assert gone.status == FAILED and "No such mailbox" in gone.error
    assert gone.attempts == 1  # no retries: the server said no for good
    assert ada.status == SENT
    with app.app_context():
        assert db.session.get(MailBounce, "gone@example.com").count == 1
        assert db.session.get(MailBounce, "ada@example.com") is None


def test_after_repeated_bounces_only_account_mail_goes_out(make_app, outbox, smtp_server):
    controller, inbox = smtp_server
    inbox.refuse.add("gone@example.com")
    app = make_app(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False, MAIL_BOUNCE_LIMIT=2
    )
    for _ in range(2):
        queue_mail(app, to="Gone@Example.com")
        deliver(app)
    queue_mail(app, to="gone@example.com")
    queue_mail(app, to="gone@example.com", essential=True)
    *_bounced, stopped, essential = outbox()
    assert stopped.status == SUPPRESSED
    assert essential.status == QUEUED
    assert deliver(app) == 0  # the essential one was tried (and refused again)
    assert outbox()[-2].status == SUPPRESSED  # the suppressed one was never sent


def test_operators_record_and_clear_bounces(app, runner, make_user, outbox):
    app.config["MAIL_BOUNCE_LIMIT"] = 2
    user = make_user("ada@example.com")
    for expected in ("1 bounce(s); mail stops at 2", "2 bounce(s); mail to it stops"):
        result = runner.invoke(args=["mail", "bounce", "ADA@example.com", "--reason", "DSN 5.1.1"])
        assert result.exit_code == 0 and expected in result.output
    queue_mail(app)
    assert outbox()[-1].status == SUPPRESSED
    with app.app_context():
        assert db.session.get(MailBounce, "ada@example.com").last_error == "DSN 5.1.1"
        # Confirming the address proves the mailbox works again.
        verify_email(db.session.get(type(user), user.id))
        db.session.commit()
        assert db.session.get(MailBounce, "ada@example.com") is None
    runner.invoke(args=["mail", "bounce", "ada@example.com"])
    result = runner.invoke(args=["mail", "bounce", "ada@example.com", "--clear"])
    assert "Forgot the bounces of ada@example.com" in result.output
    queue_mail(app)
    assert outbox()[-1].status == STORED  # no mail server here: kept, not suppressed
    for junk in ("", "not an email"):
        refused = runner.invoke(args=["mail", "bounce", junk])
        assert refused.exit_code != 0 and "is not an email address" in refused.output
    with app.app_context():
        assert db.session.scalars(db.select(MailBounce)).all() == []
