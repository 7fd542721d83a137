"""Members report what slipped through; enough reports hide it until a moderator decides."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..auth.models import User
from ..auth.rules import check_verified
from ..database import utcnow
from ..domain import DomainError
from ..extensions import db
from . import services, signals
from .models import REPORT_REASONS, Moderated, Report
from .states import Status

MAX_DETAIL_LENGTH = 2000
UPHELD, DISMISSED = "upheld", "dismissed"


class AlreadyReported(DomainError):
    """Each member reports an item once."""

    status = 409


def open_reports(item: Moderated) -> list[Report]:
    """The reports of `item` no moderator has decided yet, oldest first."""
    return list(
        db.session.scalars(
            select(Report)
            .where(
                Report.item_kind == item.kind,
                Report.item_id == item.id,
                Report.resolved_at.is_(None),
            )
            .order_by(Report.id)
        )
    )


def has_reported(item: Moderated, member: User) -> bool:
    """Whether `member` has reported `item` already (each member reports an item once)."""
    return bool(
        db.session.scalar(
            select(Report.id).where(
                Report.item_kind == item.kind,
                Report.item_id == item.id,
                Report.reporter_id == member.id,
            )
        )
    )


def report(item: Moderated, *, reporter: User, reason: str, detail: str = "") -> Report:
    """Record `reporter`'s report; hide the item when enough members have reported it."""
    if item.state != Status.PUBLISHED:
        raise DomainError("Only published content can be reported.", status=404)
    if item.author_id == reporter.id:
        raise DomainError("This is yours: edit or withdraw it instead of reporting it.", status=403)
    check_verified(reporter)
    if reason not in REPORT_REASONS:
        raise DomainError("Pick a reason.", field="reason")
    detail = (detail or "").replace("\x00", "").strip()
    if len(detail) > MAX_DETAIL_LENGTH:
        raise DomainError(f"Keep the detail under {MAX_DETAIL_LENGTH} characters.", field="detail")
    if has_reported(item, reporter):
        raise AlreadyReported("You have already reported this. Moderators will look at it.")
    entry = Report(
        item_kind=item.kind, item_id=item.id, reporter_id=reporter.id, reason=reason, detail=detail
    )
    try:
        with db.session.begin_nested():  # a double submit racing this one meets the unique index
            db.session.add(entry)
    except IntegrityError:
        raise AlreadyReported("You have already reported this.") from None
    services.record_event(item, reporter, "report", item.state, item.state, REPORT_REASONS[reason])
    reporters = counted_reporters(item)
    if reporters >= current_app.config["REPORT_HIDE_THRESHOLD"]:
        services.transition(
            item,
            "hide",
            actor=None,
            reason=f"Reported by {reporters} members; hidden until reviewed.",
        )
    return entry


def counted_reporters(item: Moderated) -> int:
    """How many distinct members whose word can hide `item` have open reports on it.

    Only verified accounts in good standing, older than REPORT_MIN_ACCOUNT_AGE_HOURS, count:
    a handful of throwaway accounts must not take content down. Every report still reaches
    the queue. Standing is read now, so a reporter suspended since no longer counts.
    """
    hours = current_app.config["REPORT_MIN_ACCOUNT_AGE_HOURS"]
    born_before = utcnow() - timedelta(hours=hours)
    return (
        db.session.scalar(
            select(func.count(func.distinct(Report.reporter_id)))
            .join(User, User.id == Report.reporter_id)
            .where(
                Report.item_kind == item.kind,
                Report.item_id == item.id,
                Report.resolved_at.is_(None),
                User.email_verified_at.is_not(None),
                User.suspended_at.is_(None),
                User.created_at <= born_before,
            )
        )
        or 0
    )


def uphold(item: Moderated, *, moderator: User, reason: str, seen_version: int | None) -> None:
    """The reports are right: remove the item (the author is told why), tell the reporters."""
    reports = _check_open(item)
    services.transition(item, "remove", actor=moderator, reason=reason, seen_version=seen_version)
    services.record_event(item, moderator, "uphold_reports", item.state, item.state, reason)
    _resolve(item, reports, moderator, UPHELD)


def dismiss(
    item: Moderated, *, moderator: User, reason: str = "", seen_version: int | None
) -> None:
    """The reports are not right: the item stays, or is shown again; tell the reporters."""
    reports = _check_open(item)
    services.check_actor(services.TRANSITIONS["unhide"], item, moderator)
    services.check_seen(item, seen_version)
    if item.state == Status.HIDDEN:
        services.transition(item, "unhide", actor=moderator, reason=reason,
                            seen_version=seen_version)  # fmt: skip
    services.record_event(item, moderator, "dismiss_reports", item.state, item.state, reason)
    _resolve(item, reports, moderator, DISMISSED)


def _check_open(item: Moderated) -> list[Report]:
    reports = open_reports(item)
    if not reports:
        raise services.TransitionError("These reports were already decided.")
    return reports


def _resolve(item: Moderated, reports: list[Report], moderator: User, outcome: str) -> None:
    now = utcnow()
    for entry in reports:
        entry.resolved_at = now
        entry.outcome = outcome
        entry.resolved_by_id = moderator.id
    reporters = db.session.scalars(
        select(User).where(User.id.in_([entry.reporter_id for entry in reports]))
    ).all()
    signals.reports_resolved.send(item, reporters=list(reporters), upheld=outcome == UPHELD)
