"""Outgoing mail, through a transactional outbox.

`send_mail` writes the message to the `outbox_messages` table in the caller's transaction,
so a mail exists exactly when the change that caused it was committed. After the commit,
when `MAIL_SERVER` is set, the message is delivered over SMTP and marked sent; without a
mail server it stays in the outbox (and the log), where admins can read it in development.
A delivery that fails stays queued with its error, for `flask mail send-pending`.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from datetime import datetime
from email.message import EmailMessage
from email.utils import make_msgid

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_sqlalchemy.session import Session as FlaskSession
from sqlalchemy import Integer, String, Text, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from .database import UTCDateTime, utcnow
from .extensions import db

log = logging.getLogger(__name__)

QUEUED, SENT, FAILED, STORED = "queued", "sent", "failed", "stored"
_PENDING_KEY = "aicb_outbox_pending"


class OutboxMessage(db.Model):
    """One outgoing mail: queued, sent, failed (will be retried) or stored (no server)."""

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


def send_mail(*, to: str, subject: str, body: str) -> OutboxMessage:
    """Queue a plain-text mail in the current transaction; it leaves after the commit."""
    smtp = bool(current_app.config.get("MAIL_SERVER"))
    message = OutboxMessage(
        recipient=to, subject=subject[:200], body=body, status=QUEUED if smtp else STORED
    )
    db.session.add(message)
    if smtp:
        db.session.info.setdefault(_PENDING_KEY, []).append(message)
    else:
        log.info("Mail to %s stored in the outbox: %s\n%s", to, subject, body)
    return message


def _build(message: OutboxMessage, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.recipient
    mail["Subject"] = message.subject
    mail["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or None)
    mail.set_content(message.body)
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


def deliver(message_ids: list[int]) -> int:
    """Send the queued messages with these ids over SMTP; return how many were sent."""
    config = current_app.config
    with db.engine.connect() as connection:
        rows = connection.execute(
            select(OutboxMessage).where(
                OutboxMessage.id.in_(message_ids), OutboxMessage.status.in_([QUEUED, FAILED])
            )
        ).all()
    if not rows:
        return 0
    sent = 0
    outcome: dict[int, tuple[str, str]] = {}
    try:
        with _connect(config) as smtp:
            for row in rows:
                try:
                    smtp.send_message(_build(row, config["MAIL_DEFAULT_SENDER"]))
                    outcome[row.id] = (SENT, "")
                    sent += 1
                except smtplib.SMTPException as error:
                    outcome[row.id] = (FAILED, str(error))
    except (OSError, smtplib.SMTPException) as error:
        log.warning("Mail server unreachable, %d message(s) stay queued: %s", len(rows), error)
        outcome.update({row.id: (FAILED, str(error)) for row in rows if row.id not in outcome})
    with db.engine.begin() as connection:
        for message_id, (status, error) in outcome.items():
            connection.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id)
                .values(
                    status=status,
                    error=error[:2000],
                    attempts=OutboxMessage.attempts + 1,
                    sent_at=utcnow() if status == SENT else None,
                )
            )
    return sent


@event.listens_for(FlaskSession, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a SAVEPOINT released: the real commit is still ahead
        return
    pending = session.info.pop(_PENDING_KEY, [])
    if pending:
        deliver([message.id for message in pending])


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
    """Retry every queued or failed message (needs MAIL_SERVER)."""
    if not current_app.config.get("MAIL_SERVER"):
        raise click.ClickException("MAIL_SERVER is not set: messages stay in the outbox.")
    ids = db.session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.status.in_([QUEUED, FAILED]))
    ).all()
    db.session.rollback()
    click.echo(f"Sent {deliver(list(ids))} of {len(ids)} message(s).")
