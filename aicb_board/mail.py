"""Outgoing mail, through a transactional outbox delivered by the worker.

`send_mail` writes the message to the `outbox_messages` table in the caller's transaction,
so a mail exists exactly when the change that caused it was committed. After the commit the
request only nudges the task queue; the worker (`deliver_pending`) claims due rows, sends them
over SMTP with a stable Message-ID, and retries with backoff until MAIL_MAX_ATTEMPTS, after
which the message is marked failed. Without a mail server a message is stored in the outbox
(and the log), where admins can read it in development. A request never talks to SMTP.

Bounces: when the server refuses a recipient for good (a 5xx answer), or an operator reports
a bounce (`flask mail bounce EMAIL`), the address's count goes up; once it reaches
MAIL_BOUNCE_LIMIT, mail a member could turn off is kept in the outbox as "suppressed" instead
of being sent. Account mail the member asked for (a reset link, an address confirmation) is
still attempted, and confirming the address clears its bounces.
"""

from __future__ import annotations

import json
import logging
import re
import smtplib
import ssl
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import click
from blinker import Namespace
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask.cli import with_appcontext
from flask_sqlalchemy.session import Session as FlaskSession
from markupsafe import escape
from sqlalchemy import Integer, String, Text, and_, event, or_, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .database import UTCDateTime, utcnow
from .extensions import db

log = logging.getLogger(__name__)

QUEUED, SENDING, SENT, FAILED, STORED = "queued", "sending", "sent", "failed", "stored"
# Not sent: the address bounced too often (see MailBounce).
SUPPRESSED = "suppressed"
_PENDING_KEY = "aicb_outbox_pending"
# A claim older than this belongs to a worker that died mid-send: the row is due again.
CLAIM_TIMEOUT = timedelta(minutes=10)
# Delivered bodies hold reset and verification links: blanked after this long.
KEEP_BODIES = timedelta(days=30)
BATCH = 100


class OutboxMessage(db.Model):
    """One outgoing mail: queued, sending (claimed), sent, failed (gave up) or stored."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set once, so a retry after a crash carries the same Message-ID and can be recognised.
    message_id: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Further headers as a JSON object (List-Unsubscribe on alert mail); "" for none.
    headers: Mapped[str] = mapped_column(Text, default="")


class MailBounce(db.Model):
    """An address the mail server refused for good, or an operator reported as bouncing."""

    __tablename__ = "mail_bounces"

    address: Mapped[str] = mapped_column(String(254), primary_key=True)  # lower-cased
    count: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")


def _bounce_key(address: str) -> str:
    return address.strip().lower()


def bounced_too_often(address: str) -> bool:
    """Whether mail a member could turn off should no longer go to `address`."""
    bounce = db.session.get(MailBounce, _bounce_key(address))
    return bounce is not None and bounce.count >= current_app.config["MAIL_BOUNCE_LIMIT"]


def record_bounce(address: str, error: str, *, now: datetime | None = None) -> MailBounce:
    """Count one more bounce of `address` (in the current transaction)."""
    _count_bounce(db.session, address, error, now or utcnow())
    return db.session.get(MailBounce, _bounce_key(address))


def clear_bounces(address: str) -> bool:
    """Forget the bounces of `address` (it was confirmed to work); whether there were any."""
    bounce = db.session.get(MailBounce, _bounce_key(address))
    if bounce is not None:
        db.session.delete(bounce)
    return bounce is not None


def send_mail(
    *,
    to: str,
    subject: str,
    body: str,
    headers: dict[str, str] | None = None,
    essential: bool = False,
) -> OutboxMessage:
    """Queue a plain-text mail in the current transaction; the worker sends it after commit.

    `headers` are added to the message as they are. An address that bounced too often gets
    only `essential` mail (account mail the member just asked for); the rest is kept in the
    outbox as suppressed.
    """
    smtp = bool(current_app.config.get("MAIL_SERVER"))
    status = QUEUED if smtp else STORED
    if not essential and bounced_too_often(to):
        status = SUPPRESSED
    message = OutboxMessage(
        recipient=to,
        subject=subject[:200],
        body=body,
        status=status,
        headers=json.dumps(headers, sort_keys=True) if headers else "",
    )
    db.session.add(message)
    if status == QUEUED:
        db.session.info[_PENDING_KEY] = True
    elif status == SUPPRESSED:
        log.info("Mail to %s not sent, the address bounced too often: %s", to, subject)
    else:
        # Not the body: it may hold a reset or confirmation link, and logs travel further.
        log.info("Mail to %s stored in the outbox: %s", to, subject)
    return message


LINK = re.compile(r"https?://[^\s<>\"]+")


def html_body(text: str) -> str:
    """The HTML alternative of a plain-text mail: its paragraphs, with its links clickable.

    Made from the same text (so from the same template), escaped first.
    """
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.strip()):
        escaped = str(escape(block))
        linked = LINK.sub(lambda m: f'<a href="{m.group(0)}">{m.group(0)}</a>', escaped)
        paragraphs.append("<p>" + linked.replace("\n", "<br>\n") + "</p>")
    return '<!doctype html>\n<html><body style="font-family: sans-serif; line-height: 1.5">\n' + (
        "\n".join(paragraphs) + "\n</body></html>\n"
    )


def _build(message, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Message-ID"] = message.message_id
    mail["Date"] = format_datetime(message.created_at)
    mail["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    for name, value in (json.loads(message.headers) if message.headers else {}).items():
        mail[name] = value
    mail.set_content(message.body)
    mail.add_alternative(html_body(message.body), subtype="html")
    return mail


def _connect(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config["MAIL_USE_SSL"]:
        smtp: smtplib.SMTP = smtplib.SMTP_SSL(
            host, port, timeout=timeout, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
        if config["MAIL_USE_TLS"]:
            smtp.starttls(context=ssl.create_default_context())
    if config["MAIL_USERNAME"]:
        smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
    return smtp


def _claim(now: datetime, *, ignore_backoff: bool) -> list:
    """Mark due rows as ours (status sending) in one statement; return them.

    On PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED, so two workers never
    claim the same message; SQLite runs one writer at a time, which gives the same.
    """
    due = OutboxMessage.status == QUEUED
    if not ignore_backoff:
        due = and_(
            due, or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)
        )
    abandoned = and_(
        OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - CLAIM_TIMEOUT
    )
    picked = (
        select(OutboxMessage.id)
        .where(or_(due, abandoned))
        .order_by(OutboxMessage.id)
        .limit(BATCH)
        .with_for_update(skip_locked=True)
    )
    with db.engine.begin() as connection:
        ids = connection.scalars(picked).all()
        if not ids:
            return []
        connection.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids))
            .values(status=SENDING, claimed_at=now)
        )
        rows = connection.execute(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()
        _give_message_ids(connection, rows)
        return connection.execute(select(OutboxMessage).where(OutboxMessage.id.in_(ids))).all()


def _give_message_ids(connection, rows) -> None:
    domain = current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].strip(">") or None
    for row in rows:
        if not row.message_id:
            connection.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(message_id=make_msgid(idstring=str(row.id), domain=domain))
            )


def _refused_for_good(error: smtplib.SMTPException) -> bool:
    """Whether the server refused the recipient with a permanent (5xx) answer: a bounce."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code >= 500 for code, _message in error.recipients.values())
    return False


def _send_all(rows) -> tuple[dict[int, str | None], set[int]]:
    """SMTP-send the rows: the error text of each that failed (None when sent), and the ids
    of those whose recipient the server refused for good."""
    config = current_app.config
    outcome: dict[int, str | None] = {}
    refused: set[int] = set()
    try:
        with _connect(config) as smtp:
            for row in rows:
                try:
                    smtp.send_message(_build(row, config["MAIL_DEFAULT_SENDER"]))
                    outcome[row.id] = None
                except smtplib.SMTPException as error:
                    outcome[row.id] = str(error) or type(error).__name__
                    if _refused_for_good(error):
                        refused.add(row.id)
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail server unreachable, %d message(s) wait for a retry: %s", len(rows), error)
        for row in rows:
            outcome.setdefault(row.id, str(error) or type(error).__name__)
    return outcome, refused


def _record(rows, outcome: dict[int, str | None], refused: set[int], now: datetime) -> None:
    """Store each row's outcome; a refused recipient fails at once (a retry would bounce too)
    and counts as a bounce of its address."""
    config = current_app.config
    with db.engine.begin() as connection:
        for row in rows:
            error, attempts = outcome.get(row.id), row.attempts + 1
            if error is None:
                values = {"status": SENT, "error": "", "sent_at": utcnow()}
            elif row.id in refused or attempts >= config["MAIL_MAX_ATTEMPTS"]:
                values = {"status": FAILED, "error": error[:2000]}
            else:
                wait = timedelta(seconds=config["MAIL_RETRY_BASE_SECONDS"] * 2 ** (attempts - 1))
                values = {"status": QUEUED, "error": error[:2000], "next_attempt_at": now + wait}
            connection.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id, OutboxMessage.status == SENDING)
                .values(attempts=attempts, claimed_at=None, **values)
            )
    if refused:
        with Session(db.engine) as session, session.begin():
            for row in rows:
                if row.id in refused:
                    _count_bounce(session, row.recipient, outcome[row.id] or "", now)


def _count_bounce(session: Session, address: str, error: str, now: datetime) -> None:
    bounce = session.get(MailBounce, _bounce_key(address))
    if bounce is None:
        bounce = MailBounce(address=_bounce_key(address), count=0)
        session.add(bounce)
    bounce.count += 1
    bounce.last_at = now
    bounce.last_error = error[:2000]


def deliver_pending(*, now: datetime | None = None, ignore_backoff: bool = False) -> int:
    """Claim the due queued messages, send them over SMTP, record each outcome; return sent."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0
    now = now or utcnow()
    sent = 0
    while rows := _claim(now, ignore_backoff=ignore_backoff):
        outcome, refused = _send_all(rows)
        _record(rows, outcome, refused, now)
        sent += sum(1 for error in outcome.values() if error is None)
        if len(rows) < BATCH:
            break
    return sent


def prune_bodies(*, now: datetime | None = None) -> int:
    """Blank the bodies of mail delivered over 30 days ago (they hold links); keep the rows."""
    cutoff = (now or utcnow()) - KEEP_BODIES
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == SENT, OutboxMessage.sent_at < cutoff, OutboxMessage.body != ""
        )
        .values(body="")
    )
    return result.rowcount


# Sent after a commit that wrote mail; the task queue listens (it imports this module, so
# this module never imports it back).
mail_committed = Namespace().signal("mail-committed")


def _nudge_worker() -> None:
    """Ask the worker to deliver now; the outbox row stays the truth if the queue is down."""
    try:
        mail_committed.send()
    except Exception:  # noqa: BLE001 - a down queue must never fail the request
        log.warning(
            "Could not enqueue mail delivery; the periodic sweep will send it", exc_info=True
        )


@event.listens_for(FlaskSession, "after_commit")
def _nudge_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the real commit is still ahead
        return
    if session.info.pop(_PENDING_KEY, False):
        _nudge_worker()


@event.listens_for(FlaskSession, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    if not session.in_nested_transaction():
        session.info.pop(_PENDING_KEY, None)


@click.group("mail", help="Outgoing mail.")
def mail_cli() -> None:
    """`flask mail …`."""


@mail_cli.command("send-pending")
@with_appcontext
def send_pending_command() -> None:
    """Send every queued message now, without waiting for its retry time (needs MAIL_SERVER)."""
    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("MAIL_SERVER is not set: messages stay in the outbox.")
    waiting = db.session.scalar(
        select(db.func.count()).select_from(OutboxMessage).where(OutboxMessage.status == QUEUED)
    )
    db.session.rollback()
    click.echo(f"Sent {deliver_pending(ignore_backoff=True)} of {waiting} message(s).")


@mail_cli.command("bounce")
@click.argument("email")
@click.option("--reason", default="Reported by an operator.", help="Why (kept with the count).")
@click.option("--clear", is_flag=True, help="Forget the address's bounces instead.")
@with_appcontext
def bounce_command(email: str, reason: str, clear: bool) -> None:
    """Record a bounce of EMAIL (e.g. from a delivery report), or forget its bounces."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        raise click.ClickException(f"{email!r} is not an email address: {error}") from error
    if clear:
        found = clear_bounces(email)
        db.session.commit()
        click.echo(f"Forgot the bounces of {email}." if found else f"{email} had no bounces.")
        return
    bounce = record_bounce(email, reason)
    db.session.commit()
    limit = current_app.config["MAIL_BOUNCE_LIMIT"]
    state = "mail to it stops" if bounce.count >= limit else f"mail stops at {limit}"
    click.echo(f"{email}: {bounce.count} bounce(s); {state}.")
